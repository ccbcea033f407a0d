"""Demo content for the day itself, so the summit dashboard and the door look
alive: the demo bookings get organisation types and areas and are spread over
the registration period, and about a third of the people are already checked in
by the demo check-in account. Runs once per summit (while it has no check-ins)."""

import datetime
import random

from django.contrib.auth.models import User
from django.utils import timezone

from signatories.choices import District, OrganisationType

from .choices import AttendeeStatus, CheckInSource
from .models import Attendee, CheckIn, StatusChange

# The demo organisations (events.demo.ORGANISATIONS): their type and area.
PROFILES = {
    "Fenland District Council (demo)": (
        OrganisationType.PUBLIC_SECTOR,
        District.FENLAND,
    ),
    "Example County Council (demo)": (
        OrganisationType.PUBLIC_SECTOR,
        District.CAMBRIDGESHIRE,
    ),
    "Ouse Valley NHS Trust (demo)": (OrganisationType.HEALTH, District.HUNTINGDONSHIRE),
    "Peterborough Example College (demo)": (
        OrganisationType.EDUCATION,
        District.PETERBOROUGH,
    ),
    "Cambridge Example University (demo)": (
        OrganisationType.EDUCATION,
        District.CAMBRIDGE,
    ),
    "Fen Edge Housing Association (demo)": (
        OrganisationType.VOLUNTARY,
        District.EAST_CAMBRIDGESHIRE,
    ),
    "Riverside Community Trust (demo)": (
        OrganisationType.VOLUNTARY,
        District.PETERBOROUGH,
    ),
    "Ely Example Chamber of Commerce (demo)": (
        OrganisationType.BUSINESS,
        District.EAST_CAMBRIDGESHIRE,
    ),
    "Huntingdonshire Example Library Service (demo)": (
        OrganisationType.PUBLIC_SECTOR,
        District.HUNTINGDONSHIRE,
    ),
    "East Anglia Example Water (demo)": (
        OrganisationType.BUSINESS,
        District.SOUTH_CAMBRIDGESHIRE,
    ),
}
CHECKED_IN_SHARE = 0.35


def seed_on_the_day(summit, *, stdout):
    if CheckIn.objects.filter(summit=summit).exists():
        return
    rng = random.Random(2050)
    places = Attendee.objects.filter(summit=summit)
    for organisation, (kind, district) in PROFILES.items():
        places.filter(organisation=organisation, organisation_type="").update(
            organisation_type=kind, district=district
        )
    _spread_bookings(summit, rng)
    door = User.objects.filter(username="checkin").first()
    now = timezone.now()
    arrived = [
        attendee
        for attendee in places.filter(status=AttendeeStatus.CONFIRMED, email__gt="")
        .select_related("order")
        .order_by("pk")
        if rng.random() < CHECKED_IN_SHARE
    ]
    CheckIn.objects.bulk_create(
        CheckIn(
            attendee=attendee,
            summit=summit,
            checked_in_at=now - datetime.timedelta(minutes=rng.randint(1, 90)),
            checked_in_by=door,
            source=rng.choice([CheckInSource.SCAN] * 4 + [CheckInSource.REFERENCE]),
        )
        for attendee in arrived
    )
    StatusChange.objects.bulk_create(
        StatusChange(
            order=attendee.order,
            attendee=attendee,
            from_status=attendee.status,
            to_status=attendee.status,
            changed_by=door,
            note="Checked in at the door (demo).",
        )
        for attendee in arrived
    )
    by = " (door account checkin@example.org)" if door else ""
    stdout.write(
        f"On the day for {summit.title}: {len(arrived)} demo attendees checked in{by}."
    )


def _spread_bookings(summit, rng):
    """Demo orders were all written at once: give each a booking time across the
    registration period, so the bookings chart has a shape."""
    opens = summit.registration_opens_at or summit.first_published_at
    if opens is None:
        return
    span = max((timezone.now() - opens).total_seconds(), 3600)
    for order_id in (
        Attendee.objects.filter(
            summit=summit,
            order__access_code__isnull=True,
            ticket_type__for_speakers=False,
        )
        .values_list("order_id", flat=True)
        .distinct()
    ):
        # Earlier days get more bookings, as with a real launch.
        booked_at = opens + datetime.timedelta(seconds=span * rng.random() ** 1.6)
        Attendee.objects.filter(order_id=order_id).update(created_at=booked_at)
