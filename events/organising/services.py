"""Asking for organisers' jobs for a summit that run in the background: printing
everyone's badges (`events.organising.badges`), and emailing everyone coming
(`events.organising.bulk_email`). Requesting one records it and queues the task once
the transaction commits; the task does the work and records progress on the row,
which the admin shows."""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from ..choices import RunStatus
from ..models import BadgeRun, BulkEmail
from . import bulk_email, tasks
from .audience import audience_of
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


def queue_bulk_email(*, summit, subject, body, audience, send_key, by):
    """Record an email to the confirmed, named attendees of `summit` in `audience`
    (`events.organising.audience`) and queue its sending. `send_key` comes from the
    preview: sending the same preview again returns the row the first send made
    (with `created` False) instead of sending twice."""
    with transaction.atomic():
        existing = BulkEmail.objects.filter(send_key=send_key).first()
        if existing is not None:
            if existing.summit_id != summit.pk:
                raise OrganisingError(_("Preview the email again before sending it."))
            return existing, False
        total = audience_of(summit, audience).count()
        if not total:
            raise OrganisingError(
                _("Nobody is in this audience: choose other filters before sending.")
            )
        try:
            # A savepoint: two sends of one preview at once make one row; the
            # loser's unique-key error leaves the outer transaction usable.
            with transaction.atomic():
                bulk_email = BulkEmail.objects.create(
                    summit=summit,
                    subject=subject.strip(),
                    body=body.strip(),
                    audience=audience,
                    send_key=send_key,
                    sent_by=by,
                    total=total,
                )
        except IntegrityError:
            return BulkEmail.objects.get(send_key=send_key), False
        transaction.on_commit(lambda: tasks.send_bulk_email.enqueue(bulk_email.pk))
    return bulk_email, True


def send_test_email(*, summit, subject, body, by):
    """The email as attendees get it, made out to a sample person, sent to `by`'s
    own address with "[Test]" before the subject. Not logged as a send to
    attendees. Refused if `by` has no address."""
    if not by.email:
        raise OrganisingError(_("Your account has no email address to send a test to."))
    draft = BulkEmail(summit=summit, subject=subject.strip(), body=body.strip())
    return bulk_email.send_test(bulk_email=draft, to=by.email)
