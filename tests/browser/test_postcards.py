"""Ambition postcards in a browser: a visitor on a phone writes one through the
badge's short link, a suspect one is held, a moderator approves it in the admin,
and it shows on the summit page's wall, the full wall, the big screen and the
outcome's page; axe checks every page and error state on a phone and a desktop."""

import pytest
from playwright.sync_api import expect

from events.postcards import views as postcard_views
from events.site_setup import setup_summit_index
from framework.site_setup import setup_showcase
from tests.browser.helpers import assert_accessible
from tests.factories import StaffUserFactory
from tests.factories.accounts import DEFAULT_PASSWORD
from tests.factories.events import SummitPageFactory
from tests.factories.postcards import PostcardFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def viewport(any_viewport):
    return any_viewport


@pytest.fixture
def summit(site_pages, framework):
    setup_showcase()
    return SummitPageFactory(
        parent=setup_summit_index(site_pages)[0], title="This year's summit"
    )


def heading(page):
    return page.get_by_role("heading", level=1)


def write(page, ambition, *, outcome="Connected", name="", district=""):
    page.get_by_label("Your number one ambition for the region").fill(ambition)
    if outcome:
        page.get_by_label(outcome).check()
    if name:
        page.get_by_label("Your first name (optional)").fill(name)
    if district:
        page.get_by_label("Where do you live or work? (optional)").select_option(
            label=district
        )
    page.get_by_role("button", name="Post your card").click()


@pytest.mark.parametrize("any_viewport", ["phone"], indirect=True)
def test_a_held_postcard_is_approved_and_shows_on_the_walls(page, summit):
    page.goto(f"/ambition/{summit.slug}/")
    expect(heading(page)).to_have_text("Your ambition for the region")
    assert_accessible(page)

    write(page, "", outcome=None)
    expect(page.locator(".error-summary")).to_contain_text("This field is required.")
    expect(page.locator(".error-summary")).to_contain_text(
        "Choose the outcome your ambition speaks to."
    )
    assert_accessible(page)

    write(
        page,
        "Rail from Wisbech to Cambridge, see www.example.org",
        name="Wren",
        district="Fenland",
    )
    expect(heading(page)).to_have_text(
        "Thank you: a moderator will check your postcard"
    )
    assert_accessible(page)
    page.goto(summit.url)
    expect(page.get_by_role("main")).to_contain_text("No postcards yet")
    expect(page.get_by_role("main")).not_to_contain_text("Rail from Wisbech")

    StaffUserFactory(username="test-moderator", groups=["Moderators"])
    page.goto("/admin/login/")
    page.get_by_label("Username").fill("test-moderator")
    page.get_by_label("Password").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    page.goto("/admin/postcards/?status=held")
    expect(page.get_by_role("main")).to_contain_text("a web address")
    assert_accessible(page)
    page.get_by_role("link", name="Rail from Wisbech to Cambridge").click()
    expect(page.get_by_role("main")).to_contain_text("Suspect: a web address.")
    assert_accessible(page)
    page.get_by_role("main").get_by_role("link", name="Approve").first.click()
    expect(page.get_by_role("button", name="Approve")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Approve").click()
    expect(page.locator(".messages")).to_contain_text("The card is on the wall.")
    page.locator(".messages").evaluate(
        "el => Promise.all(el.getAnimations({subtree: true}).map(a => a.finished))"
    )
    assert_accessible(page)
    page.context.clear_cookies()  # a visitor again, served from the page cache

    page.goto(summit.url)
    wall = page.get_by_role("region", name="Ambitions for the region")
    expect(wall).to_contain_text("Rail from Wisbech to Cambridge")
    expect(wall).to_contain_text("Wren, Fenland")
    assert_accessible(page)
    page.goto("/showcase/connected/")
    expect(page.get_by_role("main")).to_contain_text("Rail from Wisbech to Cambridge")
    assert_accessible(page)


def test_a_clean_postcard_goes_up_at_once_and_the_wall_filters(
    page, summit, monkeypatch, violations
):
    monkeypatch.setattr(postcard_views, "SCREEN_REFRESH_SECONDS", 1)
    PostcardFactory(
        summit=summit, ambition="Clean air on every high street.", district="cambridge"
    )
    page.goto(summit.url)
    expect(page.get_by_role("main")).to_contain_text("Clean air on every high street.")
    assert_accessible(page)
    page.get_by_role("link", name="Write your postcard").click()

    expect(heading(page)).to_have_text("Your ambition for the region")
    write(page, "A bus every 20 minutes between market towns.", district="Fenland")
    expect(heading(page)).to_have_text("Your postcard is on the wall")
    assert_accessible(page)
    page.get_by_role("link", name="See the wall").click()

    expect(heading(page)).to_have_text("Ambitions for the region")
    expect(page.get_by_role("main")).to_contain_text("Anonymous, Fenland")
    assert_accessible(page)
    page.get_by_label("District").select_option(label="Fenland")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_role("heading", name="1 matching postcard")).to_be_visible()
    expect(page.get_by_role("main")).not_to_contain_text("Clean air")
    assert_accessible(page)

    page.goto("/showcase/connected/")
    expect(page.get_by_role("main")).to_contain_text("A bus every 20 minutes")
    expect(page.get_by_role("main")).not_to_contain_text("Clean air")
    assert_accessible(page)

    page.goto(f"{summit.url}postcards/?outcome=nowhere")
    expect(page.locator(".error-summary")).to_contain_text("Select a valid choice.")
    assert_accessible(page)

    page.goto(f"{summit.url}postcards/")
    page.get_by_role("link", name="Big-screen view").click()
    expect(heading(page)).to_have_text("Ambitions for the region")
    expect(page.get_by_role("main")).to_contain_text("updates every 1 second.")
    expect(page.get_by_role("main")).to_contain_text("A bus every 20 minutes")
    assert_accessible(page)
    PostcardFactory(summit=summit, ambition="Trees along every new road.")
    expect(page.get_by_role("main")).to_contain_text("Trees along every new road.")
    page.get_by_role("button", name="Pause updates").click()
    expect(page.get_by_role("button", name="Pause updates")).to_have_attribute(
        "aria-pressed", "true"
    )
    PostcardFactory(summit=summit, ambition="Paused, so never shown.")
    page.wait_for_timeout(2500)
    expect(page.get_by_role("main")).not_to_contain_text("Paused, so never shown.")
    assert_accessible(page)
    assert not violations.enforced()
