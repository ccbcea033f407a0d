"""The booker's invoice and receipt downloads, from My bookings or the link emailed
to them. Staff pages are in `events.payments.admin`; Stripe's webhook in
`events.payments.webhooks`; the invoice step of booking in `events.booking.views`."""

from allauth.account.decorators import verified_email_required
from django.http import Http404
from django.shortcuts import get_object_or_404

from home.private_pages import private_page

from ..models import Order
from ..pdf import pdf_response
from .documents import invoice_pdf, receipt_pdf


def _own_order(request, reference):
    return get_object_or_404(
        Order.objects.with_attendees(), reference=reference, booker=request.user
    )


@verified_email_required
def booking_invoice(request, reference):
    return _invoice(_own_order(request, reference))


@private_page
def invoice_by_link(request, token):
    return _invoice(get_object_or_404(Order, manage_token=token))


def _invoice(order):
    invoice = getattr(order, "invoice", None)
    if invoice is None:
        raise Http404("This booking has no invoice.")
    return pdf_response(invoice_pdf(invoice), invoice.display_number)


@verified_email_required
def booking_receipt(request, reference):
    return _receipt(_own_order(request, reference))


@private_page
def receipt_by_link(request, token):
    return _receipt(get_object_or_404(Order, manage_token=token))


def _receipt(order):
    payment = getattr(order, "card_payment", None)
    if payment is None or not payment.amount_paid:
        raise Http404("This booking has no card payment.")
    return pdf_response(receipt_pdf(order), f"receipt-{order.reference}")
