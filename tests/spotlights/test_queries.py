"""Story listings, pages and feeds cost the same number of queries at any size."""

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext

from home.demo_images import demo_image
from spotlights.models import SpotlightPage
from tests.factories.spotlights import SpotlightPageFactory, bulk_stories


def queries_for(client, url):
    # The first request fills caches a live site keeps warm (site root paths,
    # image renditions); the second is the one that counts.
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


@pytest.fixture
def images(db):
    return [
        demo_image(f"Query test {n}", seed=n, width=160, height=90) for n in range(3)
    ]


def test_stories_pages_and_feeds_cost_the_same_from_10_to_1000_stories(
    client, index, commitments, images, django_assert_max_num_queries
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
    bulk_stories(index, 9, commitments=tagged, images=images)
    urls = [
        "/stories/",
        "/stories/?page=1&outcome=connected&district=fenland",
        story.url,
        "/stories/feed/",
        "/stories/feed/atom/",
        f"/stories/feed/?commitment={tagged[0].slug}",
        "/",
    ]
    at_10 = {url: queries_for(client, url) for url in urls}

    bulk_stories(index, 990, commitments=tagged, images=images)
    assert SpotlightPage.objects.live().count() == 1000

    for url in urls:
        client.get(url)
        with django_assert_max_num_queries(at_10[url], info=url):
            client.get(url)


def test_showcase_items_render_in_a_fixed_number_of_queries(
    index, commitments, images, django_assert_max_num_queries
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
    with django_assert_max_num_queries(6):
        html = render(SpotlightPage.showcase_items(commitment))

    assert html.count('class="card story-card"') == 30
