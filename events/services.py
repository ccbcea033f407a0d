"""Registration rules: booking places, changing and cancelling them, the waiting list
and speakers' complimentary tickets.

Every function here runs in its own transaction and locks what it is about to use
up, always in the same order so two bookings never deadlock:

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

import datetime
from collections import Counter
from dataclasses import dataclass, field, fields
from functools import partial

from allauth.account.models import EmailAddress
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from . import tasks
from .choices import (
    ACTIVE_WAITING_LIST_STATUSES,
    LIVE_ATTENDEE_STATUSES,
    AttendeeStatus,
    InvoiceStatus,
    OrderStatus,
    PaymentMethod,
    WaitingListStatus,
)
from .models import (
    AccessCode,
    Attendee,
    Invoice,
    Order,
    Session,
    StatusChange,
    TicketType,
    WaitingListEntry,
)
from .models.orders import new_reference, new_token
from .models.tickets import normalise_code

ONE_TICKET_PER_EMAIL = "events_attendee_one_live_ticket_per_email"
PAID_PLACES_UNAVAILABLE = gettext_lazy(
    "Paid places from the waiting list are booked by the events team. Please "
    "contact them to take this place."
)
ONCE_ON_WAITING_LIST = "events_waitinglistentry_once_per_email"


class BookingError(Exception):
    """A registration rule refused the request; `message` tells the person why."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


class SoldOut(BookingError):
    def __init__(self, message, *, ticket_type=None, session=None):
        super().__init__(message)
        self.ticket_type = ticket_type
        self.session = session


class AlreadyBooked(BookingError):
    """`email` already holds a live ticket for the summit."""

    def __init__(self, email):
        super().__init__(
            _("%(email)s already has a ticket for this summit.") % {"email": email}
        )
        self.email = email


class AccessCodeError(BookingError):
    pass


@dataclass(frozen=True)
class AttendeeDetails:
    """What a person tells us about themselves (or a booker about them)."""

    name: str
    email: str
    organisation: str = ""
    organisation_type: str = ""
    district: str = ""
    job_title: str = ""
    accessibility_needs: str = ""
    dietary_requirements: str = ""
    privacy_accepted: bool = False
    consent_attendee_list: bool = False
    consent_updates: bool = False

    @classmethod
    def from_data(cls, data):
        """From a dict such as a form's cleaned_data; other keys are ignored."""
        return cls(**{f.name: data[f.name] for f in fields(cls) if f.name in data})

    def as_data(self):
        return {f.name: getattr(self, f.name) for f in fields(self)}


@dataclass(frozen=True)
class PlaceRequest:
    """One place to book: its ticket type, and either the holder's details or None
    for an unnamed place that a colleague claims later."""

    ticket_type: TicketType
    details: AttendeeDetails | None = None
    workshops: tuple[Session, ...] = field(default_factory=tuple)


def normalise_email(email):
    """Emails are compared and stored lower-case, so one person is one address."""
    return (email or "").strip().lower()


# Looking things up (no writes)


def find_access_code(*, summit, code, at=None):
    """The summit's access code matching `code` in any case, or AccessCodeError
    saying why it can't be used (unknown, expired, used up)."""
    code = normalise_code(code)
    access_code = AccessCode.objects.filter(summit=summit, code=code).first()
    if access_code is None:
        raise AccessCodeError(
            _("We don't recognise the code %(code)s. Check it and try again.")
            % {"code": code}
        )
    _check_code_usable(access_code, at=at)
    return access_code


def check_email_free(*, summit, email, exclude=None):
    """Raise AlreadyBooked if `email` holds a live ticket for `summit` (other than
    the attendee `exclude`)."""
    email = normalise_email(email)
    holders = Attendee.objects.live().filter(summit=summit, email=email)
    if exclude is not None:
        holders = holders.exclude(pk=exclude.pk)
    if holders.exists():
        raise AlreadyBooked(email)


def places_left_for_public(ticket_type):
    """Places anyone may book now: people already waiting come first."""
    return max(
        ticket_type.capacity
        - ticket_type.count_places_taken()
        - ticket_type.waiting_list.filter(status=WaitingListStatus.WAITING).count(),
        0,
    )


# Booking


