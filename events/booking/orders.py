"""Placing an order, and confirming the places a payment held (see
`events.payments`). Locks follow the order in `events.booking.records`."""

import datetime
from collections import Counter
from dataclasses import replace
from functools import partial

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import get_text_list
from django.utils.translation import gettext as _

from ..choices import (
    LIVE_ATTENDEE_STATUSES,
    AttendeeStatus,
    OrderStatus,
    PaymentMethod,
)
from ..details import normalise_email
from ..models import AccessCode, Attendee, Invoice, Order, PlaceHold
from ..models.orders import new_token
from ..payments import tasks as payment_tasks
from . import changes, records, tasks
from .pricing import invoice_allowed, price_places, total
from .questions import save_answers, summit_questions
from .rules import (
    AlreadyBooked,
    BookingError,
    SoldOut,
    check_can_book,
    check_email_free,
)


def place_order(
    *,
    booker,
    summit,
    places,
    access_code=None,
    payment=None,
    booker_email="",
    hold_key=None,
    confirm_by_email=False,
):
    """Book `places` (PlaceRequests) at `summit` for `booker` (a user, or None for
    someone without an account, told at `booker_email`) in one transaction and
    return the Order. The places `hold_key` held (`events.booking.holds`) are used
    up first, so they are the booker's own.

    Checks every ticket type is this summit's, on sale, unlocked (hidden types need
    `access_code`) and within its per-order maximum; that the places, workshops and
    code uses are still there. Raises SoldOut, AccessCodeError or BookingError, and
    then nothing is written. A named person who already holds a ticket for the
    summit gets this place as a claim link to pass on, emailed to them; the booker
    is told nothing different (`Attendee.intended_name`).

    Places that cost something need a `payment` method (`PaymentMethod`); the
    functions in `events.payments` pass it and add the payment's own rows in the
    same transaction. With `CARD` the order is pending and its places held, and
    nobody is emailed until the payment is confirmed; with `INVOICE` the order is
    awaiting payment. Otherwise (free, or invoice) the order's places are confirmed,
    each named attendee is emailed their ticket, and the booker a summary when they
    need one (see `events.booking.emails`). With `confirm_by_email` (a booker
    without a verified address) a free or invoice order instead holds its places
    for `BOOKING_CONFIRM_MINUTES` and the booker is emailed a link to confirm it
    (`confirm_booking`).
    """
    if not places:
        raise BookingError(_("Choose at least one place."))
    booker_email = normalise_email(booker_email or getattr(booker, "email", ""))
    emails = [place.details.email for place in places if place.details]
    expire_unconfirmed_orders(summit=summit, emails=emails)
    try:
        with transaction.atomic():
            return _place_order(
                booker,
                summit,
                places,
                access_code,
                payment,
                booker_email=booker_email,
                hold_key=hold_key,
                confirm_by_email=confirm_by_email,
            )
    except IntegrityError as error:
        # Two bookings for one email raced past the check: the database said no.
        if records.ONE_TICKET_PER_EMAIL in str(error):
            raise BookingError(
                _("One of these email addresses already has a ticket for this summit.")
            ) from error
        raise


def _place_order(
    booker,
    summit,
    places,
    access_code,
    payment,
    *,
    booker_email,
    hold_key,
    confirm_by_email,
):
    now = timezone.now()
    ticket_types = records.lock_ticket_types(
        {place.ticket_type.pk for place in places}, summit=summit
    )
    if hold_key:
        PlaceHold.objects.filter(key=hold_key, ticket_type__in=ticket_types).delete()
    code = records.lock_access_code(access_code, summit=summit, at=now)
    code_type_ids = set(code.ticket_types.values_list("pk", flat=True)) if code else ()
    wanted = Counter(place.ticket_type.pk for place in places)
    for ticket_type in ticket_types.values():
        check_can_book(
            ticket_type,
            wanted[ticket_type.pk],
            code=code,
            code_type_ids=code_type_ids,
            at=now,
        )
    places = [
        replace(place, ticket_type=ticket_types[place.ticket_type.pk])
        for place in places
    ]
    records.lock_workshops(
        [(place.ticket_type, list(place.workshops)) for place in places]
    )
    details = [
        place.details and records.clean_details(place.details) for place in places
    ]
    emails = [d.email for d in details if d]
    repeated = [email for email, count in Counter(emails).items() if count > 1]
    if repeated:
        raise BookingError(
            _("Each person needs their own email address; %(emails)s is given twice.")
            % {"emails": get_text_list(repeated, _("and"))}
        )
    passed_on = _ticket_holders(summit, emails)

    priced = price_places(places, code)
    if code is not None:
        records.use_access_code(code, sum(item.uses_code for item in priced))
    if not total(priced):
        payment = None
    elif payment is None:
        raise BookingError(_("Choose how to pay for these places."))
    elif payment == PaymentMethod.INVOICE and not invoice_allowed(priced):
        names = {item.place.ticket_type.name for item in priced if item.price}
        raise BookingError(
            _("%(names)s places can't be paid for by invoice.")
            % {"names": get_text_list(sorted(names), _("and"))}
        )
    order_status, place_status = {
        None: (OrderStatus.CONFIRMED, AttendeeStatus.CONFIRMED),
        PaymentMethod.CARD: (OrderStatus.PENDING, AttendeeStatus.PENDING),
        PaymentMethod.INVOICE: (OrderStatus.AWAITING_PAYMENT, AttendeeStatus.CONFIRMED),
    }[payment]
    hold_expires_at = None
    if confirm_by_email and payment != PaymentMethod.CARD:
        order_status, place_status = OrderStatus.UNCONFIRMED, AttendeeStatus.PENDING
        hold_expires_at = now + datetime.timedelta(
            minutes=settings.BOOKING_CONFIRM_MINUTES
        )

    order = records.create_order(
        summit=summit,
        booker=booker,
        booker_email=booker_email,
        status=order_status,
        hold_expires_at=hold_expires_at,
        access_code=code if any(item.uses_code for item in priced) else None,
    )
    records.log(order, None, "", order.status, booker, _("Booked online."))
    questions = summit_questions(summit) if any(p.answers for p in places) else []
    for number, (item, place_details) in enumerate(
        zip(priced, details, strict=True), 1
    ):
        passing_on = place_details is not None and place_details.email in passed_on
        attendee = records.create_attendee(
            order,
            number,
            item.place.ticket_type,
            None if passing_on else place_details,
            price=item.price,
            uses_access_code=item.uses_code,
            workshops=[] if passing_on else list(item.place.workshops),
            at=now,
            status=place_status,
        )
        if place_details is not None and not passing_on and item.place.answers:
            save_answers(
                attendee=attendee,
                answers=dict(item.place.answers),
                at=now,
                questions=questions,
                new_place=True,
            )
        if passing_on:
            attendee.intended_name = place_details.name
            attendee.intended_email = place_details.email
            attendee.save(update_fields=["intended_name", "intended_email"])
        records.log(order, attendee, "", attendee.status, booker)
    if order_status == OrderStatus.UNCONFIRMED:
        transaction.on_commit(
            partial(tasks.send_booking_confirmation_request.enqueue, order.pk)
        )
    elif payment != PaymentMethod.CARD:
        transaction.on_commit(partial(tasks.send_order_emails.enqueue, order.pk))
    return order


