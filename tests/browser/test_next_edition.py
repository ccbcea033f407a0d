"""Next year's summit in a browser: an Event manager opens this year's summit in the
admin, chooses "Create next year's summit", meets a clash of web addresses, fixes
it and lands in the editor of the new draft; axe checks the form, its error state
and the result on a phone and a desktop."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from events.models import SummitPage
from tests.browser.helpers import assert_accessible, click_page_action, sign_in_to_admin
from tests.factories.events import (
    AttendeeFactory,
    SummitPageFactory,
    TicketTypeFactory,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def viewport(any_viewport):
    return any_viewport


@pytest.fixture
def summit(this_years_summit):
    TicketTypeFactory(summit=this_years_summit, name="Delegate place", price=9500)
    SummitPageFactory(
        parent=this_years_summit.get_parent(),
        title="Someone's draft",
        slug="taken-address",
    )
    return this_years_summit


def test_an_event_manager_creates_next_years_summit(page, summit, event_manager):
    sign_in_to_admin(page, event_manager.username)
    page.goto(f"/admin/pages/{summit.pk}/edit/")
    click_page_action(page, "Create next year's summit")

    expect(page.get_by_role("heading", level=1)).to_contain_text(
        "Create next year's summit"
    )
    start = timezone.localdate(summit.start) + datetime.timedelta(days=364)
    expect(page.get_by_label("First day")).to_have_value(start.isoformat())
    expect(page.get_by_label("Title")).to_have_value(
        f"Shared Ambition Summit {start.year}"
    )
    assert_accessible(page)

    page.get_by_label("Web address").fill("taken-address")
    page.get_by_role("button", name="Create the draft").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("already uses the web address")
    assert_accessible(page)
    summary.get_by_role("link").first.click()
    expect(page.get_by_label("Web address")).to_be_focused()

    page.get_by_label("Web address").fill(str(start.year))
    page.get_by_role("button", name="Create the draft").click()
    expect(page.locator(".messages")).to_contain_text("is a draft starting")
    expect(page.locator(".messages")).to_contain_text("ticket types: 1")
    copy = SummitPage.objects.get(slug=str(start.year))
    assert not copy.live
    assert copy.ticket_types.get().price == 9500
    assert f"/admin/pages/{copy.pk}/edit/" in page.url


@pytest.mark.parametrize("any_viewport", ["desktop"], indirect=True)
def test_the_dashboard_compares_the_summits(page, summit, event_manager):
    last_year = SummitPageFactory(
        parent=summit.get_parent(), title="Last year's summit", days_ahead=-334
    )
    AttendeeFactory(
        ticket_type=TicketTypeFactory(summit=last_year), organisation="Fen Council"
    )
    AttendeeFactory(ticket_type=summit.ticket_types.get(), organisation="fen council")
    sign_in_to_admin(page, event_manager.username)
    page.goto(f"/admin/summit-dashboard/{summit.pk}/")

    figures = page.get_by_role("region", name="Year on year", exact=True)
    expect(figures).to_contain_text("Last year's summit")
    expect(figures).to_contain_text("Returning organisations")
    assert_accessible(page)
