"""Payment emails (templates/events/emails/), sent by the tasks in `events.payments.tasks`
once the transaction that caused them has committed. Each is sent at most once
(`home.emails.send_templated_email_once`), keyed by the order or invoice: an order
is paid, refunded as late or released once, and an invoice issued once."""

from django.utils.dateformat import format as format_date

from home.email_texts import Request
from home.emails import send_templated_email_once
from home.links import absolute_url

from . import email_texts
from .documents import invoice_pdf, receipt_pdf


def send_receipt(order):
    send_templated_email_once(
        key=f"receipt:{order.pk}",
        template="events/emails/receipt",
        context={
            "order": order,
            "summit": order.summit,
            "payment": order.card_payment,
            # The booker's own page: the receipt goes to the booker alone.
            "booking_url": absolute_url(order.get_absolute_url()),
        },
        to=[order.booker_email],
        attachments=[
            (f"receipt-{order.reference}.pdf", receipt_pdf(order), "application/pdf")
        ],
        text=Request(
            key=email_texts.RECEIPT,
            page_id=order.summit_id,
            values={**email_texts.booking_values(order), "amount": order.total_text},
        ),
    )


def send_late_payment_notice(order):
    send_templated_email_once(
        key=f"late-payment:{order.pk}",
        template="events/emails/late_payment",
        context={
            "order": order,
            "summit": order.summit,
            "payment": order.card_payment,
        },
        to=[order.booker_email],
        text=Request(
            key=email_texts.LATE_PAYMENT,
            page_id=order.summit_id,
            values=email_texts.booking_values(order),
        ),
    )


def send_payment_not_completed(order):
    send_templated_email_once(
        key=f"payment-not-completed:{order.pk}",
        template="events/emails/payment_not_completed",
        context={"order": order, "summit": order.summit},
        to=[order.booker_email],
        text=Request(
            key=email_texts.PAYMENT_NOT_COMPLETED,
            page_id=order.summit_id,
            values=email_texts.booking_values(order),
        ),
    )


def send_invoice(invoice):
    order = invoice.order
    recipients = [invoice.billing_email]
    if order.booker_email and order.booker_email != invoice.billing_email:
        recipients.append(order.booker_email)
    send_templated_email_once(
        key=f"invoice:{invoice.pk}",
        template="events/emails/invoice",
        context={
            "invoice": invoice,
            "order": order,
            "summit": order.summit,
        },
        # No link to the booking: its page manages (and cancels) it, and the
        # invoice also goes to the billing contact.
        to=recipients,
        attachments=[
            (f"{invoice.display_number}.pdf", invoice_pdf(invoice), "application/pdf")
        ],
        text=Request(
            key=email_texts.INVOICE,
            page_id=order.summit_id,
            values={
                **email_texts.booking_values(order),
                "name": invoice.billing_contact,
                "number": invoice.display_number,
                "amount": invoice.amount_text,
                "purchase_order": invoice.purchase_order,
                "booker": order.booker_email,
                "organisation": invoice.billing_organisation,
                "due": format_date(invoice.due_on, "j F Y"),
            },
        ),
    )
