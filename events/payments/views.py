"""Payment pages: the invoice step of booking, and the booker's invoice and
receipt downloads. Staff pages are in `events.payments.admin`; Stripe's webhook in
`events.payments.webhooks`."""

from allauth.account.decorators import verified_email_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from .. import services
from ..models import Order
from ..models.tickets import format_pence
from ..pdf import pdf_response
from ..registration_forms import already_booked_message
from ..views import BookingState, done_url, place_requests, priced_places
from . import PaymentError
from .documents import invoice_pdf, receipt_pdf
from .forms import BillingForm
from .invoices import book_with_invoice


@verified_email_required
def invoice_details(request, summit):
    """Step 3b: who to invoice, then "Confirm booking": tickets are issued at once
    and the invoice emailed."""
    state = BookingState(request, summit)
    ticket_types = state.ticket_types()
    places = place_requests(state, ticket_types) if ticket_types else None
    if not summit.registration_is_open() or not places:
        return redirect(summit.url + summit.reverse_subpage("book"))
    code = state.access_code()
    priced = priced_places(places, code)
    first = places[0].details
    form = BillingForm(
        request.POST if request.method == "POST" else None,
        initial={
            "organisation": first.organisation if first else "",
            "contact": request.user.get_full_name(),
            "email": request.user.email,
        },
    )
    error = None
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                order = book_with_invoice(
                    booker=request.user,
                    summit=summit,
                    places=places,
                    access_code=code,
                    billing=form.billing(),
                )
            except services.AlreadyBooked as refusal:
                error, status = already_booked_message(refusal), 409
            except (services.BookingError, PaymentError) as refusal:
                error, status = refusal.message, 409
            else:
                state.clear()
                return redirect(done_url(summit, order))
    return render(
        request,
        "events/booking/invoice.html",
        {
            "page": summit,
            "summit": summit,
            "form": form,
            "total_text": format_pence(sum(item["price"] for item in priced)),
            "error": error,
            "step": 3,
        },
        status=status,
    )


def _own_order(request, reference):
    return get_object_or_404(
        Order.objects.with_attendees(), reference=reference, booker=request.user
    )


@verified_email_required
def booking_invoice(request, reference):
    order = _own_order(request, reference)
    invoice = getattr(order, "invoice", None)
    if invoice is None:
        raise Http404("This booking has no invoice.")
    return pdf_response(invoice_pdf(invoice), invoice.display_number)


@verified_email_required
def booking_receipt(request, reference):
    order = _own_order(request, reference)
    payment = getattr(order, "card_payment", None)
    if payment is None or not payment.amount_paid:
        raise Http404("This booking has no card payment.")
    return pdf_response(receipt_pdf(order), f"receipt-{order.reference}")
