"""Paying by invoice, for public bodies that can't pay by card: the order is
confirmed as "awaiting payment" with its tickets issued, and an invoice with the
next number of one unbroken sequence is emailed; staff mark it paid or cancel it.
An order whose every place is cancelled (by the booker or staff) has its unpaid
invoice cancelled with it (`cancel_places`).
"""

import datetime
from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..booking import changes, orders
from ..choices import InvoiceStatus, OrderStatus, PaymentMethod
from ..details import normalise_email
from ..models import Invoice, InvoiceSequence, Order, StatusChange
from . import PaymentError, tasks


@dataclass(frozen=True)
class BillingDetails:
    organisation: str
    address: str
    contact: str
    email: str
    purchase_order: str


def book_with_invoice(
    *,
    booker,
    summit,
    places,
    billing,
    access_code=None,
    booker_email="",
    hold_key=None,
    confirm_by_email=False,
):
    """Book `places` (as `place_order`) to be paid by invoice: the order
    awaits payment, tickets are emailed as for a free booking, and the invoice
    (PDF attached) goes to the billing contact and the booker. With
    `confirm_by_email`, all that waits for the booker to confirm (`confirm_booking`
    sends the invoice). Returns the order; raises the booking errors, and then
    nothing is written."""
    with transaction.atomic():
        order = orders.place_order(
            booker=booker,
            booker_email=booker_email,
            summit=summit,
            places=places,
            access_code=access_code,
            payment=PaymentMethod.INVOICE,
            hold_key=hold_key,
            confirm_by_email=confirm_by_email,
        )
        if not order.total:
            return order  # Free after all (an access code): nothing to invoice.
        now = timezone.now()
        invoice = Invoice.objects.create(
            order=order,
            number=_next_number(),
            billing_organisation=billing.organisation,
            billing_address=billing.address,
            billing_contact=billing.contact,
            billing_email=normalise_email(billing.email),
            purchase_order=billing.purchase_order,
            amount=order.total,
            vat_rate=settings.INVOICE_VAT_RATE,
            issued_at=now,
            due_on=timezone.localdate(now)
            + datetime.timedelta(days=settings.INVOICE_PAYMENT_DAYS),
        )
        if order.status == OrderStatus.AWAITING_PAYMENT:
            transaction.on_commit(partial(tasks.send_invoice_email.enqueue, invoice.pk))
    return order


def _next_number():
    """The next invoice number. The sequence row stays locked until the booking
    commits, so two bookings can't get one number and a rolled-back booking gives
    its number back: no gaps, no repeats."""
    sequence, _created = InvoiceSequence.objects.select_for_update().get_or_create(pk=1)
    sequence.last_number += 1
    sequence.save(update_fields=["last_number"])
    return sequence.last_number


def mark_invoice_paid(*, invoice, by):
    """Staff record that `invoice` has been paid: its order, if still awaiting
    payment, is confirmed (a cancelled order stays cancelled)."""
    with transaction.atomic():
        invoice = _lock(invoice, InvoiceStatus.ISSUED)
        invoice.status = InvoiceStatus.PAID
        invoice.paid_at = timezone.now()
        invoice.save()
        if invoice.order.status == OrderStatus.AWAITING_PAYMENT:
            _set_order_status(
                invoice.order, OrderStatus.CONFIRMED, by, _("Invoice paid.")
            )
    return invoice


def cancel_invoice(*, invoice, by):
    """Staff cancel unpaid `invoice`: its order's live places are cancelled (their
    holders told) and the order with them."""
    with transaction.atomic():
        invoice = _lock(invoice, InvoiceStatus.ISSUED)
        invoice.status = InvoiceStatus.CANCELLED
        invoice.cancelled_at = timezone.now()
        invoice.save()
        order = invoice.order
        live = order.live_attendees
        note = _("Invoice cancelled.")
        if live:
            changes.cancel_places(attendees=live, by=by, note=note)
        else:
            _set_order_status(order, OrderStatus.CANCELLED, by, note)
    return invoice


def _lock(invoice, status):
    # The order first, as cancelling its places (which cancels the invoice) does.
    order = Order.objects.select_for_update().get(pk=invoice.order_id)
    invoice = Invoice.objects.select_for_update().get(pk=invoice.pk)
    invoice.order = order
    if invoice.status != status:
        raise PaymentError(
            _("Invoice %(number)s is already %(status)s.")
            % {
                "number": invoice.display_number,
                "status": invoice.get_status_display().lower(),
            }
        )
    return invoice


def _set_order_status(order, status, by, note):
    previous = order.status
    order.status = status
    order.save(update_fields=["status", "updated_at"])
    StatusChange.objects.create(
        order=order,
        from_status=previous,
        to_status=status,
        changed_by=by if by is not None and by.is_authenticated else None,
        note=note,
    )
