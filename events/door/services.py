"""Checking people in at the door, and what the door's devices keep offline.

`check_in()` answers every scan, typed reference or name-search pick with an
`Answer`: checked in, already checked in (when, by whom), cancelled, not confirmed,
no holder yet, wrong summit, or not recognised. It runs in its own transaction with
the place's row locked, so two staff scanning one ticket at the same moment make one
check-in (the database's partial unique index is the backstop), and it costs the
same few queries however many people are booked. A forged or altered QR code fails
its signature check before any query, and gets the same answer as a ticket that
doesn't exist.

Devices that lose the connection keep checking people in against `ticket_list()`
and later send their queued scans to `sync_scans()`: each carries the device's scan
id, so a scan sent twice counts once, and two devices that let the same person in
resolve to the first check-in that reaches the server.
"""

import datetime
import hashlib
import re
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache

from django.db import IntegrityError, connection, models, transaction
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from home.uk_time import uk_time

from .. import qr
from ..choices import AttendeeStatus, CheckInSource
from ..models import Attendee, CheckIn, StatusChange, TicketType

#: How long after a summit's end its door may still check people in.
DOOR_OPEN_AFTER_END = datetime.timedelta(days=1)
SCANS_BEFORE_START = datetime.timedelta(days=366)
REFERENCE = re.compile(r"^(SA\d{2}-[A-Z0-9]{4})-(\d{1,4})$")

CHECKED_IN = "checked_in"
ALREADY = "already"
CANCELLED = "cancelled"
NOT_CONFIRMED = "not_confirmed"
UNNAMED = "unnamed"
UNDONE = "undone"
WRONG_SUMMIT = "wrong_summit"
UNKNOWN = "unknown"

#: What a scan loads of the place: what its answer shows and its rules read. Every
#: column costs compiling on each scan; the summit is loaded only to name another
#: summit (WRONG_SUMMIT), which is rare.
ANSWER_FIELDS = (
    "order__reference",
    "ticket_type__name",
    "number",
    "summit",
    "status",
    "name",
    "intended_name",
    "email",
    "organisation",
    "accessibility_needs",
    "ticket_token",
)

#: (title, tone) per outcome; the tone picks the colour, the title says it in words.
OUTCOMES = {
    CHECKED_IN: (gettext_lazy("Checked in"), "ok"),
    ALREADY: (gettext_lazy("Already checked in"), "warn"),
    CANCELLED: (gettext_lazy("Cancelled place: do not admit"), "bad"),
    NOT_CONFIRMED: (gettext_lazy("Booking not confirmed"), "bad"),
    UNNAMED: (gettext_lazy("No holder named for this place"), "bad"),
    UNDONE: (gettext_lazy("Check-in undone since"), "warn"),
    WRONG_SUMMIT: (gettext_lazy("Ticket for another summit"), "bad"),
    UNKNOWN: (gettext_lazy("Ticket not recognised"), "bad"),
}


