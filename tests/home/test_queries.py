"""The home page runs a fixed number of queries, however many stories and summits."""

from framework.models import Commitment
from home.demo_images import demo_image
from tests.factories.events import SummitIndexPageFactory, SummitPageFactory
from tests.factories.signatories import SignatoryFactory
from tests.factories.spotlights import SpotlightIndexPageFactory, SpotlightPageFactory
from tests.queries import assert_same_queries


def test_home_page_costs_the_same_with_1_or_3_stories_and_summits(
    client, site_pages, framework
):
    stories = SpotlightIndexPageFactory(parent=site_pages)
    summits = SummitIndexPageFactory(parent=site_pages)
    site_pages.summit_page = SummitPageFactory(parent=summits, title="Summit (test)")
    site_pages.save()
    commitments = list(Commitment.objects.all())

    def add_story(number):
        SpotlightPageFactory(
            parent=stories,
            title=f"Story {number}",
            featured=number == 2,
            commitments=commitments[number : number + 2],
            partners=[SignatoryFactory(), f"Partner {number}"],
            hero_image=demo_image(
                f"Story {number}", seed=number, width=480, height=270
            ),
            hero_image_alt="A picture.",
        )

    add_story(0)

    def grow():
        for number in (1, 2):
            add_story(number)
            SummitPageFactory(parent=summits, title=f"Summit {number}")

    assert_same_queries(client, ["/"], grow=grow)

    html = client.get("/").text
    assert html.count('class="card story-card"') == 3
    assert 'href="/summit/' in html and "Find out about the summit" in html
