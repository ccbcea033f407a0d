"""Organisers' background work: badge PDFs and emails to a summit's attendees."""

from django_tasks import task

from ..choices import RunStatus
from ..models import BadgeRun, BulkEmail
from . import badges, bulk_email


@task()
def make_badges(run_id):
    """A summit's badges as one PDF (see `events.organising.services`)."""
    run = (
        BadgeRun.objects.select_related("summit")
        .filter(pk=run_id, status=RunStatus.QUEUED)
        .first()
    )
    if run is not None:
        badges.make_badges(run=run)


@task()
def send_bulk_email(bulk_email_id):
    """An organisers' email to a summit's attendees, sent once."""
    queued = (
        BulkEmail.objects.select_related("summit")
        .filter(pk=bulk_email_id, status=RunStatus.QUEUED)
        .first()
    )
    if queued is not None:
        bulk_email.send_bulk_email(bulk_email=queued)
