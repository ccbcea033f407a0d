"""Sold-out ticket types' waiting lists: joining and leaving, offering freed places
in turn (each offer holds its place until it expires), and claiming an offer."""

import datetime
from functools import partial

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..choices import ACTIVE_WAITING_LIST_STATUSES, OrderStatus, WaitingListStatus
from ..details import AttendeeDetails, normalise_email
from ..models import TicketType, WaitingListEntry
from . import records, tasks
from .rules import (
    PAID_PLACES_UNAVAILABLE,
    AlreadyBooked,
    BookingError,
    check_email_free,
)

ONCE_ON_WAITING_LIST = "events_waitinglistentry_once_per_email"


def join_waiting_list(*, ticket_type, name, email, user=None):
    """Put someone on a sold-out ticket type's waiting list, and tell the address
    by email what happened; nothing returned says, so the person typing learns
    nothing about anyone else's booking. The email says one of: you are on the
    list (with its link); you were already on it (the same); you already hold a
    ticket (your ticket links).

    Refuses (BookingError) only for what anyone may know: the list is closed, or
    places are available to book now.
    """
    email = normalise_email(email)
    with transaction.atomic():
        ticket_type = records.lock_ticket_types(
            {ticket_type.pk}, summit=ticket_type.summit
        )[ticket_type.pk]
        summit = ticket_type.summit
        if ticket_type.for_speakers or timezone.now() >= summit.start:
            raise BookingError(_("This waiting list is closed."))
        if ticket_type.places_left():
            raise BookingError(
                _("%(name)s places are available: book one now.")
                % {"name": ticket_type.name}
            )
        try:
            check_email_free(summit=summit, email=email)
        except AlreadyBooked:
            transaction.on_commit(partial(tasks.send_ticket_links_email.enqueue, email))
            return
        entry = ticket_type.waiting_list.filter(
            email=email, status__in=ACTIVE_WAITING_LIST_STATUSES
        ).first() or _add_entry(ticket_type, name, email, user)
        kind = "offer" if entry.status == WaitingListStatus.OFFERED else "joined"
        transaction.on_commit(
            partial(tasks.send_waiting_list_email.enqueue, entry.pk, kind)
        )


def _add_entry(ticket_type, name, email, user):
    try:
        with transaction.atomic():
            return WaitingListEntry.objects.create(
                ticket_type=ticket_type,
                name=name.strip(),
                email=email,
                user=user if user is not None and user.is_authenticated else None,
            )
    except IntegrityError as error:
        # Already on the list at once from another request: that entry stands.
        if ONCE_ON_WAITING_LIST not in str(error):
            raise
        return ticket_type.waiting_list.get(
            email=email, status__in=ACTIVE_WAITING_LIST_STATUSES
        )


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
        offer_places(ticket_type)
    return entry


def claim_offer(*, entry, details, workshops=(), user=None):
    """Turn a waiting-list offer into a confirmed place for the person offered it
    (their email, from the entry), before the offer expires. Returns the Attendee;
    they are emailed their ticket."""
    with transaction.atomic():
        ticket_type = TicketType.objects.select_for_update().get(
            pk=entry.ticket_type_id
        )
        records.lock_workshops([(ticket_type, list(workshops))])
        entry = WaitingListEntry.objects.select_for_update().get(pk=entry.pk)
        summit = ticket_type.summit
        if not entry.offer_is_open:
            raise BookingError(_("Sorry, this offer has expired or has been used."))
        details = records.clean_details(
            AttendeeDetails(**{**details.as_data(), "email": entry.email})
        )
        check_email_free(summit=summit, email=details.email)
        if ticket_type.price:
            raise BookingError(str(PAID_PLACES_UNAVAILABLE))
        booker = user if user is not None and user.is_authenticated else None
        order = records.create_order(
            summit=summit, booker=booker, status=OrderStatus.CONFIRMED
        )
        records.log(
            order, None, "", order.status, booker, _("Claimed from the waiting list.")
        )
        attendee = records.create_attendee(
            order,
            1,
            ticket_type,
            details,
            price=0,
            uses_access_code=False,
            workshops=list(workshops),
            at=timezone.now(),
        )
        records.log(order, attendee, "", attendee.status, booker)
        entry.status = WaitingListStatus.CLAIMED
        entry.attendee = attendee
        entry.save(update_fields=["status", "attendee", "updated_at"])
        transaction.on_commit(
            partial(tasks.send_ticket_email.enqueue, attendee.pk, attendee.ticket_token)
        )
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
            offered += len(offer_places(ticket_type, now=now))
    return expired, offered


def offer_places(ticket_type, *, now=None):
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
        return offer_places(locked)
