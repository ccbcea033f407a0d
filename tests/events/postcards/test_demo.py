import datetime

from django.utils import timezone

from events.models import Postcard, PostcardLogEntry, SummitPage
from tests.seeding import seed_demo


def test_the_demo_summit_has_postcards_some_held(db, client):
    first = seed_demo()
    second = seed_demo()  # idempotent: the second run adds none

    upcoming = SummitPage.objects.live().order_by("start").last()
    postcards = Postcard.objects.filter(summit=upcoming)
    assert f"Ambition postcards for {upcoming.title}: 24 added." in first
    assert "Ambition postcards" not in second
    assert postcards.count() == 24
    held = postcards.filter(status="held")
    assert held.count() == 3
    assert held.exclude(suspect_reasons="").count() == 3
    # Written as a visitor's card is: each held one says why in its history.
    assert set(
        PostcardLogEntry.objects.filter(postcard__in=held, action="held").values_list(
            "postcard", "reason"
        )
    ) == {(card.pk, f"Suspect: {card.suspect_reasons}.") for card in held}
    assert set(postcards.values_list("outcome__slug", flat=True)) == {
        "equitable",
        "pioneering",
        "connected",
        "resilient",
    }
    oldest = postcards.order_by("created_at").first().created_at
    assert timezone.now() - oldest < datetime.timedelta(days=12)
    assert timezone.now() - oldest > datetime.timedelta(days=10)
    wall = client.get(f"{upcoming.url}postcards/").text
    assert "Rail from Wisbech to Cambridge, finally." in wall
    assert "www.example.org" not in wall
