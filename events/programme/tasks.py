"""Programme emails, sent in the background (`events.programme.release_emails`)."""

from django_tasks import task

from ..models import ProgrammeRelease
from . import release_emails


@task()
def send_release_emails(release_id):
    release = (
        ProgrammeRelease.objects.select_related("summit").filter(pk=release_id).first()
    )
    if release is not None:
        release_emails.send_release_emails(release)
