"""Paying by invoice: the order, its number, the PDF, the emails, the booking page
and the admin's Mark as paid and Cancel."""

import datetime

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from events.booking import changes, rules
from events.choices import AttendeeStatus, InvoiceStatus, OrderStatus
from events.models import Invoice, Order, SummitPage
from events.money import vat_inside
from events.payments import PaymentError
from events.payments.documents import invoice_pdf
from events.payments.invoices import (
    BillingDetails,
    book_with_invoice,
    cancel_invoice,
    mark_invoice_paid,
)
from tests.factories import StaffUserFactory
from tests.factories.accounts import VerifiedUserFactory
from tests.pdfs import pdf_info, pdf_text, require_document_tools

from .conftest import places

BILLING = BillingDetails(
    organisation="Example District Council",
    address="Council Offices\nExample Street\nPE1 1AA",
    contact="Fin Ance",
    email="Finance@Example.gov.uk",
    purchase_order="PO-12345",
)


def _book(booker, ticket_type, *people):
    return book_with_invoice(
        booker=booker,
        summit=ticket_type.summit,
        places=places(ticket_type, *people),
        billing=BILLING,
    )


def test_an_invoice_booking_issues_tickets_and_awaits_payment(
    booker, invoice_type, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        order = _book(booker, invoice_type, ("Ada Example", "ada@example.org"), None)

    assert order.status == OrderStatus.AWAITING_PAYMENT
    assert set(order.attendees.values_list("status", flat=True)) == {
        AttendeeStatus.CONFIRMED
    }
    invoice = order.invoice
    assert (invoice.number, invoice.amount, invoice.purchase_order) == (
        1,
        19000,
        "PO-12345",
    )
    assert invoice.billing_email == "finance@example.gov.uk"
    assert invoice.display_number == "SA-INV-00001"
    [sent] = [m for m in mail.outbox if m.subject.startswith("Invoice")]
    assert sent.to == ["finance@example.gov.uk", "booker@example.org"]
    assert "PO-12345" in sent.body
    name, content, mimetype = sent.attachments[0]
    assert (name, mimetype) == ("SA-INV-00001.pdf", "application/pdf")
    assert content.startswith(b"%PDF")
    assert any(m.subject.startswith("Your ticket for") for m in mail.outbox)


def test_invoice_numbers_follow_on(booker, invoice_type):
    first = _book(booker, invoice_type, ("A", "a@example.org"))
    second = _book(VerifiedUserFactory(), invoice_type, ("B", "b@example.org"))

    assert (first.invoice.number, second.invoice.number) == (1, 2)


def test_a_refused_booking_uses_no_invoice_number(booker, invoice_type):
    _book(booker, invoice_type, ("A", "a@example.org"))
    invoice_type.capacity = 1
    invoice_type.save()

    with pytest.raises(rules.SoldOut):
        _book(booker, invoice_type, ("B", "b@example.org"))
    invoice_type.capacity = 10
    invoice_type.save()
    third = _book(booker, invoice_type, ("C", "c@example.org"))

    assert third.invoice.number == 2


def test_ticket_types_that_do_not_allow_invoices_refuse_them(booker, paid_type):
    with pytest.raises(rules.BookingError, match="can't be paid for by invoice"):
        _book(booker, paid_type, ("A", "a@example.org"))
    assert not Order.objects.exists()


def test_the_vat_inside_a_price_is_rounded_to_the_penny():
    assert vat_inside(12000, 20) == 2000
    assert vat_inside(9500, 20) == 1583
    assert vat_inside(9500, 0) == 0


def test_the_invoice_pdf_names_the_invoice_and_is_titled(booker, invoice_type):
    require_document_tools()
    invoice = _book(booker, invoice_type, ("A", "a@example.org")).invoice

    pdf = invoice_pdf(invoice)

    assert pdf.startswith(b"%PDF")
    assert pdf_info(pdf)["Title"] == "Invoice SA-INV-00001"
    assert "Invoice SA-INV-00001" in pdf_text(pdf)


def test_staff_mark_an_invoice_paid(booker, invoice_type):
    invoice = _book(booker, invoice_type, ("A", "a@example.org")).invoice
    staff = StaffUserFactory()

    mark_invoice_paid(invoice=invoice, by=staff)

    invoice.refresh_from_db()
    assert invoice.status == InvoiceStatus.PAID
    assert invoice.order.status == OrderStatus.CONFIRMED
    with pytest.raises(PaymentError, match="already paid"):
        cancel_invoice(invoice=invoice, by=staff)


def test_cancelling_an_invoice_cancels_its_places(booker, invoice_type):
    order = _book(booker, invoice_type, ("A", "a@example.org"))

    cancel_invoice(invoice=order.invoice, by=StaffUserFactory())

    order.refresh_from_db()
    assert order.status == OrderStatus.CANCELLED
    assert order.invoice.status == InvoiceStatus.CANCELLED
    assert not order.attendees.live().exists()


def test_an_invoice_whose_places_are_all_cancelled_is_cancelled_too(
    booker, invoice_type
):
    order = _book(booker, invoice_type, ("A", "a@example.org"), ("B", "b@example.org"))
    first, second = order.attendees.order_by("pk")

    changes.cancel_attendee(attendee=first)
    order.invoice.refresh_from_db()
    assert order.invoice.status == InvoiceStatus.ISSUED  # One place still wanted.

    changes.cancel_attendee(attendee=second)
    order.invoice.refresh_from_db()
    assert order.invoice.status == InvoiceStatus.CANCELLED
    assert order.invoice.cancelled_at is not None
    with pytest.raises(PaymentError, match="already cancelled"):
        mark_invoice_paid(invoice=order.invoice, by=StaffUserFactory())


def test_marking_paid_never_brings_a_cancelled_order_back(booker, invoice_type):
    order = _book(booker, invoice_type, ("A", "a@example.org"))
    # An invoice left issued on a cancelled order (cancelled before the rule above).
    changes.cancel_order(order=order)
    Invoice.objects.filter(pk=order.invoice.pk).update(status=InvoiceStatus.ISSUED)

    mark_invoice_paid(invoice=order.invoice, by=StaffUserFactory())

    order.refresh_from_db()
    assert order.status == OrderStatus.CANCELLED
    assert order.invoice.status == InvoiceStatus.PAID
    assert not order.attendees.live().exists()


# Pages


def _admin_url(action, order):
    return reverse(Order.snippet_viewset.get_url_name(action), args=[order.pk])


def test_event_managers_settle_invoices_in_the_admin(client, booker, invoice_type):
    order = _book(booker, invoice_type, ("A", "a@example.org"))
    client.force_login(StaffUserFactory(groups=["Event managers"]))

    inspect = client.get(_admin_url("inspect", order))
    page = client.get(_admin_url("invoice", order))
    pdf = client.get(_admin_url("invoice_pdf", order))
    bad = client.post(_admin_url("invoice", order), {"action": "shred"})
    paid = client.post(_admin_url("invoice", order), {"action": "paid"})

    assert _admin_url("invoice", order) in inspect.text
    assert "PO-12345" in page.text and "Mark as paid" in page.text
    assert "Yes, cancel the invoice and its places" in page.text  # a second step
    assert pdf["Content-Type"] == "application/pdf"
    assert "no-store" in pdf["Cache-Control"]
    assert bad.status_code == 400
    assert paid.status_code == 302
    assert Invoice.objects.get().status == InvoiceStatus.PAID


def test_cancelling_an_invoice_after_the_summit_started_says_why(
    client, booker, invoice_type
):
    order = _book(booker, invoice_type, ("A", "a@example.org"))
    SummitPage.objects.filter(pk=order.summit_id).update(
        start=timezone.now() - datetime.timedelta(hours=1)
    )
    client.force_login(StaffUserFactory(groups=["Event managers"]))

    response = client.post(
        _admin_url("invoice", order), {"action": "cancel"}, follow=True
    )

    assert response.status_code == 200
    assert "places can no longer be cancelled" in response.text
    order.invoice.refresh_from_db()
    assert order.invoice.status == InvoiceStatus.ISSUED


def test_editors_cannot_see_or_settle_invoices(client, booker, invoice_type):
    order = _book(booker, invoice_type, ("A", "a@example.org"))
    client.force_login(StaffUserFactory(groups=["Editors"]))

    # Wagtail answers a PermissionDenied by sending people back to the dashboard.
    assert client.get(_admin_url("invoice", order))["Location"] == "/admin/"
    assert (
        client.post(_admin_url("invoice", order), {"action": "paid"})["Location"]
        == "/admin/"
    )
    assert Invoice.objects.get().status == InvoiceStatus.ISSUED


def test_the_booker_downloads_their_invoice_and_nobody_else_can(
    client, booker, invoice_type
):
    order = _book(booker, invoice_type, ("A", "a@example.org"))
    url = reverse("events:booking_invoice", args=[order.reference])

    client.force_login(VerifiedUserFactory())
    stranger = client.get(url)
    client.force_login(booker)
    mine = client.get(url)
    detail = client.get(reverse("events:booking_detail", args=[order.reference]))

    assert stranger.status_code == 404
    assert mine["Content-Type"] == "application/pdf"
    assert mine["Content-Disposition"] == 'attachment; filename="SA-INV-00001.pdf"'
    assert "no-store" in mine["Cache-Control"] and "private" in mine["Cache-Control"]
    assert mine.content.startswith(b"%PDF")
    assert "SA-INV-00001" in detail.text and "Awaiting payment" in detail.text


def test_booking_by_invoice_through_the_pages(client, booker, invoice_type):
    summit = invoice_type.summit
    client.force_login(booker)
    book = reverse("events:book", args=[summit.slug])
    client.post(book, {f"quantity_{invoice_type.pk}": "1"})
    client.post(
        reverse("events:book_details", args=[summit.slug]),
        {
            "place-1-who": "named",
            "place-1-name": "Ada Example",
            "place-1-email": "ada@example.org",
            "place-1-privacy_accepted": "on",
        },
    )
    review = client.get(reverse("events:book_review", args=[summit.slug]))
    invoice_url = reverse("events:book_invoice", args=[summit.slug])
    empty = client.post(invoice_url, {})

    response = client.post(
        invoice_url,
        {
            "organisation": "Example Council",
            "address": "1 Street\nTown",
            "contact": "Fin Ance",
            "email": "fin@example.gov.uk",
            "purchase_order": "PO-1",
        },
    )

    assert "Pay by invoice" in review.text
    assert "Pay £95 by card" not in review.text  # No Stripe settings here.
    assert empty.status_code == 400
    assert "Enter the purchase order number." in empty.text
    assert response.status_code == 302
    order = Order.objects.get()
    assert order.status == OrderStatus.AWAITING_PAYMENT
    done = client.get(response["Location"])
    assert "Invoice SA-INV-00001" in done.text


def _invoice_url(action, *args):
    return reverse(Invoice.snippet_viewset.get_url_name(action), args=args)


def test_event_managers_list_and_export_invoices_but_nobody_edits_them(
    client, booker, invoice_type
):
    _book(booker, invoice_type, ("A", "a@example.org"))
    invoice = Invoice.objects.get()
    client.force_login(StaffUserFactory(groups=["Event managers"]))

    listing = client.get(_invoice_url("list"))
    export = client.get(_invoice_url("list"), {"export": "csv"})
    edit = client.get(_invoice_url("edit", invoice.pk))

    assert "SA-INV-00001" in listing.text and "PO-12345" in listing.text
    assert "SA-INV-00001" in b"".join(export.streaming_content).decode()
    assert edit.status_code == 302  # Wagtail's answer to "not allowed".
    client.force_login(StaffUserFactory(groups=["Editors"]))
    assert client.get(_invoice_url("list")).status_code == 302


def test_the_invoice_list_runs_a_fixed_number_of_queries(
    client, booker, invoice_type, django_assert_num_queries
):
    client.force_login(StaffUserFactory(is_superuser=True))
    _book(booker, invoice_type, ("A", "a@example.org"))
    client.get(_invoice_url("list"))  # Warm Wagtail's caches.
    with CaptureQueriesContext(connection) as one:
        client.get(_invoice_url("list"))
    for number in range(2):
        _book(
            VerifiedUserFactory(),
            invoice_type,
            (f"B{number}", f"b{number}@example.org"),
        )

    with django_assert_num_queries(len(one.captured_queries)):
        page = client.get(_invoice_url("list"))
    assert "SA-INV-00003" in page.text
