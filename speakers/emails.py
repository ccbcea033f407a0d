"""The email telling a speaker what an editor decided about their profile changes."""

from django.conf import settings
from django.urls import reverse

from home.email_texts import Request
from home.emails import send_templated_email_once

from . import email_texts
from .choices import ChangeStatus
from .models import SpeakerProfileChange


def send_profile_change_email(*, change_id):
    """Tell the speaker their change was approved or not (once per change)."""
    change = (
        SpeakerProfileChange.objects.select_related("speaker__user")
        .filter(pk=change_id)
        .first()
    )
    if change is None or change.status not in (
        ChangeStatus.APPROVED,
        ChangeStatus.REJECTED,
    ):
        return
    speaker = change.speaker
    to = speaker.user.email if speaker.user and speaker.user.email else speaker.email
    if not to:
        return
    send_templated_email_once(
        key=f"speaker-profile-change:{change.pk}:{change.status}",
        template=f"speakers/emails/change_{change.status}",
        context={
            "speaker": speaker,
            "change": change,
            "profile_url": settings.SITE_URL + reverse("speakers:my_profile"),
        },
        to=[to],
        text=Request(
            key=email_texts.KEYS[change.status],
            page_id=None,
            values={"name": speaker.name},
        ),
    )
