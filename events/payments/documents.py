"""Invoice and receipt PDFs: one layout (`templates/documents/payment.html`),
tagged, titled and in British English like every PDF here (docs/documents.md).

Ticket prices include VAT; each document shows the VAT inside them at
`INVOICE_VAT_RATE`.
"""

from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ..money import format_amount, format_pence, vat_inside
from ..pdf import render_pdf


def invoice_pdf(invoice):
    """The PDF bytes of `invoice`."""
    order = invoice.order
    details = [
        (_("Invoice number"), invoice.display_number),
        (_("Date"), date_format(timezone.localtime(invoice.issued_at), "j F Y")),
        (_("Payment due by"), date_format(invoice.due_on, "j F Y")),
        (_("Purchase order"), invoice.purchase_order),
        (_("Booking reference"), order.reference),
    ]
    billed = [
        invoice.billing_organisation,
        *invoice.billing_address.splitlines(),
        _("For the attention of %(name)s") % {"name": invoice.billing_contact},
        invoice.billing_email,
    ]
    status = {
        "paid": _("Paid on %(date)s, thank you.")
        % {
            "date": date_format(timezone.localtime(invoice.paid_at), "j F Y")
            if invoice.paid_at
            else ""
        },
        "cancelled": _("This invoice has been cancelled."),
    }.get(invoice.status, settings.INVOICE_PAYMENT_DETAILS)
    return _document(
        title=_("Invoice %(number)s") % {"number": invoice.display_number},
        details=details,
        billed=billed,
        order=order,
        vat_rate=invoice.vat_rate,
        closing=status,
    )


def receipt_pdf(order):
    """The PDF bytes of the receipt for `order`'s card payment."""
    payment = order.card_payment
    details = [
        (_("Receipt for booking"), order.reference),
        (
            _("Paid on"),
            date_format(timezone.localtime(payment.paid_at), "j F Y, H:i")
            if payment.paid_at
            else "",
        ),
        (_("Paid by"), _("Card (Stripe)")),
    ]
    if payment.amount_refunded:
        details.append((_("Refunded"), format_pence(payment.amount_refunded)))
    billed = list(dict.fromkeys([order.booker_name, order.booker_email]))
    return _document(
        title=_("Receipt %(reference)s") % {"reference": order.reference},
        details=details,
        billed=billed,
        order=order,
        vat_rate=settings.INVOICE_VAT_RATE,
        closing=_("Thank you for your payment."),
    )


def _document(*, title, details, billed, order, vat_rate, closing):
    supplier = [
        settings.INVOICE_SUPPLIER_NAME,
        *settings.INVOICE_SUPPLIER_ADDRESS.split("|"),
    ]
    if settings.INVOICE_VAT_NUMBER:
        supplier.append(_("VAT number: %(n)s") % {"n": settings.INVOICE_VAT_NUMBER})
    places = [attendee for attendee in order.attendees.all() if attendee.is_live]
    total = sum(attendee.price for attendee in places)
    vat = vat_inside(total, vat_rate)
    return render_pdf(
        "documents/payment.html",
        {
            "title": title,
            "author": settings.INVOICE_SUPPLIER_NAME,
            "supplier": supplier,
            "details": [(label, value) for label, value in details if value],
            "billed": [line for line in billed if line],
            "summit": order.summit,
            "places": [
                {
                    "ticket_type": attendee.ticket_type.name,
                    "name": attendee.display_name,
                    "reference": attendee.reference,
                    "price": format_amount(attendee.price),
                }
                for attendee in places
            ],
            "before_vat": format_amount(total - vat),
            "vat_label": _("VAT at %(rate)s%%") % {"rate": f"{vat_rate:g}"},
            "vat": format_amount(vat),
            "total": format_amount(total),
            "closing": closing,
        },
        stylesheets=["base", "payment"],
    )