class CheckInError(Exception):
    """A check-in can't be changed as asked; `message` says why."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Answer:
    outcome: str
    attendee: Attendee | None = None
    check_in: CheckIn | None = None

    @property
    def title(self):
        return str(OUTCOMES[self.outcome][0])

    @property
    def tone(self):
        return OUTCOMES[self.outcome][1]

    @property
    def message(self):
        if self.outcome == ALREADY:
            return _("Checked in at %(time)s by %(who)s.") % {
                "time": time_format(uk_time(self.check_in.checked_in_at), "H:i"),
                "who": staff_name(self.check_in.checked_in_by),
            }
        if self.outcome == WRONG_SUMMIT:
            return _("This ticket is for %(summit)s.") % {
                "summit": self.attendee.summit.title
            }
        if self.outcome == NOT_CONFIRMED:
            return _("The booking is still waiting for something, such as payment.")
        if self.outcome == UNNAMED:
            return _("Ask them to claim the place from the booker's link first.")
        if self.outcome == UNKNOWN:
            return _("Check the code or reference, or search by name.")
        if self.outcome == UNDONE:
            return _("Staff undid this scan's check-in: scan again to let them in.")
        return ""

    def as_json(self):
        """What the check-in page shows, for its script. Names only for places of
        this summit: a wrong-summit answer just names the other summit."""
        attendee = self.attendee if self.outcome != WRONG_SUMMIT else None
        return {
            "outcome": self.outcome,
            "title": self.title,
            "tone": self.tone,
            "message": self.message,
            "attendee": None
            if attendee is None
            else {
                "name": attendee.display_name,
                "organisation": attendee.organisation,
                "ticket_type": attendee.ticket_type.name,
                "reference": attendee.reference,
                "access_needs": bool(attendee.accessibility_needs),
                "key": ticket_key(attendee.ticket_token),
            },
            "check_in": None
            if self.check_in is None
            else {
                "id": self.check_in.pk,
                "at": uk_time(self.check_in.checked_in_at).isoformat(),
                "by": staff_name(self.check_in.checked_in_by),
            },
        }


def door_open(summits):
    """The `summits` (a SummitPage queryset) whose door could still be open;
    `door_is_open()` asks the same of one summit."""
    return summits.filter(end__gte=timezone.now() - DOOR_OPEN_AFTER_END)


def door_is_open(summit):
    """Whether one summit's door is open: `door_open()`'s rule, for a summit loaded."""
    return timezone.now() <= door_closes(summit)


def door_closes(summit):
    return summit.end + DOOR_OPEN_AFTER_END


def scan_time_possible(summit, scanned_at):
    """Whether a device's clock could have said `scanned_at` at `summit`'s door:
    within a year before the summit, and not after its door closed. Clocks drift a
    little (a scan stamped later than now is taken as now), not by years."""
    return summit.start - SCANS_BEFORE_START <= scanned_at <= door_closes(summit)


def staff_name(user):
    if user is None:
        return _("a former staff member")
    return user.get_full_name() or user.email or user.get_username()


def ticket_key(token):
    """What devices store instead of the ticket token: a one-way digest, so a
    device's cache can't be turned back into tickets."""
    return hashlib.sha256(token.encode()).hexdigest()[:32]


def parse_reference(text):
    """(order reference, place number) from what staff typed, e.g. "sa26 7k3q-2";
    None when it can't be a place's reference."""
    cleaned = re.sub(r"\s+", "", (text or "").upper())
    cleaned = re.sub(r"^(SA\d{2})-?([A-Z0-9]{4})-?(\d+)$", r"\1-\2-\3", cleaned)
    match = REFERENCE.match(cleaned)
    return (match.group(1), int(match.group(2))) if match else None


def check_in(
    *,
    summit,
    by,
    payload=None,
    reference=None,
    attendee_id=None,
    scan_id=None,
    scanned_at=None,
    source=None,
):
    """Check in the place a QR `payload`, typed `reference` or `attendee_id` (a
    name-search pick) names, and return the `Answer` for the door.

    Writes a `CheckIn` (time `scanned_at` when a device sends it, never later than
    now) and a line in the order's history, only when the place is this summit's,
    confirmed, named and not yet checked in. A `scan_id` seen before never checks
    in again, so a device may send a scan again safely: it answers with the check-in
    it made, or, if that was undone since, with the place's check-in now, if any.
    """
    if payload is not None:
        token = qr.token_from_payload(payload)
        if token is None:
            return Answer(UNKNOWN)
        lookup = {"ticket_token": token}
        source = source or CheckInSource.SCAN
    elif reference is not None:
        parsed = parse_reference(reference)
        if parsed is None:
            return Answer(UNKNOWN)
        lookup = {"order__reference": parsed[0], "number": parsed[1]}
        source = source or CheckInSource.REFERENCE
    else:
        lookup = {"pk": attendee_id, "summit": summit}
        source = source or CheckInSource.SEARCH
    now = timezone.now()
    at = min(scanned_at, now) if scanned_at else now
    try:
        with _door_transaction():
            return _check_in(
                summit, lookup, by=by, at=at, scan_id=scan_id, source=source
            )
    except IntegrityError:
        # Another request won a race outside the row lock (the same scan id sent
        # for another place, say): answer as things now stand.
        with _door_transaction():
            return _check_in(summit, lookup, by=by, at=at, scan_id=None, source=source)


@contextmanager
def _door_transaction():
    """A transaction whose commit doesn't wait for the disk on PostgreSQL: a scan's
    `COMMIT` otherwise waits for the write-ahead log's flush (2-3.5 ms here), as long
    as the rest of the scan's queries together. Asynchronous commit can lose the
    last fraction of a second of check-ins if the database server crashes (never
    corrupt anything), and a lost check-in just scans again as a new one. Only when
    this is the outermost transaction: a caller's own writes keep their durability.
    SQLite: a plain transaction."""
    asynchronous = connection.vendor == "postgresql" and not connection.in_atomic_block
    with transaction.atomic():
        if asynchronous:
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit TO OFF")
        yield


def _check_in(summit, lookup, *, by, at, scan_id, source):
    if scan_id:
        earlier = (
            CheckIn.objects.select_related("attendee__ticket_type", "attendee__order")
            .filter(scan_id=scan_id, summit=summit)
            .first()
        )
        if earlier is not None and not earlier.is_undone:
            return Answer(CHECKED_IN, earlier.attendee, earlier)
        if earlier is not None:
            # Undone since: say how things stand, rather than let them in again.
            current = (
                earlier.attendee.check_ins.live()
                .select_related("checked_in_by")
                .first()
            )
            if current is not None:
                return Answer(ALREADY, earlier.attendee, current)
            return Answer(UNDONE, earlier.attendee)
    attendee = _first(
        Attendee.objects.select_for_update(of=("self",))
        .select_related("ticket_type", "order")
        .only(*ANSWER_FIELDS)
        .annotate(checked_in=_has_live_check_in())
        .filter(**lookup)
    )
    if attendee is None:
        return Answer(UNKNOWN)
    if attendee.summit_id != summit.pk:
        return Answer(WRONG_SUMMIT, attendee)
    if attendee.status == AttendeeStatus.CANCELLED:
        return Answer(CANCELLED, attendee)
    if attendee.status != AttendeeStatus.CONFIRMED:
        return Answer(NOT_CONFIRMED, attendee)
    if not attendee.is_named:
        return Answer(UNNAMED, attendee)
    # A first scan asks no more: `checked_in` came with the place. It can miss a
    # check-in another device committed while this one waited for the row lock (the
    # statement saw the database as it was when it began); the partial unique index
    # then refuses the second, and check_in() answers again as things now stand.
    existing = attendee.checked_in and _first(_live_check_ins(attendee))
    if existing:
        return Answer(ALREADY, attendee, existing)
    check_in = CheckIn.objects.create(
        attendee=attendee,
        summit=summit,
        checked_in_at=at,
        checked_in_by=by,
        source=source,
        scan_id=scan_id or None,
    )
    _log(attendee, by, _("Checked in at the door."))
    return Answer(CHECKED_IN, attendee, check_in)


@cache
def _has_live_check_in_sql():
    quote = connection.ops.quote_name
    return (
        f"EXISTS (SELECT 1 FROM {quote(CheckIn._meta.db_table)} c"
        f" WHERE c.{quote(CheckIn._meta.get_field('attendee').column)}"
        f" = {quote(Attendee._meta.db_table)}.{quote(Attendee._meta.pk.column)}"
        f" AND c.{quote(CheckIn._meta.get_field('undone_at').column)} IS NULL)"
    )


def _has_live_check_in():
    """Whether the place has a check-in that stands (`CheckIn.objects.live()`), for
    the locked place's select list: as `Exists()` the ORM compiles a whole
    subquery on every scan, about a tenth of a first scan's CPU."""
    return RawSQL(_has_live_check_in_sql(), [], output_field=models.BooleanField())


