"""The form, the wall, the big screen, the open data and the outcome page, as a
visitor sees them; the page cache shows a card the moment it is approved or taken
down; and every listing runs the same queries with 1 card as with 3."""

import csv
import io
import json
import re

import pytest
from django.core.cache import cache

from events.models import Postcard
from events.postcards import services
from tests.factories.events import SummitPageFactory
from tests.factories.postcards import PostcardFactory
from tests.queries import assert_same_queries

pytestmark = pytest.mark.django_db


def form(chosen, **fields):
    return {
        "ambition": "A bus every 20 minutes to every market town.",
        "outcome": chosen.slug,
        "first_name": "Ada",
        "district": "fenland",
        **fields,
    }


def write_url(summit):
    return f"{summit.url}postcards/write/"


def test_a_clean_postcard_goes_on_the_wall_and_the_summit_page(client, summit, outcome):
    response = client.post(write_url(summit), form(outcome))

    assert response.status_code == 302
    assert response["Location"] == f"{summit.url}postcards/write/on-the-wall/"
    assert "Your postcard is on the wall" in client.get(response["Location"]).text
    wall = client.get(f"{summit.url}postcards/").text
    assert "A bus every 20 minutes to every market town." in wall
    assert "Ada, Fenland" in wall
    summit_page = client.get(summit.url).text
    assert "A bus every 20 minutes to every market town." in summit_page
    assert "Write your postcard" in summit_page


def test_a_suspect_postcard_waits_for_a_moderator(client, summit, outcome):
    response = client.post(
        write_url(summit), form(outcome, ambition="Call 01234 567890 today")
    )

    assert response["Location"] == f"{summit.url}postcards/write/received/"
    assert "a moderator will check" in client.get(response["Location"]).text
    assert "01234" not in client.get(f"{summit.url}postcards/").text
    assert Postcard.objects.get().status == "held"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"ambition": ""}, "This field is required."),
        ({"ambition": "x" * 281}, "at most 280 characters"),
        ({"outcome": ""}, "Choose the outcome your ambition speaks to."),
        ({"outcome": "no-such-outcome"}, "Select a valid choice."),
        ({"district": "outside"}, "Select a valid choice."),
        ({"nickname": "bot"}, "There is a problem"),
    ],
)
def test_a_bad_postcard_is_refused_with_a_message_and_writes_nothing(
    client, summit, outcome, fields, message
):
    response = client.post(write_url(summit), form(outcome, **fields))

    assert response.status_code == 400
    assert message in response.text
    assert not Postcard.objects.exists()


def test_the_form_answers_head_as_the_other_pages_do(client, summit):
    assert client.head(write_url(summit)).status_code == 200


def test_a_summit_not_collecting_says_so_and_writes_nothing(client, summit, outcome):
    summit.postcards_open = False
    summit.save_revision().publish()

    page = client.get(write_url(summit))
    refused = client.post(write_url(summit), form(outcome))

    assert "not collecting ambition postcards" in page.text
    assert refused.status_code == 409
    assert not Postcard.objects.exists()


def test_a_refusal_from_the_writing_service_is_a_409_with_its_message(
    client, summit, outcome, monkeypatch
):
    def refuse(**fields):
        raise services.PostcardError("Postcards closed a moment ago.")

    monkeypatch.setattr(services, "write_postcard", refuse)

    refused = client.post(write_url(summit), form(outcome))

    assert refused.status_code == 409
    assert "Postcards closed a moment ago." in refused.text
    assert "Post your card" not in refused.text
    assert not Postcard.objects.exists()


def test_writing_is_rate_limited(client, summit, outcome, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "postcards": (2, 600)}
    cache.clear()
    for _ in range(2):
        assert client.post(write_url(summit), form(outcome)).status_code == 302

    refused = client.post(write_url(summit), form(outcome))

    assert refused.status_code == 429
    assert Postcard.objects.count() == 2


def test_the_badge_short_link_leads_to_the_form(client, summit):
    response = client.get(f"/ambition/{summit.slug}/")

    assert response.status_code == 302
    assert response["Location"] == write_url(summit)
    assert summit.postcard_short_url == f"http://testserver/ambition/{summit.slug}/"