def place_order(*, booker, summit, places, access_code=None, payment=None):
    """Book `places` (PlaceRequests) at `summit` for `booker` in one transaction and
    return the Order.

    Checks every ticket type is this summit's, on sale, unlocked (hidden types need
    `access_code`) and within its per-order maximum; that the places, workshops and
    code uses are still there; and that no email holds a ticket already. Raises
    SoldOut, AlreadyBooked, AccessCodeError or BookingError, and then nothing is
    written.

    Places that cost something need a `payment` method (`PaymentMethod`); the
    functions in `events.payments` pass it and add the payment's own rows in the
    same transaction. With `CARD` the order is pending and its places held, and
    nobody is emailed until the payment is confirmed; with `INVOICE` the order is
    awaiting payment. Otherwise (free, or invoice) the order's places are confirmed,
    each named attendee is emailed their ticket, and the booker a summary when they
    need one (see `events.emails`).
    """
    if not places:
        raise BookingError(_("Choose at least one place."))
    try:
        with transaction.atomic():
            return _place_order(booker, summit, places, access_code, payment)
    except IntegrityError as error:
        # Two bookings for one email raced past the check: the database said no.
        if ONE_TICKET_PER_EMAIL in str(error):
            raise BookingError(
                _("One of these email addresses already has a ticket for this summit.")
            ) from error
        raise


def _place_order(booker, summit, places, access_code, payment):
    now = timezone.now()
    ticket_types = _lock_ticket_types(
        {place.ticket_type.pk for place in places}, summit=summit
    )
    code = _lock_access_code(access_code, summit=summit, at=now)
    code_type_ids = set(code.ticket_types.values_list("pk", flat=True)) if code else ()
    wanted = Counter(place.ticket_type.pk for place in places)
    for ticket_type in ticket_types.values():
        _check_can_book(ticket_type, wanted[ticket_type.pk], code, code_type_ids, now)

    requests = [
        (ticket_types[place.ticket_type.pk], list(place.workshops)) for place in places
    ]
    _check_workshops(requests)
    details = [place.details and _clean_details(place.details) for place in places]
    emails = [d.email for d in details if d]
    repeated = [email for email, count in Counter(emails).items() if count > 1]
    if repeated:
        raise BookingError(
            _("Each person needs their own email address; %(emails)s is given twice.")
            % {"emails": get_text_list(repeated, _("and"))}
        )
    for email in emails:
        check_email_free(summit=summit, email=email)

    free_with_code = [
        code is not None and code.covers(ticket_type, code_type_ids)
        for ticket_type, _workshops in requests
    ]
    if code is not None:
        _use_access_code(code, sum(free_with_code))
    prices = [
        0 if with_code and code.makes_free else ticket_type.price
        for (ticket_type, _workshops), with_code in zip(
            requests, free_with_code, strict=True
        )
    ]
    if not any(prices):
        payment = None
    elif payment is None:
        raise BookingError(_("Choose how to pay for these places."))
    elif payment == PaymentMethod.INVOICE:
        for ticket_type, _workshops in requests:
            if ticket_type.price and not ticket_type.allows_invoice:
                raise BookingError(
                    _("%(name)s places can't be paid for by invoice.")
                    % {"name": ticket_type.name}
                )
    order_status, place_status = {
        None: (OrderStatus.CONFIRMED, AttendeeStatus.CONFIRMED),
        PaymentMethod.CARD: (OrderStatus.PENDING, AttendeeStatus.PENDING),
        PaymentMethod.INVOICE: (OrderStatus.AWAITING_PAYMENT, AttendeeStatus.CONFIRMED),
    }[payment]

    order = _create_order(
        summit=summit,
        booker=booker,
        status=order_status,
        access_code=code if any(free_with_code) else None,
    )
    _log(order, None, "", order.status, booker, _("Booked online."))
    for number, (
        (ticket_type, workshops),
        place_details,
        price,
        with_code,
    ) in enumerate(zip(requests, details, prices, free_with_code, strict=True), 1):
        attendee = _create_attendee(
            order,
            number,
            ticket_type,
            place_details,
            price=price,
            uses_access_code=with_code,
            workshops=workshops,
            at=now,
            status=place_status,
        )
        _log(order, attendee, "", attendee.status, booker)
    if payment != PaymentMethod.CARD:
        transaction.on_commit(partial(tasks.send_order_emails.enqueue, order.pk))
    return order


