import io
import re
from dataclasses import replace
from unittest import mock

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from wagtail.images import get_image_model

from spotlights import forms as spotlight_forms
from spotlights.models import SpotlightPage, StoryProposal
from tests.factories import StaffUserFactory

URL = "/stories/propose/"


def picture(format="PNG", size=(64, 48), exif=None, name=None):
    buffer = io.BytesIO()
    image = Image.new("RGB", size, "#0b6e6e")
    options = {"exif": exif} if exif else {}
    image.save(buffer, format=format, **options)
    extension = {"JPEG": "jpg"}.get(format, format.lower())
    return SimpleUploadedFile(name or f"photo.{extension}", buffer.getvalue())


@pytest.fixture
def editor(db):
    return StaffUserFactory(email="editor.one@example.org", groups=["Editors"])


@pytest.fixture
def proposal_data(commitments):
    return {
        "title": "Repair cafés in twelve towns",
        "summary": "Volunteers fix toasters and bikes.\n\nWe kept 4 tonnes out of landfill.",
        "organisation": "Repair Cafés East (test)",
        "commitments": [commitments["thriving-inclusive-communities"].pk],
        "contact_name": "Sam Proposer",
        "contact_email": "sam@example.org",
        "image_alt": "",
        "nickname": "",
    }


def test_proposal_form_is_offered_on_the_stories_section(client, index, framework):
    response = client.get(URL)

    assert response.status_code == 200
    assert "<h1>Propose a delivery story</h1>" in response.text
    assert 'enctype="multipart/form-data"' in response.text
    assert (
        '<legend class="commitment-group__legend">Equitable</legend>' in response.text
    )


def test_proposal_becomes_a_private_draft_and_tells_the_editors(
    client,
    index,
    editor,
    proposal_data,
    commitments,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, proposal_data)

    assert response.status_code == 302
    assert response["Location"] == "/stories/propose/thanks/"
    page = SpotlightPage.objects.get(title="Repair cafés in twelve towns")
    assert not page.live
    assert page.get_parent().pk == index.pk
    assert page.standfirst.startswith("Volunteers fix toasters and bikes.")
    assert "<p>We kept 4 tonnes out of landfill.</p>" in str(page.body)
    assert [p.name for p in page.partners.all()] == ["Repair Cafés East (test)"]
    assert list(page.commitments.all()) == [
        commitments["thriving-inclusive-communities"]
    ]
    assert page.latest_revision is not None
    proposal = StoryProposal.objects.get(page=page)
    assert (proposal.contact_name, proposal.contact_email) == (
        "Sam Proposer",
        "sam@example.org",
    )
    # The contact details never reach the page or its revisions.
    assert "sam@example.org" not in str(page.latest_revision.content)

    [email] = mail.outbox
    assert email.to == ["editor.one@example.org"]
    assert email.reply_to == ["sam@example.org"]
    assert email.subject == "Story proposal: Repair cafés in twelve towns"
    assert f"http://testserver/admin/pages/{page.pk}/edit/" in email.body
    assert "Sam Proposer <sam@example.org>" in email.body


def test_confirmation_page_says_what_happens_next(client, index):
    response = client.get("/stories/propose/thanks/")

    assert "Thank you: we have your story proposal" in response.text
    assert "Nothing has been published yet" in response.text


def test_proposed_draft_is_not_public(client, index, proposal_data):
    client.post(URL, proposal_data)
    page = SpotlightPage.objects.get()

    assert client.get(f"/stories/{page.slug}/").status_code == 404
    assert page.title not in client.get("/stories/").text


def test_proposals_with_the_same_title_get_their_own_pages(
    client, index, proposal_data
):
    client.post(URL, proposal_data)
    client.post(URL, proposal_data)

    assert sorted(SpotlightPage.objects.values_list("slug", flat=True)) == [
        "repair-cafes-in-twelve-towns",
        "repair-cafes-in-twelve-towns-1",
    ]


def test_proposal_without_editors_goes_to_the_site_contact(
    client, site_pages, index, proposal_data, django_capture_on_commit_callbacks
):
    Group.objects.get(name="Editors").user_set.clear()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(URL, proposal_data)

    assert [m.to for m in mail.outbox] == [["summit@example.org"]]


