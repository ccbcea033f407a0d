"""Staff at two doors (here, ten) scan the same ticket at the same moment, each on
their own database connection: one check-in, and everyone else is told the person
is already in."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection
from wagtail.models import Page

from events import qr
from events.door import services as checkin
from events.models import CheckIn
from tests.factories import UserFactory
from tests.factories.events import (
    AttendeeFactory,
    SummitIndexPageFactory,
    SummitPageFactory,
    TicketTypeFactory,
)

pytestmark = [
    pytest.mark.postgres_only,
    # Threads need committed rows; serialized_rollback puts the migrations' rows
    # (root page, locale, groups) back for whichever test runs next.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

DEVICES = 10


@pytest.fixture
def summit(db):
    return SummitPageFactory(
        parent=SummitIndexPageFactory(parent=Page.get_first_root_node())
    )


def test_simultaneous_scans_of_one_ticket_make_one_check_in(summit):
    attendee = AttendeeFactory(ticket_type=TicketTypeFactory(summit=summit))
    staff = [UserFactory() for _ in range(DEVICES)]
    payload = qr.ticket_payload(attendee)
    everyone_ready = threading.Barrier(DEVICES)

    def scan(number):
        try:
            everyone_ready.wait()
            return checkin.check_in(
                summit=summit, by=staff[number], payload=payload
            ).outcome
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=DEVICES) as pool:
        outcomes = list(pool.map(scan, range(DEVICES)))

    assert outcomes.count(checkin.CHECKED_IN) == 1
    assert outcomes.count(checkin.ALREADY) == DEVICES - 1
    assert CheckIn.objects.filter(attendee=attendee).count() == 1


def test_two_devices_syncing_the_same_person_at_once_make_one_check_in(summit):
    attendee = AttendeeFactory(ticket_type=TicketTypeFactory(summit=summit))
    staff = UserFactory()
    everyone_ready = threading.Barrier(2)

    def sync(device):
        try:
            everyone_ready.wait()
            scan = checkin.Scan(
                scan_id=f"{device}-1",
                scanned_at=attendee.created_at,
                reference=attendee.reference,
            )
            [(_scan, answer)] = checkin.sync_scans(
                summit=summit, by=staff, scans=[scan]
            )
            return answer.outcome
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=2) as pool:
        outcomes = sorted(pool.map(sync, ["a", "b"]))

    assert outcomes == sorted([checkin.CHECKED_IN, checkin.ALREADY])
    assert CheckIn.objects.filter(attendee=attendee).count() == 1
