"""People's own data: everything the site holds about an email address, to read
and download, and its erasure (docs/privacy.md#your-own-data).

The records come from every registered holder (home/personal_data.py). Each
request answered is kept as a `DataRequest` (no address, a keyed digest of it) and
in Wagtail's audit log, with the staff member who answered it, if one did.

A person reaches their data signed in, or through a link emailed to the address:
the link carries the address, signed, and works for `LINK_MAX_AGE`.
"""

import datetime

from django.core import signing
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from wagtail.log_actions import log

from .models import DataRequest
from .personal_data import registered_holders

LINK_MAX_AGE = datetime.timedelta(days=1)
DOWNLOADED = "home.personal_data_download"
ERASED = "home.personal_data_erasure"
_SALT = "home.data_requests"


class BadLink(Exception):
    """The link was tampered with, made for something else, or is too old."""


def normalise(email):
    return (email or "").strip().lower()


def make_link_token(email):
    return signing.TimestampSigner(salt=_SALT).sign_object({"e": normalise(email)})


def read_link_token(token):
    """The address a link was made for, or BadLink."""
    try:
        data = signing.TimestampSigner(salt=_SALT).unsign_object(
            token, max_age=LINK_MAX_AGE
        )
        return normalise(data["e"])
    except (signing.BadSignature, KeyError, TypeError) as error:
        raise BadLink from error


def _record(*, kind, email, channel, handled_by, counts):
    request = DataRequest.objects.create(
        kind=kind,
        channel=channel,
        email_digest=salted_hmac(_SALT, normalise(email)).hexdigest(),
        handled_by=handled_by,
        counts=counts,
    )
    log(
        instance=request,
        action=DOWNLOADED if kind == DataRequest.Kind.DOWNLOAD else ERASED,
        user=handled_by,
    )
    return request


def gather(*, email):
    """Everything held about `email`: {"email", "generated_at", "sections": [{"model",
    "label", "records"}]}, sections without records left out."""
    email = normalise(email)
    sections = []
    for holder in registered_holders():
        records = holder.find(email)
        if records:
            sections.append(
                {"model": holder.model, "label": str(holder.label), "records": records}
            )
    return {"email": email, "generated_at": timezone.now(), "sections": sections}


def download(*, email, channel, handled_by=None):
    """`gather`, recorded: a download by the person, or anything staff look up."""
    data = gather(email=email)
    _record(
        kind=DataRequest.Kind.DOWNLOAD,
        email=email,
        channel=channel,
        handled_by=handled_by,
        counts={
            section["model"]: len(section["records"]) for section in data["sections"]
        },
    )
    return data


def erase(*, email, channel, handled_by=None, now=None):
    """Erase or anonymise everything held about `email` that the law and the
    person's own upcoming bookings let go, in one transaction. Returns (counts by
    model, reasons for what was kept)."""
    email = normalise(email)
    now = now or timezone.now()
    counts, kept = {}, []
    with transaction.atomic():
        for holder in registered_holders():
            erased = holder.erase(email, now=now)
            if erased.count:
                counts[holder.model] = erased.count
            kept.extend(erased.kept)
        _record(
            kind=DataRequest.Kind.ERASURE,
            email=email,
            channel=channel,
            handled_by=handled_by,
            counts=counts,
        )
    return counts, kept
