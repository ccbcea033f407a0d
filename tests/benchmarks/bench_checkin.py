"""Door check-in scans, in-process (no network): with production settings on the
benchmark's database, a summit of its own today with 5,000 people booked, each scan
the signed QR payload a door phone posts to the check-in endpoint. The server time
of a scan is the time Django takes to answer it.

The runner starts this in a child Python with the production environment:
`python -m tests.benchmarks.bench_checkin` prints one JSON line.
"""

import datetime
import json
import os
import time

ATTENDEES = 5_000
SECONDS = float(os.environ.get("BENCH_SECONDS") or 3) * 2


def measure():
    from django.contrib.auth.models import Group, User
    from django.db import connection
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    from events import qr
    from events.models import Attendee, Order, SummitIndexPage, SummitPage, TicketType
    from tests.deploy.production_env import HOST

    today = timezone.localdate()
    opens = timezone.make_aware(datetime.datetime.combine(today, datetime.time(9)))
    summit = SummitIndexPage.objects.first().add_child(
        instance=SummitPage(
            title="Check-in benchmark summit",
            slug=f"checkin-bench-{int(time.time())}",
            summary="Benchmark.",
            start=opens,
            end=opens + datetime.timedelta(hours=8),
            venue_name="Hall",
            venue_address="1 Street",
        )
    )
    ticket_type = TicketType.objects.create(
        summit=summit, name="Delegate", capacity=ATTENDEES
    )
    orders = Order.objects.bulk_create(
        Order(reference=f"BENCH-{n:05d}", summit=summit, status="confirmed")
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
            email=f"checkin-person{n}@example.org",
            organisation="Example (demo)",
        )
        for n, order in enumerate(orders)
    )
    with connection.cursor() as cursor:  # fresh statistics, as a live database has
        cursor.execute("ANALYZE")
    staff = User.objects.create_user(
        f"door-{summit.slug}", "door@example.org", "not-used-" + summit.slug
    )
    staff.groups.add(Group.objects.get(name="Check-in staff"))
    client = Client(headers={"host": HOST, "x-forwarded-proto": "https"})
    client.force_login(staff)
    # Signed in with a second factor, as door staff must be in production.
    session = client.session
    session["account_authentication_methods"] = [{"method": "mfa", "type": "totp"}]
    session["account_authentication_methods_user"] = str(staff.pk)
    session.save()
    url = reverse("events:checkin_api", args=[summit.pk])
    payloads = [qr.ticket_payload(attendee) for attendee in attendees]

    def scan(payload):
        started = time.perf_counter()
        response = client.post(
            url, json.dumps({"payload": payload}), content_type="application/json"
        )
        took = time.perf_counter() - started
        assert response.status_code == 200, response.content[:300]
        return response.json()["outcome"], took

    assert scan(payloads[0])[0] == "checked_in"  # warm caches and templates
    times, started = [], time.perf_counter()
    while time.perf_counter() - started < SECONDS and len(times) + 1 < ATTENDEES:
        outcome, took = scan(payloads[len(times) + 1])
        assert outcome == "checked_in", outcome
        times.append(took)
    repeats, started = [], time.perf_counter()
    while time.perf_counter() - started < SECONDS / 2:
        outcome, took = scan(payloads[1 + len(repeats) % len(times)])
        assert outcome == "already", outcome
        repeats.append(took)
    times.sort()
    repeats.sort()
    return {
        "scans": len(times),
        "per_second": len(times) / sum(times),
        "p50_ms": times[len(times) // 2] * 1000,
        "p99_ms": times[int(len(times) * 0.99)] * 1000,
        "already_p50_ms": repeats[len(repeats) // 2] * 1000,
        "attendees": ATTENDEES,
    }


def add_figures(figures, result):
    figures.add(
        "check-in scan, server time p50",
        result["p50_ms"],
        "ms",
        target=("<=", 10),
        note=f"{result['scans']} new arrivals of {result['attendees']:,} booked, "
        f"{result['per_second']:.0f} scans/s in one process, p99 "
        f"{result['p99_ms']:.1f} ms; a repeat scan p50 "
        f"{result['already_p50_ms']:.1f} ms",
    )


if __name__ == "__main__":
    import django

    django.setup()
    print(json.dumps(measure()))
