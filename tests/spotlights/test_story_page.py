import re

import pytest
from django.core.exceptions import ValidationError

from framework.site_setup import setup_showcase
from home.demo_images import demo_image
from spotlights.models import SpotlightPage
from tests.factories.spotlights import SpotlightPageFactory


@pytest.fixture
def story(index, commitments):
    return SpotlightPageFactory(
        parent=index,
        title="Bus link doubles evening journeys",
        standfirst="Evening buses now run every half hour.",
        hero_image=demo_image("Test hero", seed=1, width=320, height=180),
        hero_image_alt="A minibus at a village stop at dusk.",
        commitments=[
            commitments["sustainable-transport-for-all"],
            commitments["harness-health-wellbeing"],
        ],
        partners=[
            ("Community Transport (test)", "https://transport.example.org/"),
            "Parish Council (test)",
        ],
        districts=["fenland", "peterborough"],
        body=[("paragraph", "<p>Riders told us the late bus changed their week.</p>")],
    )


def test_story_page_shows_the_story_and_its_facts(client, story):
    response = client.get(story.url)

    html = response.text
    assert response.status_code == 200
    assert "<h1>Bus link doubles evening journeys</h1>" in html
    assert "Evening buses now run every half hour." in html
    assert "Riders told us the late bus changed their week." in html
    assert 'alt="A minibus at a village stop at dusk."' in html
    assert (
        '<a href="https://transport.example.org/">Community Transport (test)</a>'
        in html
    )
    assert "<li>Parish Council (test)</li>" in html
    assert "Fenland, Peterborough" in html


def test_story_outcomes_come_from_its_commitments(client, story):
    response = client.get(story.url)

    outcomes = re.search(r'aria-label="Outcomes">(.*?)</ul>', response.text, re.S)
    assert re.findall(r'tag--outline">([^<]+)<', outcomes.group(1)) == [
        "Equitable",
        "Connected",
    ]


def test_story_commitments_link_to_the_showcase_and_the_filtered_index(client, story):
    setup_showcase()

    response = client.get(story.url)

    assert (
        '<a class="tag" href="/showcase/connected/sustainable-transport-for-all/">'
        "Sustainable Transport for All" in response.text
    )
    assert (
        '<a href="/stories/?commitment=sustainable-transport-for-all">'
        "Stories about Sustainable Transport for All</a>" in response.text
    )


def test_related_stories_share_commitments_most_shared_first(
    client, index, story, commitments
):
    transport = commitments["sustainable-transport-for-all"]
    health = commitments["harness-health-wellbeing"]
    SpotlightPageFactory(parent=index, title="Shares one", commitments=[health])
    SpotlightPageFactory(
        parent=index, title="Shares both", commitments=[transport, health]
    )
    SpotlightPageFactory(
        parent=index, title="Shares none", commitments=[commitments["homes-for-all"]]
    )
    SpotlightPageFactory(
        parent=index, title="Draft", commitments=[transport], live=False
    )

    response = client.get(story.url)

    related = response.text.split('id="related-heading"')[1]
    assert re.findall(r'class="card__link" href="[^"]+">([^<]+)</a>', related) == [
        "Shares both",
        "Shares one",
    ]


def test_story_without_commitments_has_no_related_section(client, index):
    story = SpotlightPageFactory(parent=index)

    response = client.get(story.url)

    assert response.status_code == 200
    assert "Related stories" not in response.text


def test_draft_story_is_not_found(client, index):
    draft = SpotlightPageFactory(parent=index, live=False)

    assert client.get(f"/stories/{draft.slug}/").status_code == 404


def test_hero_image_needs_alternative_text(index):
    story = SpotlightPage(
        title="No alt",
        standfirst="Text.",
        hero_image=demo_image("Test hero", seed=1, width=320, height=180),
    )

    with pytest.raises(ValidationError) as error:
        story.full_clean()

    assert "hero_image_alt" in error.value.message_dict