def _lock_ticket_types(ids, *, summit):
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


def _lock_access_code(access_code, *, summit, at):
    if access_code is None:
        return None
    code = AccessCode.objects.select_for_update().filter(pk=access_code.pk).first()
    if code is None or code.summit_id != summit.pk:
        raise AccessCodeError(_("That access code isn't valid for this summit."))
    _check_code_usable(code, at=at)
    return code


def _check_code_usable(code, *, at=None):
    if code.is_expired(at):
        raise AccessCodeError(
            _("The code %(code)s expired on %(date)s.")
            % {
                "code": code.code,
                "date": date_format(timezone.localtime(code.valid_until), "j F Y"),
            }
        )
    if code.remaining_uses == 0:
        raise AccessCodeError(
            _("The code %(code)s has been used for all the places it allows.")
            % {"code": code.code}
        )


def _use_access_code(code, places):
    """Count `places` against the code's limit (the code row is locked)."""
    if not places:
        return
    remaining = code.remaining_uses
    if remaining is not None and places > remaining:
        raise AccessCodeError(
            ngettext(
                "The code %(code)s can be used for %(count)s more place.",
                "The code %(code)s can be used for %(count)s more places.",
                remaining,
            )
            % {"code": code.code, "count": remaining}
        )
    code.uses += places
    code.save(update_fields=["uses"])


def _check_can_book(ticket_type, count, code, code_type_ids, at):
    name = ticket_type.name
    if not ticket_type.is_on_sale(at):
        raise BookingError(
            _("%(name)s places are not on sale at the moment.") % {"name": name}
        )
    if ticket_type.requires_code and not (
        code is not None and code.unlocks(ticket_type, code_type_ids)
    ):
        raise AccessCodeError(
            _("%(name)s places need an access code.") % {"name": name}
        )
    if count > ticket_type.max_per_order:
        raise BookingError(
            _("You can book up to %(max)s %(name)s places in one order.")
            % {"max": ticket_type.max_per_order, "name": name}
        )
    left = places_left_for_public(ticket_type)
    if left == 0:
        raise SoldOut(
            _("Sorry, %(name)s is sold out.") % {"name": name},
            ticket_type=ticket_type,
        )
    if count > left:
        raise SoldOut(
            ngettext(
                "Sorry, only %(count)s %(name)s place is left.",
                "Sorry, only %(count)s %(name)s places are left.",
                left,
            )
            % {"count": left, "name": name},
            ticket_type=ticket_type,
        )


def _check_workshops(requests, *, exclude=None):
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
            if later.start < earlier.end:
                raise BookingError(
                    _("%(first)s and %(second)s overlap: choose one of them.")
                    % {"first": earlier.title, "second": later.title}
                )
    demand = Counter(session.pk for _tt, chosen in requests for session in chosen)
    for session_id, count in demand.items():
        session = locked[session_id]
        if session.capacity is None:
            continue
        booked = session.attendees.filter(status__in=LIVE_ATTENDEE_STATUSES)
        if exclude is not None:
            booked = booked.exclude(pk=exclude.pk)
        if booked.count() + count > session.capacity:
            raise SoldOut(
                _("Sorry, the workshop %(title)s is full.") % {"title": session.title},
                session=session,
            )


def _clean_details(details):
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


def _create_order(**fields):
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


