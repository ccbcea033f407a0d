"""The postcards' retention rules (events/postcards/retention.py), on a moved
clock; the command that runs them is tested in tests/home/test_retention.py."""

import datetime

import pytest
from django.utils import timezone

from events.models import Postcard, PostcardLogEntry
from events.postcards import services
from events.postcards.retention import (
    delete_refused_cards,
    delete_unmoderated_cards,
    remove_first_names,
)
from home.models import RetentionPolicy
from home.retention_registry import registered_rules
from tests.factories.events import SummitPageFactory
from tests.factories.postcards import PostcardFactory

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


@pytest.fixture
def policy(db):
    policy = RetentionPolicy.load()
    policy.postcard_days = 10
    return policy


def test_the_rules_are_registered():
    names = {rule.name for rule in registered_rules()}
    assert {
        "events.postcard_names",
        "events.refused_postcards",
        "events.unmoderated_postcards",
    } <= names


def test_first_names_go_the_policy_s_days_after_the_summit(client, summit, policy):
    card = PostcardFactory(summit=summit, first_name="Zebedee", district="fenland")
    anonymous = PostcardFactory(summit=summit, first_name="", district="cambridge")
    after_the_summit = summit.end + 11 * DAY

    assert remove_first_names(policy=policy, now=summit.end + 9 * DAY) == 0
    assert remove_first_names(policy=policy, now=after_the_summit, dry_run=True) == 1
    before = client.get(f"{summit.url}postcards/").text
    assert "Zebedee" in before and "Anonymous, Fenland" not in before
    assert remove_first_names(policy=policy, now=after_the_summit) == 1

    card.refresh_from_db()
    assert (card.first_name, card.district, card.status) == ("", "fenland", "published")
    assert Postcard.objects.filter(pk=anonymous.pk).exists()
    wall = client.get(f"{summit.url}postcards/").text
    assert "Zebedee" not in wall and "Anonymous, Fenland" in wall


def test_refused_cards_go_the_policy_s_days_after_the_decision(summit, policy):
    rejected = PostcardFactory(summit=summit, status="held", published_at=None)
    taken_down = PostcardFactory(summit=summit)
    kept = PostcardFactory(summit=summit)
    services.reject_postcard(postcard=rejected, user=None, reason="Advert")
    services.take_down_postcard(postcard=taken_down, user=None, reason="Names")
    now = timezone.now()

    assert delete_refused_cards(policy=policy, now=now + 9 * DAY) == 0
    assert delete_refused_cards(policy=policy, now=now + 11 * DAY, dry_run=True) == 2
    assert Postcard.objects.count() == 3
    assert delete_refused_cards(policy=policy, now=now + 11 * DAY) == 2

    assert list(Postcard.objects.all()) == [kept]


def test_cards_nobody_moderated_go_the_policy_s_days_after_the_summit(summit, policy):
    held = PostcardFactory(
        summit=summit,
        status="held",
        published_at=None,
        ambition="Email me at jo.bloggs@example.org or ring 07700 900123",
    )
    services.write_postcard(
        summit=summit, ambition="Call 01234 567890", outcome=held.outcome
    )
    published = PostcardFactory(summit=summit)
    later = SummitPageFactory(parent=summit.get_parent(), days_ahead=395)
    held_at_a_later_summit = PostcardFactory(
        summit=later, status="held", published_at=None
    )
    after_the_summit = summit.end + 11 * DAY

    assert delete_unmoderated_cards(policy=policy, now=summit.end + 9 * DAY) == 0
    assert (
        delete_unmoderated_cards(policy=policy, now=after_the_summit, dry_run=True) == 2
    )
    assert Postcard.objects.count() == 4
    assert delete_unmoderated_cards(policy=policy, now=after_the_summit) == 2

    assert not Postcard.objects.filter(ambition__contains="07700").exists()
    assert not PostcardLogEntry.objects.filter(postcard__summit=summit).exists()
    assert set(Postcard.objects.all()) == {published, held_at_a_later_summit}
