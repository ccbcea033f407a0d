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
from django.contrib.contenttypes.models import ContentType
from django.core.files.images import ImageFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.images import get_image_model
from wagtail.models import ReferenceIndex

from .choices import ChangeStatus
from .models import Speaker, SpeakerProfileChange
from .tasks import send_profile_change_email

PROFILE_FIELDS = ("name", "pronouns", "role", "organisation", "bio")
MAX_LINKS = 3
LINK_TEXT_MAX_LENGTH = 80  # ProfileLinkBlock's text


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
        Speaker.objects.select_for_update().get(pk=speaker.pk)
        return bool(
            speaker.profile_changes.filter(status=ChangeStatus.PENDING).update(
                status=ChangeStatus.WITHDRAWN, photo_data=None
            )
        )


def _lock_speaker_then_change(change):
    """Lock the change's Speaker, then the change (the order `propose_change`
    takes, so two decisions and a new proposal never wait on each other), and
    check the change still waits."""
    speaker_id = (
        SpeakerProfileChange.objects.filter(pk=change.pk)
        .values_list("speaker_id", flat=True)
        .first()
    )
    speaker = Speaker.objects.select_for_update().filter(pk=speaker_id).first()
    change = (
        SpeakerProfileChange.objects.select_for_update().filter(pk=change.pk).first()
    )
    if speaker is None or change is None or change.status != ChangeStatus.PENDING:
        raise SelfServiceError(
            _(
                "These changes are no longer waiting: the speaker withdrew or "
                "replaced them, or someone decided already."
            )
        )
    change.speaker = speaker
    return speaker, change


def _queue_email(change):
    transaction.on_commit(
        partial(send_profile_change_email.enqueue, change_id=change.pk)
    )


def _link_text(url):
    # ProfileLinkBlock's text holds 80 characters; a long host name is cut short.
    return (urlsplit(url).hostname or url)[:LINK_TEXT_MAX_LENGTH]


def merged_links(speaker, urls):
    """The profile's links once the speaker's `urls` (what the form showed: the
    first MAX_LINKS) replace the links the form showed: an unchanged address keeps
    the editor's text, a new one is labelled with its host, and the links beyond
    MAX_LINKS, which the form never showed, stay as they are."""
    texts = {}
    for block in speaker.links[:MAX_LINKS]:
        texts.setdefault(block.value["url"], block.value["text"])
    links = [
        ("link", {"text": texts.get(url) or _link_text(url), "url": url})
        for url in urls
    ]
    links += [
        ("link", {"text": block.value["text"], "url": block.value["url"]})
        for block in speaker.links[MAX_LINKS:]
    ]
    return links


def _image_in_use_elsewhere(image, speaker):
    """Whether `image` is used anywhere but `speaker`'s own photo: another
    speaker's photo, or anything Wagtail's reference index knows (pages,
    snippets, rich text and StreamField blocks)."""
    if Speaker.objects.filter(photo=image).exclude(pk=speaker.pk).exists():
        return True
    own = ContentType.objects.get_for_model(Speaker)
    return (
        ReferenceIndex.get_references_to(image)
        .exclude(base_content_type=own, object_id=str(speaker.pk))
        .exists()
    )


def approve_change(*, change, by):
    """Copy `change` onto the live profile and tell the speaker. A photo it
    replaces is deleted unless something else uses it. Saves only the profile's
    own fields, so receivers (speakers' tickets) see nobody's address changed."""
    with transaction.atomic():
        speaker, change = _lock_speaker_then_change(change)
        for field in PROFILE_FIELDS:
            setattr(speaker, field, getattr(change, field))
        speaker.links = merged_links(speaker, change.links)
        changed = [*PROFILE_FIELDS, "links"]
        replaced_photo = None
        if change.has_photo:
            replaced_photo = speaker.photo
            speaker.photo = get_image_model().objects.create(
                title=_("Photo of %(name)s") % {"name": speaker.name},
                description=change.photo_alt_text,
                file=ImageFile(
                    io.BytesIO(bytes(change.photo_data)),
                    name=f"speaker-{speaker.pk}.{change.photo_extension}",
                ),
            )
            changed.append("photo")
        speaker.full_clean(exclude=["slug", "user", "photo"])
        speaker.save(update_fields=changed)
        if replaced_photo is not None and not _image_in_use_elsewhere(
            replaced_photo, speaker
        ):
            # Wagtail deletes the file and its renditions once this commits.
            replaced_photo.delete()
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
        _speaker, change = _lock_speaker_then_change(change)
        change.status = ChangeStatus.REJECTED
        change.reason = reason
        change.decided_at = timezone.now()
        change.decided_by = by
        change.photo_data = None
        change.save()
        _queue_email(change)
    return change