def _live_check_ins(attendee):
    return (
        CheckIn.objects.live().filter(attendee=attendee).select_related("checked_in_by")
    )


def _first(queryset):
    """The row an unordered `queryset` finds, or None: every lookup here names at
    most one row, so there is no ordering to compile, as `first()` would."""
    rows = list(queryset.order_by()[:1])
    return rows[0] if rows else None


def undo_check_in(*, summit, check_in_id, by):
    """Undo a check-in made by mistake: the row stays, marked with who undid it and
    when, and the order's history says so. Raises CheckInError if there is no such
    standing check-in at `summit`."""
    with _door_transaction():
        check_in = (
            CheckIn.objects.select_for_update(of=("self",))
            .select_related("attendee__order", "attendee__ticket_type")
            .filter(pk=check_in_id, summit=summit)
            .first()
        )
        if check_in is None:
            raise CheckInError(_("There is no such check-in."))
        if check_in.is_undone:
            raise CheckInError(_("This check-in has already been undone."))
        check_in.undone_at = timezone.now()
        check_in.undone_by = by
        check_in.save(update_fields=["undone_at", "undone_by"])
        _log(check_in.attendee, by, _("Check-in undone."))
    return check_in


def _log(attendee, by, note):
    StatusChange.objects.create(
        order=attendee.order,
        attendee=attendee,
        from_status=attendee.status,
        to_status=attendee.status,
        changed_by=by,
        note=note,
    )


