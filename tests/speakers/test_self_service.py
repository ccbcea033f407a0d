"""Speakers keeping their own profiles: only the linked account edits, photos are
checked and stripped, nothing goes live until an editor approves, and the speaker
is told the outcome."""

import io

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from wagtail.images import get_image_model

from events.booking import changes
from events.booking.speaker_tickets import issue_speaker_tickets
from events.models import Attendee
from speakers import self_service
from speakers.choices import ChangeStatus
from speakers.forms import SpeakerProfileForm
from speakers.models import Speaker, SpeakerProfileChange
from speakers.photos import process_photo
from tests.factories import StaffUserFactory
from tests.factories.accounts import UserFactory, VerifiedUserFactory
from tests.factories.events import SessionFactory
from tests.factories.speakers import SpeakerFactory

pytestmark = pytest.mark.django_db

PROFILE = "/accounts/speaker-profile/"


@pytest.fixture
def speaker_user(db):
    return VerifiedUserFactory(email="ada@example.org")


@pytest.fixture
def speaker(summit, speaker_user):
    speaker = SpeakerFactory(
        name="Ada Example", role="Director", email="ada@example.org"
    )
    SessionFactory(summit=summit, title="Keynote", speakers=[speaker])
    self_service.link_speaker_to_user(speaker=speaker, user=speaker_user)
    return speaker


@pytest.fixture
def manager_client(client):
    client.force_login(StaffUserFactory(groups=["Event managers"]))
    return client


def _image(fmt="JPEG", size=(500, 500), exif=None):
    buffer = io.BytesIO()
    image = Image.new("RGB", size, (200, 80, 40))
    options = {"exif": exif} if exif is not None else {}
    image.save(buffer, format=fmt, **options)
    extension = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}[fmt]
    return SimpleUploadedFile(
        f"photo.{extension}", buffer.getvalue(), content_type=f"image/{extension}"
    )


def _gps_exif():
    exif = Image.Exif()
    exif[0x010F] = "Secret Camera Maker"  # Make
    exif[0x8825] = {1: "N", 2: (52.0, 12.0, 0.0)}  # GPS
    return exif.tobytes()


def _form(**overrides):
    data = {
        "name": "Ada Example",
        "pronouns": "she/her",
        "role": "Chief Executive",
        "organisation": "Fenland Trust",
        "bio": "Ada leads a community foundation.",
        "link_1": "https://example.org/ada",
        "complete": "1",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def test_only_the_linked_account_reaches_the_profile(client, speaker):
    assert client.get(PROFILE).status_code == 302  # sign in first
    client.force_login(VerifiedUserFactory(email="someone@example.org"))
    response = client.get(PROFILE)
    assert response.status_code == 404
    assert "no speaker profile" in response.text
    assert client.post(PROFILE, _form(role="Hacker")).status_code == 404
    assert not SpeakerProfileChange.objects.exists()


def test_a_verified_matching_email_links_the_profile_but_an_unverified_one_does_not(
    client, summit
):
    speaker = SpeakerFactory(name="Bo Example", email="bo@example.org")
    unverified = UserFactory(email="bo@example.org")
    assert self_service.speaker_for_user(unverified) is None
    verified = VerifiedUserFactory(email="BO@example.org")
    assert self_service.speaker_for_user(verified) == speaker
    speaker.refresh_from_db()
    assert speaker.user == verified


def test_a_profile_linked_to_one_account_is_refused_to_another(speaker):
    with pytest.raises(self_service.SelfServiceError):
        self_service.link_speaker_to_user(speaker=speaker, user=UserFactory())


def test_changes_wait_for_approval_and_are_not_live(client, speaker, speaker_user):
    client.force_login(speaker_user)
    response = client.post(PROFILE, _form())
    assert response.status_code == 302
    page = client.get(PROFILE).text
    assert "Waiting for approval" in page
    public = client.get(speaker.get_absolute_url()).text
    assert "Chief Executive" not in public and "Director" in public
    speaker.refresh_from_db()
    assert speaker.role == "Director"


def test_a_new_proposal_replaces_the_one_waiting_and_can_be_withdrawn(
    client, speaker, speaker_user
):
    client.force_login(speaker_user)
    client.post(PROFILE, _form(role="First try"))
    client.post(PROFILE, _form(role="Second try"))
    assert list(
        speaker.profile_changes.values_list("role", "status").order_by("pk")
    ) == [("First try", "withdrawn"), ("Second try", "pending")]
    client.post(f"{PROFILE}withdraw/")
    assert not speaker.profile_changes.filter(status="pending").exists()
    assert "Waiting for approval" not in client.get(PROFILE).text


def test_photo_is_redrawn_without_exif(client, speaker, speaker_user):
    client.force_login(speaker_user)
    photo = _image(exif=_gps_exif())
    assert b"Secret Camera Maker" in photo.read()
    photo.seek(0)
    response = client.post(
        PROFILE, _form(photo=photo, photo_alt_text="Ada smiling by a bookcase")
    )
    assert response.status_code == 302
    change = speaker.profile_changes.get()
    stored = bytes(change.photo_data)
    assert b"Secret Camera Maker" not in stored
    with Image.open(io.BytesIO(stored)) as image:
        assert not image.getexif()
        assert image.size == (500, 500)


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (lambda: _image(fmt="GIF"), "Upload a PNG, JPEG or WebP image."),
        (lambda: _image(size=(300, 300)), "between 400 and 6000 pixels"),
        (
            lambda: SimpleUploadedFile("photo.jpg", b"not an image", "image/jpeg"),
            "We could not read this file as an image",
        ),
    ],
)
def test_bad_photos_are_refused(client, speaker, speaker_user, upload, message):
    client.force_login(speaker_user)
    response = client.post(PROFILE, _form(photo=upload(), photo_alt_text="A photo"))
    assert response.status_code == 400
    assert message in response.text
    assert not SpeakerProfileChange.objects.exists()


