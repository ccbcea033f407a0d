"""Free bookings end to end over HTTP, without an account, as a browser makes them.

Each booking is a new visitor (fresh cookies, own address, unique email) at the
latest summit: the summit page, "Book your place" (choose one free place), who is
coming (the booker and the place's holder, answering the summit's registration
questions), check and "Confirm booking", the "check your email" page; then the link
we email (read from the database, as the booker's mail would bring it), "Confirm
booking" there and the confirmed booking.
That is 11 requests, each form posted with its CSRF token and fields as served.

Two runs: `CLIENTS` visitors at once for a while on a free ticket type with room
for all (bookings completed a second), then a race: as many visitors again, each
trying in turn, half as many tries again as there are places (`RACE_PLACES`). Afterwards the database must show no ticket
type of the summit with more confirmed (or live) places than its capacity.
"""

import os
import re
import threading
import time
import uuid

from .browser import Browser, UnexpectedAnswer, form_with, forms
from .cpu import cpu_seconds, postmaster_pid
from .harness import CLIENTS, SECONDS, python, query, say

RACE_PLACES = 24
TYPES_SCRIPT = f"""
import json
from events.models import SummitPage, TicketType
summit = SummitPage.objects.live().order_by("-start").first()
assert summit.registration_is_open(), "the latest summit's registration is closed"
made = {{}}
for key, name, capacity in [
    ("throughput", "Benchmark place", 100_000),
    ("race", "Benchmark race", {RACE_PLACES}),
]:
    made[key] = TicketType.objects.create(
        summit=summit, name=name, capacity=capacity, price=0, max_per_order=5
    ).pk
print(json.dumps({{"slug": summit.slug, "summit_id": summit.pk, **made}}))
"""
DONE = re.compile(r"/book/done/([^/]+)/$")


def prepare(env):
    """Two free ticket types at the latest summit, made for the run."""
    return python(TYPES_SCRIPT, env=env, what="benchmark ticket types")


class Refused(Exception):
    """Step 1 said no: no places left."""


def book_one(server, summit_slug, ticket_type_id):
    """One booking from the summit page to its confirmation; returns the number
    of requests made. Raises Refused when the places are gone."""
    browser = Browser(server)
    email = f"booker-{uuid.uuid4().hex[:12]}@example.org"
    summit = f"/summit/{summit_slug}/"
    browser.get(summit)
    page = browser.get(f"{summit}book/")
    field = f"quantity_{ticket_type_id}"
    try:
        form = form_with(page.text, field)
    except LookupError:
        raise Refused from None
    page = browser.submit(page, form, button="Continue", **{field: 1})
    if page.status_code in (400, 409):
        raise Refused
    if not page.path.endswith("/book/details/") or page.status_code != 200:
        raise UnexpectedAnswer(page, "choosing a place")
    form = form_with(page.text, "booker-booker_email")
    page = browser.submit(
        page,
        form,
        button="Continue",
        **_answers(form),
        **{
            "booker-booker_name": "Bench Booker",
            "booker-booker_email": email,
            "place-1-who": "named",
            "place-1-name": "Bench Booker",
            "place-1-email": email,
            "place-1-organisation": "Benchmark (demo)",
            "place-1-privacy_accepted": "on",
        },
    )
    if not page.path.endswith("/book/review/") or page.status_code != 200:
        raise UnexpectedAnswer(page, "who is coming")
    form = next(
        f
        for f in _forms_with_button(page.text, "Confirm booking")
        if "csrfmiddlewaretoken" in f.names()
    )
    page = browser.submit(page, form, button="Confirm booking")
    if page.status_code == 409:
        raise Refused
    done = DONE.search(page.path)
    if not done or page.status_code != 200:
        raise UnexpectedAnswer(page, "confirming the booking")
    # The booker opens the link we emailed them.
    [(token,)] = query(
        "SELECT manage_token FROM events_order WHERE reference = %s", [done[1]]
    )
    page = browser.get(f"/bookings/{token}/")
    form = next(iter(_forms_with_button(page.text, "Confirm booking")))
    page = browser.submit(page, form, button="Confirm booking")
    if page.status_code != 200 or "is confirmed" not in page.text:
        raise UnexpectedAnswer(page, "confirming from the emailed link")
    return browser.requests


def _answers(form):
    """Each registration question on the form answered with its first choice, as
    a hurried booker would (the demo summit asks one question that must be
    answered, and two that may be)."""
    return {
        name: form.options(name)[0]
        for name in form.names()
        if "-question_" in name and form.options(name)
    }


def _forms_with_button(html, text):
    return [f for f in forms(html) if any(text in b["text"] for b in f.buttons)]


