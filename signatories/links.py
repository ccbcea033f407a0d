"""Signed, expiring links emailed to an organisation's contact.

A token carries the signatory's id and its current `link_nonce`. Each action taken
through a link replaces the nonce, so every link sent before stops working: links are
single use without storing them.
"""

import datetime
import secrets

from django.core import signing
from django.urls import reverse

CONFIRM = "confirm"
MANAGE = "manage"
MAX_AGE = {
    CONFIRM: datetime.timedelta(days=3),
    MANAGE: datetime.timedelta(days=7),
}
URL_NAMES = {CONFIRM: "signatories:confirm", MANAGE: "signatories:manage"}


class BadLink(Exception):
    """The token was tampered with or made for another purpose."""


class ExpiredLink(Exception):
    pass


def new_nonce():
    return secrets.token_urlsafe(16)


def _signer(purpose):
    # A salt per purpose: a confirmation token can't be replayed as a manage token.
    return signing.TimestampSigner(salt=f"signatories.link.{purpose}")


def make_token(signatory, purpose):
    return _signer(purpose).sign_object({"id": signatory.pk, "n": signatory.link_nonce})


def read_token(token, purpose):
    """Return (signatory id, nonce) from a token; raise BadLink or ExpiredLink."""
    try:
        data = _signer(purpose).unsign_object(token, max_age=MAX_AGE[purpose])
    except signing.SignatureExpired as error:
        raise ExpiredLink from error
    except signing.BadSignature as error:
        raise BadLink from error
    try:
        return int(data["id"]), str(data["n"])
    except (KeyError, TypeError, ValueError) as error:
        raise BadLink from error


def link_path(signatory, purpose):
    return reverse(URL_NAMES[purpose], args=[make_token(signatory, purpose)])
