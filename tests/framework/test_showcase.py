import html as html_lib
import re

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory

from framework.models import SHOWCASE_LATEST, Commitment, Outcome
from tests.factories.framework import (
    CommitmentFactory,
    IndicatorFactory,
    OutcomeFactory,
    observe,
)
from tests.framework.conftest import FakeStory
from tests.queries import assert_same_queries

HOMES = "/showcase/equitable/homes-for-all/"


def _headings(html, level):
    return [
        html_lib.unescape(re.sub(r"<[^>]+>", "", heading).strip())
        for heading in re.findall(rf"<h{level}[^>]*>(.*?)</h{level}>", html, re.S)
    ]


def test_showcase_shows_the_statement_values_outcomes_and_commitments(client, showcase):
    response = client.get("/showcase/")

    assert response.status_code == 200
    html = response.text
    assert _headings(html, 1) == ["Our commitments"]
    assert "By igniting innovation, embracing our diversity" in html
    assert _headings(html, 2) == [
        "Shared Ambition to 2050",
        "Our values",
        "Equitable",
        "Pioneering",
        "Connected",
        "Resilient",
    ]
    cards = _headings(html, 3)
    assert cards[:3] == [
        "Igniting Innovation",
        "Embracing Diversity",
        "Championing Collaboration",
    ]
    assert len(cards) == 3 + 14
    assert f'href="{HOMES}">Homes for All</a>' in html


def test_provisional_commitments_carry_a_wording_note_until_cleared(client, showcase):
    assert client.get("/showcase/").text.count("Wording to be confirmed") == 14
    note = "<strong>Wording to be confirmed.</strong>"
    assert note in client.get(HOMES).text

    Commitment.objects.filter(slug="homes-for-all").update(provisional=False)

    assert client.get("/showcase/").text.count("Wording to be confirmed") == 13
    assert note not in client.get(HOMES).text


def test_commitment_page_shows_its_words_outcome_and_siblings(client, showcase):
    response = client.get(HOMES)

    html = response.text
    assert response.status_code == 200
    assert _headings(html, 1) == ["Homes for All"]
    assert "Build enough good-quality, affordable" in html
    assert '<a href="/showcase/equitable/">Equitable</a> outcome' in html
    assert "<title>Homes for All: Our commitments | Shared Ambition</title>" in html
    assert 'aria-current="page">Homes for All</li>' in html
    siblings = re.findall(r'class="tag" href="([^"]+)"', html)
    assert len(siblings) == 3 and HOMES not in siblings


def test_commitment_page_shows_indicators_with_latest_change_chart_and_table(
    client, showcase
):
    homes = Commitment.objects.get(slug="homes-for-all")
    indicator = IndicatorFactory(
        commitment=homes,
        name="Affordable homes completed",
        unit="homes",
        decimal_places=0,
    )
    observe(indicator, "2010", "2230", "2410", first_year=2022)

    html = client.get(HOMES).text

    assert "2,410 homes</strong> in 2024" in html
    assert "Up 180 homes since 2023" in html
    assert '<span class="status status--better">Improving</span>' in html
    assert 'role="img" aria-labelledby="chart-indicator' in html
    assert "<title id=" in html and "Trend chart: Affordable homes completed" in html
    assert "It went from 2,010 homes in 2022 to 2,410 homes in 2024." in html
    assert '<th scope="row">2023</th><td class="num">2,230 homes</td>' in html
    assert '<a href="https://example.org/statistics">Test statistics' in html


def test_commitment_without_indicators_or_tagged_content_says_so(client, showcase):
    html = client.get(HOMES).text

    assert "No indicators measure this commitment yet." in html
    assert "No summit sessions for this commitment yet." in html


def test_commitment_page_lists_public_items_of_every_tagged_kind(
    client, showcase, fake_stories
):
    homes = Commitment.objects.get(slug="homes-for-all")
    fake_stories.tag(
        homes, FakeStory("New homes in March (demo)", "/stories/march/", "Built.")
    )
    fake_stories.tag(homes, FakeStory("Draft story", "/stories/draft/"), public=False)

    html = client.get(HOMES).text

    assert "Delivery stories</h2>" in html
    assert 'href="/stories/march/">New homes in March (demo)</a>' in html
    assert "Draft story" not in html
    other = client.get("/showcase/equitable/harness-health-wellbeing/").text
    assert "No delivery stories for this commitment yet." in other


def test_commitment_page_shows_the_latest_few_of_each_kind_and_links_to_all(
    client, showcase, fake_stories
):
    homes = Commitment.objects.get(slug="homes-for-all")

    def tag(numbers):
        for number in numbers:
            fake_stories.tag(
                homes,
                FakeStory(f"Story {number:04d}", f"/stories/{number:04d}/", "Done."),
            )

    tag(range(SHOWCASE_LATEST))
    html = client.get(HOMES).text
    assert html.count('class="card__link"') == SHOWCASE_LATEST
    assert "See all" not in html  # every story is on the page already
    tag([SHOWCASE_LATEST])
    size = len(client.get(HOMES).text)

    tag(range(SHOWCASE_LATEST + 1, 1000))
    html = client.get(HOMES).text

    titles = re.findall(r'class="card__link" href="[^"]+">([^<]+)</a>', html)
    assert titles == [f"Story {n:04d}" for n in range(999, 999 - SHOWCASE_LATEST, -1)]
    assert (
        '<a href="/stories/?commitment=homes-for-all">'
        "See all 1000 delivery stories about Homes for All</a>" in html
    )
    assert len(html) == size + len("1000") - len("7")  # only the count in the link


