"""Booking emails, sent in the background (`manage.py db_worker` in production, at
once in tests and development). Thin wrappers: each loads what it needs by id (tasks
take JSON arguments) and calls `events.booking.emails`. Rows that changed or went
away since the task was queued are skipped, not resent, and each email is sent at
most once (see `events.booking.emails`), so any task may run twice."""

from django.utils import timezone
from django_tasks import task

from ..choices import (
    ACTIVE_WAITING_LIST_STATUSES,
    AttendeeStatus,
    OrderStatus,
    WaitingListStatus,
)
from ..models import Attendee, Order, WaitingListEntry
from . import emails


def _attendee(attendee_id):
    """A confirmed place: a place held for a payment gets no ticket."""
    return (
        Attendee.objects.filter(status=AttendeeStatus.CONFIRMED)
        .select_related("order__booker", "ticket_type", "summit")
        .filter(pk=attendee_id, email__gt="")
        .first()
    )


@task()
def send_order_emails(order_id):
    """After a booking: each named place's ticket, and the booker's summary."""
    order = Order.objects.select_related("booker", "summit").filter(pk=order_id).first()
    if order is None:
        return
    for attendee in order.live_attendees:
        if attendee.is_named:
            send_ticket_email.enqueue(attendee.pk, attendee.ticket_token)
        elif attendee.intended_email:
            send_passed_on_place_email.enqueue(attendee.pk)
    if emails.booker_needs_summary(order):
        send_order_summary_email.enqueue(order.pk)


@task()
def send_ticket_email(attendee_id, ticket_token=None):
    """The ticket of the holder of `ticket_token` (the place's token when queued):
    nothing if the place has been transferred since, as the transfer sends the new
    holder theirs. Without a token (tasks queued before it was passed), the current
    holder's."""
    attendee = _attendee(attendee_id)
    if attendee is None:
        return
    if ticket_token is not None and attendee.ticket_token != ticket_token:
        return
    emails.send_ticket(attendee)


@task()
def send_order_summary_email(order_id):
    order = Order.objects.select_related("summit").filter(pk=order_id).first()
    if order is not None and order.booker_email:
        emails.send_order_summary(order)


@task()
def send_cancellation_email(attendee_id):
    attendee = (
        Attendee.objects.select_related("summit")
        .filter(pk=attendee_id, status=AttendeeStatus.CANCELLED, email__gt="")
        .first()
    )
    if attendee is not None:
        emails.send_cancellation(attendee)


@task()
def send_transfer_notice_email(
    attendee_id, previous_name, previous_email, ticket_token=""
):
    """`ticket_token`: the token the transfer gave the place, which names it."""
    attendee = Attendee.objects.select_related("summit").filter(pk=attendee_id).first()
    if attendee is not None:
        emails.send_transfer_notice(
            attendee,
            previous_name=previous_name,
            previous_email=previous_email,
            ticket_token=ticket_token,
        )


@task(takes_context=True)
def send_waiting_list_email(context, entry_id, kind):
    """`kind`: "joined", "offer" or "expired"; sent only if still true."""
    still = {
        "joined": WaitingListStatus.WAITING,
        "offer": WaitingListStatus.OFFERED,
        "expired": WaitingListStatus.EXPIRED,
    }[kind]
    entry = (
        WaitingListEntry.objects.select_related("ticket_type__summit")
        .filter(pk=entry_id, status=still)
        .first()
    )
    if entry is not None:
        emails.send_waiting_list_message(entry, kind, request_id=context.task_result.id)


@task(takes_context=True)
def send_ticket_links_email(context, email):
    """Someone asked for their ticket links again ("Find my ticket")."""
    upcoming = {"summit__end__gt": timezone.now()}
    attendees = list(
        Attendee.objects.live()
        .filter(email=email, **upcoming)
        .select_related("order", "ticket_type", "summit")
    )
    entries = list(
        WaitingListEntry.objects.filter(
            email=email,
            status__in=ACTIVE_WAITING_LIST_STATUSES,
            ticket_type__summit__end__gt=timezone.now(),
        ).select_related("ticket_type__summit")
    )
    if attendees or entries:
        emails.send_ticket_links(
            email, attendees, entries, request_id=context.task_result.id
        )


@task()
def send_booking_confirmation_request(order_id):
    """To a booker without an account, while their booking awaits confirmation."""
    order = (
        Order.objects.with_attendees()
        .filter(pk=order_id, status=OrderStatus.UNCONFIRMED)
        .first()
    )
    if order is not None:
        emails.send_booking_confirmation_request(order)


@task()
def send_passed_on_place_email(attendee_id):
    """To someone named who holds a ticket already: a place to pass on."""
    attendee = (
        Attendee.objects.live()
        .select_related("order", "summit", "ticket_type")
        .filter(pk=attendee_id, claim_token__isnull=False)
        .exclude(intended_email="")
        .first()
    )
    if attendee is not None:
        emails.send_passed_on_place(attendee)


@task()
def send_place_update_email(attendee_id, kind, previous_name=""):
    """To the booker: one of their places was claimed, transferred or cancelled."""
    attendee = (
        Attendee.objects.select_related("order", "summit", "ticket_type")
        .filter(pk=attendee_id)
        .exclude(order__booker_email="")
        .first()
    )
    if attendee is not None:
        emails.send_place_update(attendee, kind, previous_name=previous_name)
