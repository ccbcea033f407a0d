"""Parts of pages kept until content changes (`{% kept %}`, the site, routes and
section pages: home/page_cache.py `remember`), with the page cache off as for
signed-in visitors: a change shows on the next visit, and nothing is kept from a
preview or shared between hosts."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.template import Context, Template
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from events.booking import holds
from events.site_setup import setup_summit_index
from home import page_cache
from home.models import StandardPage
from tests.factories.accounts import VerifiedUserFactory
from tests.factories.events import (
    AttendeeFactory,
    SummitPageFactory,
    TicketTypeFactory,
    open_registration,
)
from tests.factories.spotlights import SpotlightIndexPageFactory, SpotlightPageFactory


@pytest.fixture
def stories(site_pages, framework):
    return SpotlightIndexPageFactory(parent=site_pages)


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    return response, len(captured)


def test_a_kept_page_part_costs_no_queries_the_second_time(client, stories):
    SpotlightPageFactory(parent=stories, title="Bus link doubles")
    client.get("/stories/")
    client.get("/stories/")
    _response, warm = queries(client, "/stories/")
    page_cache.changed()

    response, renewed = queries(client, "/stories/")

    assert "Bus link doubles" in response.text
    assert warm < renewed


def test_editing_publishing_unpublishing_and_moving_a_story_show_at_once(
    client, stories
):
    story = SpotlightPageFactory(parent=stories, title="Bus link doubles")
    related = SpotlightPageFactory(
        parent=stories, title="Cycle lanes", commitments=list(story.commitments.all())
    )
    for url in ("/stories/", story.url, related.url, "/"):
        client.get(url)

    story.title = "Bus link triples"
    story.save_revision().publish()
    assert "Bus link triples" in client.get("/stories/").text
    assert "Bus link triples" in client.get(story.url).text

    story.unpublish()
    assert client.get(story.url).status_code == 404
    assert "Bus link triples" not in client.get("/stories/").text

    story.save_revision().publish()
    old_url = story.url
    client.get(old_url)
    archive = stories.get_parent().add_child(
        instance=StandardPage(title="Archive", slug="archive")
    )
    story.move(archive, pos="last-child")
    assert client.get(f"/archive/{story.slug}/").status_code == 200
    assert client.get(old_url).status_code in (301, 404)


def test_a_made_up_address_keeps_nothing(client, site_pages):
    assert client.get("/no-such-page/").status_code == 404
    made = []

    page_cache.remember(
        RequestFactory().get("/no-such-page/"),
        "route:testserver:80:no-such-page/",
        lambda: made.append(True),
    )

    assert made == [True]  # nothing was kept for it


def _render(source, request, **context):
    return Template("{% load page_cache_tags %}" + source).render(
        Context({"request": request, **context})
    )


def test_a_kept_part_is_kept_per_host_and_values_and_never_from_a_preview(settings, db):
    settings.ALLOWED_HOSTS = ["a.example", "b.example"]
    source = '{% kept "part" number %}{{ text }}{% endkept %}'
    one = RequestFactory().get("/", HTTP_HOST="a.example")
    other_host = RequestFactory().get("/", HTTP_HOST="b.example")
    preview = RequestFactory().get("/", HTTP_HOST="a.example")
    preview.is_preview = True

    assert _render(source, one, number=1, text="first") == "first"
    assert _render(source, one, number=1, text="later") == "first"
    assert _render(source, one, number=2, text="second") == "second"
    assert _render(source, other_host, number=1, text="there") == "there"
    assert _render(source, preview, number=1, text="draft") == "draft"

    page_cache.changed()
    fresh = RequestFactory().get("/", HTTP_HOST="a.example")
    assert _render(source, fresh, number=1, text="changed") == "changed"


def test_without_a_shared_cache_each_request_makes_its_parts(rf, settings):
    """KEEP_PARTS off (no Redis): another web worker's copy could not be renewed."""
    settings.KEEP_PARTS = False
    made = []

    for _ in range(2):
        page_cache.remember(rf.get("/"), "part", lambda: made.append(1) or "made")

    assert len(made) == 2


def test_a_new_release_makes_its_parts_afresh(rf, monkeypatch):
    made = []

    def make():
        made.append(1)
        return "made"

    page_cache.remember(rf.get("/"), "part", make)
    page_cache.remember(rf.get("/"), "part", make)
    assert len(made) == 1
    monkeypatch.setattr(page_cache, "_code_version", lambda: "next-release")

    page_cache.remember(rf.get("/"), "part", make)

    assert len(made) == 2


def test_a_request_reads_the_content_generation_once(rf, monkeypatch):
    reads = []
    get_many = page_cache.cache.get_many
    monkeypatch.setattr(
        page_cache.cache, "get_many", lambda keys: reads.append(keys) or get_many(keys)
    )
    request = rf.get("/")

    for name in ("header", "footer", "card"):
        page_cache.remember(request, name, lambda: "made")

    assert reads == [[page_cache._generation_key(page_cache.CONTENT)]]


def test_a_kept_part_is_made_afresh_while_its_unless_condition_holds(db):
    source = '{% kept "part" unless personal %}{{ text }}{% endkept %}'
    request = RequestFactory().get("/")

    assert _render(source, request, personal=False, text="shared") == "shared"
    assert _render(source, request, personal=True, text="mine") == "mine"
    assert _render(source, request, personal=False, text="later") == "shared"


def test_a_kept_part_that_shows_a_topic_is_kept_until_that_topic_changes(db):
    source = '{% kept "part" shows "places" %}{{ text }}{% endkept %}'

    def render(text):
        return _render(source, RequestFactory().get("/"), text=text)

    assert render("first") == "first"
    page_cache.changed(page_cache.FIGURES)
    assert render("later") == "first"
    page_cache.changed(page_cache.PLACES)
    assert render("places changed") == "places changed"


# Places left on a summit page, for a visitor who is signed in: the page is theirs
# (never kept whole), its ticket list a kept part that shows places.


@pytest.fixture
def ticket_type(site_pages, framework):
    summit = open_registration(
        SummitPageFactory(parent=setup_summit_index(site_pages)[0])
    )
    return TicketTypeFactory(summit=summit, name="Delegate place", capacity=3)


@pytest.fixture
def signed_in(client, db):
    client.force_login(VerifiedUserFactory())
    return client


def test_the_ticket_list_is_counted_once_for_people_signed_in(signed_in, ticket_type):
    url = ticket_type.summit.url
    signed_in.get(url)

    with CaptureQueriesContext(connection) as captured:
        response = signed_in.get(url)

    assert "Only 3 places left" in response.text
    assert not [q for q in captured if "events_tickettype" in q["sql"]]


def test_a_booking_shows_in_places_left_for_people_signed_in(signed_in, ticket_type):
    url = ticket_type.summit.url
    assert "Only 3 places left" in signed_in.get(url).text

    AttendeeFactory(ticket_type=ticket_type)

    assert "Only 2 places left" in signed_in.get(url).text


def test_a_place_held_past_its_time_comes_back_for_people_signed_in(
    signed_in, ticket_type, settings
):
    settings.PAGE_CACHE_SECONDS = 24 * 60 * 60  # only the clock can renew the part
    url = ticket_type.summit.url
    holds.hold_places(
        summit=ticket_type.summit, quantities={ticket_type: 1}, key="someone"
    )
    assert "Only 2 places left" in signed_in.get(url).text

    with time_machine.travel(timezone.now() + datetime.timedelta(hours=2)):
        assert "Only 3 places left" in signed_in.get(url).text