def test_oversized_photo_is_refused(client, speaker, speaker_user, settings):
    client.force_login(speaker_user)
    big = SimpleUploadedFile(
        "photo.jpg", b"\xff\xd8" + b"0" * (5 * 1024 * 1024 + 1), "image/jpeg"
    )
    response = client.post(PROFILE, _form(photo=big, photo_alt_text="A photo"))
    assert response.status_code == 400
    assert "smaller than 5" in response.text
    assert not SpeakerProfileChange.objects.exists()


def test_a_photo_needs_alt_text(client, speaker, speaker_user):
    client.force_login(speaker_user)
    response = client.post(PROFILE, _form(photo=_image(), photo_alt_text="  "))
    assert response.status_code == 400
    assert "Describe the photo for people who can" in response.text
    assert 'href="#id_photo_alt_text"' in response.text
    assert not SpeakerProfileChange.objects.exists()


@pytest.mark.parametrize(
    "links",
    [
        {"link_1": "http://example.org/"},
        {"link_1": "javascript:alert(1)"},
        {"link_1": "ftp://example.org/"},
        # Shown as "exe.png" by the right-to-left override, and https:// is assumed.
        {"link_1": "\u202egnp.exe\u202c"},
    ],
)
def test_links_must_be_https(client, speaker, speaker_user, links):
    client.force_login(speaker_user)
    response = client.post(PROFILE, _form(**links))
    assert response.status_code == 400
    assert not SpeakerProfileChange.objects.exists()


def test_editor_approves_and_the_profile_goes_live(
    client, manager_client, speaker, speaker_user, django_capture_on_commit_callbacks
):
    change = self_service.propose_change(
        speaker=speaker,
        details=_form(role="Chief Executive"),
        links=["https://example.org/ada"],
    )
    listing = manager_client.get("/admin/speaker-changes/?status=pending").text
    assert "Ada Example" in listing
    with django_capture_on_commit_callbacks(execute=True):
        response = manager_client.post(f"/admin/speaker-changes/approve/{change.pk}/")
    assert response.status_code == 302
    speaker.refresh_from_db()
    assert speaker.role == "Chief Executive"
    assert [block.value["url"] for block in speaker.links] == [
        "https://example.org/ada"
    ]
    [email] = [sent for sent in mail.outbox if "speaker profile" in sent.subject]
    assert email.to == ["ada@example.org"]
    assert "are live" in email.subject
    public = manager_client.get(speaker.get_absolute_url()).text
    assert "Chief Executive" in public


def test_approving_a_photo_makes_it_the_live_photo_with_its_alt_text(
    speaker, django_capture_on_commit_callbacks
):
    change = self_service.propose_change(
        speaker=speaker,
        details=_form(),
        links=[],
        photo=process_photo(_image(fmt="PNG")),
        photo_alt_text="Ada by the river",
    )
    with django_capture_on_commit_callbacks(execute=True):
        self_service.approve_change(change=change, by=None)
    speaker.refresh_from_db()
    assert speaker.photo.description == "Ada by the river"
    assert speaker.photo_alt_text == "Ada by the river"


