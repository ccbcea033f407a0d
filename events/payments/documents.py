"""Invoice and receipt PDFs: real text, title and language set, one layout.

Ticket prices include VAT; each document shows the VAT inside them at
`INVOICE_VAT_RATE`.
"""

import io
from xml.sax.saxutils import escape

from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ..money import format_amount, format_pence, vat_inside

NAVY = "#12284c"


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
    # Heavy library: loaded only when a PDF is drawn.
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
    from reportlab.lib.units import cm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table

    styles = getSampleStyleSheet()
    heading = ParagraphStyle(
        "DocTitle", parent=styles["Title"], textColor=NAVY, alignment=0
    )
    body = ParagraphStyle("Body", parent=styles["BodyText"], fontSize=10, leading=13)
    bold = ParagraphStyle("Bold", parent=body, fontName="Helvetica-Bold")

    def lines(texts, style=body):
        return Paragraph("<br/>".join(escape(str(t)) for t in texts if t), style)

    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=2 * cm,
        rightMargin=2 * cm,
        topMargin=2 * cm,
        bottomMargin=2 * cm,
        title=title,
        author=settings.INVOICE_SUPPLIER_NAME,
        creator=settings.SITE_URL,
        lang="en-GB",
        displayDocTitle=True,
    )
    supplier = [
        settings.INVOICE_SUPPLIER_NAME,
        *settings.INVOICE_SUPPLIER_ADDRESS.split("|"),
    ]
    if settings.INVOICE_VAT_NUMBER:
        supplier.append(_("VAT number: %(n)s") % {"n": settings.INVOICE_VAT_NUMBER})
    places = [attendee for attendee in order.attendees.all() if attendee.is_live]
    rows = [[Paragraph(_("Place"), bold), Paragraph(_("Price"), bold)]]
    rows += [
        [
            lines(
                [
                    f"{attendee.ticket_type.name}: {attendee.display_name} "
                    f"({attendee.reference})",
                    order.summit.title,
                ]
            ),
            Paragraph(format_amount(attendee.price), body),
        ]
        for attendee in places
    ]
    total = sum(attendee.price for attendee in places)
    vat = vat_inside(total, vat_rate)
    rows += [
        [
            Paragraph(_("Total before VAT"), body),
            Paragraph(format_amount(total - vat), body),
        ],
        [
            Paragraph(_("VAT at %(rate)s%%") % {"rate": f"{vat_rate:g}"}, body),
            Paragraph(format_amount(vat), body),
        ],
        [Paragraph(_("Total"), bold), Paragraph(format_amount(total), bold)],
    ]
    table = Table(rows, colWidths=[12.5 * cm, 4.5 * cm], repeatRows=1)
    table.setStyle(
        [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LINEBELOW", (0, 0), (-1, -1), 0.5, colors.HexColor("#b7c0cb")),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#f3f5f8")),
        ]
    )
    story = [
        lines(supplier),
        Spacer(1, 0.5 * cm),
        Paragraph(escape(title), heading),
        Table(
            [
                [Paragraph(escape(k), bold), Paragraph(escape(v), body)]
                for k, v in details
            ],
            colWidths=[5 * cm, 12 * cm],
        ),
        Spacer(1, 0.4 * cm),
    ]
    if billed:
        story += [Paragraph(_("To"), bold), lines(billed), Spacer(1, 0.4 * cm)]
    story += [table, Spacer(1, 0.6 * cm), lines([closing])]
    document.build(story)
    return buffer.getvalue()