@pytest.mark.parametrize(
    "path",
    [
        "/showcase/nowhere/",
        "/showcase/equitable/no-such-commitment/",
        "/showcase/pioneering/homes-for-all/",
        "/showcase/equitable/homes-for-all/extra/",
    ],
)
def test_unknown_or_mismatched_slugs_are_not_found(client, showcase, path):
    response = client.get(path)

    assert response.status_code == 404
    assert "Page not found" in response.text


def test_outcome_page_lists_its_commitments_and_outcome_indicators(client, showcase):
    equitable = Outcome.objects.get(slug="equitable")
    indicator = IndicatorFactory(
        commitment=None, outcome=equitable, name="Life expectancy gap (test)"
    )
    observe(indicator, "10.2", "9.8")

    response = client.get("/showcase/equitable/")

    html = response.text
    assert _headings(html, 1) == ["Equitable"]
    assert _headings(html, 3) == [
        "Harness Health & Wellbeing",
        "Education, Skills & Employment for All",
        "Homes for All",
        "Thriving, Inclusive Communities",
        "Life expectancy gap (test)",
    ]
    assert "Down 0.4 percentage points since 2020" in html


def test_showcase_query_count_does_not_grow_with_commitments(client, showcase):
    equitable = Outcome.objects.get(slug="equitable")

    def grow():
        CommitmentFactory.create_batch(3, outcome=equitable)
        CommitmentFactory.create_batch(2, outcome=OutcomeFactory())

    counts = assert_same_queries(client, ["/showcase/"], grow=grow)

    assert counts == {"/showcase/": 6}
    assert len(_headings(client.get("/showcase/").text, 3)) == 3 + 14 + 5


# Each page's tagged content is kept until content changes (its count made
# afresh is checked too: tests/queries.py), and so is the showcase page.
@pytest.mark.parametrize("path, queries", [(HOMES, 4), ("/showcase/equitable/", 4)])
def test_commitment_and_outcome_query_count_does_not_grow_with_indicators(
    client, showcase, path, queries
):
    homes = Commitment.objects.get(slug="homes-for-all")
    equitable = homes.outcome
    observe(IndicatorFactory(commitment=homes), "1", "2")
    observe(IndicatorFactory(commitment=None, outcome=equitable), "1", "2")

    def grow():
        for _ in range(2):
            observe(IndicatorFactory(commitment=homes), "1", "2", "3", "4")
            observe(IndicatorFactory(commitment=None, outcome=equitable), "1", "2", "3")
        CommitmentFactory.create_batch(2, outcome=equitable)

    counts = assert_same_queries(client, [path], grow=grow)

    # The page itself; its tagged content is kept.
    assert counts == {path: queries}


def test_commitment_and_outcome_urls_come_from_the_live_showcase(showcase):
    homes = Commitment.objects.get(slug="homes-for-all")

    assert homes.get_url() == HOMES
    assert homes.outcome.get_url() == "/showcase/equitable/"

    showcase.unpublish()
    assert homes.get_url() is None


def test_showcase_is_looked_up_once_per_request(showcase, django_assert_num_queries):
    commitments = list(Commitment.objects.all())
    request = RequestFactory().get("/")

    # Whether the showcase is published, asked once for all 14 links.
    with django_assert_num_queries(1):
        urls = [commitment.get_url(request) for commitment in commitments]
    assert len(set(urls)) == 14


def test_commitment_tags_link_each_commitment_in_its_outcome_colour(showcase):
    commitments = Commitment.objects.filter(
        slug__in=["homes-for-all", "restore-enhance-nature"]
    )
    Commitment.objects.filter(slug="restore-enhance-nature").update(provisional=False)

    html = render_to_string(
        "framework/includes/commitment_tags.html",
        {"commitments": commitments, "request": RequestFactory().get("/")},
    )

    assert '<li class="accent--purple">' in html
    assert '<a class="tag" href="/showcase/resilient/restore-enhance-nature/">' in html
    assert (
        'Homes for All<span class="commitment-tags__marker" aria-hidden="true">*'
        '</span><span class="visually-hidden"> (wording to be confirmed)</span>'
    ) in html
    assert "* Wording to be confirmed" in html


def test_commitment_tags_are_plain_text_without_a_showcase(framework):
    html = render_to_string(
        "framework/includes/commitment_tags.html",
        {"commitments": Commitment.objects.filter(slug="homes-for-all")},
    )

    assert '<span class="tag">Homes for All' in html
    assert "href" not in html
