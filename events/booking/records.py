"""The rows a booking writes, and the locks taken before writing them.

Every service in this package runs in its own transaction and locks what it is
about to use up, always in the same order so two bookings never deadlock:

1. existing orders whose places change (by primary key),
2. ticket types (by primary key),
3. the access code,
4. workshop sessions (by primary key),
5. attendees and waiting-list entries.

Capacity is then counted under those locks, so it cannot change before the
transaction commits. On PostgreSQL `select_for_update` takes row locks; SQLite runs
one writing transaction at a time (`transaction_mode="IMMEDIATE"`), so the same code
is correct there. Emails are queued as tasks once the transaction has committed.
"""

from collections import Counter

from allauth.account.models import EmailAddress
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from ..choices import LIVE_ATTENDEE_STATUSES, AttendeeStatus
from ..details import HOLDER_FIELDS, AttendeeDetails, normalise_email
from ..models import AccessCode, Attendee, Order, Session, StatusChange, TicketType
from ..models.orders import new_reference, new_token
from .rules import (
    AccessCodeError,
    AlreadyBooked,
    BookingError,
    check_apart,
    check_code_usable,
    check_code_uses,
    check_workshop_room,
)

ONE_TICKET_PER_EMAIL = "events_attendee_one_live_ticket_per_email"


def lock_ticket_types(ids, *, summit):
    locked = {
        ticket_type.pk: ticket_type
        for ticket_type in TicketType.objects.select_for_update()
        .filter(pk__in=ids, summit=summit)
        .order_by("pk")
    }
    if len(locked) != len(ids):
        raise BookingError(
            _("One of the ticket types you chose isn't available for this summit.")
        )
    for ticket_type in locked.values():
        ticket_type.summit = summit
    return locked


def lock_access_code(access_code, *, summit, at):
    if access_code is None:
        return None
    code = AccessCode.objects.select_for_update().filter(pk=access_code.pk).first()
    if code is None or code.summit_id != summit.pk:
        raise AccessCodeError(_("That access code isn't valid for this summit."))
    check_code_usable(code, at=at)
    return code


def use_access_code(code, places):
    """Count `places` against the code's limit (the code row is locked)."""
    if not places:
        return
    check_code_uses(code, places)
    code.uses += places
    code.save(update_fields=["uses"])


def lock_workshops(requests, *, exclude=None):
    """Lock and check the workshops each place asks for: offered with its ticket
    type, not overlapping each other, and not full. `requests` holds (ticket type,
    [sessions]) pairs; `exclude` is an attendee whose current places don't count."""
    session_ids = sorted({session.pk for _tt, chosen in requests for session in chosen})
    if not session_ids:
        return
    locked = {
        session.pk: session
        for session in Session.objects.select_for_update()
        .filter(pk__in=session_ids)
        .order_by("pk")
    }
    offered = {
        ticket_type.pk: set(ticket_type.workshops.values_list("pk", flat=True))
        for ticket_type in {tt for tt, chosen in requests if chosen}
    }
    for ticket_type, chosen in requests:
        chosen = [locked.get(session.pk) for session in chosen]
        for session in chosen:
            if session is None or session.pk not in offered[ticket_type.pk]:
                raise BookingError(
                    _("That workshop isn't offered with %(name)s places.")
                    % {"name": ticket_type.name}
                )
        by_start = sorted(chosen, key=lambda session: session.start)
        for earlier, later in zip(by_start, by_start[1:], strict=False):
            check_apart(earlier, later)
    demand = Counter(session.pk for _tt, chosen in requests for session in chosen)
    for session_id, count in demand.items():
        session = locked[session_id]
        if session.capacity is None:
            continue
        booked = session.attendees.filter(status__in=LIVE_ATTENDEE_STATUSES)
        if exclude is not None:
            booked = booked.exclude(pk=exclude.pk)
        check_workshop_room(session, booked=booked.count(), wanted=count)


def clean_details(details):
    email = normalise_email(details.email)
    if not details.name.strip() or not email:
        raise BookingError(_("Each named place needs a name and an email address."))
    if not details.privacy_accepted:
        raise BookingError(
            _("%(name)s must agree to the privacy notice.")
            % {"name": details.name.strip()}
        )
    return AttendeeDetails(
        **{**details.as_data(), "name": details.name.strip(), "email": email}
    )


def create_order(**fields):
    """An order with a fresh reference; a clash (rare) just tries another."""
    for attempt in range(10):
        try:
            with transaction.atomic():
                return Order.objects.create(
                    reference=new_reference(fields["summit"]), **fields
                )
        except IntegrityError:
            if attempt == 9:
                raise
    raise AssertionError("unreachable")


def create_attendee(
    order,
    number,
    ticket_type,
    details,
    *,
    price,
    uses_access_code,
    workshops,
    at,
    status=AttendeeStatus.CONFIRMED,
):
    attendee = Attendee(
        order=order,
        number=number,
        summit_id=order.summit_id,
        ticket_type=ticket_type,
        status=status,
        price=price,
        uses_access_code=uses_access_code,
    )
    if details is None:
        attendee.claim_token = new_token()
    else:
        apply_details(attendee, details, at=at)
    attendee.save()
    if workshops:
        attendee.workshops.set(workshops)
    return attendee


def apply_details(attendee, details, *, at):
    for name in HOLDER_FIELDS:
        setattr(attendee, name, getattr(details, name))
    if details.privacy_accepted:
        attendee.privacy_accepted_at = at
    attendee.user_id = _user_id_for_email(attendee.email)


def _user_id_for_email(email):
    """The account that has verified `email`, if any, so the place shows up in its
    My bookings even after the address changes."""
    return (
        EmailAddress.objects.filter(email__iexact=email, verified=True)
        .values_list("user_id", flat=True)
        .first()
    )


def log(order, attendee, from_status, to_status, by, note=""):
    StatusChange.objects.create(
        order=order,
        attendee=attendee,
        from_status=from_status,
        to_status=to_status,
        changed_by=by if by is not None and by.is_authenticated else None,
        note=note,
    )


def save_holder(attendee):
    """Save a place that got a new holder; if another booking gave their email a
    ticket since we checked, the database refuses and so do we."""
    try:
        with transaction.atomic():
            attendee.save()
    except IntegrityError as error:
        if ONE_TICKET_PER_EMAIL in str(error):
            raise AlreadyBooked(attendee.email) from error
        raise


def lock_attendee(attendee):
    return (
        Attendee.objects.select_for_update(of=("self",))
        .select_related("order", "summit", "ticket_type")
        .get(pk=attendee.pk)
    )
