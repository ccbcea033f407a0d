"""Sending an organisers' email to the people it was meant for (the task's body):
one message per confirmed, named attendee in the email's audience
(`events.organising.audience`), each recorded in the send log as sent or failed,
progress saved as it goes. Also the sample person the preview and the test send
are made out to."""

import hashlib
import json
import logging
import secrets

from django.core import signing
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from home.emails import render_templated_email, send_templated_email_once

from ..choices import RunStatus
from ..models import Attendee, BulkEmail, BulkEmailRecipient, Order
from .audience import audience_of

logger = logging.getLogger(__name__)
EMAILS_PER_PROGRESS_SAVE = 20  # emails sent between saves of the counts
TEMPLATE = "events/emails/bulk"


SEND_KEY_SALT = "events.organising.bulk_email.send_key"


def _content_digest(*, summit, audience, subject, body):
    content = json.dumps(
        [summit.pk, audience, subject, body], sort_keys=True, ensure_ascii=True
    )
    return hashlib.sha256(content.encode()).hexdigest()


def make_send_key(*, summit, audience, subject, body):
    """The preview's send key: a fresh token (stored as `BulkEmail.send_key`, so a
    second send of one preview sends nothing) signed together with a digest of the
    audience, subject and body shown, so the send sends exactly what was previewed."""
    token = secrets.token_urlsafe(24)
    digest = _content_digest(
        summit=summit, audience=audience, subject=subject, body=body
    )
    return signing.Signer(salt=SEND_KEY_SALT).sign(f"{token}.{digest}")


def previewed_token(key, *, summit, audience, subject, body):
    """The token in `key` if it was made by `make_send_key` for this very summit,
    audience, subject and body; None if it is forged or anything changed since."""
    try:
        token, digest = signing.Signer(salt=SEND_KEY_SALT).unsign(key).split(".")
    except (signing.BadSignature, ValueError):
        return None
    expected = _content_digest(
        summit=summit, audience=audience, subject=subject, body=body
    )
    return token if secrets.compare_digest(digest, expected) else None


def bulk_email_context(bulk_email, attendee):
    return {
        "attendee": attendee,
        "summit": bulk_email.summit,
        "subject": bulk_email.subject,
        "paragraphs": [part.strip() for part in bulk_email.body.split("\n\n")],
    }


def sample_attendee(summit):
    """An invented person for previews and test sends: the sender must not see a
    real attendee's ticket link, which manages the place."""
    return Attendee(
        summit=summit,
        order=Order(reference="SAMPLE"),
        number=1,
        name=_("Sample Person"),
        manage_token="sample-ticket-link",
    )


def send_test(*, bulk_email, to):
    """`bulk_email` (unsaved is fine) made out to the sample person, sent to `to`
    alone with "[Test]" before its subject; no send-once key, no log."""
    message = render_templated_email(
        template=TEMPLATE,
        context=bulk_email_context(bulk_email, sample_attendee(bulk_email.summit)),
        to=[to],
    )
    message.subject = _("[Test] %(subject)s") % {"subject": message.subject}
    message.send()
    return message


def send_bulk_email(*, bulk_email):
    """Send `bulk_email` to each person in its audience, counting sent and failed
    messages and recording each (the task's body). A failed address is logged and
    skipped, not retried; run again after a crash, it resumes where it stopped."""
    BulkEmail.objects.filter(pk=bulk_email.pk).update(status=RunStatus.RUNNING)
    recorded = BulkEmailRecipient.objects.filter(
        bulk_email=bulk_email, attendee=OuterRef("pk")
    )
    done = BulkEmailRecipient.objects.filter(bulk_email=bulk_email)
    sent = done.filter(sent=True).count()
    failed = done.filter(sent=False).count()
    # The people found now, less anyone a run before this one already reached.
    recipients = audience_of(bulk_email.summit, bulk_email.audience).exclude(
        Exists(recorded)
    )
    for number, attendee in enumerate(recipients.iterator(chunk_size=500), start=1):
        try:
            # Once per person: a run restarted after its worker died resumes.
            send_templated_email_once(
                key=f"bulk-email:{bulk_email.pk}:{attendee.pk}",
                template=TEMPLATE,
                context=bulk_email_context(bulk_email, attendee),
                to=[attendee.email],
            )
            went = True
            sent += 1
        except Exception:
            logger.exception(
                "Email %s to attendee %s failed", bulk_email.pk, attendee.pk
            )
            went = False
            failed += 1
        BulkEmailRecipient.objects.get_or_create(
            bulk_email=bulk_email,
            attendee=attendee,
            defaults={"sent": went, "at": timezone.now()},
        )
        if number % EMAILS_PER_PROGRESS_SAVE == 0:
            BulkEmail.objects.filter(pk=bulk_email.pk).update(sent=sent, failed=failed)
    BulkEmail.objects.filter(pk=bulk_email.pk).update(
        status=RunStatus.DONE,
        sent=sent,
        failed=failed,
        total=sent + failed,
        finished_at=timezone.now(),
    )
