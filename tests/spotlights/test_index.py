import datetime
import re

import pytest
from wagtail.models import PageViewRestriction

from tests.factories.spotlights import SpotlightPageFactory


def titles(response):
    return re.findall(r'class="card__link" href="[^"]+">([^<]+)</a>', response.text)


def test_index_lists_featured_stories_first_then_newest(client, index):
    SpotlightPageFactory(parent=index, title="Older", date=datetime.date(2026, 1, 5))
    SpotlightPageFactory(parent=index, title="Newest", date=datetime.date(2026, 6, 1))
    SpotlightPageFactory(
        parent=index, title="Featured", date=datetime.date(2025, 1, 1), featured=True
    )

    response = client.get("/stories/")

    assert response.status_code == 200
    assert titles(response) == ["Featured", "Newest", "Older"]
    assert "3 stories" in response.text


def test_index_hides_drafts_and_restricted_stories(client, index):
    SpotlightPageFactory(parent=index, title="Published")
    SpotlightPageFactory(parent=index, title="Draft", live=False)
    private = SpotlightPageFactory(parent=index, title="Private")
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.LOGIN
    )

    response = client.get("/stories/")

    assert titles(response) == ["Published"]


@pytest.mark.parametrize(
    "query, expected",
    [
        ("outcome=connected", ["Bus link", "Broadband"]),
        ("commitment=digital-connectivity-for-all", ["Broadband"]),
        ("district=fenland", ["Bus link", "Wetland"]),
        ("organisation=Wildlife+Trust+%28test%29", ["Wetland"]),
        ("outcome=connected&district=fenland", ["Bus link"]),
        ("outcome=equitable", []),
    ],
)
def test_index_filters_by_outcome_commitment_district_and_organisation(
    client, index, commitments, query, expected
):
    SpotlightPageFactory(
        parent=index,
        title="Bus link",
        date=datetime.date(2026, 3, 1),
        commitments=[
            commitments["sustainable-transport-for-all"],
            commitments["connected-cities-towns-villages"],
        ],
        partners=["Community Transport (test)"],
        districts=["fenland", "huntingdonshire"],
    )
    SpotlightPageFactory(
        parent=index,
        title="Broadband",
        date=datetime.date(2026, 2, 1),
        commitments=[commitments["digital-connectivity-for-all"]],
        partners=["Rural Connect (test)"],
        districts=["cambridge"],
    )
    SpotlightPageFactory(
        parent=index,
        title="Wetland",
        date=datetime.date(2026, 1, 1),
        commitments=[commitments["restore-enhance-nature"]],
        partners=["Wildlife Trust (test)"],
        districts=["fenland"],
    )

    response = client.get(f"/stories/?{query}")

    assert response.status_code == 200
    assert titles(response) == expected
    if not expected:
        assert "No stories match these filters" in response.text


def test_index_finds_organisations_of_published_stories_only(client, index):
    SpotlightPageFactory(parent=index, title="Shown", partners=["Shown Partner (test)"])
    SpotlightPageFactory(parent=index, partners=["Hidden Partner (test)"], live=False)

    response = client.get("/stories/")
    found = client.get("/stories/?organisation=partner")

    # A labelled search field, not a menu of every partner.
    assert 'for="id_organisation"' in response.text
    assert '<input type="text" name="organisation"' in response.text
    assert '<option value="Shown Partner' not in response.text
    assert "Hidden Partner" not in response.text + found.text
    assert titles(found) == ["Shown"]


def test_index_answers_an_unknown_filter_value_with_a_clear_400(client, index):
    SpotlightPageFactory(parent=index, title="Still listed")

    response = client.get("/stories/?commitment=no-such-commitment")

    assert response.status_code == 400
    assert "There is a problem" in response.text
    assert "Select a valid choice" in response.text


def test_index_paginates_and_keeps_filters_in_page_links(client, index):
    for number in range(14):
        SpotlightPageFactory(
            parent=index, districts=["fenland"], title=f"Story {number}"
        )

    first = client.get("/stories/?district=fenland")
    second = client.get("/stories/?district=fenland&page=2")

    assert len(titles(first)) == 12
    assert 'href="?district=fenland&amp;page=2" rel="next"' in first.text
    assert len(titles(second)) == 2
    assert "page 2 of 2" in second.text


@pytest.mark.parametrize("page", ["3", "0", "last", "-1"])
def test_index_page_out_of_range_is_not_found(client, index, page):
    SpotlightPageFactory(parent=index)

    assert client.get(f"/stories/?page={page}").status_code == 404


def test_index_links_the_feeds_for_the_chosen_commitment(client, index, commitments):
    response = client.get("/stories/?commitment=homes-for-all")

    assert 'href="/stories/feed/?commitment=homes-for-all"' in response.text
    assert 'type="application/atom+xml"' in response.text


def test_story_cards_show_commitments_as_plain_chips(client, index, commitments):
    from framework.site_setup import setup_showcase

    setup_showcase()  # commitments have pages to link to, but cards don't link them
    SpotlightPageFactory(parent=index, commitments=[commitments["homes-for-all"]])

    html = client.get("/stories/").text

    card = html.split('class="card story-card"')[1].split("</article>")[0]
    assert '<span class="tag">Homes for All' in card
    assert '<a class="tag"' not in card


def test_stories_and_signatories_share_one_list_of_districts(client, index):
    from signatories.choices import District
    from spotlights.models import SpotlightDistrict

    SpotlightPageFactory(
        parent=index, title="County-wide", districts=["cambridgeshire"]
    )

    response = client.get("/stories/?district=cambridgeshire")

    assert SpotlightDistrict._meta.get_field("district").choices == District.choices
    assert titles(response) == ["County-wide"]
    assert (
        '<option value="cambridgeshire" selected>Across Cambridgeshire</option>'
        in response.text
    )


def test_the_kept_first_page_never_stands_in_for_a_filtered_or_later_one(client, index):
    for number in range(12):
        SpotlightPageFactory(parent=index, title=f"Story {number}")
    SpotlightPageFactory(parent=index, title="Fen story", districts=["fenland"])
    client.get("/stories/")  # the unfiltered first page, kept

    assert titles(client.get("/stories/?district=fenland")) == ["Fen story"]
    assert len(titles(client.get("/stories/?page=2"))) == 1
    SpotlightPageFactory(parent=index, title="Newest story", featured=True)
    assert titles(client.get("/stories/"))[0] == "Newest story"