def test_editor_rejects_with_a_reason_and_the_speaker_is_told(
    manager_client, speaker, django_capture_on_commit_callbacks
):
    change = self_service.propose_change(
        speaker=speaker, details=_form(role="Supreme Leader"), links=[]
    )
    no_reason = manager_client.post(
        f"/admin/speaker-changes/reject/{change.pk}/", {"reason": ""}
    )
    assert no_reason.status_code == 200
    assert "Give the speaker a reason." in no_reason.text
    with django_capture_on_commit_callbacks(execute=True):
        manager_client.post(
            f"/admin/speaker-changes/reject/{change.pk}/",
            {"reason": "Please use your job title."},
        )
    change.refresh_from_db()
    assert change.status == ChangeStatus.REJECTED
    speaker.refresh_from_db()
    assert speaker.role == "Director"
    [email] = [sent for sent in mail.outbox if "speaker profile" in sent.subject]
    assert "not accepted" in email.subject
    assert "Please use your job title." in email.body


def test_people_who_may_not_change_speakers_cannot_moderate(client, speaker):
    change = self_service.propose_change(speaker=speaker, details=_form(), links=[])
    client.force_login(StaffUserFactory(groups=["Check-in staff"]))
    response = client.post(f"/admin/speaker-changes/approve/{change.pk}/")
    assert response.status_code in (302, 403)
    change.refresh_from_db()
    assert change.status == ChangeStatus.PENDING


def test_a_form_cut_short_is_refused(client, speaker, speaker_user):
    client.force_login(speaker_user)
    data = _form()
    del data["complete"]
    response = client.post(PROFILE, data)
    assert response.status_code == 400
    assert "The form arrived incomplete" in response.text
    assert not SpeakerProfileChange.objects.exists()


def test_approval_keeps_the_links_the_form_never_showed_and_their_texts(speaker):
    speaker.links = [
        ("link", {"text": f"Site {number}", "url": f"https://e{number}.example/"})
        for number in range(5)
    ]
    speaker.save()
    shown = SpeakerProfileForm.initial_for(speaker)
    assert "link_4" not in shown
    urls = [shown["link_1"], "https://new.example/talk", shown["link_3"]]
    change = self_service.propose_change(speaker=speaker, details=_form(), links=urls)

    self_service.approve_change(change=change, by=None)

    speaker.refresh_from_db()
    assert [(b.value["text"], b.value["url"]) for b in speaker.links] == [
        ("Site 0", "https://e0.example/"),
        ("new.example", "https://new.example/talk"),
        ("Site 2", "https://e2.example/"),
        ("Site 3", "https://e3.example/"),
        ("Site 4", "https://e4.example/"),
    ]


def test_a_link_with_a_long_host_name_is_approved(
    client, manager_client, speaker, speaker_user
):
    host = "a" * 60 + "." + "b" * 40 + ".example.org"
    change = self_service.propose_change(
        speaker=speaker, details=_form(), links=[f"https://{host}/"]
    )

    response = manager_client.post(f"/admin/speaker-changes/approve/{change.pk}/")

    assert response.status_code == 302
    speaker.refresh_from_db()
    [link] = speaker.links
    assert link.value["url"] == f"https://{host}/"
    assert len(link.value["text"]) == 80 and host.startswith(link.value["text"])


def test_approving_a_profile_never_gives_back_a_place_the_speaker_cancelled(
    speaker, summit, django_capture_on_commit_callbacks
):
    issue_speaker_tickets(summit=summit, notify=False)
    [place] = Attendee.objects.live().filter(email="ada@example.org")
    changes.cancel_places(attendees=[place], note="I can't come after all.")
    change = self_service.propose_change(
        speaker=speaker, details=_form(bio="New biography."), links=[]
    )
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        self_service.approve_change(change=change, by=None)

    assert not Attendee.objects.live().filter(email="ada@example.org").exists()
    assert [m.subject for m in mail.outbox if "ticket" in m.subject.lower()] == []
    assert Speaker.objects.get(pk=speaker.pk).bio == "New biography."


def test_a_replaced_photo_is_deleted_unless_used_elsewhere(speaker):
    def approve_photo(alt):
        change = self_service.propose_change(
            speaker=speaker,
            details=_form(),
            links=[],
            photo=process_photo(_image(fmt="PNG")),
            photo_alt_text=alt,
        )
        self_service.approve_change(change=change, by=None)
        speaker.refresh_from_db()
        return speaker.photo

    images = get_image_model().objects
    first = approve_photo("First")
    second = approve_photo("Second")
    assert not images.filter(pk=first.pk).exists()

    other = SpeakerFactory(name="Bo Other", email="bo@example.org", photo=second)
    third = approve_photo("Third")

    assert images.filter(pk=second.pk).exists()  # Bo's photo still
    assert Speaker.objects.get(pk=other.pk).photo == second
    assert speaker.photo == third
