"""Moderating postcards in the admin: Moderators and Event managers approve,
reject or take down; Editors can't; nobody adds or edits a card."""

import pytest

from events.models import Postcard, PostcardLogEntry
from tests.factories import StaffUserFactory
from tests.factories.postcards import PostcardFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderator_client(client):
    client.force_login(StaffUserFactory(groups=["Moderators"]))
    return client


@pytest.fixture
def held(summit):
    return PostcardFactory(
        summit=summit,
        status="held",
        published_at=None,
        ambition="Visit www.example.com",
        suspect_reasons="a web address",
    )


def test_the_queue_lists_and_filters_cards(moderator_client, summit, held):
    PostcardFactory(summit=summit, ambition="Already on the wall")

    everything = moderator_client.get("/admin/postcards/").content.decode()
    waiting = moderator_client.get("/admin/postcards/?status=held").content.decode()

    assert "Visit www.example.com" in everything and "Already on the wall" in everything
    assert "Visit www.example.com" in waiting and "Already on the wall" not in waiting
    assert "a web address" in waiting
    assert f'href="/admin/postcards/approve/{held.pk}/"' in waiting


@pytest.mark.parametrize("group", ["Moderators", "Event managers"])
def test_approving_puts_the_card_on_the_wall(client, summit, held, group):
    client.force_login(StaffUserFactory(groups=[group]))
    url = f"/admin/postcards/approve/{held.pk}/"

    assert "Put this card on the wall?" in client.get(url).content.decode()
    response = client.post(url)

    assert response.status_code == 302
    held.refresh_from_db()
    assert held.status == "published"
    assert "Visit www.example.com" in client.get(f"{summit.url}postcards/").text


def test_rejecting_asks_for_a_reason(moderator_client, held):
    url = f"/admin/postcards/reject/{held.pk}/"

    refused = moderator_client.post(url, {"reason": ""})
    moderator_client.post(url, {"reason": "An advert"})

    assert "This field is required." in refused.content.decode()
    held.refresh_from_db()
    assert held.status == "rejected"
    history = moderator_client.get(f"/admin/postcards/inspect/{held.pk}/")
    assert "An advert" in history.content.decode()


def test_taking_down_a_card_on_the_wall(moderator_client, summit):
    card = PostcardFactory(summit=summit, ambition="Names my neighbour")

    moderator_client.post(
        f"/admin/postcards/take-down/{card.pk}/", {"reason": "Names a person"}
    )

    card.refresh_from_db()
    assert card.status == "taken-down"
    assert "Names my neighbour" not in moderator_client.get(summit.url).text


def test_a_card_already_dealt_with_is_not_decided_again(moderator_client, summit):
    card = PostcardFactory(summit=summit)

    response = moderator_client.post(f"/admin/postcards/approve/{card.pk}/")

    assert response.status_code == 302
    assert not PostcardLogEntry.objects.exists()


def test_editors_cannot_moderate_and_nobody_adds_or_edits(client, held):
    client.force_login(StaffUserFactory(groups=["Editors"]))
    assert client.post(f"/admin/postcards/approve/{held.pk}/").status_code in (
        302,
        403,
    )
    held.refresh_from_db()
    assert held.status == "held"

    client.force_login(StaffUserFactory(is_superuser=True))
    assert client.get("/admin/postcards/new/").status_code in (302, 403)
    assert client.get(f"/admin/postcards/edit/{held.pk}/").status_code in (302, 403)
    assert Postcard.objects.count() == 1