def test_the_wall_filters_by_outcome_and_district(client, summit, outcome):
    connected = PostcardFactory(summit=summit, outcome=outcome, district="fenland")
    PostcardFactory(
        summit=summit, outcome=outcome, ambition="Elsewhere", district="cambridge"
    )
    PostcardFactory(summit=summit, ambition="Another outcome", district="fenland")
    PostcardFactory(summit=summit, status="held", ambition="Held back")

    wall = client.get(f"{summit.url}postcards/?outcome=connected&district=fenland")

    assert connected.ambition in wall.text
    assert "Elsewhere" not in wall.text and "Held back" not in wall.text
    assert "Another outcome" not in wall.text
    assert "1 matching postcard" in wall.text


def test_a_bad_filter_is_a_400_with_a_message(client, summit):
    response = client.get(f"{summit.url}postcards/?outcome=nowhere")

    assert response.status_code == 400
    assert "Select a valid choice." in response.text


def test_the_big_screen_shows_the_newest_and_says_how_often(client, summit):
    PostcardFactory(summit=summit, ambition="Trees on every new road.")

    screen = client.get(f"{summit.url}postcards/screen/").text

    assert 'data-refresh-seconds="30"' in screen
    assert "js/postcard-screen.js" in screen
    assert "Trees on every new road." in screen
    assert f"/ambition/{summit.slug}/" in screen


def test_open_data_has_the_cards_but_no_names(client, summit):
    PostcardFactory(
        summit=summit,
        ambition="=Clean air by 2030",
        first_name="Zebedee",
        district="peterborough",
    )
    PostcardFactory(summit=summit, status="held", ambition="Held back")

    rows = list(
        csv.DictReader(
            io.StringIO(
                client.get(f"{summit.url}postcards/postcards.csv")
                .content.decode()
                .lstrip("\ufeff")
            )
        )
    )
    data = client.get(f"{summit.url}postcards/postcards.json").json()

    assert [row["ambition"] for row in rows] == ["'=Clean air by 2030"]
    assert rows[0]["ons_code"] == "E06000031"
    assert data["count"] == 1
    assert data["postcards"][0]["ambition"] == "=Clean air by 2030"
    assert data["postcards"][0]["district_name"] == "Peterborough"
    assert "Zebedee" not in json.dumps(data) and "first_name" not in data["fields"]


def test_the_outcome_page_shows_its_latest_postcards(client, summit, showcase, outcome):
    PostcardFactory.create_batch(6, summit=summit, outcome=outcome)
    PostcardFactory(summit=summit, outcome=outcome, ambition="Rail to Wisbech.")
    PostcardFactory(summit=summit, ambition="About another outcome.")

    page = client.get(f"/showcase/{outcome.slug}/")

    assert "Ambitions from the summit" in page.text
    assert "Rail to Wisbech." in page.text
    assert "About another outcome." not in page.text
    assert page.text.count('class="card postcard') == 6
    link = f'href="{summit.url}postcards/?outcome={outcome.slug}"'
    assert f"{link}>See all 7 ambitions for Connected from {summit.title}<" in page.text


def test_the_outcome_page_links_each_summit_s_wall_with_its_own_count(
    client, summit_index, summit, showcase, outcome
):
    PostcardFactory.create_batch(7, summit=summit, outcome=outcome)
    later = SummitPageFactory(parent=summit_index, days_ahead=395)

    def a_card_at_a_later_summit():
        PostcardFactory(summit=later, outcome=outcome)
        PostcardFactory(summit=later, status="held", outcome=outcome)

    counts = assert_same_queries(
        client, [f"/showcase/{outcome.slug}/"], grow=a_card_at_a_later_summit
    )
    page = client.get(f"/showcase/{outcome.slug}/").text

    assert list(counts.values()) == [3]  # its sections are kept
    links = re.findall(r'<a href="([^"]+)">(See [^<]+ for Connected[^<]*)</a>', page)
    wall = f"postcards/?outcome={outcome.slug}"
    assert links == [
        (f"{later.url}{wall}", f"See the 1 ambition for Connected from {later.title}"),
        (
            f"{summit.url}{wall}",
            f"See all 7 ambitions for Connected from {summit.title}",
        ),
    ]
    assert "1 matching postcard<" in client.get(links[0][0]).text
    assert "7 matching postcards<" in client.get(links[1][0]).text


