"""Organisers' jobs for a summit that run in the background: printing everyone's
badges, and emailing everyone coming (joining instructions, say). Requesting one
records it and queues the task once the transaction commits; the task does the work
and records progress on the row, which the admin shows."""

import logging

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from home.emails import send_templated_email

from . import tasks
from .badges import badges_pdf
from .choices import AttendeeStatus, RunStatus
from .models import Attendee, BadgeRun, BulkEmail

logger = logging.getLogger(__name__)
EMAILS_PER_PROGRESS_SAVE = 20  # emails sent between saves of the counts


class OrganisingError(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


def badge_holders(summit):
    """Confirmed, named places, in name order: who gets a badge or an email."""
    return (
        Attendee.objects.filter(
            summit=summit, status=AttendeeStatus.CONFIRMED, email__gt=""
        )
        .select_related("order", "ticket_type")
        .order_by("name", "pk")
    )


def request_badges(*, summit, layout, by):
    """Queue a PDF of every badge for `summit`; it replaces earlier runs (their
    PDFs hold personal data nobody needs twice). Refused while one is running."""
    with transaction.atomic():
        runs = BadgeRun.objects.select_for_update().filter(summit=summit)
        if runs.filter(status__in=[RunStatus.QUEUED, RunStatus.RUNNING]).exists():
            raise OrganisingError(
                _("Badges for this summit are being made: wait for them to finish.")
            )
        runs.delete()
        run = BadgeRun.objects.create(
            summit=summit,
            layout=layout,
            requested_by=by,
            total=badge_holders(summit).count(),
        )
        transaction.on_commit(lambda: tasks.make_badges.enqueue(run.pk))
    return run


def make_badges(*, run):
    """Build `run`'s PDF, saving progress as it goes (the task's body)."""
    BadgeRun.objects.filter(pk=run.pk).update(status=RunStatus.RUNNING, done=0)

    def progress(done):
        BadgeRun.objects.filter(pk=run.pk).update(done=done)

    try:
        pdf = badges_pdf(
            badge_holders(run.summit).iterator(chunk_size=500),
            summit=run.summit,
            layout=run.layout,
            progress=progress,
        )
    except Exception:
        BadgeRun.objects.filter(pk=run.pk).update(status=RunStatus.FAILED)
        raise
    BadgeRun.objects.filter(pk=run.pk).update(
        status=RunStatus.DONE, pdf=pdf, finished_at=timezone.now()
    )


def queue_bulk_email(*, summit, subject, body, by):
    """Record an email to every confirmed, named attendee of `summit` and queue
    its sending."""
    with transaction.atomic():
        bulk_email = BulkEmail.objects.create(
            summit=summit,
            subject=subject.strip(),
            body=body.strip(),
            sent_by=by,
            total=badge_holders(summit).count(),
        )
        if not bulk_email.total:
            raise OrganisingError(_("Nobody is booked on this summit yet."))
        transaction.on_commit(lambda: tasks.send_bulk_email.enqueue(bulk_email.pk))
    return bulk_email


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
            send_templated_email(
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
