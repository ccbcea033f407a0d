"""A commitment's page lists what every app tags with it: delivery stories,
pledging organisations and summit sessions, public ones only."""

import re

import pytest

from framework.models import Commitment
from home.demo_images import demo_image
from tests.factories.events import (
    SessionFactory,
    SummitIndexPageFactory,
    SummitPageFactory,
)
from tests.factories.signatories import PendingSignatoryFactory, SignatoryFactory
from tests.factories.spotlights import SpotlightIndexPageFactory, SpotlightPageFactory
from tests.queries import assert_same_queries

HOMES = "/showcase/equitable/homes-for-all/"


@pytest.fixture
def homes(showcase):
    return Commitment.objects.get(slug="homes-for-all")


@pytest.fixture
def stories(site_pages):
    return SpotlightIndexPageFactory(parent=site_pages)


@pytest.fixture
def summits(site_pages):
    return SummitIndexPageFactory(parent=site_pages)


def section(html, heading):
    """The titles of the cards under `heading`, each checked to be an article card
    directly inside the list item the commitment page wraps it in."""
    part = html.split(f">{heading}</h2>")[1].split("</section>")[0]
    items = re.findall(
        r"<li>\s*(<article class=\"card[^\"]*\">.*?</article>)\s*</li>", part, re.S
    )
    assert len(items) == part.count("<li>")
    return [
        re.search(r'class="card__link" href="[^"]+">([^<]+)</a>', item).group(1)
        for item in items
    ]


def tag_everything(homes, stories, summits, number):
    """One public and one hidden item of each kind, all tagged with `homes`."""
    SpotlightPageFactory(
        parent=stories,
        title=f"Live story {number}",
        commitments=[homes],
        partners=[f"Partner {number}"],
        hero_image=demo_image(f"Story {number}", seed=number, width=160, height=90),
        hero_image_alt="A picture.",
    )
    SpotlightPageFactory(
        parent=stories, title=f"Draft story {number}", commitments=[homes], live=False
    )
    SignatoryFactory(name=f"Approved organisation {number}", commitments=[homes])
    PendingSignatoryFactory(name=f"Pending organisation {number}", commitments=[homes])
    SignatoryFactory(
        name=f"Withdrawn organisation {number}", status="withdrawn", commitments=[homes]
    )
    live_summit = SummitPageFactory(parent=summits, title=f"Summit {number}")
    draft_summit = SummitPageFactory(
        parent=summits, title=f"Draft summit {number}", live=False
    )
    SessionFactory(summit=live_summit, title=f"Session {number}", commitments=[homes])
    SessionFactory(
        summit=draft_summit, title=f"Unpublished session {number}", commitments=[homes]
    )


def test_commitment_page_lists_public_stories_organisations_and_sessions(
    client, homes, stories, summits
):
    tag_everything(homes, stories, summits, 1)

    html = client.get(HOMES).text

    assert section(html, "Delivery stories") == ["Live story 1"]
    assert section(html, "Organisations pledging this commitment") == [
        "Approved organisation 1"
    ]
    assert section(html, "Summit sessions") == ["Session 1"]
    for hidden in ["Draft story", "Pending organisation", "Withdrawn", "Unpublished"]:
        assert hidden not in html


def test_commitment_page_queries_do_not_grow_with_tagged_items(
    client, homes, stories, summits
):
    tag_everything(homes, stories, summits, 1)

    def grow():
        for number in (2, 3):
            tag_everything(homes, stories, summits, number)

    assert_same_queries(client, [HOMES], grow=grow)

    html = client.get(HOMES).text
    assert len(section(html, "Delivery stories")) == 3
    assert len(section(html, "Organisations pledging this commitment")) == 3
    assert len(section(html, "Summit sessions")) == 3
