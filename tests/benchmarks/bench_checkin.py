"""Door check-ins per second with 5,000 people booked: each scan is a signed QR
payload posted to the check-in endpoint, in-process (no network), as a phone's
script sends it. Run against PostgreSQL with
`make bench BENCH=bench_checkin DATABASE_URL=postgres://…`."""

import json
import time

ATTENDEES = 5_000
SECONDS = 5


def run(report):
    from django.conf import settings
    from django.contrib.auth.models import Group, User
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from events import qr
    from events.models import (
        Attendee,
        CheckIn,
        Order,
        SummitIndexPage,
        SummitPage,
        TicketType,
    )
    from home.site_setup import setup_home
    from tests.factories.events import local_time

    settings.CHECKIN_REQUESTS_PER_MINUTE = 10**9
    index = setup_home().add_child(
        instance=SummitIndexPage(title="Summit", slug="summit")
    )
    summit = index.add_child(
        instance=SummitPage(
            title="Benchmark Summit",
            slug="bench",
            summary="Benchmark.",
            start=local_time(0, 9),
            end=local_time(0, 17),
            venue_name="Hall",
            venue_address="1 Street",
        )
    )
    ticket_type = TicketType.objects.create(
        summit=summit, name="Delegate", capacity=ATTENDEES
    )
    orders = Order.objects.bulk_create(
        Order(reference=f"SA26-{n:05d}", summit=summit, status="confirmed")
        for n in range(ATTENDEES)
    )
    attendees = Attendee.objects.bulk_create(
        Attendee(
            order=order,
            number=1,
            summit=summit,
            ticket_type=ticket_type,
            status="confirmed",
            name=f"Person {n}",
            email=f"person{n}@example.org",
            organisation="Example (demo)",
        )
        for n, order in enumerate(orders)
    )
    with connection.cursor() as cursor:  # fresh statistics, as a live database has
        cursor.execute("ANALYZE")
    staff = User.objects.create_user("door", "door@example.org", "x")
    staff.groups.add(Group.objects.get(name="Check-in staff"))
    client = Client()
    client.force_login(staff)
    url = reverse("events:checkin_api", args=[summit.pk])
    payloads = [qr.ticket_payload(attendee) for attendee in attendees]

    def scan(payload):
        response = client.post(
            url, json.dumps({"payload": payload}), content_type="application/json"
        )
        return response.json()["outcome"]

    assert scan(payloads[0]) == "checked_in"  # warm caches and templates
    count, started = 1, time.perf_counter()
    while time.perf_counter() - started < SECONDS and count < ATTENDEES:
        assert scan(payloads[count]) == "checked_in"
        count += 1
    elapsed = time.perf_counter() - started
    report(
        f"check-in scans, new arrivals ({connection.vendor})",
        (count - 1) / elapsed,
        "scans/s",
    )
    repeats, started = 0, time.perf_counter()
    while time.perf_counter() - started < 2:
        assert scan(payloads[repeats % count]) == "already"
        repeats += 1
    report(
        f"check-in scans, already in ({connection.vendor})",
        repeats / (time.perf_counter() - started),
        "scans/s",
    )
    assert CheckIn.objects.count() == count