def _ticket_holders(summit, emails):
    """Which of `emails` hold a live ticket for `summit` already."""
    holders = set()
    for email in emails:
        try:
            check_email_free(summit=summit, email=email)
        except AlreadyBooked:
            holders.add(email)
    return holders


def confirm_booking(*, order):
    """Confirm `order`, made without an account, now its booker has followed the
    emailed link: its held places are confirmed and emailed as for any booking
    (and its invoice sent). If the hold ran out meanwhile, the places are taken
    again if they are still free. Returns the order; raises BookingError (nothing
    changed) if it was cancelled or its places have gone. Confirming twice is
    harmless."""
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=order.pk)
        if order.status != OrderStatus.UNCONFIRMED:
            if order.status in (OrderStatus.CONFIRMED, OrderStatus.AWAITING_PAYMENT):
                return order
            raise BookingError(
                _("This booking ran out before it was confirmed. Please book again.")
            )
        held = list(order.attendees.select_for_update(of=("self",)).order_by("pk"))
        if order.hold_expires_at <= timezone.now():
            _check_still_free(order, held)
        invoice = Invoice.objects.filter(order=order).first()
        _set_confirmed(
            order,
            held,
            status=OrderStatus.AWAITING_PAYMENT if invoice else OrderStatus.CONFIRMED,
            note=_("Confirmed by the booker."),
        )
        if invoice is not None:
            transaction.on_commit(
                partial(payment_tasks.send_invoice_email.enqueue, invoice.pk)
            )
    return order


def _check_still_free(order, held):
    """A lapsed hold's places count as free: take them again if nobody has."""
    wanted = Counter(attendee.ticket_type_id for attendee in held)
    ticket_types = records.lock_ticket_types(set(wanted), summit=order.summit)
    for ticket_type in ticket_types.values():
        # This order's own places no longer count as taken (its hold lapsed).
        if wanted[ticket_type.pk] > ticket_type.places_left():
            raise SoldOut(
                _("Sorry, your places were not confirmed in time and have gone."),
                ticket_type=ticket_type,
            )


def expire_unconfirmed_orders(*, now=None, summit=None, emails=()):
    """Give back the places of orders whose booker never confirmed them in time;
    their orders expire. With `summit` and `emails`, only those holding one of
    those addresses (just before someone books them again). Returns how many."""
    lapsed = Order.objects.filter(
        status=OrderStatus.UNCONFIRMED, hold_expires_at__lte=now or timezone.now()
    )
    if summit is not None:
        lapsed = lapsed.filter(
            summit=summit,
            attendees__email__in=[normalise_email(email) for email in emails],
        )
    expired = 0
    for order in lapsed.distinct():
        places = list(order.attendees.filter(status__in=LIVE_ATTENDEE_STATUSES))
        if places:
            changes.release_held_places(
                attendees=places, note=_("Not confirmed by the booker in time.")
            )
            expired += 1
    return expired


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
        ticket_types = records.lock_ticket_types(set(wanted), summit=order.summit)
        code_uses = sum(attendee.uses_access_code for attendee in released)
        if code_uses and order.access_code_id:
            records.use_access_code(
                AccessCode.objects.select_for_update().get(pk=order.access_code_id),
                code_uses,
            )
        for ticket_type in ticket_types.values():
            left = ticket_type.places_left()
            if wanted[ticket_type.pk] > left:
                raise SoldOut(
                    _("Sorry, %(name)s places have been taken by others.")
                    % {"name": ticket_type.name},
                    ticket_type=ticket_type,
                )
        records.lock_workshops(
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
        records.save_holder(attendee)
        records.log(order, attendee, previous, attendee.status, None, note)
    previous = order.status
    order.status = status
    order.save(update_fields=["status", "updated_at"])
    records.log(order, None, previous, order.status, None, note)
    transaction.on_commit(partial(tasks.send_order_emails.enqueue, order.pk))
