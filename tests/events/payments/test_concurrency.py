"""Twenty public bodies book by invoice at the same moment, each on its own
database connection: they get invoice numbers 1 to 20, none twice, none missed."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from events.models import Invoice
from events.payments.invoices import book_with_invoice
from tests.factories.events import (
    SummitIndexPageFactory,
    SummitPageFactory,
    TicketTypeFactory,
    open_registration,
)

from .conftest import places
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