def _create_attendee(
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
        _apply_details(attendee, details, at=at)
    attendee.save()
    if workshops:
        attendee.workshops.set(workshops)
    return attendee


def _apply_details(attendee, details, *, at):
    for name in (
        "name",
        "email",
        "organisation",
        "organisation_type",
        "district",
        "job_title",
        "accessibility_needs",
        "dietary_requirements",
        "consent_attendee_list",
        "consent_updates",
    ):
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


def _log(order, attendee, from_status, to_status, by, note=""):
    StatusChange.objects.create(
        order=order,
        attendee=attendee,
        from_status=from_status,
        to_status=to_status,
        changed_by=by if by is not None and by.is_authenticated else None,
        note=note,
    )


# Changing a place


def claim_place(*, attendee, details, workshops=(), user=None):
    """A colleague fills in an unnamed place (reached through its claim link).

    The place gets their details and the claim link stops working; they are emailed
    their ticket. Raises BookingError if the place was claimed or cancelled already,
    AlreadyBooked if their email holds a ticket already.
    """
    with transaction.atomic():
        _check_workshops([(attendee.ticket_type, list(workshops))], exclude=attendee)
        attendee = _lock_attendee(attendee)
        if not attendee.is_live or attendee.claim_token is None:
            raise BookingError(_("This place has already been claimed or cancelled."))
        if attendee.status == AttendeeStatus.PENDING:
            raise BookingError(
                _("This place can be claimed once the booking's payment is confirmed.")
            )
        if timezone.now() >= attendee.summit.start:
            raise BookingError(_("The summit has started."))
        details = _clean_details(details)
        check_email_free(summit=attendee.summit, email=details.email)
        _apply_details(attendee, details, at=timezone.now())
        attendee.claim_token = None
        _save_holder(attendee)
        attendee.workshops.set(workshops)
        _log(
            attendee.order,
            attendee,
            attendee.status,
            attendee.status,
            user,
            _("Details filled in from the claim link."),
        )
        transaction.on_commit(partial(tasks.send_ticket_email.enqueue, attendee.pk))
    return attendee


def update_attendee(*, attendee, details, workshops, by=None):
    """Change a named place's details and workshops, until the summit's cutoff for
    changes. The email address stays: changing the holder is a transfer."""
    with transaction.atomic():
        _check_workshops([(attendee.ticket_type, list(workshops))], exclude=attendee)
        attendee = _lock_attendee(attendee)
        _check_changes_open(attendee)
        details = _clean_details(
            AttendeeDetails(**{**details.as_data(), "email": attendee.email})
        )
        _apply_details(
            attendee, details, at=attendee.privacy_accepted_at or timezone.now()
        )
        attendee.save()
        attendee.workshops.set(workshops)
        _log(
            attendee.order,
            attendee,
            attendee.status,
            attendee.status,
            by,
            _("Details changed."),
        )
    return attendee


def transfer_attendee(*, attendee, details, by=None):
    """Give a named place to someone else, until the summit's cutoff for changes.

    The new holder's details replace the old; the ticket, manage and calendar tokens
    are replaced, so the old QR code and links stop working. The new holder is
    emailed their ticket, the old one told. Workshops go with the place.
    """
    with transaction.atomic():
        attendee = _lock_attendee(attendee)
        _check_changes_open(attendee)
        details = _clean_details(details)
        if details.email == attendee.email:
            raise BookingError(
                _("%(email)s already holds this ticket. Enter the new holder's email.")
                % {"email": details.email}
            )
        check_email_free(summit=attendee.summit, email=details.email)
        previous_name, previous_email = attendee.name, attendee.email
        _apply_details(attendee, details, at=timezone.now())
        attendee.rotate_tokens()
        _save_holder(attendee)
        _log(
            attendee.order,
            attendee,
            attendee.status,
            attendee.status,
            by,
            _("Transferred from %(old)s to %(new)s.")
            % {"old": previous_name, "new": attendee.name},
        )
        transaction.on_commit(partial(tasks.send_ticket_email.enqueue, attendee.pk))
        transaction.on_commit(
            partial(
                tasks.send_transfer_notice_email.enqueue,
                attendee.pk,
                previous_name,
                previous_email,
            )
        )
    return attendee


def cancel_attendee(*, attendee, by=None, note=""):
    """Cancel one place. See `cancel_places`."""
    return cancel_places(attendees=[attendee], by=by, note=note)


def cancel_order(*, order, by=None, note=""):
    """Cancel every live place of `order` (and so the order). See `cancel_places`."""
    attendees = list(order.attendees.filter(status__in=LIVE_ATTENDEE_STATUSES))
    if not attendees:
        raise BookingError(_("This booking is already cancelled."))
    return cancel_places(attendees=attendees, by=by, note=note)


def cancel_places(*, attendees, by=None, note=""):
    """Cancel `attendees` (places of one summit) before the summit starts.

    Frees their places and workshop places, gives access-code uses back, cancels
    orders left with no live places (and their unpaid invoices), and offers the freed places to the waiting list
    at once (the offer holds the place). Named holders are told by email. Returns
    the cancelled attendees.
    """
    return _cancel_places(attendees, by=by, note=note, release=False)


def check_cancellable(*, attendees):
    """Raise BookingError unless `cancel_places` would cancel `attendees` now (for
    a caller about to do something first that can't be undone, such as a refund).
    `cancel_places` checks again under its locks."""
    _check_live(attendees)
    if timezone.now() >= attendees[0].summit.start:
        raise BookingError(
            _("The summit has started, so places can no longer be cancelled.")
        )


def _check_live(attendees):
    if not attendees or any(not attendee.is_live for attendee in attendees):
        raise BookingError(_("This place is already cancelled."))


def release_held_places(*, attendees, note):
    """Give back places held for a payment that never came (see `events.payments`):
    as `cancel_places`, at any time and without emailing the holders, who were never
    sent a ticket; their orders become expired."""
    return _cancel_places(attendees, by=None, note=note, release=True)


def _cancel_places(attendees, *, by, note, release):
    attendee_ids = sorted(attendee.pk for attendee in attendees)
    with transaction.atomic():
        # The orders first, as a payment confirming them does (`events.payments`).
        list(
            Order.objects.select_for_update()
            .filter(
                pk__in=Attendee.objects.filter(pk__in=attendee_ids).values("order_id")
            )
            .order_by("pk")
        )
        type_ids = set(
            Attendee.objects.filter(pk__in=attendee_ids).values_list(
                "ticket_type_id", flat=True
            )
        )
        ticket_types = list(
            TicketType.objects.select_for_update(of=("self",))
            .filter(pk__in=type_ids)
            .select_related("summit")
            .order_by("pk")
        )
        code_ids = sorted(
            set(
                Attendee.objects.filter(pk__in=attendee_ids, uses_access_code=True)
                .exclude(order__access_code=None)
                .values_list("order__access_code_id", flat=True)
            )
        )
        codes = AccessCode.objects.select_for_update().in_bulk(code_ids)
        locked = list(
            Attendee.objects.select_for_update(of=("self",))
            .filter(pk__in=attendee_ids)
            .select_related("order", "summit")
            .order_by("pk")
        )
        if release:
            _check_live(locked)
        else:
            check_cancellable(attendees=locked)
        code_uses = Counter(
            attendee.order.access_code_id
            for attendee in locked
            if attendee.uses_access_code and attendee.order.access_code_id
        )
        for code_id, count in code_uses.items():
            code = codes[code_id]
            code.uses = max(code.uses - count, 0)
            code.save(update_fields=["uses"])
        orders = {}
        for attendee in locked:
            previous = attendee.status
            attendee.status = AttendeeStatus.CANCELLED
            attendee.claim_token = None
            attendee.save(update_fields=["status", "claim_token", "updated_at"])
            _log(attendee.order, attendee, previous, attendee.status, by, note)
            orders[attendee.order_id] = attendee.order
            if attendee.is_named and not release:
                transaction.on_commit(
                    partial(tasks.send_cancellation_email.enqueue, attendee.pk)
                )
        for order in orders.values():
            if not order.attendees.filter(status__in=LIVE_ATTENDEE_STATUSES).exists():
                previous = order.status
                order.status = OrderStatus.EXPIRED if release else OrderStatus.CANCELLED
                order.save(update_fields=["status", "updated_at"])
                _log(order, None, previous, order.status, by, note)
                # Nothing left to pay for: nobody should chase its invoice.
                Invoice.objects.filter(order=order, status=InvoiceStatus.ISSUED).update(
                    status=InvoiceStatus.CANCELLED, cancelled_at=timezone.now()
                )
        for ticket_type in ticket_types:
            _offer_places(ticket_type)
    return locked


def confirm_held_places(*, order, status=OrderStatus.CONFIRMED, note=""):
    """Confirm the held places of pending `order` (its payment arrived): the order
    gets `status` and each named attendee is emailed their ticket. Returns the
    order. Raises BookingError, and changes nothing, if the order is no longer
    pending or any of its places is no longer held (the booker cancelled some or
    all of them meanwhile). The caller holds the lock on the order's payment."""
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=order.pk)
        held = list(
            Attendee.objects.select_for_update(of=("self",))
            .filter(order=order)
            .order_by("pk")
        )
        if order.status != OrderStatus.PENDING or any(
            attendee.status != AttendeeStatus.PENDING for attendee in held
        ):
            raise BookingError(_("This booking was cancelled before it was paid."))
        _set_confirmed(order, held, status=status, note=note)
    return order


