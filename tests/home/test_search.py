import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from events.models import Session
from home.models import StandardPage
from signatories.models import Signatory
from speakers.models import Speaker
from tests.factories.events import (
    SessionFactory,
    SummitIndexPageFactory,
    SummitPageFactory,
)
from tests.factories.signatories import PendingSignatoryFactory, SignatoryFactory
from tests.factories.speakers import SpeakerFactory, SpeakersIndexPageFactory
from tests.factories.spotlights import SpotlightIndexPageFactory, SpotlightPageFactory


@pytest.fixture
def index(site_pages):
    return SpotlightIndexPageFactory(parent=site_pages)


def group(response, slug):
    section = response.text.split(f'id="results-{slug}"')[1].split("</section>")[0]
    return re.findall(r'<h3><a href="[^"]+">([^<]+)</a></h3>', section)


def test_search_page_offers_a_labelled_search_box(client, site_pages):
    response = client.get("/search/")

    assert response.status_code == 200
    assert (
        '<form class="form" method="get" action="/search/" role="search"'
        in response.text
    )
    assert '<label class="field__label" for="id_q">Search this site' in response.text


def test_search_groups_stories_and_pages(client, index):
    SpotlightPageFactory(
        parent=index, title="Orchard skills project", standfirst="Pruning lessons."
    )
    SpotlightPageFactory(parent=index, title="Orchard draft", live=False)
    restricted = SpotlightPageFactory(parent=index, title="Orchard private")
    PageViewRestriction.objects.create(
        page=restricted, restriction_type=PageViewRestriction.LOGIN
    )
    about = StandardPage.objects.get(slug="about")
    about.introduction = "Our orchard of commitments."
    about.save_revision().publish()

    response = client.get("/search/?q=orchard")

    assert response.status_code == 200
    assert "2 results for “orchard”" in response.text
    assert group(response, "stories") == ["Orchard skills project"]
    assert "Pruning lessons." in response.text
    assert group(response, "pages") == ["About the Shared Ambition"]


def test_search_finds_stories_by_partner_name(client, index):
    story = SpotlightPageFactory(
        parent=index, title="Bus link", partners=["Zebra Transport (test)"]
    )
    # Publishing indexes the page with its partners, as the admin does.
    story.save_revision().publish()

    response = client.get("/search/?q=zebra")

    assert group(response, "stories") == ["Bus link"]


def test_search_links_to_every_result_of_a_kind_in_pages(client, index):
    for number in range(7):
        SpotlightPageFactory(parent=index, title=f"Meadow story {number}")

    grouped = client.get("/search/?q=meadow")
    all_stories = client.get("/search/?q=meadow&kind=stories")

    assert len(group(grouped, "stories")) == 5
    assert (
        'href="?q=meadow&amp;kind=stories">See all 7 delivery stories</a>'
        in grouped.text
    )
    assert "7 delivery stories matching “meadow”" in all_stories.text
    assert len(re.findall(r"<h3><a ", all_stories.text)) == 7


def test_search_says_when_nothing_matches(client, index):
    response = client.get("/search/?q=zzzqqq")

    assert "0 results for “zzzqqq”" in response.text
    assert "No delivery stories match." in response.text


def test_search_answers_bad_input_clearly(client, site_pages):
    assert client.get("/search/?q=x&kind=nonsense").status_code == 404
    assert client.get("/search/?q=x&kind=stories&page=9").status_code == 404
    too_long = client.get("/search/?q=" + "x" * 201)
    assert too_long.status_code == 400
    assert "Ensure this value has at most 200 characters" in too_long.text


def test_search_costs_the_same_queries_for_6_or_30_matches(client, index):
    def queries(url):
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        return len(captured)

    for number in range(6):
        SpotlightPageFactory(parent=index, title=f"Willow story {number}")
    few = queries("/search/?q=willow"), queries("/search/?q=willow&kind=stories")
    for number in range(6, 30):
        SpotlightPageFactory(parent=index, title=f"Willow story {number}")

    many = queries("/search/?q=willow"), queries("/search/?q=willow&kind=stories")
    assert many == few