def test_invalid_proposal_is_refused_with_messages_and_nothing_saved(
    client, index, framework
):
    response = client.post(URL, {"title": "", "contact_email": "not-an-email"})

    assert response.status_code == 400
    assert "There is a problem" in response.text
    assert "Choose at least one commitment." in response.text
    assert "Enter a valid email address." in response.text
    assert not SpotlightPage.objects.exists()
    assert not mail.outbox


def test_honeypot_turns_bots_away(client, index, proposal_data):
    response = client.post(URL, {**proposal_data, "nickname": "http://spam.example"})

    assert response.status_code == 400
    assert not SpotlightPage.objects.exists()


def test_proposals_are_rate_limited(client, index, proposal_data):
    for _ in range(5):
        client.post(URL, proposal_data)

    response = client.post(URL, proposal_data)

    assert response.status_code == 429
    assert SpotlightPage.objects.count() == 5


def test_picture_is_re_encoded_without_its_metadata(client, index, proposal_data):
    exif = Image.Exif()
    exif[0x010F] = "Secret Camera Co"  # Make
    upload = picture("JPEG", exif=exif.tobytes(), name="holiday snap.JPG")

    response = client.post(
        URL, {**proposal_data, "image": upload, "image_alt": "Volunteers at a bench."}
    )

    assert response.status_code == 302
    page = SpotlightPage.objects.get()
    assert page.hero_image_alt == "Volunteers at a bench."
    image = get_image_model().objects.get()
    assert image.title == "Proposed: Repair cafés in twelve towns"
    assert re.fullmatch(r"original_images/holiday-snap(_\w+)?\.jpg", image.file.name)
    with Image.open(image.file) as stored:
        assert stored.format == "JPEG"
        assert stored.size == (64, 48)
        assert b"Secret Camera Co" not in image.file.open("rb").read()


def test_large_pictures_are_scaled_down(client, index, proposal_data, monkeypatch):
    monkeypatch.setattr(
        spotlight_forms,
        "PROPOSAL_IMAGE",
        replace(spotlight_forms.PROPOSAL_IMAGE, fit=(32, 32)),
    )

    client.post(
        URL, {**proposal_data, "image": picture("WEBP"), "image_alt": "A picture."}
    )

    with Image.open(get_image_model().objects.get().file) as stored:
        assert (stored.format, stored.size) == ("WEBP", (32, 24))


@pytest.mark.parametrize(
    "upload, message",
    [
        (lambda: picture("GIF"), "Upload a PNG, JPEG or WebP image."),
        (
            lambda: SimpleUploadedFile("fake.png", b"<?php echo 'hi'; ?>"),
            "We could not read this file as an image.",
        ),
    ],
)
def test_pictures_that_are_not_png_jpeg_or_webp_are_refused(
    client, index, proposal_data, upload, message
):
    response = client.post(URL, {**proposal_data, "image": upload(), "image_alt": "x"})

    assert response.status_code == 400
    assert message in response.text
    assert not get_image_model().objects.exists()
    assert not SpotlightPage.objects.exists()


def test_oversized_pictures_are_refused(client, index, proposal_data, monkeypatch):
    monkeypatch.setattr(
        spotlight_forms,
        "PROPOSAL_IMAGE",
        replace(spotlight_forms.PROPOSAL_IMAGE, max_bytes=100),
    )

    response = client.post(URL, {**proposal_data, "image": picture(), "image_alt": "x"})

    assert response.status_code == 400
    assert "The image must be smaller than 100" in response.text


def test_picture_needs_a_description(client, index, proposal_data):
    response = client.post(URL, {**proposal_data, "image": picture()})

    assert response.status_code == 400
    assert "Describe the picture for people who cannot see it." in response.text


def test_a_failure_part_way_leaves_nothing_behind(
    client, index, editor, proposal_data, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True),
        mock.patch.object(StoryProposal.objects, "create", side_effect=RuntimeError),
        pytest.raises(RuntimeError),
    ):
        client.post(
            URL, {**proposal_data, "image": picture(), "image_alt": "A picture."}
        )

    assert not SpotlightPage.objects.exists()
    assert not get_image_model().objects.exists()
    assert not mail.outbox