def restore_released_places(*, order, note=""):
    """Give expired `order` its released places back, if they are all still free
    (a payment arrived after its hold was released). Checks capacity, workshops and
    emails under the usual locks; raises SoldOut, AlreadyBooked or BookingError and
    then changes nothing. Each named attendee is emailed their ticket, and the
    access-code uses the release gave back are taken again (AccessCodeError if the
    code has none left)."""
    with transaction.atomic():
        released = list(order.attendees.filter(status=AttendeeStatus.CANCELLED))
        wanted = Counter(attendee.ticket_type_id for attendee in released)
        ticket_types = _lock_ticket_types(set(wanted), summit=order.summit)
        code_uses = sum(attendee.uses_access_code for attendee in released)
        if code_uses and order.access_code_id:
            _use_access_code(
                AccessCode.objects.select_for_update().get(pk=order.access_code_id),
                code_uses,
            )
        for ticket_type in ticket_types.values():
            left = places_left_for_public(ticket_type)
            if wanted[ticket_type.pk] > left:
                raise SoldOut(
                    _("Sorry, %(name)s places have been taken by others.")
                    % {"name": ticket_type.name},
                    ticket_type=ticket_type,
                )
        _check_workshops(
            [
                (ticket_types[attendee.ticket_type_id], list(attendee.workshops.all()))
                for attendee in released
            ]
        )
        for attendee in released:
            if attendee.is_named:
                check_email_free(summit=order.summit, email=attendee.email)
        locked = list(
            Attendee.objects.select_for_update(of=("self",))
            .filter(pk__in=[attendee.pk for attendee in released])
            .order_by("pk")
        )
        _set_confirmed(order, locked, status=OrderStatus.CONFIRMED, note=note)
    return order


