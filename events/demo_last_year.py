"""Demo content for last year's summit, so the year-on-year figures compare two
editions: invented places (most of this year's demo organisations, and two that
came only last year), four in five of them checked in on the day. Sessions that
happen every year are marked so in both summits, for "Create next year's summit".
Runs once (while the past summit has no places); nobody is emailed."""

import datetime
import random

from django.contrib.auth.models import User

from .choices import AttendeeStatus, CheckInSource, OrderStatus
from .demo_on_the_day import PROFILES
from .models import Attendee, CheckIn, Order, Session, TicketType
from .models.orders import unused_reference

#: Demo sessions (by slug) that happen every year.
RECURRING_SESSIONS = {
    "arrival",
    "welcome",
    "morning-break",
    "lunch",
    "afternoon-break",
    "reception",
}
ONLY_LAST_YEAR = {
    "Wisbech Example Growers (demo)": ("business", "fenland"),
    "St Ives Example Youth Club (demo)": ("voluntary", "huntingdonshire"),
}
PLACES = 140
ARRIVED_SHARE = 0.8


def mark_recurring_sessions(summits):
    Session.objects.filter(summit__in=summits, slug__in=RECURRING_SESSIONS).update(
        recurring=True
    )


def seed_last_year(summit, *, stdout):
    if Attendee.objects.filter(summit=summit).exists():
        return
    rng = random.Random(2025)
    profiles = {**dict(list(PROFILES.items())[:7]), **ONLY_LAST_YEAR}
    ticket_type, _created = TicketType.objects.get_or_create(
        summit=summit,
        name="Delegate place",
        defaults={"description": "A place at the summit (demo).", "capacity": 200},
    )
    booked_at = summit.start - datetime.timedelta(days=30)
    orders, attendees = [], []
    references = set(Order.objects.values_list("reference", flat=True))
    for number in range(PLACES):
        reference = unused_reference(summit, references)
        order = Order(reference=reference, summit=summit, status=OrderStatus.CONFIRMED)
        organisation = rng.choice(sorted(profiles))
        kind, district = profiles[organisation]
        orders.append(order)
        attendees.append(
            Attendee(
                order=order,
                number=1,
                summit=summit,
                ticket_type=ticket_type,
                status=AttendeeStatus.CONFIRMED,
                name=f"Past Delegate {number + 1} (demo)",
                email=f"past.delegate{number + 1}@example.org",
                organisation=organisation,
                organisation_type=kind,
                district=district,
                privacy_accepted_at=booked_at,
            )
        )
    Order.objects.bulk_create(orders)
    for attendee in attendees:
        attendee.order_id = attendee.order.pk
    Attendee.objects.bulk_create(attendees)
    door = User.objects.filter(username="checkin").first()
    arrived = [a for a in attendees if rng.random() < ARRIVED_SHARE]
    CheckIn.objects.bulk_create(
        CheckIn(
            attendee=attendee,
            summit=summit,
            checked_in_at=summit.start - datetime.timedelta(minutes=rng.randint(0, 45)),
            checked_in_by=door,
            source=CheckInSource.SCAN,
        )
        for attendee in arrived
    )
    stdout.write(
        f"Last year's {summit.title}: {len(attendees)} demo places, "
        f"{len(arrived)} checked in."
    )
