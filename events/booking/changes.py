"""Changing places after booking: a colleague claiming an unnamed place, the holder
changing details or handing the place on, and cancelling. Locks follow the order in
`events.booking.records`; freed places go to the waiting list at once."""

from collections import Counter
from functools import partial

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..choices import (
    LIVE_ATTENDEE_STATUSES,
    AttendeeStatus,
    InvoiceStatus,
    OrderStatus,
    RetiredLinkReason,
)
from ..details import AttendeeDetails
from ..models import AccessCode, Attendee, Invoice, Order, RetiredLink, TicketType
from . import records, tasks, waiting_list
from .questions import save_answers
from .rules import (
    BookingError,
    check_cancellable,
    check_changes_open,
    check_email_free,
    check_live,
)


def claim_place(*, attendee, details, workshops=(), answers=None, user=None):
    """A colleague fills in an unnamed place (reached through its claim link),
    with their answers to the registration questions (`answers`, as
    `update_attendee` takes them).

    The place gets their details and the claim link stops working (following it
    again explains why); they are emailed their ticket and the booker is told.
    Raises BookingError if the place was claimed or cancelled already,
    AlreadyBooked if their email holds a ticket already.
    """
    with transaction.atomic():
        records.lock_workshops(
            [(attendee.ticket_type, list(workshops))], exclude=attendee
        )
        attendee = records.lock_attendee(attendee)
        if not attendee.is_live or attendee.claim_token is None:
            raise BookingError(_("This place has already been claimed or cancelled."))
        if attendee.status == AttendeeStatus.PENDING:
            raise BookingError(
                _("This place can be claimed once the booking's payment is confirmed.")
            )
        if timezone.now() >= attendee.summit.start:
            raise BookingError(_("The summit has started."))
        details = records.clean_details(details)
        check_email_free(summit=attendee.summit, email=details.email)
        records.apply_details(attendee, details, at=timezone.now())
        _retire_link(attendee, attendee.claim_token, RetiredLinkReason.CLAIMED)
        attendee.claim_token = None
        records.save_holder(attendee)
        attendee.workshops.set(workshops)
        if answers:
            save_answers(attendee=attendee, answers=answers, at=timezone.now())
        records.log(
            attendee.order,
            attendee,
            attendee.status,
            attendee.status,
            user,
            _("Details filled in from the claim link."),
        )
        transaction.on_commit(
            partial(tasks.send_ticket_email.enqueue, attendee.pk, attendee.ticket_token)
        )
        _tell_booker(attendee, "claimed")
    return attendee


