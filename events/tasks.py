"""Background work for registration, run by `manage.py db_worker` in production and
at once in tests and development. Thin wrappers: each loads what it needs by id
(tasks take JSON arguments) and calls `events.emails` or `events.services`. Rows
that changed or went away since the task was queued are skipped, not resent."""

from django_tasks import task


def _attendee(attendee_id):
    """A confirmed place: a place held for a payment gets no ticket."""
    from .choices import AttendeeStatus
    from .models import Attendee

    return (
        Attendee.objects.filter(status=AttendeeStatus.CONFIRMED)
        .select_related("order__booker", "ticket_type", "summit")
        .filter(pk=attendee_id, email__gt="")
        .first()
    )


@task()
def send_order_emails(order_id):
    """After a booking: each named place's ticket, and the booker's summary."""
    from . import emails
    from .models import Order

    order = Order.objects.select_related("booker", "summit").filter(pk=order_id).first()
    if order is None:
        return
    for attendee in order.live_attendees:
        if attendee.is_named:
            send_ticket_email.enqueue(attendee.pk)
    if emails.booker_needs_summary(order):
        send_order_summary_email.enqueue(order.pk)


@task()
def send_ticket_email(attendee_id):
    from . import emails

    attendee = _attendee(attendee_id)
    if attendee is not None:
        emails.send_ticket(attendee)


@task()
def send_order_summary_email(order_id):
    from . import emails
    from .models import Order

    order = Order.objects.select_related("booker", "summit").filter(pk=order_id).first()
    if order is not None and order.booker is not None:
        emails.send_order_summary(order)


@task()
def send_cancellation_email(attendee_id):
    from . import emails
    from .choices import AttendeeStatus
    from .models import Attendee

    attendee = (
        Attendee.objects.select_related("summit")
        .filter(pk=attendee_id, status=AttendeeStatus.CANCELLED, email__gt="")
        .first()
    )
    if attendee is not None:
        emails.send_cancellation(attendee)


@task()
def send_transfer_notice_email(attendee_id, previous_name, previous_email):
    from . import emails
    from .models import Attendee

    attendee = Attendee.objects.select_related("summit").filter(pk=attendee_id).first()
    if attendee is not None:
        emails.send_transfer_notice(
            attendee, previous_name=previous_name, previous_email=previous_email
        )


@task()
def send_waiting_list_email(entry_id, kind):
    """`kind`: "joined", "offer" or "expired"; sent only if still true."""
    from . import emails
    from .choices import WaitingListStatus
    from .models import WaitingListEntry

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
        emails.send_waiting_list_message(entry, kind)


@task()
def send_ticket_links_email(email):
    """Someone asked for their ticket links again ("Find my ticket")."""
    from django.utils import timezone

    from . import emails
    from .choices import ACTIVE_WAITING_LIST_STATUSES
    from .models import Attendee, WaitingListEntry

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
        emails.send_ticket_links(email, attendees, entries)


@task()
def issue_speaker_tickets(summit_id):
    from . import services
    from .models import SummitPage

    summit = SummitPage.objects.filter(pk=summit_id).first()
    if summit is not None:
        services.issue_speaker_tickets(summit=summit)


@task()
def process_waiting_list():
    from . import services

    services.process_waiting_list()


@task()
def send_receipt_email(order_id):
    """To the booker of a card order once paid: the receipt, PDF attached."""
    from .models import Order
    from .payments import emails

    order = (
        Order.objects.select_related("booker", "summit", "card_payment")
        .filter(pk=order_id, booker__isnull=False, card_payment__amount_paid__gt=0)
        .first()
    )
    if order is not None:
        emails.send_receipt(order)


@task()
def send_late_payment_email(order_id):
    """To the booker: the payment came after the places went, so it is refunded."""
    from .models import Order
    from .payments import emails

    order = (
        Order.objects.select_related("booker", "summit", "card_payment")
        .filter(pk=order_id, booker__isnull=False)
        .first()
    )
    if order is not None:
        emails.send_late_payment_notice(order)


@task()
def send_payment_not_completed_email(order_id):
    """To the booker: the card payment failed or never came, so the places held
    for it have been released."""
    from .choices import OrderStatus
    from .models import Order
    from .payments import emails

    order = (
        Order.objects.select_related("booker", "summit")
        .filter(pk=order_id, booker__isnull=False, status=OrderStatus.EXPIRED)
        .first()
    )
    if order is not None:
        emails.send_payment_not_completed(order)


@task()
def send_invoice_email(invoice_id):
    """The invoice, PDF attached, to the billing contact and the booker."""
    from .models import Invoice
    from .payments import emails

    invoice = (
        Invoice.objects.select_related("order__booker", "order__summit")
        .filter(pk=invoice_id)
        .first()
    )
    if invoice is not None:
        emails.send_invoice(invoice)


@task()
def make_badges(run_id):
    """A summit's badges as one PDF (see `events.organising.request_badges`)."""
    from . import organising
    from .choices import RunStatus
    from .models import BadgeRun

    run = (
        BadgeRun.objects.select_related("summit")
        .filter(pk=run_id, status=RunStatus.QUEUED)
        .first()
    )
    if run is not None:
        organising.make_badges(run=run)


@task()
def send_bulk_email(bulk_email_id):
    """An organisers' email to a summit's attendees, sent once."""
    from . import organising
    from .choices import RunStatus
    from .models import BulkEmail

    bulk_email = (
        BulkEmail.objects.select_related("summit")
        .filter(pk=bulk_email_id, status=RunStatus.QUEUED)
        .first()
    )
    if bulk_email is not None:
        organising.send_bulk_email(bulk_email=bulk_email)
