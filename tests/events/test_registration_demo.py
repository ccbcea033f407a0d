from django.core import mail

from events.demo import DEMO_ACCESS_CODE
from events.models import AccessCode, Attendee, TicketType, WaitingListEntry
from tests.seeding import seed_demo


def _seed():
    return seed_demo()


def _counts():
    return (
        TicketType.objects.count(),
        Attendee.objects.count(),
        WaitingListEntry.objects.count(),
        AccessCode.objects.count(),
    )


def test_seed_demo_adds_ticket_types_bookings_and_a_waiting_list(db):
    output = _seed()

    assert f"Demo access code for complimentary places: {DEMO_ACCESS_CODE}" in output
    types = {
        ticket_type.name: ticket_type
        for ticket_type in TicketType.objects.with_places_taken()
    }
    assert types["Complimentary partner place"].requires_code
    assert types["Speaker"].for_speakers
    assert types["Partner organisation"].workshops.count() == 3
    assert types["Commercial delegate"].price == 12500
    assert types["Public body (invoice available)"].allows_invoice
    sold_out = [
        t for t in types.values() if t.capacity and t.places_taken >= t.capacity
    ]
    assert [t.name for t in sold_out] == ["Public-sector delegate"]
    assert sold_out[0].waiting_count > 0
    attendees = Attendee.objects.live()
    assert attendees.count() >= 300
    assert attendees.filter(ticket_type__for_speakers=True).count() >= 15
    assert not attendees.exclude(email="").exclude(email__endswith="@example.org")
    named = attendees.exclude(organisation="").exclude(ticket_type__for_speakers=True)
    assert all(
        org.endswith("(demo)") for org in named.values_list("organisation", flat=True)
    )
    for session in types["Partner organisation"].workshops.all():
        assert session.attendees.count() <= session.capacity
    code = AccessCode.objects.get(code=DEMO_ACCESS_CODE)
    assert code.uses == attendees.filter(ticket_type__requires_code=True).count()
    assert mail.outbox == []


def test_seed_demo_registration_is_idempotent(db):
    _seed()
    counts = _counts()

    _seed()

    assert _counts() == counts