def test_cards_of_an_unpublished_summit_show_nowhere(client, summit, showcase):
    card = PostcardFactory(summit=summit, ambition="Hidden away.")
    summit.unpublish()

    assert "Hidden away." not in client.get(f"/showcase/{card.outcome.slug}/").text


def test_every_listing_runs_the_same_queries_for_1_and_3_cards(
    client, summit, showcase, outcome
):
    PostcardFactory(summit=summit, outcome=outcome)
    urls = [
        summit.url,
        f"{summit.url}postcards/",
        f"{summit.url}postcards/?outcome={outcome.slug}&district=fenland",
        f"{summit.url}postcards/screen/",
        f"{summit.url}postcards/postcards.csv",
        f"{summit.url}postcards/postcards.json",
        f"/showcase/{outcome.slug}/",
    ]

    counts = assert_same_queries(
        client,
        urls,
        grow=lambda: PostcardFactory.create_batch(2, summit=summit, outcome=outcome),
    )

    # The summit page's count belongs to its other sections too; these are ours.
    assert [counts[url] for url in urls[1:]] == [4, 4, 1, 1, 1, 3]


def test_the_summit_page_shows_the_latest_six_and_links_to_all(client, summit):
    PostcardFactory.create_batch(8, summit=summit)

    page = client.get(summit.url).text

    assert page.count('class="card postcard') == 6
    assert "See all 8 postcards" in page


class TestPageCache:
    @pytest.fixture(autouse=True)
    def _page_cache_on(self, settings):
        settings.PAGE_CACHE = True

    def kept(self, client, url):
        client.get(url)
        response = client.get(url)
        assert response["X-Page-Cache"] == "hit", url
        return response

    def test_an_approved_card_shows_at_once_and_a_held_one_keeps_pages(
        self, client, summit, showcase, outcome, django_capture_on_commit_callbacks
    ):
        pages = [
            summit.url,
            f"{summit.url}postcards/",
            f"{summit.url}postcards/screen/",
            f"{summit.url}postcards/postcards.json",
            f"/showcase/{outcome.slug}/",
        ]
        for url in pages:
            self.kept(client, url)
        with django_capture_on_commit_callbacks(execute=True):
            held = services.write_postcard(
                summit=summit, ambition="Call 01234 567890", outcome=outcome
            )
        for url in pages:
            assert client.get(url)["X-Page-Cache"] == "hit", url

        with django_capture_on_commit_callbacks(execute=True):
            services.approve_postcard(postcard=held, user=None)
        for url in pages:
            response = client.get(url)
            assert response["X-Page-Cache"] == "miss", url
            assert "Call 01234 567890" in response.content.decode(), url

        for url in pages:
            self.kept(client, url)
        with django_capture_on_commit_callbacks(execute=True):
            services.take_down_postcard(postcard=held, user=None, reason="Advert")
        for url in pages:
            assert "Call 01234 567890" not in client.get(url).content.decode(), url

    def test_open_data_tells_browsers_and_cdns_what_the_other_pages_do(
        self, client, summit, settings, django_capture_on_commit_callbacks
    ):
        settings.PAGE_CACHE_CDN_SECONDS = 0
        card = PostcardFactory(summit=summit, ambition="Soon taken down.")
        wall = self.kept(client, f"{summit.url}postcards/")
        urls = [
            f"{summit.url}postcards/postcards.csv",
            f"{summit.url}postcards/postcards.json",
        ]
        for url in urls:
            response = self.kept(client, url)
            assert response["Cache-Control"] == wall["Cache-Control"], url
            assert response["Cache-Control"] == "public, max-age=0, s-maxage=0"
            assert response["Access-Control-Allow-Origin"] == "*"

        with django_capture_on_commit_callbacks(execute=True):
            services.take_down_postcard(postcard=card, user=None, reason="Names")
        for url in urls:
            response = client.get(url)
            assert "Soon taken down." not in response.content.decode(), url
            assert response["Cache-Control"] == wall["Cache-Control"], url