@dataclass(frozen=True)
class Scan:
    """One scan a device made offline: its id, what it scanned or typed (a QR
    payload or a reference) and when."""

    scan_id: str
    scanned_at: object
    payload: str | None = None
    reference: str | None = None


def sync_scans(*, summit, by, scans):
    """Check in each offline `Scan` in the order given (each in its own
    transaction, as `check_in()`), and return (scan, Answer) pairs. Re-sent scans
    and scans of people another device already let in answer without writing."""
    return [
        (
            scan,
            check_in(
                summit=summit,
                by=by,
                payload=scan.payload,
                reference=scan.reference,
                scan_id=scan.scan_id,
                scanned_at=scan.scanned_at,
                source=CheckInSource.OFFLINE,
            ),
        )
        for scan in scans
    ]


def ticket_list(summit):
    """Every place of `summit` as the door's devices cache it: a digest of the
    ticket token (never the token), reference, name, organisation, ticket type, an
    access-needs flag (not the needs), status and any standing check-in. Two
    queries however many places."""
    check_ins = {
        check_in.attendee_id: check_in
        for check_in in CheckIn.objects.live()
        .filter(summit=summit)
        .select_related("checked_in_by")
    }
    places = []
    for attendee in (
        Attendee.objects.filter(summit=summit)
        .select_related("order")
        .only(
            "ticket_token",
            "number",
            "order__reference",
            "name",
            "email",
            "organisation",
            "ticket_type_id",
            "status",
            "accessibility_needs",
        )
        .order_by("name", "pk")
    ):
        check_in = check_ins.get(attendee.pk)
        places.append(
            {
                "key": ticket_key(attendee.ticket_token),
                "reference": attendee.reference,
                "name": attendee.name,
                "organisation": attendee.organisation,
                "ticket_type": attendee.ticket_type_id,
                "status": _door_status(attendee),
                "access_needs": bool(attendee.accessibility_needs),
                "checked_in_at": uk_time(check_in.checked_in_at).isoformat()
                if check_in
                else None,
                "checked_in_by": staff_name(check_in.checked_in_by)
                if check_in
                else None,
            }
        )
    return places


def _door_status(attendee):
    if attendee.status == AttendeeStatus.CANCELLED:
        return CANCELLED
    if attendee.status != AttendeeStatus.CONFIRMED:
        return NOT_CONFIRMED
    if not attendee.is_named:
        return UNNAMED
    return "valid"


def arrival_counts(summit):
    """The summit's ticket types, each with `expected` (confirmed, named places)
    and `arrived` (standing check-ins), in one query."""
    confirmed = models.Q(
        attendees__status=AttendeeStatus.CONFIRMED, attendees__email__gt=""
    )
    return list(
        TicketType.objects.filter(summit=summit)
        .annotate(
            expected=models.Count("attendees", filter=confirmed, distinct=True),
            arrived=models.Count(
                "attendees__check_ins",
                filter=models.Q(attendees__check_ins__undone_at__isnull=True),
                distinct=True,
            ),
        )
        .order_by("sort_order", "pk")
    )