def _set_confirmed(order, attendees, *, status, note):
    for attendee in attendees:
        previous = attendee.status
        attendee.status = AttendeeStatus.CONFIRMED
        if not attendee.is_named and attendee.claim_token is None:
            attendee.claim_token = new_token()
        _save_holder(attendee)
        _log(order, attendee, previous, attendee.status, None, note)
    previous = order.status
    order.status = status
    order.save(update_fields=["status", "updated_at"])
    _log(order, None, previous, order.status, None, note)
    transaction.on_commit(partial(tasks.send_order_emails.enqueue, order.pk))


def _save_holder(attendee):
    """Save a place that got a new holder; if another booking gave their email a
    ticket since we checked, the database refuses and so do we."""
    try:
        with transaction.atomic():
            attendee.save()
    except IntegrityError as error:
        if ONE_TICKET_PER_EMAIL in str(error):
            raise AlreadyBooked(attendee.email) from error
        raise


def _lock_attendee(attendee):
    return (
        Attendee.objects.select_for_update(of=("self",))
        .select_related("order", "summit", "ticket_type")
        .get(pk=attendee.pk)
    )


def _check_changes_open(attendee):
    if not attendee.is_live:
        raise BookingError(_("This place has been cancelled."))
    if not attendee.is_named:
        raise BookingError(_("This place has no holder yet."))
    if not attendee.summit.attendee_changes_are_open():
        raise BookingError(
            _(
                "Changes to bookings have closed. Please contact the events team if "
                "something is wrong."
            )
        )


# The waiting list


def join_waiting_list(*, ticket_type, name, email, user=None):
    """Put someone on a sold-out ticket type's waiting list and email them.

    Refuses (BookingError) if places are available, they are already on the list,
    or (AlreadyBooked) they hold a ticket for the summit.
    """
    email = normalise_email(email)
    try:
        with transaction.atomic():
            ticket_type = _lock_ticket_types(
                {ticket_type.pk}, summit=ticket_type.summit
            )[ticket_type.pk]
            summit = ticket_type.summit
            if ticket_type.for_speakers or timezone.now() >= summit.start:
                raise BookingError(_("This waiting list is closed."))
            check_email_free(summit=summit, email=email)
            if places_left_for_public(ticket_type):
                raise BookingError(
                    _("%(name)s places are available: book one now.")
                    % {"name": ticket_type.name}
                )
            entry = WaitingListEntry.objects.create(
                ticket_type=ticket_type,
                name=name.strip(),
                email=email,
                user=user if user is not None and user.is_authenticated else None,
            )
            transaction.on_commit(
                partial(tasks.send_waiting_list_email.enqueue, entry.pk, "joined")
            )
            return entry
    except IntegrityError as error:
        if ONCE_ON_WAITING_LIST in str(error):
            raise BookingError(
                _("%(email)s is already on this waiting list.") % {"email": email}
            ) from error
        raise


