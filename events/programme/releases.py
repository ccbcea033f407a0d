"""Publishing a programme release (docs/programme.md#releases-and-changes): a
numbered snapshot of a summit's scheduled sessions with its changelog against the
release before; the people its changes concern are emailed in the background
(`events.programme.release_emails`)."""

from django.db import transaction
from django.utils.translation import gettext as _

from ..models import AgendaItem, Attendee, ProgrammeRelease, SummitPage
from . import tasks
from .changelog import changelog, snapshot


class ReleaseError(Exception):
    def __init__(self, message, *, status=409):
        super().__init__(message)
        self.message = message
        self.status = status


def publish_release(*, summit, user, note=""):
    """Publish the next release of `summit`'s programme and queue the emails to the
    people its changes concern. Releases are numbered 1, 2, ... per summit."""
    note = note.strip()
    if len(note) > 2000:
        raise ReleaseError(_("Keep the note under 2,000 characters."), status=400)
    with transaction.atomic():
        # The summit's row is the lock: two releases at once get two numbers.
        summit = SummitPage.objects.select_for_update().get(pk=summit.pk)
        previous = summit.releases.order_by("-number").first()
        sessions = snapshot(summit)
        release = ProgrammeRelease.objects.create(
            summit=summit,
            number=(previous.number + 1) if previous else 1,
            note=note,
            published_by=user,
            sessions=sessions,
            changes=changelog(previous.sessions, sessions) if previous else [],
        )
        if release.changes:
            pk = release.pk
            transaction.on_commit(lambda: tasks.send_release_emails.enqueue(pk))
    return release


def keep_audience(session):
    """Before `session` is deleted (its workshop bookings and agenda stars go with
    it): note in the summit's latest release, if it lists the session, the live
    places that booked or starred it, so the next release tells them it is
    cancelled. Ids only: the release holds no one's address, and an erased place
    is no longer live when the emails go."""
    with transaction.atomic():
        # The summit's row is the lock publish_release takes.
        summit = (
            SummitPage.objects.select_for_update().filter(pk=session.summit_id).first()
        )
        latest = summit.releases.order_by("-number").first() if summit else None
        entry = latest.sessions.get(str(session.pk)) if latest else None
        if entry is None:
            return
        live = Attendee.objects.live().filter(summit_id=session.summit_id)
        audience = set(live.filter(workshops=session).values_list("pk", flat=True))
        audience.update(
            AgendaItem.objects.filter(session=session, attendee__in=live).values_list(
                "attendee_id", flat=True
            )
        )
        if audience:
            entry["audience"] = sorted(audience)
            latest.save(update_fields=["sessions"])
