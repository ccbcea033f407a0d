import re

import pytest
from playwright.sync_api import expect

from framework.models import Commitment
from home.demo_images import demo_image
from tests.browser.helpers import assert_accessible
from tests.factories.events import (
    RoomFactory,
    SessionFactory,
    SummitIndexPageFactory,
    SummitPageFactory,
    TrackFactory,
)
from tests.factories.speakers import SpeakerFactory, SpeakersIndexPageFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def viewport(any_viewport):
    return any_viewport


@pytest.fixture
def summit(site_pages, framework):
    """A summit with a two-track programme, a past edition and photographed speakers."""
    index = SummitIndexPageFactory(parent=site_pages, title="Shared Ambition Summit")
    SpeakersIndexPageFactory(parent=index)
    SummitPageFactory(parent=index, title="Last year's summit", days_ahead=-365)
    summit = SummitPageFactory(
        parent=index,
        title="This year's summit",
        slug="this-year",
        hero_image=demo_image("Summit hero", seed=3, width=640, height=360),
    )
    growth = TrackFactory(summit=summit, name="Growing together", colour="teal")
    places = TrackFactory(summit=summit, name="Connected places", colour="blue")
    hall = RoomFactory(summit=summit, name="Nene Hall")
    ouse = RoomFactory(summit=summit, name="Ouse Room")
    welland = RoomFactory(summit=summit, name="Welland Room")
    ada = SpeakerFactory(name="Ada Example", slug="ada-example", with_photo=True)
    bob = SpeakerFactory(name="Bob Sample", pronouns="he/him", with_photo=True)
    homes, transport = Commitment.objects.filter(
        slug__in=["homes-for-all", "sustainable-transport-for-all"]
    ).order_by("slug")
    SessionFactory(
        summit=summit,
        title="Opening keynote",
        slug="opening-keynote",
        session_type="keynote",
        at=(9, 30),
        room=hall,
        speakers=[ada],
        bsl_interpretation=True,
        live_captions=True,
        commitments=[homes],
    )
    SessionFactory(
        summit=summit,
        title="Homes workshop",
        slug="homes-workshop",
        session_type="workshop",
        at=(10, 30),
        minutes=90,
        room=ouse,
        track=growth,
        capacity=25,
        speakers=[bob],
        commitments=[homes],
    )
    SessionFactory(
        summit=summit,
        title="Transport panel",
        session_type="panel",
        at=(10, 30),
        room=welland,
        track=places,
        commitments=[transport],
    )
    SessionFactory(
        summit=summit,
        title="Bus routes breakout",
        at=(11, 15),
        room=welland,
        track=places,
    )
    SessionFactory(
        summit=summit, title="Lunch", session_type="networking", at=(12, 0), room=hall
    )
    return summit


@pytest.mark.parametrize(
    "path, heading",
    [
        ("/summit/", "Shared Ambition Summit"),
        ("/summit/this-year/", "This year's summit"),
        ("/summit/this-year/programme/", "Programme"),
        ("/summit/this-year/programme/?type=workshop", "Programme"),
        ("/summit/this-year/sessions/opening-keynote/", "Opening keynote"),
        ("/summit/this-year/speakers/", "Speakers"),
    ],
)
def test_summit_pages_are_accessible(page, summit, path, heading):
    page.goto(path)

    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    assert_accessible(page)


def test_programme_is_a_table_on_desktop_and_a_list_on_phones(page, summit, viewport):
    page.goto("/summit/this-year/programme/")

    table = page.locator("table.timetable")
    if viewport["width"] >= 960:
        expect(
            table.get_by_role("columnheader", name="Growing together")
        ).to_be_visible()
        expect(
            table.get_by_role("columnheader", name="Connected places")
        ).to_be_visible()
        expect(table.get_by_role("rowheader", name="10:30")).to_be_visible()
        workshop = table.get_by_role("cell", name="Homes workshop")
        expect(workshop).to_have_attribute("rowspan", "2")
        expect(workshop.locator(".session__track")).to_be_hidden()
    else:
        # The same table, each session once, read as a list in time order: no
        # column headers, each session the table's full width, its track named.
        expect(table.locator("thead")).to_be_hidden()
        workshop = page.get_by_role("heading", level=3, name="Homes workshop")
        expect(workshop).to_be_visible()
        cell = table.locator("td", has=workshop)
        assert cell.bounding_box()["width"] >= table.bounding_box()["width"] - 1
        expect(cell.locator(".session__track")).to_have_text("Growing together")


def test_programme_filters_work_without_javascript(browser, live_server, summit):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    tab = context.new_page()
    tab.goto("/summit/this-year/programme/")

    tab.get_by_label("Type").select_option(label="Workshop")
    tab.get_by_role("button", name="Show sessions").click()

    expect(tab).to_have_url(
        f"{live_server.url}/summit/this-year/programme/?type=workshop&track=&commitment="
    )
    expect(tab.get_by_role("status")).to_have_text("1 session matches your filters.")
    expect(tab.get_by_role("link", name="Homes workshop").first).to_be_visible()
    expect(tab.get_by_role("link", name="Transport panel")).to_have_count(0)
    tab.get_by_label("Commitment").select_option(label="Sustainable Transport for All")
    tab.get_by_label("Type").select_option(label="All types")
    tab.get_by_role("button", name="Show sessions").click()
    expect(tab.get_by_role("link", name="Transport panel").first).to_be_visible()
    expect(tab.get_by_role("link", name="Homes workshop")).to_have_count(0)
    context.close()


def test_printed_programme_is_the_plain_list(page, summit):
    page.goto("/summit/this-year/programme/")
    page.emulate_media(media="print")

    expect(page.locator("table.timetable thead")).to_be_hidden()
    expect(page.get_by_role("heading", level=3, name="Transport panel")).to_be_visible()
    expect(page.get_by_role("button", name="Show sessions")).to_be_hidden()


def test_session_page_links_speakers_and_the_calendar(page, summit):
    page.goto("/summit/this-year/sessions/opening-keynote/")

    main = page.get_by_role("main")
    expect(main.get_by_role("img", name="Photo of Ada Example")).to_be_visible()
    calendar = main.get_by_role("link", name="Download for Apple Calendar and others")
    expect(calendar).to_have_attribute(
        "href", "/summit/this-year/sessions/opening-keynote/calendar/"
    )
    expect(main.get_by_role("link", name="Add to Google Calendar")).to_have_attribute(
        "href", re.compile(r"^https://calendar\.google\.com/calendar/render\?")
    )
    main.get_by_role("link", name="Ada Example").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ada Example")
    # Let the new page's images load, so no request outlives the live server.
    page.wait_for_load_state("networkidle")


def test_programme_pages_do_not_scroll_sideways_at_320px(browser, live_server, summit):
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 320, "height": 640}
    )
    tab = context.new_page()
    for path in [
        "/summit/this-year/",
        "/summit/this-year/programme/",
        "/summit/this-year/sessions/homes-workshop/",
    ]:
        tab.goto(path)
        overflow = tab.evaluate(
            "document.documentElement.scrollWidth - window.innerWidth"
        )
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at 320px"
    context.close()