@pytest.fixture
def summits(site_pages):
    summits = SummitIndexPageFactory(parent=site_pages)
    SpeakersIndexPageFactory(parent=summits)
    return summits


def test_search_finds_sessions_of_live_summits_only(client, summits):
    summit = SummitPageFactory(parent=summits, title="Summit 2026", slug="2026")
    draft = SummitPageFactory(parent=summits, title="Draft summit", live=False)
    SessionFactory(summit=summit, title="Heat pump workshop", slug="heat-pumps")
    SessionFactory(summit=draft, title="Heat pump secrets")

    response = client.get("/search/?q=heat")

    assert group(response, "sessions") == ["Heat pump workshop"]
    assert 'href="/summit/2026/sessions/heat-pumps/"' in response.text
    assert "Breakout at Summit 2026, " in response.text


def test_search_finds_speakers_at_live_summits_only(client, summits):
    summit = SummitPageFactory(parent=summits)
    draft = SummitPageFactory(parent=summits, live=False)
    speaking = SpeakerFactory(name="Robin Orchard", slug="robin-orchard")
    SessionFactory(summit=summit, speakers=[speaking])
    SessionFactory(summit=summit, speakers=[speaking])
    SessionFactory(
        summit=draft, speakers=[SpeakerFactory(name="Kim Orchard", role="Chair")]
    )
    SpeakerFactory(name="Sam Orchard")  # in no session yet

    response = client.get("/search/?q=orchard")

    assert group(response, "speakers") == ["Robin Orchard"]
    assert 'href="/summit/speakers/robin-orchard/"' in response.text
    assert "Head of Testing, Example Organisation" in response.text


def test_search_finds_approved_organisations_only(client, site_pages):
    SignatoryFactory(
        name="Orchard Growers", slug="orchard-growers", contact_name="Alex Hidden"
    )
    PendingSignatoryFactory(name="Orchard Pending")
    SignatoryFactory(name="Orchard Withdrawn", status="withdrawn")
    SignatoryFactory(name="Quiet Trust", pledge="We will plant a community orchard.")

    response = client.get("/search/?q=orchard")
    by_contact = client.get("/search/?q=hidden")

    assert sorted(group(response, "organisations")) == [
        "Orchard Growers",
        "Quiet Trust",
    ]
    assert 'href="/signatories/orchard-growers/"' in response.text
    assert "Business · Cambridge" in response.text
    assert group(by_contact, "organisations") == []


def test_update_index_indexes_sessions_speakers_and_organisations(client, summits):
    from django.core.management import call_command

    SessionFactory(
        summit=SummitPageFactory(parent=summits), speakers=[SpeakerFactory()]
    )
    SignatoryFactory()
    # Renamed behind the search index's back (update() sends no signals).
    Session.objects.update(title="Wetland walk")
    Speaker.objects.update(name="Wetland Warden")
    Signatory.objects.update(name="Wetland Trust")
    assert group(client.get("/search/?q=wetland"), "sessions") == []

    call_command("update_index", stdout=io.StringIO())

    response = client.get("/search/?q=wetland")
    assert group(response, "sessions") == ["Wetland walk"]
    assert group(response, "speakers") == ["Wetland Warden"]
    assert group(response, "organisations") == ["Wetland Trust"]


def test_search_costs_the_same_queries_for_6_or_12_of_each_kind(client, index, summits):
    def add(start, stop):
        for number in range(start, stop):
            summit = SummitPageFactory(parent=summits, title=f"Summit {number}")
            SessionFactory(
                summit=summit,
                title=f"Maple session {number}",
                speakers=[SpeakerFactory(name=f"Maple Speaker {number}")],
            )
            SignatoryFactory(name=f"Maple Organisation {number}")
            SpotlightPageFactory(parent=index, title=f"Maple story {number}")

    def queries(url):
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        return len(captured)

    urls = ["/search/?q=maple"] + [
        f"/search/?q=maple&kind={kind}"
        for kind in ["stories", "sessions", "speakers", "organisations"]
    ]
    add(0, 6)
    six = [queries(url) for url in urls]
    add(6, 12)

    assert [queries(url) for url in urls] == six
    assert "12 summit sessions matching" in client.get(urls[2]).text
