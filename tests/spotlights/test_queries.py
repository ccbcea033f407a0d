"""Story listings, pages and feeds cost the same number of queries at any size."""

import pytest
from django.template.loader import render_to_string

from home.demo_images import demo_image
from spotlights.models import SpotlightDistrict, SpotlightPage, SpotlightPartner
from tests.factories.signatories import SignatoryFactory
from tests.factories.spotlights import SpotlightPageFactory, bulk_stories
from tests.queries import assert_same_queries


@pytest.fixture
def images(db):
    return [
        demo_image(f"Query test {n}", seed=n, width=160, height=90) for n in range(3)
    ]


def test_stories_pages_and_feeds_cost_the_same_from_13_to_200_stories(
    client, index, commitments, images
):
    tagged = list(commitments.values())
    story = SpotlightPageFactory(
        parent=index,
        commitments=tagged[:2],
        partners=["Partner (test)"],
        districts=["fenland"],
        hero_image=images[0],
        hero_image_alt="A picture.",
    )
    bulk_stories(index, 12, commitments=tagged, images=images)  # two pages of 12
    urls = [
        "/stories/",
        "/stories/?page=2",
        "/stories/?page=1&outcome=connected&district=fenland",
        f"/stories/?commitment={tagged[0].slug}&organisation=Bulk+Partner+%28test%29",
        story.url,
        "/stories/feed/",
        "/stories/feed/atom/",
        f"/stories/feed/?commitment={tagged[0].slug}",
        "/",
    ]

    assert_same_queries(
        client,
        urls,
        grow=lambda: bulk_stories(index, 187, commitments=tagged, images=images),
    )

    assert SpotlightPage.objects.live().count() == 200
    assert client.get("/stories/?page=2").context["paginator"].num_pages == 17


def test_story_page_costs_the_same_with_1_or_3_partners_commitments_and_places(
    client, index, commitments, images
):
    tagged = list(commitments.values())
    story = SpotlightPageFactory(
        parent=index,
        commitments=tagged[:1],
        partners=[SignatoryFactory(name="Partner 0 (test)")],
        districts=["fenland"],
        hero_image=images[0],
        hero_image_alt="A picture.",
    )
    bulk_stories(index, 1, commitments=tagged[:1], images=images)

    def grow():
        story.commitments = tagged[:3]
        story.partners = [
            *story.partners.all(),
            SpotlightPartner(
                name="Partner 1 (test)", signatory=SignatoryFactory(name="Partner 1")
            ),
            SpotlightPartner(name="Partner 2 (test)", website="https://example.org/"),
        ]
        story.district_links = [
            SpotlightDistrict(district=district)
            for district in ("fenland", "cambridge", "peterborough")
        ]
        story.save()
        bulk_stories(index, 2, commitments=tagged[1:3], images=images)

    assert_same_queries(client, [story.url], grow=grow)

    html = client.get(story.url).text
    assert html.count('href="/signatories/partner-') == 2
    assert html.count("Stories about ") == 3


def test_showcase_items_render_in_a_fixed_number_of_queries(
    index, commitments, images, django_assert_num_queries
):
    commitment = commitments["homes-for-all"]
    bulk_stories(index, 30, commitments=[commitment], images=images)
    render = lambda items: "".join(  # noqa: E731
        render_to_string(SpotlightPage.showcase_item_template, {"item": item})
        for item in items
    )
    render(SpotlightPage.showcase_items(commitment))  # make the renditions

    # One query each for stories, images, renditions, commitments and partners,
    # and one for view restrictions.
    with django_assert_num_queries(6):
        html = render(SpotlightPage.showcase_items(commitment))

    assert html.count('class="card story-card"') == 30