class Tally:
    def __init__(self):
        self.lock = threading.Lock()
        self.done = self.refused = self.requests = 0
        self.errors = []

    def add(self, *, done=0, refused=0, requests=0, error=None):
        with self.lock:
            self.done += done
            self.refused += refused
            self.requests += requests
            if error:
                self.errors.append(error)


def _attempt(tally, server, summit_slug, ticket_type_id):
    """One booking, counted in `tally` however it ends."""
    try:
        made = book_one(server, summit_slug, ticket_type_id)
    except Refused:
        tally.add(refused=1)
    except Exception as error:  # noqa: BLE001 - counted and reported
        tally.add(error=repr(error))
    else:
        tally.add(done=1, requests=made)


def _clients(count, work):
    threads = [threading.Thread(target=work, daemon=True) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def throughput(server, types, seconds):
    tally = Tally()
    deadline = time.monotonic() + seconds

    def client():
        while time.monotonic() < deadline:
            _attempt(tally, server, types["slug"], types["throughput"])

    started = time.perf_counter()
    _clients(CLIENTS, client)
    return tally, time.perf_counter() - started


def race(server, types):
    """Half as many tries again as there are places, shared by the clients."""
    tries = -(-RACE_PLACES * 3 // 2 // CLIENTS)
    tally = Tally()

    def client():
        for _ in range(tries):
            _attempt(tally, server, types["slug"], types["race"])

    _clients(CLIENTS, client)
    return tally


def oversold(summit_id):
    """Ticket types of the summit with more confirmed, or more live (held or
    confirmed), places than their capacity: [(name, capacity, confirmed, live)].
    Speakers' places are issued, never sold, so their type has no capacity."""
    return query(
        """
        SELECT t.name, t.capacity,
               count(*) FILTER (WHERE a.status = 'confirmed'),
               count(*) FILTER (WHERE a.status IN ('confirmed', 'pending'))
        FROM events_tickettype t
        LEFT JOIN events_attendee a ON a.ticket_type_id = t.id
        WHERE t.summit_id = %s AND NOT t.for_speakers
        GROUP BY t.id, t.name, t.capacity
        HAVING count(*) FILTER (WHERE a.status = 'confirmed') > t.capacity
            OR count(*) FILTER (WHERE a.status IN ('confirmed', 'pending'))
               > t.capacity
        """,
        [summit_id],
    )


def _cpu(server, worker):
    """CPU seconds so far: the web workers, the task worker, PostgreSQL and this
    process (the load generator's threads)."""
    spent = cpu_seconds(
        {"web": server.process.pid, "tasks": worker.pid, "PostgreSQL": postmaster_pid()}
    )
    own = os.times()
    return {**spent, "load generator": own.user + own.system}


def run(server, worker, env, figures):
    types = prepare(env)
    seconds = max(10, 5 * SECONDS)
    say(f"booking: {CLIENTS} visitors at once for {seconds:.0f}s")
    cpu_before = _cpu(server, worker)
    tally, elapsed = throughput(server, types, seconds)
    cpu = {
        what: spent - cpu_before[what] for what, spent in _cpu(server, worker).items()
    }
    rate = tally.done / elapsed
    per_booking = tally.requests / tally.done if tally.done else 0
    say(f"booking race: {CLIENTS} visitors for {RACE_PLACES} places")
    raced = race(server, types)
    [(raced_confirmed,)] = query(
        "SELECT count(*) FROM events_attendee WHERE ticket_type_id = %s "
        "AND status = 'confirmed'",
        [types["race"]],
    )
    over = oversold(types["summit_id"])
    errors = tally.errors + raced.errors
    figures.add(
        "free bookings end to end (HTTP)",
        rate,
        "bookings/s",
        target=(">=", 30),
        note=f"{tally.done} in {elapsed:.0f}s, {CLIENTS} clients, "
        f"{per_booking:.0f} requests each",
    )
    if tally.done:
        cpu_ms = {what: spent / tally.done * 1000 for what, spent in cpu.items()}
        total = sum(cpu_ms.values())
        figures.add(
            "  CPU per booking",
            total,
            "ms",
            note=", ".join(f"{what} {ms:.0f}" for what, ms in cpu_ms.items())
            + f"; {os.cpu_count()} cores busy with nothing else would make at most "
            f"{os.cpu_count() * 1000 / total:.0f} bookings/s",
        )
    figures.add(
        "  ticket types oversold",
        len(over),
        "types",
        target=("<=", 0),
        note=f"race for {RACE_PLACES} places: {raced.done} booked, "
        f"{raced.refused} refused, {raced_confirmed} confirmed in the database"
        + (f"; oversold: {over}" if over else ""),
    )
    figures.add(
        "  booking errors",
        len(errors),
        "errors",
        note="; ".join(sorted(set(errors))[:3]),
    )