def leave_waiting_list(*, entry):
    """Take someone off a waiting list (declining any offer, which moves on)."""
    with transaction.atomic():
        ticket_type = TicketType.objects.select_for_update().get(
            pk=entry.ticket_type_id
        )
        entry = WaitingListEntry.objects.select_for_update().get(pk=entry.pk)
        if entry.status not in ACTIVE_WAITING_LIST_STATUSES:
            raise BookingError(_("You are no longer on this waiting list."))
        entry.status = WaitingListStatus.LEFT
        entry.save(update_fields=["status", "updated_at"])
        _offer_places(ticket_type)
    return entry


def claim_offer(*, entry, details, workshops=(), user=None):
    """Turn a waiting-list offer into a confirmed place for the person offered it
    (their email, from the entry), before the offer expires. Returns the Attendee;
    they are emailed their ticket."""
    with transaction.atomic():
        ticket_type = TicketType.objects.select_for_update().get(
            pk=entry.ticket_type_id
        )
        _check_workshops([(ticket_type, list(workshops))])
        entry = WaitingListEntry.objects.select_for_update().get(pk=entry.pk)
        summit = ticket_type.summit
        if not entry.offer_is_open:
            raise BookingError(_("Sorry, this offer has expired or has been used."))
        details = _clean_details(
            AttendeeDetails(**{**details.as_data(), "email": entry.email})
        )
        check_email_free(summit=summit, email=details.email)
        if ticket_type.price:
            raise BookingError(str(PAID_PLACES_UNAVAILABLE))
        booker = user if user is not None and user.is_authenticated else None
        order = _create_order(
            summit=summit, booker=booker, status=OrderStatus.CONFIRMED
        )
        _log(order, None, "", order.status, booker, _("Claimed from the waiting list."))
        attendee = _create_attendee(
            order,
            1,
            ticket_type,
            details,
            price=0,
            uses_access_code=False,
            workshops=list(workshops),
            at=timezone.now(),
        )
        _log(order, attendee, "", attendee.status, booker)
        entry.status = WaitingListStatus.CLAIMED
        entry.attendee = attendee
        entry.save(update_fields=["status", "attendee", "updated_at"])
        transaction.on_commit(partial(tasks.send_ticket_email.enqueue, attendee.pk))
    return attendee


def process_waiting_list(*, now=None):
    """Expire unclaimed offers (telling those people) and offer every free place to
    the next in line. Safe to run at any time and as often as wanted: run it every
    few minutes (`manage.py process_waiting_list`). Returns (expired, offered)."""
    now = now or timezone.now()
    expired = offered = 0
    ticket_type_ids = (
        WaitingListEntry.objects.filter(status__in=ACTIVE_WAITING_LIST_STATUSES)
        .order_by("ticket_type_id")
        .values_list("ticket_type_id", flat=True)
        .distinct()
    )
    for ticket_type_id in list(ticket_type_ids):
        # One short transaction per ticket type, so bookings wait for no more.
        with transaction.atomic():
            ticket_type = (
                TicketType.objects.select_for_update(of=("self",))
                .select_related("summit")
                .get(pk=ticket_type_id)
            )
            lapsed = list(
                ticket_type.waiting_list.select_for_update().filter(
                    status=WaitingListStatus.OFFERED, offer_expires_at__lte=now
                )
            )
            for entry in lapsed:
                entry.status = WaitingListStatus.EXPIRED
                entry.save(update_fields=["status", "updated_at"])
                transaction.on_commit(
                    partial(tasks.send_waiting_list_email.enqueue, entry.pk, "expired")
                )
            expired += len(lapsed)
            offered += len(_offer_places(ticket_type, now=now))
    return expired, offered


