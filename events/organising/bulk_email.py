"""Sending an organisers' email to everyone coming to a summit (the task's body):
one message per confirmed, named attendee, progress saved as it goes."""

import logging

from django.utils import timezone

from home.emails import send_templated_email_once

from ..choices import RunStatus
from ..models import BulkEmail
from .badges import badge_holders

logger = logging.getLogger(__name__)
EMAILS_PER_PROGRESS_SAVE = 20  # emails sent between saves of the counts


def bulk_email_context(bulk_email, attendee):
    return {
        "attendee": attendee,
        "summit": bulk_email.summit,
        "subject": bulk_email.subject,
        "paragraphs": [part.strip() for part in bulk_email.body.split("\n\n")],
    }


def send_bulk_email(*, bulk_email):
    """Send `bulk_email` to each recipient, counting sent and failed messages (the
    task's body). A failed address is logged and skipped, not retried."""
    BulkEmail.objects.filter(pk=bulk_email.pk).update(status=RunStatus.RUNNING)
    sent = failed = 0
    for number, attendee in enumerate(
        badge_holders(bulk_email.summit).iterator(chunk_size=500), start=1
    ):
        try:
            # Once per person: a run restarted after its worker died resumes.
            send_templated_email_once(
                key=f"bulk-email:{bulk_email.pk}:{attendee.pk}",
                template="events/emails/bulk",
                context=bulk_email_context(bulk_email, attendee),
                to=[attendee.email],
            )
            sent += 1
        except Exception:
            logger.exception(
                "Email %s to attendee %s failed", bulk_email.pk, attendee.pk
            )
            failed += 1
        if number % EMAILS_PER_PROGRESS_SAVE == 0:
            BulkEmail.objects.filter(pk=bulk_email.pk).update(sent=sent, failed=failed)
    BulkEmail.objects.filter(pk=bulk_email.pk).update(
        status=RunStatus.DONE, sent=sent, failed=failed, finished_at=timezone.now()
    )
