from django.template.loader import render_to_string

from framework.models import Commitment, tagged_models
from spotlights.models import SpotlightPage
from spotlights.templatetags.spotlight_tags import latest_stories
from tests.factories.spotlights import SpotlightPageFactory


def test_stories_join_the_commitment_showcase(index, commitments):
    homes = commitments["homes-for-all"]
    SpotlightPageFactory(parent=index, title="Homes story", commitments=[homes])
    SpotlightPageFactory(
        parent=index, title="Draft homes", commitments=[homes], live=False
    )
    SpotlightPageFactory(
        parent=index,
        title="Nature story",
        commitments=[commitments["restore-enhance-nature"]],
    )

    assert SpotlightPage in tagged_models()
    assert SpotlightPage.showcase_heading == "Delivery stories"
    items = list(SpotlightPage.showcase_items(homes))
    assert [item.title for item in items] == ["Homes story"]
    html = render_to_string(SpotlightPage.showcase_item_template, {"item": items[0]})
    assert 'href="/stories/homes-story/"' in html


def test_home_page_shows_featured_then_latest_stories(client, site_pages, index):
    SpotlightPageFactory(parent=index, title="Oldest", date="2025-01-01")
    SpotlightPageFactory(
        parent=index, title="Old but featured", date="2024-01-01", featured=True
    )
    SpotlightPageFactory(parent=index, title="Newest", date="2026-01-01")
    SpotlightPageFactory(parent=index, title="Middle", date="2025-06-01")

    response = client.get("/")

    section = response.text.split('id="story-section-heading"')[1]
    assert "Old but featured" in section
    assert (
        section.index("Old but featured")
        < section.index("Newest")
        < section.index("Middle")
    )
    assert "Oldest" not in section
    assert '<a href="/stories/">See all delivery stories</a>' in section


def test_home_page_has_no_story_section_without_stories(client, site_pages):
    assert "story-section-heading" not in client.get("/").text
    assert latest_stories()["stories"].count() == 0


def test_a_commitment_tagged_on_a_story_cannot_be_deleted(
    admin_client, index, commitments
):
    homes = commitments["homes-for-all"]
    SpotlightPageFactory(parent=index, commitments=[homes])
    SpotlightPageFactory(parent=index, commitments=[homes], live=False)

    response = admin_client.post(
        f"/admin/snippets/framework/commitment/delete/{homes.pk}/", follow=True
    )

    messages = [str(m) for m in response.context["messages"]]
    assert messages == [
        "“Homes for All” can’t be deleted: it is used by 2 delivery stories. "
        "Remove it from them first, then try again."
    ]
    assert Commitment.objects.filter(pk=homes.pk).exists()
