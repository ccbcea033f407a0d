"""The payment emails whose subject and main paragraphs Event managers may edit
(`home.email_texts`, docs/emails.md#editing-email-texts): what each says by
default, its placeholders, and an invented booking to preview it with.
`register_emails` runs from `events.apps.EventsConfig.ready`; `events.payments.emails`
asks for each text by key with `home.email_texts.Request`."""

from datetime import date
from types import SimpleNamespace

from home import email_texts
from home.email_texts import EditableEmail

from ..booking.email_texts import SAMPLE_SITE, summit_values

RECEIPT = "receipt"
LATE_PAYMENT = "late-payment"
PAYMENT_NOT_COMPLETED = "payment-not-completed"
INVOICE = "invoice"

_SAMPLE_SUMMIT = SimpleNamespace(
    title="Sample Summit",
    date_range_text="Thursday 1 October",
    full_url=f"{SAMPLE_SITE}/summit/",
)
_SAMPLE_ORDER = SimpleNamespace(
    reference="SAMPLE-ORDER",
    booker_name="Alex Sample",
    booker_email="alex@example.org",
    total_text="£120.00",
)
_BOOKING = {
    "name": "The booker's name",
    "summit": "The summit's title",
    "dates": "The summit's dates, such as Thursday 1 October",
    "reference": "The booking's reference",
}
_SAMPLE_BOOKING = {
    "name": "Alex Sample",
    **summit_values(_SAMPLE_SUMMIT),
    "reference": "SAMPLE-ORDER",
}
_SAMPLE_CONTEXT = {
    "order": _SAMPLE_ORDER,
    "summit": _SAMPLE_SUMMIT,
    "payment": None,
    "booking_url": f"{SAMPLE_SITE}/booking/",
}


def booking_values(order):
    return {
        "name": order.booker_name,
        **summit_values(order.summit),
        "reference": order.reference,
    }


EMAILS = [
    EditableEmail(
        key=RECEIPT,
        name="Receipt",
        recipient="The booker",
        sent_when="A card payment succeeds (the receipt PDF is attached)",
        template="events/emails/receipt",
        subject="Receipt for your booking {reference} at {summit}",
        body=(
            "Thank you: we have received your card payment of {amount} for booking "
            "{reference} at {summit} ({dates}). Your receipt is attached as a PDF."
        ),
        placeholders={**_BOOKING, "amount": "The amount paid, such as £120.00"},
        sample_values={**_SAMPLE_BOOKING, "amount": "£120.00"},
        sample_context=_SAMPLE_CONTEXT,
        per_summit=True,
        fixed=(
            "The heading, the greeting, the receipt PDF, the paragraph after the "
            "text (tickets sent, the link to manage the booking) and the footer."
        ),
    ),
    EditableEmail(
        key=LATE_PAYMENT,
        name="Payment refunded",
        recipient="The booker",
        sent_when="A card payment arrives after its places' hold ended",
        template="events/emails/late_payment",
        subject="Your payment for {summit} is being refunded ({reference})",
        body=(
            "Your card payment for booking {reference} at {summit} reached us after "
            "the places we were holding for you had been released or cancelled, and "
            "they are no longer available.\n\n"
            "We are refunding the whole payment; it usually reaches your account "
            "within 5 to 10 working days. No places have been booked."
        ),
        placeholders=_BOOKING,
        sample_values=_SAMPLE_BOOKING,
        sample_context=_SAMPLE_CONTEXT,
        per_summit=True,
        fixed="The heading, the greeting, the link to book again and the footer.",
    ),
    EditableEmail(
        key=PAYMENT_NOT_COMPLETED,
        name="Booking not completed",
        recipient="The booker",
        sent_when="A card payment never arrives and the places are released",
        template="events/emails/payment_not_completed",
        subject="Your booking {reference} for {summit} was not completed",
        body=(
            "We didn't receive the card payment for booking {reference} at {summit} "
            "({dates}), so the places we were holding have been released. Nothing "
            "has been charged and nobody has been sent a ticket."
        ),
        placeholders=_BOOKING,
        sample_values=_SAMPLE_BOOKING,
        sample_context=_SAMPLE_CONTEXT,
        per_summit=True,
        fixed="The heading, the greeting, the link to book again and the footer.",
    ),
    EditableEmail(
        key=INVOICE,
        name="Invoice",
        recipient="The billing contact (and the booker)",
        sent_when="An invoice booking is made (the invoice PDF is attached)",
        template="events/emails/invoice",
        subject="Invoice {number} for {summit} (booking {reference})",
        body=(
            "Please find attached invoice {number} for {amount} (purchase order "
            "{purchase_order}) for booking {reference} at {summit} ({dates}), made "
            "by {booker} for {organisation}. Payment is due by {due}.\n\n"
            "The places are confirmed and their tickets have been emailed. The "
            "booker can download the invoice again from the booking's page, linked "
            "in their booking email."
        ),
        placeholders={
            "name": "The billing contact's name",
            "summit": _BOOKING["summit"],
            "dates": _BOOKING["dates"],
            "reference": _BOOKING["reference"],
            "number": "The invoice's number",
            "amount": "The invoice's amount, such as £120.00",
            "purchase_order": "The purchase order number",
            "booker": "The booker's email address",
            "organisation": "The organisation billed",
            "due": "When payment is due, such as 31 October 2026",
        },
        sample_values={
            **_SAMPLE_BOOKING,
            "name": "Sam Billing",
            "number": "SAMPLE-INV-1",
            "amount": "£120.00",
            "purchase_order": "PO-SAMPLE",
            "booker": "alex@example.org",
            "organisation": "Sample Community Trust",
            "due": "31 October 2026",
        },
        sample_context={
            "invoice": SimpleNamespace(
                display_number="SAMPLE-INV-1",
                billing_contact="Sam Billing",
                amount_text="£120.00",
                purchase_order="PO-SAMPLE",
                billing_organisation="Sample Community Trust",
                due_on=date(2026, 10, 31),
            ),
            "order": _SAMPLE_ORDER,
            "summit": _SAMPLE_SUMMIT,
        },
        per_summit=True,
        fixed="The heading, the greeting, the invoice PDF and the footer.",
    ),
]


def register_emails():
    email_texts.register(*EMAILS)
