"""Stripe's events racing each other on PostgreSQL, each delivery on its own
database connection: `checkout.session.completed` delivered twice at once with the
`charge.refunded` of a dashboard refund (and `stripe_reconcile` running too) still
confirm, refund and cancel exactly once, and money and places agree at the end."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection
from django.test import Client

from events.choices import AttendeeStatus, OrderStatus
from events.models import StripeEvent
from events.payments import checkout
from tests.factories.events import (
    SummitIndexPageFactory,
    SummitPageFactory,
    TicketTypeFactory,
    open_registration,
)
from tests.fakes.stripe_webhooks import post_event

from .conftest import start_booking
from .test_event_order import (
    PRICE,
    WEBHOOK,
    assert_books_balance,
    pay,
    refund_in_dashboard,
)

pytestmark = [
    pytest.mark.postgres_only,
    # Restores the migrations' rows (Wagtail's root page) that an earlier
    # transactional test flushed.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ROUNDS = 4


@pytest.mark.parametrize(
    ("amount", "with_reconcile"),
    [(None, False), (2500, False), (None, True)],
    ids=["full", "partial", "full-with-reconcile"],
)
def test_completed_twice_at_once_with_a_refund(
    home_page, fake_stripe, stripe_client, booker, amount, with_reconcile
):
    summit = open_registration(
        SummitPageFactory(parent=SummitIndexPageFactory(parent=home_page))
    )
    ticket_type = TicketTypeFactory(summit=summit, price=PRICE, capacity=ROUNDS)
    confirmed = 0
    for number in range(ROUNDS):
        order = start_booking(booker, ticket_type, (f"P {number}", f"p{number}@ex.org"))
        completed = pay(fake_stripe, order)
        refunded = refund_in_dashboard(fake_stripe, stripe_client, order, amount)
        deliveries = [completed, completed, refunded]
        everyone_ready = threading.Barrier(len(deliveries) + with_reconcile)

        def deliver(event, ready=everyone_ready):
            try:
                ready.wait()
                response = post_event(
                    Client(), WEBHOOK, event, fake_stripe.webhook_secret
                )
                return response.status_code
            finally:
                connection.close()

        def reconcile(ready=everyone_ready):
            try:
                ready.wait()
                return checkout.reconcile()
            finally:
                connection.close()

        with ThreadPoolExecutor(max_workers=4) as pool:
            futures = [pool.submit(deliver, event) for event in deliveries]
            if with_reconcile:
                futures.append(pool.submit(reconcile))
            results = [future.result() for future in futures]

        assert results[:3] == [200, 200, 200]
        assert (
            StripeEvent.objects.filter(
                event_id__in=[completed["id"], refunded["id"]]
            ).count()
            == 2
        )
        if amount is None:
            assert_books_balance(
                stripe_client,
                order,
                status=OrderStatus.CANCELLED,
                places=[AttendeeStatus.CANCELLED],
                paid=PRICE,
                refunded=PRICE,
                rows=[PRICE],
                places_left=ROUNDS - confirmed,
            )
        else:
            confirmed += 1
            assert_books_balance(
                stripe_client,
                order,
                status=OrderStatus.CONFIRMED,
                places=[AttendeeStatus.CONFIRMED],
                paid=PRICE,
                refunded=amount,
                rows=[amount],
                places_left=ROUNDS - confirmed,
            )
