import datetime

from django.utils import timezone

from events.models import Postcard, SummitPage
from tests.seeding import seed_demo


def test_the_demo_summit_has_postcards_some_held(db, client):
    seed_demo()
    seed_demo()  # idempotent: the second run adds none

    upcoming = SummitPage.objects.live().order_by("start").last()
    postcards = Postcard.objects.filter(summit=upcoming)
    assert postcards.count() == 24
    assert postcards.filter(status="held").count() == 3
    assert postcards.exclude(suspect_reasons="").count() == 2
    assert set(postcards.values_list("outcome__slug", flat=True)) == {
        "equitable",
        "pioneering",
        "connected",
        "resilient",
    }
    oldest = postcards.order_by("created_at").first().created_at
    assert timezone.now() - oldest < datetime.timedelta(days=12)
    wall = client.get(f"{upcoming.url}postcards/").text
    assert "Rail from Wisbech to Cambridge, finally." in wall
    assert "www.example.org" not in wall
