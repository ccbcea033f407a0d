"""Asking for organisers' jobs for a summit that run in the background: printing
everyone's badges (`events.organising.badges`), and emailing everyone coming
(`events.organising.bulk_email`). Requesting one records it and queues the task once
the transaction commits; the task does the work and records progress on the row,
which the admin shows."""

from django.db import transaction
from django.utils.translation import gettext as _

from ..choices import RunStatus
from ..models import BadgeRun, BulkEmail
from . import tasks
from .badges import badge_holders


class OrganisingError(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


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
