"""Races on PostgreSQL, each side on its own database connection: twenty public
bodies booking by invoice at once get invoice numbers 1 to 20, none twice, none
missed; a booker cancelling while their card payment lands never ends up paying
without a ticket."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from events.booking import changes
from events.choices import AttendeeStatus, CardPaymentStatus, OrderStatus
from events.models import Invoice, Order, StatusChange
from events.payments import checkout
from events.payments.invoices import book_with_invoice
from tests.factories.events import (
    SummitIndexPageFactory,
    SummitPageFactory,
    TicketTypeFactory,
    open_registration,
)

from .conftest import places, start_booking
from .test_invoices import BILLING

pytestmark = [
    pytest.mark.postgres_only,
    # Restores the migrations' rows (Wagtail's root page) that an earlier
    # transactional test flushed.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

BOOKERS = 20


def test_concurrent_invoice_bookings_get_one_unbroken_sequence(home_page):
    summit = open_registration(
        SummitPageFactory(parent=SummitIndexPageFactory(parent=home_page))
    )
    ticket_type = TicketTypeFactory(
        summit=summit, price=9500, capacity=100, allows_invoice=True
    )
    everyone_ready = threading.Barrier(BOOKERS)

    def book(number):
        try:
            everyone_ready.wait()
            book_with_invoice(
                booker=None,
                summit=summit,
                places=places(ticket_type, (f"P {number}", f"p{number}@example.org")),
                billing=BILLING,
            )
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=BOOKERS) as pool:
        list(pool.map(book, range(BOOKERS)))

    numbers = sorted(Invoice.objects.values_list("number", flat=True))
    assert numbers == list(range(1, BOOKERS + 1))


ROUNDS = 8


def test_a_booker_cancelling_while_the_payment_lands_never_pays_without_a_ticket(
    home_page, fake_stripe, booker
):
    """Each round the booker cancels a pending card order at the moment its
    payment is applied: either the payment confirms the order first (and the
    cancel then cancels a paid order), or the cancel wins and the money goes back.
    Never a confirmed order without places, never money kept for nothing."""
    summit = open_registration(
        SummitPageFactory(parent=SummitIndexPageFactory(parent=home_page))
    )
    ticket_type = TicketTypeFactory(summit=summit, price=12500, capacity=ROUNDS)
    for number in range(ROUNDS):
        order = start_booking(booker, ticket_type, (f"P {number}", f"p{number}@ex.org"))
        session_id = order.card_payment.checkout_session_id
        fake_stripe.complete_session(session_id)
        both_ready = threading.Barrier(2)

        def cancel(order=order, ready=both_ready):
            try:
                ready.wait()
                changes.cancel_order(order=order)
            finally:
                connection.close()

        def pay(session_id=session_id, ready=both_ready):
            try:
                ready.wait()
                checkout.sync_checkout(session_id=session_id)
            finally:
                connection.close()

        with ThreadPoolExecutor(max_workers=2) as pool:
            for future in [pool.submit(cancel), pool.submit(pay)]:
                future.result()

        order = Order.objects.select_related("card_payment").get(pk=order.pk)
        assert order.status == OrderStatus.CANCELLED
        assert order.attendees.get().status == AttendeeStatus.CANCELLED
        payment = order.card_payment
        assert payment.status == CardPaymentStatus.PAID
        confirmed_first = StatusChange.objects.filter(
            order=order, attendee=None, to_status=OrderStatus.CONFIRMED
        ).exists()
        assert payment.refunds.exists() != confirmed_first
