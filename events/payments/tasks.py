"""Payment emails, sent in the background; thin wrappers around
`events.payments.emails` (see `events.booking.tasks`)."""

from django_tasks import task

from ..choices import OrderStatus
from ..models import Invoice, Order
from . import emails


@task()
def send_receipt_email(order_id):
    """To the booker of a card order once paid: the receipt, PDF attached."""
    order = (
        Order.objects.select_related("booker", "summit", "card_payment")
        .filter(pk=order_id, card_payment__amount_paid__gt=0)
        .exclude(booker_email="")
        .first()
    )
    if order is not None:
        emails.send_receipt(order)


@task()
def send_late_payment_email(order_id):
    """To the booker: the payment came after the places went, so it is refunded."""
    order = (
        Order.objects.select_related("booker", "summit", "card_payment")
        .filter(pk=order_id)
        .exclude(booker_email="")
        .first()
    )
    if order is not None:
        emails.send_late_payment_notice(order)


@task()
def send_payment_not_completed_email(order_id):
    """To the booker: the card payment failed or never came, so the places held
    for it have been released."""
    order = (
        Order.objects.select_related("booker", "summit")
        .filter(pk=order_id, status=OrderStatus.EXPIRED)
        .exclude(booker_email="")
        .first()
    )
    if order is not None:
        emails.send_payment_not_completed(order)


@task()
def send_invoice_email(invoice_id):
    """The invoice, PDF attached, to the billing contact and the booker."""
    invoice = (
        Invoice.objects.select_related("order__booker", "order__summit")
        .filter(pk=invoice_id)
        .first()
    )
    if invoice is not None:
        emails.send_invoice(invoice)
