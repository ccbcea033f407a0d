"""Invented ambition postcards for the demo summit, written through
`services.write_postcard` as a visitor's would be: most on the wall, three held by
the suspect check for a moderator, written over the last eleven days."""

import datetime

from django.utils import timezone

from framework.models import Outcome
from home import page_cache

from ..models import Postcard, PostcardLogEntry
from .services import write_postcard

# (ambition, outcome slug, first name, district, hours ago)
POSTCARDS = [
    ("A bus every 20 minutes between every market town and Cambridge.", "connected", "Aisha", "fenland", 2),
    ("No child in Peterborough leaves primary school unable to read well.", "equitable", "", "peterborough", 5),
    ("Fens farmers leading the world in low-carbon food.", "pioneering", "Ben", "east-cambridgeshire", 9),
    ("Homes people on ordinary wages can afford, near where they work.", "equitable", "Carys", "cambridge", 14),
    ("Every village with full-fibre broadband and a phone signal.", "connected", "", "huntingdonshire", 20),
    ("Flood defences that let the Fens thrive as the sea rises.", "resilient", "Dmitri", "fenland", 26),
    ("Life expectancy in Wisbech matching South Cambridgeshire's.", "equitable", "Ebony", "fenland", 31),
    ("Cycle lanes joining up every town, safe enough for my kids.", "connected", "Femi", "south-cambridgeshire", 40),
    ("Water for new homes without draining our chalk streams.", "resilient", "", "south-cambridgeshire", 48),
    ("Apprenticeships in life sciences for young people from March and Chatteris.", "pioneering", "Greta", "fenland", 55),
    ("A region where start-ups stay and grow instead of moving away.", "pioneering", "", "cambridge", 63),
    ("Clean air on every high street by 2030.", "resilient", "Harvey", "peterborough", 70),
    ("Community energy schemes owned by the villages they power.", "resilient", "Imran", "huntingdonshire", 84),
    ("Nobody waiting more than two weeks to see a GP.", "equitable", "Joy", "east-cambridgeshire", 96),
    ("Rail from Wisbech to Cambridge, finally.", "connected", "Kieran", "fenland", 110),
    ("Green skills taught in every secondary school.", "pioneering", "", "huntingdonshire", 130),
    ("Warm, insulated homes for every family on a low income.", "equitable", "Lena", "peterborough", 150),
    ("Trees planted along every new road.", "resilient", "Mateo", "cambridge", 170),
    ("Research parks that open their doors to local schools.", "pioneering", "Nadia", "south-cambridgeshire", 200),
    ("Buses that run after 7pm in rural areas.", "connected", "", "east-cambridgeshire", 230),
    ("Peat soils protected and storing carbon again.", "resilient", "Owen", "fenland", 260),
    # Held by the suspect check: a web address, a phone number, an email address.
    ("Read my plan at www.example.org and fund it!", "pioneering", "Pippa", "cambridge", 1),
    ("Call 01234 567 890 to join our car-share club.", "connected", "", "huntingdonshire", 3),
    ("More youth clubs open at weekends: volunteers, email rosa@example.org.", "equitable", "Rosa", "peterborough", 6),
]  # fmt: skip


def seed_postcards(summit, *, stdout):
    """Add the demo's postcards to `summit` unless it has some already."""
    if summit.postcards.exists():
        return
    outcomes = {outcome.slug: outcome for outcome in Outcome.objects.all()}
    now = timezone.now()
    added = 0
    for ambition, outcome, first_name, district, hours_ago in POSTCARDS:
        if outcome not in outcomes:
            continue
        postcard = write_postcard(
            summit=summit,
            ambition=ambition,
            outcome=outcomes[outcome],
            first_name=first_name,
            district=district,
        )
        # Written over the last days: the service stamps them now.
        written = now - datetime.timedelta(hours=hours_ago)
        Postcard.objects.filter(pk=postcard.pk).update(
            created_at=written, published_at=written if postcard.is_public else None
        )
        PostcardLogEntry.objects.filter(postcard=postcard).update(created_at=written)
        added += 1
    if added:
        page_cache.changed()  # the walls' order changed; update() sends no signal
    stdout.write(f"Ambition postcards for {summit.title}: {added} added.")
