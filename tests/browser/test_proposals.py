"""The call for proposals in a browser: a proposer signs in on the way and submits
with a co-speaker, the co-speaker confirms through their link, two reviewers score
it and the dashboard ranks it; axe checks every page and error state."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from events.models import (
    CallForProposals,
    CallSessionType,
    Proposal,
    ReviewCriterion,
)
from events.site_setup import setup_summit_index
from framework.site_setup import setup_showcase
from tests.browser.helpers import assert_accessible
from tests.factories import StaffUserFactory
from tests.factories.accounts import DEFAULT_PASSWORD, VerifiedUserFactory
from tests.factories.events import SummitPageFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def call(site_pages, framework):
    setup_showcase()
    summit = SummitPageFactory(
        parent=setup_summit_index(site_pages)[0], title="This year's summit"
    )
    now = timezone.now()
    call = CallForProposals.objects.create(
        summit=summit,
        opens_at=now - datetime.timedelta(days=3),
        closes_at=now + datetime.timedelta(days=12, hours=1),
        text="<p>Show the region what you deliver.</p>",
    )
    CallSessionType.objects.create(call=call, session_type="panel", duration_minutes=60)
    ReviewCriterion.objects.create(call=call, name="Relevance", weight=2)
    ReviewCriterion.objects.create(call=call, name="Delivery", weight=1)
    return call


def heading(page):
    return page.get_by_role("heading", level=1)


def sign_in(page, user):
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def admin_sign_in(page, username):
    page.context.clear_cookies()
    page.goto("/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(heading(page)).to_be_visible()


def score(page, call, relevance, delivery):
    first, second = call.criteria.order_by("sort_order", "pk")
    page.locator(f'input[name="criterion_{first.pk}"][value="{relevance}"]').check()
    page.locator(f'input[name="criterion_{second.pk}"][value="{delivery}"]').check()
    page.get_by_role("button", name="Save your review").click()
    expect(page.locator(".messages")).to_contain_text("Your review is saved.")


def test_a_proposal_goes_from_the_call_to_the_ranking(page, call):
    summit = call.summit
    proposer = VerifiedUserFactory(
        email="pat@fenland-futures.example", first_name="Pat", last_name="Proposer"
    )
    co_speaker = VerifiedUserFactory(email="cass@ouse-valley.example")

    page.goto(f"/summit/{summit.slug}/call/")
    expect(heading(page)).to_have_text("Call for proposals")
    expect(page.get_by_role("main")).to_contain_text("closes in 12 days")
    assert_accessible(page)
    page.get_by_role("link", name="Propose a session").click()
    sign_in(page, proposer)

    expect(heading(page)).to_have_text("Propose a session")
    assert_accessible(page)
    page.get_by_role("button", name="Send in your proposal").click()
    expect(page.locator(".error-summary")).to_contain_text("Choose a format.")
    assert_accessible(page)

    page.get_by_label("Title").fill("Evening buses for market towns")
    page.get_by_label("Abstract").fill("A year of evening buses in the Fens.")
    page.get_by_label("Panel (60 minutes)").check()
    page.get_by_label("Your name, as it would appear in the programme").fill(
        "Pat Proposer"
    )
    page.get_by_label("Co-speaker 1's email address").fill("cass@ouse-valley.example")
    page.get_by_role("button", name="Send in your proposal").click()

    expect(heading(page)).to_have_text("Your proposals")
    expect(page.get_by_role("main")).to_contain_text("Submitted")
    assert_accessible(page)

    speaker = Proposal.objects.get().speakers.get(is_proposer=False)
    page.context.clear_cookies()
    page.goto(speaker.get_absolute_url())
    sign_in(page, co_speaker)
    expect(heading(page)).to_have_text("Evening buses for market towns")
    assert_accessible(page)
    page.get_by_label("Your name, as it would appear in the programme").fill(
        "Cass Cospeaker"
    )
    page.get_by_role("button", name="Confirm as co-speaker").click()
    expect(page.get_by_role("main")).to_contain_text("Co-speaker: confirmed")
    assert_accessible(page)

    for username, (relevance, delivery) in (
        ("rowan-reviewer", (5, 2)),
        ("remi-reviewer", (4, 4)),
    ):
        StaffUserFactory(
            username=username,
            email=f"{username}@reviewers.example",
            groups=["Reviewers"],
        )
        admin_sign_in(page, username)
        page.goto("/admin/proposals-review/")
        expect(page.get_by_role("main")).to_contain_text("To do")
        assert_accessible(page)
        page.get_by_role("link", name="Evening buses for market towns").click()
        expect(page.get_by_role("main")).to_contain_text(
            "Other reviewers' scores show once you have scored"
        )
        assert_accessible(page)
        score(page, call, relevance, delivery)

    page.goto(f"/admin/proposals-review/{call.pk}/dashboard/")
    row = page.get_by_role("row", name="Evening buses for market towns")
    expect(row).to_contain_text("4.00")
    expect(row).to_contain_text("2")
    assert_accessible(page)
