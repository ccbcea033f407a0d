"""Stories presented at a summit: on the story page and on the summit page."""

import re

import pytest
from django.urls import reverse

from tests.factories.events import SummitIndexPageFactory, SummitPageFactory
from tests.factories.spotlights import SpotlightPageFactory
from tests.queries import assert_same_queries


@pytest.fixture
def summit(index):
    summits = SummitIndexPageFactory(parent=index.get_parent())
    return SummitPageFactory(parent=summits, title="Summit 2025 (test)", slug="2025")


def summit_stories(html):
    if 'id="summit-stories-heading"' not in html:
        return None
    section = html.split('id="summit-stories-heading"')[1].split("</section>")[0]
    return re.findall(r'class="card__link" href="[^"]+">([^<]+)</a>', section)


def test_story_page_says_which_summit_it_was_presented_at(client, index, summit):
    story = SpotlightPageFactory(parent=index, summit=summit)

    html = client.get(story.url).text

    assert re.search(
        r'<dt>Presented at</dt>\s*<dd><a href="/summit/2025/">Summit 2025 \(test\)</a>',
        html,
    )


def test_story_page_does_not_link_a_summit_that_is_not_live(client, index, summit):
    story = SpotlightPageFactory(parent=index, summit=summit)
    summit.unpublish()

    html = client.get(story.url).text

    assert "Presented at" not in html


def test_summit_page_lists_the_live_stories_presented_there(client, index, summit):
    SpotlightPageFactory(parent=index, title="Bus link", summit=summit)
    SpotlightPageFactory(parent=index, title="Heat pumps", summit=summit)
    SpotlightPageFactory(parent=index, title="Draft", summit=summit, live=False)
    SpotlightPageFactory(parent=index, title="Not presented")

    html = client.get("/summit/2025/").text

    assert ">Stories presented at this summit</h2>" in html
    assert summit_stories(html) == ["Bus link", "Heat pumps"]


def test_summit_page_has_no_story_section_without_stories(client, index, summit):
    assert summit_stories(client.get("/summit/2025/").text) is None


def test_deleting_a_summit_keeps_its_stories(index, summit):
    story = SpotlightPageFactory(parent=index, summit=summit)

    summit.delete()

    story.refresh_from_db()
    assert story.live
    assert story.summit is None


def test_summit_page_queries_do_not_grow_with_its_stories(
    client, index, summit, commitments
):
    def add_stories(start, stop):
        for number in range(start, stop):
            SpotlightPageFactory(
                parent=index,
                title=f"Story {number}",
                summit=summit,
                partners=["A partner"],
                commitments=list(commitments.values())[number % 12 :][:2],
            )

    add_stories(0, 1)

    assert_same_queries(client, ["/summit/2025/"], grow=lambda: add_stories(1, 4))

    assert len(summit_stories(client.get("/summit/2025/").text)) == 4


def test_story_editor_picks_the_summit(admin_client, index, summit):
    story = SpotlightPageFactory(parent=index, summit=summit)

    response = admin_client.get(reverse("wagtailadmin_pages:edit", args=[story.pk]))

    assert response.status_code == 200
    assert "Presented at" in response.text
    assert 'name="summit"' in response.text
    assert "Summit 2025 (test)" in response.text
