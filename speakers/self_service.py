"""Speakers keeping their own profiles (docs/programme.md#speakers-own-profiles).

Who may edit a profile: the account linked to it (`Speaker.user`). Editors link an
account in the speaker admin; `speaker_for_user` also links, once, the one profile
whose private email address is a *verified* address of the account and that no
other account holds (an unverified address never links anything: anyone can type
one). The call-for-proposals code links the profiles it creates with
`link_speaker_to_user`.

A speaker's edits wait as a `SpeakerProfileChange`; an editor approves (the change
is copied onto the live profile) or rejects it with a reason, and the speaker is
emailed either way. A new proposal replaces the one waiting.
"""

import io
from functools import partial
from urllib.parse import urlsplit

from allauth.account.models import EmailAddress
from django.core.files.images import ImageFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.images import get_image_model

from .choices import ChangeStatus
from .models import Speaker, SpeakerProfileChange
from .tasks import send_profile_change_email

PROFILE_FIELDS = ("name", "pronouns", "role", "organisation", "bio")
MAX_LINKS = 3


class SelfServiceError(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


def link_speaker_to_user(*, speaker, user):
    """Give `user` the right to edit `speaker`'s profile. Refused if either is
    already linked to someone else."""
    with transaction.atomic():
        speaker = Speaker.objects.select_for_update().get(pk=speaker.pk)
        if speaker.user_id == user.pk:
            return speaker
        if speaker.user_id is not None:
            raise SelfServiceError(_("This profile belongs to another account."))
        if Speaker.objects.filter(user=user).exists():
            raise SelfServiceError(_("This account already has a speaker profile."))
        speaker.user = user
        speaker.save(update_fields=["user"])
    return speaker


def speaker_for_user(user):
    """`user`'s speaker profile, or None; links the one unlinked profile whose
    email is one of `user`'s verified addresses, if exactly one matches."""
    if not user.is_authenticated:
        return None
    speaker = Speaker.objects.filter(user=user).first()
    if speaker is not None:
        return speaker
    verified = EmailAddress.objects.filter(user=user, verified=True).values_list(
        "email", flat=True
    )
    addresses = Q()
    for email in verified:
        addresses |= Q(email__iexact=email)
    if not addresses:
        return None
    matches = list(Speaker.objects.filter(addresses, user__isnull=True)[:2])
    if len(matches) != 1:
        return None  # none, or ambiguous: an editor links it by hand
    try:
        return link_speaker_to_user(speaker=matches[0], user=user)
    except SelfServiceError:
        return None


def pending_change(speaker):
    return speaker.profile_changes.filter(status=ChangeStatus.PENDING).first()


def propose_change(*, speaker, details, links, photo=None, photo_alt_text=""):
    """Store `details` (the PROFILE_FIELDS), `links` (https URLs) and an optional
    `photo` (a `home.images.RedrawnImage`) as the change waiting for approval,
    replacing any change already waiting."""
    if len(links) > MAX_LINKS:
        raise SelfServiceError(_("Give at most three links."))
    if any(urlsplit(link).scheme != "https" for link in links):
        raise SelfServiceError(_("Links must start with https://."))
    if photo is not None and not photo_alt_text.strip():
        raise SelfServiceError(_("Describe the photo for people who can't see it."))
    with transaction.atomic():
        Speaker.objects.select_for_update().get(pk=speaker.pk)
        speaker.profile_changes.filter(status=ChangeStatus.PENDING).update(
            status=ChangeStatus.WITHDRAWN, photo_data=None
        )
        return SpeakerProfileChange.objects.create(
            speaker=speaker,
            links=list(links),
            photo_data=photo.content if photo else None,
            photo_extension=photo.extension if photo else "",
            photo_alt_text=photo_alt_text.strip() if photo else "",
            **{field: details.get(field, "") for field in PROFILE_FIELDS},
        )


def withdraw_change(*, speaker):
    """Withdraw the change `speaker` has waiting, if any. Returns whether one was."""
    with transaction.atomic():
        return bool(
            speaker.profile_changes.filter(status=ChangeStatus.PENDING).update(
                status=ChangeStatus.WITHDRAWN, photo_data=None
            )
        )


def _locked_pending(change):
    change = (
        SpeakerProfileChange.objects.select_for_update()
        .select_related("speaker")
        .filter(pk=change.pk)
        .first()
    )
    if change is None or change.status != ChangeStatus.PENDING:
        raise SelfServiceError(
            _(
                "These changes are no longer waiting: the speaker withdrew or "
                "replaced them, or someone decided already."
            )
        )
    return change


def _queue_email(change):
    transaction.on_commit(
        partial(send_profile_change_email.enqueue, change_id=change.pk)
    )


def approve_change(*, change, by):
    """Copy `change` onto the live profile and tell the speaker."""
    with transaction.atomic():
        change = _locked_pending(change)
        speaker = Speaker.objects.select_for_update().get(pk=change.speaker_id)
        for field in PROFILE_FIELDS:
            setattr(speaker, field, getattr(change, field))
        speaker.links = [
            ("link", {"text": urlsplit(link).hostname or link, "url": link})
            for link in change.links
        ]
        if change.has_photo:
            speaker.photo = get_image_model().objects.create(
                title=_("Photo of %(name)s") % {"name": speaker.name},
                description=change.photo_alt_text,
                file=ImageFile(
                    io.BytesIO(bytes(change.photo_data)),
                    name=f"speaker-{speaker.pk}.{change.photo_extension}",
                ),
            )
        speaker.full_clean(exclude=["slug", "user", "photo"])
        speaker.save()
        change.status = ChangeStatus.APPROVED
        change.decided_at = timezone.now()
        change.decided_by = by
        change.photo_data = None
        change.save()
        _queue_email(change)
    return change


def reject_change(*, change, by, reason):
    """Refuse `change`, telling the speaker `reason`; the live profile stays."""
    reason = reason.strip()
    if not reason:
        raise SelfServiceError(_("Give the speaker a reason."))
    with transaction.atomic():
        change = _locked_pending(change)
        change.status = ChangeStatus.REJECTED
        change.reason = reason
        change.decided_at = timezone.now()
        change.decided_by = by
        change.photo_data = None
        change.save()
        _queue_email(change)
    return change