def _offer_places(ticket_type, *, now=None):
    """Offer the locked `ticket_type`'s free places to the next people waiting."""
    now = now or timezone.now()
    summit = ticket_type.summit
    if now >= summit.start:
        return []
    free = ticket_type.capacity - ticket_type.count_places_taken()
    if free <= 0:
        return []
    entries = list(
        ticket_type.waiting_list.select_for_update()
        .filter(status=WaitingListStatus.WAITING)
        .order_by("created_at", "pk")[:free]
    )
    expires = min(
        now + datetime.timedelta(hours=settings.WAITING_LIST_OFFER_HOURS),
        summit.start,
    )
    for entry in entries:
        entry.status = WaitingListStatus.OFFERED
        entry.offered_at = now
        entry.offer_expires_at = expires
        entry.save(
            update_fields=["status", "offered_at", "offer_expires_at", "updated_at"]
        )
        transaction.on_commit(
            partial(tasks.send_waiting_list_email.enqueue, entry.pk, "offer")
        )
    return entries


def offer_free_places(*, ticket_type):
    """Offer any free places of `ticket_type` to its waiting list now, e.g. after
    staff raise its capacity. Returns the entries offered a place."""
    with transaction.atomic():
        locked = (
            TicketType.objects.select_for_update(of=("self",))
            .select_related("summit")
            .get(pk=ticket_type.pk)
        )
        return _offer_places(locked)


# Speakers


def issue_speaker_tickets(*, summit, notify=True):
    """Give every speaker of `summit` who has an email address a complimentary place
    (the summit's speakers' ticket type, outside public capacity), and cancel the
    speakers' places of people no longer speaking. Idempotent; speakers who already
    hold a ticket (e.g. one they booked) get no second one. New holders are emailed
    their ticket unless `notify` is False. Returns (issued, cancelled) counts."""
    from speakers.models import Speaker

    if timezone.now() >= summit.start:
        return 0, 0
    with transaction.atomic():
        ticket_type = _lock_speaker_ticket_type(summit)
        speakers = {}
        for speaker in Speaker.objects.filter(sessions__summit=summit).exclude(
            email=""
        ):
            speakers.setdefault(normalise_email(speaker.email), speaker)
        to_cancel = list(
            ticket_type.attendees.filter(status__in=LIVE_ATTENDEE_STATUSES).exclude(
                email__in=speakers
            )
        )
        if to_cancel:
            cancel_places(attendees=to_cancel, note=_("No longer speaking."))
        holders = set(
            Attendee.objects.live()
            .filter(summit=summit, email__in=speakers)
            .values_list("email", flat=True)
        )
        issued = 0
        now = timezone.now()
        for email, speaker in sorted(speakers.items()):
            if email in holders:
                continue
            order = _create_order(
                summit=summit, booker=None, status=OrderStatus.CONFIRMED
            )
            _log(order, None, "", order.status, None, _("Speaker's place."))
            details = AttendeeDetails(
                name=speaker.name,
                email=email,
                organisation=speaker.organisation,
                job_title=speaker.role,
            )
            attendee = _create_attendee(
                order,
                1,
                ticket_type,
                details,
                price=0,
                uses_access_code=False,
                workshops=(),
                at=now,
            )
            _log(order, attendee, "", attendee.status, None)
            issued += 1
            if notify:
                transaction.on_commit(
                    partial(tasks.send_ticket_email.enqueue, attendee.pk)
                )
    return issued, len(to_cancel)


def _lock_speaker_ticket_type(summit):
    ticket_type = TicketType.objects.filter(summit=summit, for_speakers=True).first()
    if ticket_type is None:
        try:
            with transaction.atomic():
                ticket_type = TicketType.objects.create(
                    summit=summit,
                    name=_("Speaker"),
                    description=_("A complimentary place for the summit's speakers."),
                    capacity=0,
                    for_speakers=True,
                    max_per_order=1,
                    sort_order=1000,
                )
        except IntegrityError:
            # Another run created it first.
            ticket_type = TicketType.objects.get(summit=summit, for_speakers=True)
    locked = TicketType.objects.select_for_update().get(pk=ticket_type.pk)
    locked.summit = summit
    return locked
