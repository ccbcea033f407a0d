"""From a proposal to the published programme in a browser: the proposer submits
with a co-speaker, the co-speaker confirms, two reviewers score, an Event manager
accepts and sends the decision from the outbox, the speaker confirms, and the
session appears in a new programme release with its changelog entry; the speaker
holds a ticket and edits their public profile. axe checks every page; the public
pages on a phone and a desktop."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from events.models import Attendee, Proposal, Room, Session
from speakers import self_service
from speakers.models import Speaker
from tests.browser.helpers import assert_accessible
from tests.browser.test_proposals import (  # noqa: F401 (the call fixture)
    admin_sign_in,
    call,
    heading,
    score,
    sign_in,
)
from tests.factories import StaffUserFactory
from tests.factories.accounts import VerifiedUserFactory
from tests.factories.events import RoomFactory, SessionFactory
from tests.factories.speakers import SpeakerFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def viewport(any_viewport):
    return any_viewport


def publish_release(page, summit, note):
    page.goto(f"/admin/programme-releases/{summit.pk}/")
    assert_accessible(page)
    page.get_by_label("Note (optional)").fill(note)
    page.get_by_role("button", name="Publish programme release").click()
    expect(page.locator(".messages")).to_contain_text("of the programme is published")
    # axe the page without the admin's flash message, still fading in.
    page.reload()
    assert_accessible(page)


@pytest.mark.parametrize("any_viewport", ["desktop"], indirect=True)
def test_from_proposal_to_a_programme_release(page, call):  # noqa: F811
    summit = call.summit
    room = RoomFactory(summit=summit, name="Fen Room")
    SessionFactory(summit=summit, title="Welcome", room=room, at=(9, 30))
    proposer = VerifiedUserFactory(
        email="pat@fenland-futures.example", first_name="Pat", last_name="Proposer"
    )
    co_speaker = VerifiedUserFactory(email="cass@ouse-valley.example")
    StaffUserFactory(username="meg-manager", groups=["Event managers"])

    # The manager publishes the programme as it stands.
    admin_sign_in(page, "meg-manager")
    publish_release(page, summit, "The first programme.")

    # The proposer submits with a co-speaker.
    page.context.clear_cookies()
    page.goto(f"/summit/{summit.slug}/call/propose/")
    sign_in(page, proposer)
    page.get_by_label("Title").fill("Evening buses for market towns")
    page.get_by_label("Abstract").fill("A year of evening buses in the Fens.")
    page.get_by_label("Panel (60 minutes)").check()
    page.get_by_label("Your name, as it would appear in the programme").fill(
        "Pat Proposer"
    )
    page.get_by_label("Co-speaker 1's email address").fill("cass@ouse-valley.example")
    page.get_by_role("button", name="Send in your proposal").click()
    expect(heading(page)).to_have_text("Your proposals")

    # The co-speaker confirms through their link.
    proposal = Proposal.objects.get()
    invitation = proposal.speakers.get(is_proposer=False)
    page.context.clear_cookies()
    page.goto(invitation.get_absolute_url())
    sign_in(page, co_speaker)
    page.get_by_label("Your name, as it would appear in the programme").fill(
        "Cass Cospeaker"
    )
    page.get_by_role("button", name="Confirm as co-speaker").click()
    expect(page.get_by_role("main")).to_contain_text("Co-speaker: confirmed")

    # Two reviewers score it.
    for username, marks in (("rowan-reviewer", (5, 4)), ("remi-reviewer", (4, 4))):
        StaffUserFactory(
            username=username,
            email=f"{username}@reviewers.example",
            groups=["Reviewers"],
        )
        admin_sign_in(page, username)
        page.goto(f"/admin/proposals-review/proposal/{proposal.pk}/")
        score(page, call, *marks)

    # The manager accepts it from the dashboard: nothing is sent yet.
    admin_sign_in(page, "meg-manager")
    page.goto(f"/admin/proposals-review/{call.pk}/dashboard/")
    assert_accessible(page)
    page.get_by_label("Choose Evening buses for market towns").check()
    page.get_by_label("Decision").select_option("accepted")
    mail.outbox.clear()
    page.get_by_role("button", name="Decide the chosen proposals").click()
    expect(page.locator(".messages")).to_contain_text("nothing is sent yet")
    expect(page.get_by_role("main")).to_contain_text("pat@fenland-futures.example")
    page.reload()
    assert_accessible(page)
    assert mail.outbox == []
    page.get_by_role("link", name="Edit Evening buses for market towns").click()
    assert_accessible(page)
    page.get_by_label("Subject").fill("Your panel is accepted: Evening buses")
    page.get_by_role("button", name="Save the draft").click()
    expect(page.locator(".messages")).to_contain_text("not sent yet")
    page.get_by_role("button", name="Send the drafted message").click()
    expect(page.locator(".messages")).to_contain_text("1 message(s) sent")
    page.reload()
    assert_accessible(page)
    assert sorted(m.to[0] for m in mail.outbox) == [
        "cass@ouse-valley.example",
        "pat@fenland-futures.example",
    ]
    assert mail.outbox[0].subject == "Your panel is accepted: Evening buses"

    # The proposer follows the email's link and confirms.
    page.context.clear_cookies()
    page.goto(f"/summit/{summit.slug}/call/proposals/{proposal.pk}/answer/")
    sign_in(page, proposer)
    expect(heading(page)).to_have_text("Evening buses for market towns")
    assert_accessible(page)
    page.get_by_role("button", name="Confirm the session").click()
    expect(page.locator("body")).to_contain_text("your session is confirmed")
    assert_accessible(page)

    session = Session.objects.get(title="Evening buses for market towns")
    assert session.start is None
    pat = Speaker.objects.get(user=proposer)
    assert (
        Attendee.objects.live()
        .filter(summit=summit, email="pat@fenland-futures.example")
        .exists()
    )

    # An editor gives it a room and a time; the manager publishes a release.
    start = timezone.localtime(summit.start).replace(hour=11, minute=0)
    session.start, session.end = start, start + datetime.timedelta(hours=1)
    session.room = Room.objects.get(name="Fen Room")
    session.save()
    admin_sign_in(page, "meg-manager")
    publish_release(page, summit, "Sessions from the call.")
    expect(page.get_by_role("main")).to_contain_text("Evening buses for market towns")

    # The speaker edits their profile; an editor approves it.
    page.context.clear_cookies()
    page.goto("/accounts/login/?next=/accounts/speaker-profile/")
    sign_in(page, proposer)
    expect(heading(page)).to_have_text("My speaker profile")
    page.get_by_label("Job title").fill("Head of Evening Buses")
    page.get_by_role("button", name="Send changes for approval").click()
    expect(page.get_by_role("main")).to_contain_text("Waiting for approval")
    # The manager approves the change in the admin.
    admin_sign_in(page, "meg-manager")
    change = self_service.pending_change(pat)
    page.goto(reverse("speaker_changes:inspect", args=[change.pk]))
    expect(page.get_by_role("main")).to_contain_text("Head of Evening Buses")
    assert_accessible(page)
    page.get_by_role("link", name="Approve").click()
    expect(page.get_by_role("button", name="Yes, approve")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Yes, approve").click()
    expect(page.locator(".messages")).to_contain_text("profile is updated")

    # The public pages.
    page.context.clear_cookies()
    page.goto(f"/summit/{summit.slug}/programme/")
    page.get_by_role("link", name="Changes to the programme").click()
    expect(heading(page)).to_have_text("Programme changes")
    main = page.get_by_role("main")
    expect(main).to_contain_text("Version 2")
    expect(main).to_contain_text("Evening buses for market towns (Added)")
    expect(main).to_contain_text("First published programme")
    assert_accessible(page)
    page.get_by_role("link", name="Evening buses for market towns").click()
    # The speaker's card shows the profile as they edited it.
    expect(page.get_by_role("main")).to_contain_text("Pat Proposer")
    expect(page.get_by_role("main")).to_contain_text("Head of Evening Buses")
    assert_accessible(page)


def test_public_changes_page_on_phone_and_desktop(page, call):  # noqa: F811
    from events.programme.releases import publish_release as publish

    summit = call.summit
    manager = StaffUserFactory(groups=["Event managers"])
    speaker = SpeakerFactory(name="Ada Speaker")
    session = SessionFactory(
        summit=summit, title="Warm homes", at=(10, 0), speakers=[speaker]
    )
    publish(summit=summit, user=manager, note="")
    session.start += datetime.timedelta(hours=2)
    session.end += datetime.timedelta(hours=2)
    session.title = "Warm homes for all"
    session.save()
    publish(summit=summit, user=manager, note="Moved after lunch.")

    page.goto(f"/summit/{summit.slug}/programme/")
    assert_accessible(page)
    page.get_by_role("link", name="Changes to the programme").click()
    main = page.get_by_role("main")
    expect(main).to_contain_text("Moved after lunch.")
    expect(main).to_contain_text("Warm homes for all (Moved, Retitled)")
    expect(main).to_contain_text("now")
    expect(main).to_contain_text("12:00 to 12:45")
    assert_accessible(page)
