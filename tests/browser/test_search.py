import pytest
from playwright.sync_api import expect

from tests.browser.helpers import assert_accessible, open_main_menu
from tests.factories.spotlights import SpotlightIndexPageFactory, SpotlightPageFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def viewport(any_viewport):
    return any_viewport


@pytest.fixture
def orchard_stories(site_pages, framework):
    index = SpotlightIndexPageFactory(parent=site_pages)
    for number in range(7):
        SpotlightPageFactory(
            parent=index,
            title=f"Community orchard {number}",
            standfirst="Volunteers planted fruit trees.",
        )
    return index


def test_search_from_the_header_groups_results_accessibly(page, orchard_stories):
    page.goto("/")
    open_main_menu(page).get_by_role("link", name="Search").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Search")
    assert_accessible(page)

    page.get_by_role("searchbox", name="Search this site").fill("orchard")
    page.get_by_role("button", name="Search", exact=True).click()

    expect(page.get_by_role("status")).to_have_text("7 results for “orchard”")
    stories = page.get_by_role("region", name="Delivery stories (7)")
    expect(stories.get_by_role("heading", level=3)).to_have_count(5)
    assert_accessible(page)

    stories.get_by_role("link", name="See all 7 delivery stories").click()
    expect(page.get_by_role("heading", level=3)).to_have_count(7)
    assert_accessible(page)

    page.get_by_role("link", name="Community orchard 3").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Community orchard 3")


def test_results_of_every_kind_are_accessible(page, site_pages, framework):
    from tests.factories.events import (
        SessionFactory,
        SummitIndexPageFactory,
        SummitPageFactory,
    )
    from tests.factories.signatories import SignatoryFactory
    from tests.factories.speakers import SpeakerFactory, SpeakersIndexPageFactory

    summits = SummitIndexPageFactory(parent=site_pages)
    SpeakersIndexPageFactory(parent=summits)
    SessionFactory(
        summit=SummitPageFactory(parent=summits),
        title="Wetland walk",
        speakers=[SpeakerFactory(name="Wetland Warden", slug="wetland-warden")],
    )
    SignatoryFactory(name="Wetland Trust")
    SpotlightPageFactory(
        parent=SpotlightIndexPageFactory(parent=site_pages), title="Wetland restored"
    )

    page.goto("/search/?q=wetland")

    expect(page.get_by_role("status")).to_have_text("4 results for “wetland”")
    for region in [
        "Delivery stories (1)",
        "Summit sessions (1)",
        "Speakers (1)",
        "Supporting organisations (1)",
    ]:
        expect(page.get_by_role("region", name=region)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Wetland Warden").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Wetland Warden")
