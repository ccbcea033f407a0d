"""The register, its open data and an organisation's page run a fixed number of
queries, however many organisations sign."""

import csv
import io
import json

import pytest
from django.core.cache import cache

from signatories.models import Signatory
from signatories.site_setup import setup_register_page
from tests.factories.signatories import SignatoryFactory
from tests.factories.spotlights import SpotlightIndexPageFactory, SpotlightPageFactory
from tests.queries import assert_same_queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def register(site_pages, framework):
    return setup_register_page()


def bulk_signatories(count, start=0, *, commitments=()):
    """`count` approved organisations in two inserts, each with a logo and tagged
    with one of `commitments` in turn. bulk_create sends no signals, so the cached
    supporter count is cleared as a new approval would."""
    signatories = Signatory.objects.bulk_create(
        Signatory(
            name=f"Bulk Organisation {number:05d}",
            slug=f"bulk-organisation-{number:05d}",
            normalised_name=f"bulk organisation {number:05d}",
            organisation_type="business",
            district="cambridge",
            pledge="We will help.",
            contact_name="Pat",
            contact_role="Chair",
            contact_email=f"bulk{number}@example.org",
            status="approved",
            logo=f"signatories/logos/bulk-{number}.png",
            logo_width=120,
            logo_height=80,
        )
        for number in range(start, start + count)
    )
    if commitments:
        tags = Signatory.commitments.through
        tags.objects.bulk_create(
            tags(signatory_id=signatory.pk, commitment_id=commitment.pk)
            for number, signatory in enumerate(signatories)
            for commitment in [commitments[number % len(commitments)]]
        )
    cache.clear()


@pytest.mark.parametrize(
    "query, matching",
    [
        ("", 200),
        ("?page=2", 200),
        ("?district=cambridge&q=bulk", 200),
        ("?organisation_type=business&commitment={commitment}&letter=B&page=2", 100),
    ],
    ids=["all", "page-2", "name-and-area", "type-commitment-letter-page-2"],
)
def test_register_costs_the_same_with_10_or_200_signatories(
    client, register, commitments, query, matching
):
    tagged = commitments[:2]
    bulk_signatories(10, commitments=tagged)
    url = "/signatories/" + query.format(commitment=tagged[0].slug)

    assert_same_queries(
        client,
        [url],
        grow=lambda: bulk_signatories(190, start=10, commitments=tagged),
    )

    response = client.get(url)
    assert len(response.context["signatories"]) == 24
    assert response.context["page_obj"].paginator.count == matching


def test_open_data_costs_the_same_with_10_or_200_signatories(client, commitments):
    bulk_signatories(10, commitments=commitments[:3])
    urls = ["/signatories/register.csv", "/signatories/register.json"]

    counts = assert_same_queries(
        client,
        urls,
        grow=lambda: bulk_signatories(190, start=10, commitments=commitments[:3]),
    )

    # The organisations, then the commitments of each chunk of 1,000 of them.
    assert counts == dict.fromkeys(urls, 2)
    csv_body = b"".join(client.get(urls[0]).streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(csv_body)))
    assert len(rows) == 200
    assert rows[-1]["commitments"] and rows[-1]["logo_url"]
    json_body = b"".join(client.get(urls[1]).streaming_content)
    assert json.loads(json_body)["count"] == 200


@pytest.mark.parametrize("organisations", [1, 3])
def test_open_data_json_streams_in_two_queries(
    client, commitments, organisations, django_assert_num_queries
):
    bulk_signatories(organisations, commitments=commitments[:2])

    # The organisations with their count, then the commitments of each chunk.
    with django_assert_num_queries(2):
        response = client.get("/signatories/register.json")
        body = b"".join(response.streaming_content)

    assert json.loads(body)["count"] == organisations


def test_signatory_page_costs_the_same_with_1_or_3_commitments_and_stories(
    client, site_pages, commitments
):
    stories = SpotlightIndexPageFactory(parent=site_pages)
    signatory = SignatoryFactory(commitments=commitments[:1])

    def add_story(number):
        SpotlightPageFactory(
            parent=stories,
            title=f"Story {number}",
            partners=[signatory, "Another partner"],
            commitments=commitments[number : number + 2],
        )

    add_story(0)

    def grow():
        signatory.commitments.add(*commitments[1:3])
        for number in (1, 2):
            add_story(number)

    assert_same_queries(client, [signatory.get_absolute_url()], grow=grow)

    html = client.get(signatory.get_absolute_url()).text
    assert html.count("/stories/story-") == 3