def update_attendee(*, attendee, details, workshops, answers=None, by=None):
    """Change a named place's details, workshops and registration answers
    (`answers`, {question id: value as stored}; None leaves them), until the
    summit's cutoff for changes. The email address stays: changing the holder is a
    transfer."""
    with transaction.atomic():
        records.lock_workshops(
            [(attendee.ticket_type, list(workshops))], exclude=attendee
        )
        attendee = records.lock_attendee(attendee)
        check_changes_open(attendee)
        details = records.clean_details(
            AttendeeDetails(**{**details.as_data(), "email": attendee.email})
        )
        records.apply_details(
            attendee, details, at=attendee.privacy_accepted_at or timezone.now()
        )
        attendee.save()
        attendee.workshops.set(workshops)
        if answers is not None:
            save_answers(attendee=attendee, answers=answers, at=timezone.now())
        records.log(
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
    are replaced, so the old QR code and links stop working (the old ticket page
    explains why). The new holder is emailed their ticket, the old one and the
    booker told. Workshops go with the place; registration answers, the old
    holder's, are deleted.
    """
    with transaction.atomic():
        attendee = records.lock_attendee(attendee)
        check_changes_open(attendee)
        details = records.clean_details(details)
        if details.email == attendee.email:
            raise BookingError(
                _("%(email)s already holds this ticket. Enter the new holder's email.")
                % {"email": details.email}
            )
        check_email_free(summit=attendee.summit, email=details.email)
        previous_name, previous_email = attendee.name, attendee.email
        records.apply_details(attendee, details, at=timezone.now())
        # The answers were the old holder's: the new one gives their own.
        attendee.answers.all().delete()
        _retire_link(attendee, attendee.manage_token, RetiredLinkReason.TRANSFERRED)
        attendee.rotate_tokens()
        records.save_holder(attendee)
        records.log(
            attendee.order,
            attendee,
            attendee.status,
            attendee.status,
            by,
            _("Transferred from %(old)s to %(new)s.")
            % {"old": previous_name, "new": attendee.name},
        )
        transaction.on_commit(
            partial(tasks.send_ticket_email.enqueue, attendee.pk, attendee.ticket_token)
        )
        transaction.on_commit(
            partial(
                tasks.send_transfer_notice_email.enqueue,
                attendee.pk,
                previous_name,
                previous_email,
                attendee.ticket_token,
            )
        )
        _tell_booker(attendee, "transferred", previous_name=previous_name)
    return attendee


def _retire_link(attendee, token, reason):
    RetiredLink.objects.create(token=token, attendee=attendee, reason=reason)


def _tell_booker(attendee, kind, *, previous_name=""):
    """Tell whoever booked the place of a change someone else made to it (one
    booking without an account has nobody else to hear of it)."""
    booker_email = attendee.order.booker_email
    if booker_email and booker_email != attendee.email:
        transaction.on_commit(
            partial(
                tasks.send_place_update_email.enqueue,
                attendee.pk,
                kind,
                previous_name,
            )
        )


def cancel_attendee(*, attendee, by=None, note=""):
    """Cancel one place. See `cancel_places`."""
    return cancel_places(attendees=[attendee], by=by, note=note)


def cancel_order(*, order, by=None, note=""):
    """Cancel every live place of `order` (and so the order). See `cancel_places`."""
    attendees = list(order.attendees.filter(status__in=LIVE_ATTENDEE_STATUSES))
    if not attendees:
        raise BookingError(_("This booking is already cancelled."))
    return cancel_places(attendees=attendees, by=by, note=note)


def cancel_places(*, attendees, by=None, note="", tell_booker=False):
    """Cancel `attendees` (places of one summit) before the summit starts.

    Frees their places and workshop places, gives access-code uses back, cancels
    orders left with no live places (and their unpaid invoices), and offers the
    freed places to the waiting list at once (the offer holds the place). Named
    holders are told by email, and the booker too with `tell_booker` (a holder
    cancelling their own place). Returns the cancelled attendees.
    """
    return _cancel_places(
        attendees, by=by, note=note, release=False, tell_booker=tell_booker
    )


def release_held_places(*, attendees, note):
    """Give back places held for a payment that never came (see `events.payments`):
    as `cancel_places`, at any time and without emailing the holders, who were never
    sent a ticket; their orders become expired."""
    return _cancel_places(attendees, by=None, note=note, release=True)


def _cancel_places(attendees, *, by, note, release, tell_booker=False):
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
            check_live(locked)
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
            records.log(attendee.order, attendee, previous, attendee.status, by, note)
            orders[attendee.order_id] = attendee.order
            if attendee.is_named and not release:
                transaction.on_commit(
                    partial(tasks.send_cancellation_email.enqueue, attendee.pk)
                )
            if tell_booker:
                _tell_booker(attendee, "cancelled")
        for order in orders.values():
            if not order.attendees.filter(status__in=LIVE_ATTENDEE_STATUSES).exists():
                previous = order.status
                order.status = OrderStatus.EXPIRED if release else OrderStatus.CANCELLED
                order.save(update_fields=["status", "updated_at"])
                records.log(order, None, previous, order.status, by, note)
                # Nothing left to pay for: nobody should chase its invoice.
                Invoice.objects.filter(order=order, status=InvoiceStatus.ISSUED).update(
                    status=InvoiceStatus.CANCELLED, cancelled_at=timezone.now()
                )
        for ticket_type in ticket_types:
            waiting_list.offer_places(ticket_type)
    return locked
