"""Publishing a programme release (docs/programme.md#releases-and-changes): a
numbered snapshot of a summit's scheduled sessions with its changelog against the
release before; the people its changes concern are emailed in the background
(`events.programme.release_emails`)."""

from django.db import transaction
from django.utils.translation import gettext as _

from ..models import ProgrammeRelease, SummitPage
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
