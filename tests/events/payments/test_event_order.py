"""Stripe promises no order of events: every kind we handle, delivered in every
order that matters and more than once, leaves money and places agreeing (the
order, its places, the card payment's amounts, the Refund rows, what Stripe says
and the places left). `stripe_reconcile` catches up with refunds whose news never
came. Races between deliveries are in `test_event_races.py`."""

import datetime
import itertools

import pytest
from django.core import mail
from django.utils import timezone

from events.choices import (
    AttendeeStatus,
    CardPaymentStatus,
    OrderStatus,
    RefundStatus,
)
from events.models import CardPayment, Order, StripeEvent
from events.payments import checkout, refunds
from tests.fakes.stripe_webhooks import make_event, post_event

from .conftest import start_booking

WEBHOOK = "/payments/stripe/webhook/"
PRICE = 12500
PAID = AttendeeStatus.CONFIRMED
GONE = AttendeeStatus.CANCELLED


def pay(fake_stripe, order, *, async_payment=False):
    """The booker pays on Checkout; returns `checkout.session.completed`."""
    session_id = order.card_payment.checkout_session_id
    fake_stripe.complete_session(session_id, async_payment=async_payment)
    return fake_stripe.events[-1]


def refund_in_dashboard(fake_stripe, stripe_client, order, amount=None):
    """Someone refunds the order's payment in Stripe's dashboard (all that is left
    unless `amount`); returns `charge.refunded`."""
    session = fake_stripe.session(order.card_payment.checkout_session_id)
    params = {"payment_intent": session["payment_intent"]}
    if amount is not None:
        params["amount"] = amount
    stripe_client.v1.refunds.create(params=params)
    event = fake_stripe.events[-1]
    assert event["type"] == "charge.refunded"
    return event


def deliver(client, fake_stripe, *events):
    return [
        post_event(client, WEBHOOK, event, fake_stripe.webhook_secret).status_code
        for event in events
    ]


def assert_books_balance(
    stripe_client, order, *, status, places, paid, refunded, rows, places_left
):
    """The order and its places, the payment's amounts and Refund rows are what
    the test expects, and agree with each other, with Stripe and with capacity."""
    order = Order.objects.select_related("card_payment").get(pk=order.pk)
    assert order.status == status
    assert sorted(order.attendees.values_list("status", flat=True)) == sorted(places)
    payment = order.card_payment
    assert (payment.amount_paid, payment.amount_refunded) == (paid, refunded)
    succeeded = payment.refunds.filter(status=RefundStatus.SUCCEEDED)
    assert sorted(succeeded.values_list("amount", flat=True)) == sorted(rows)
    assert sum(rows) == refunded
    assert not payment.refunds.filter(status=RefundStatus.PENDING).exists()
    if paid:
        intent = stripe_client.v1.payment_intents.retrieve(payment.payment_intent_id)
        assert intent.amount_received == paid
        listed = stripe_client.v1.refunds.list(
            params={"payment_intent": payment.payment_intent_id}
        )
        at_stripe = {(item.id, item.amount) for item in listed.auto_paging_iter()}
        assert set(succeeded.values_list("stripe_refund_id", "amount")) == at_stripe
    # No valid ticket without its money, and no money kept without a ticket.
    live = [place for place in order.attendees.all() if place.is_live]
    if live:
        assert refunded < paid
    else:
        assert refunded == paid
    ticket_type = order.attendees.first().ticket_type
    assert ticket_type.places_left() == places_left


# A dashboard refund and the payment


FULL, PART = None, 2500
ORDERS = [
    ("completed", "refunded"),
    ("refunded", "completed"),
    ("refunded", "refunded", "completed", "completed"),
    ("completed", "refunded", "completed", "refunded"),
]


@pytest.mark.parametrize("sequence", ORDERS, ids="-".join)
@pytest.mark.parametrize("amount", [FULL, PART], ids=["full", "partial"])
def test_a_dashboard_refund_and_the_payment_in_any_order(
    client,
    fake_stripe,
    stripe_client,
    card_order,
    amount,
    sequence,
    django_capture_on_commit_callbacks,
):
    events = {
        "completed": pay(fake_stripe, card_order),
        "refunded": refund_in_dashboard(fake_stripe, stripe_client, card_order, amount),
    }

    with django_capture_on_commit_callbacks(execute=True):
        statuses = deliver(client, fake_stripe, *(events[name] for name in sequence))

    assert statuses == [200] * len(sequence)
    assert StripeEvent.objects.count() == 2
    if amount is FULL:
        assert_books_balance(
            stripe_client,
            card_order,
            status=OrderStatus.CANCELLED,
            places=[GONE],
            paid=PRICE,
            refunded=PRICE,
            rows=[PRICE],
            places_left=2,
        )
        assert ["ada@example.org"] in [
            message.to for message in mail.outbox if "cancelled" in message.subject
        ]
    else:
        assert_books_balance(
            stripe_client,
            card_order,
            status=OrderStatus.CONFIRMED,
            places=[PAID],
            paid=PRICE,
            refunded=PART,
            rows=[PART],
            places_left=1,
        )
    refund = CardPayment.objects.get(order=card_order).refunds.get()
    assert refund.reason == "Refunded in Stripe's dashboard."


@pytest.mark.parametrize(
    "sequence",
    list(itertools.permutations(["completed", "succeeded", "refunded"])),
    ids="-".join,
)
def test_a_delayed_payment_and_a_full_refund_in_any_order(
    client, fake_stripe, stripe_client, card_order, sequence
):
    events = {"completed": pay(fake_stripe, card_order, async_payment=True)}
    fake_stripe.succeed_async_payment(card_order.card_payment.checkout_session_id)
    events["succeeded"] = fake_stripe.events[-1]
    events["refunded"] = refund_in_dashboard(fake_stripe, stripe_client, card_order)

    statuses = deliver(client, fake_stripe, *(events[name] for name in sequence))

    assert statuses == [200, 200, 200]
    assert_books_balance(
        stripe_client,
        card_order,
        status=OrderStatus.CANCELLED,
        places=[GONE],
        paid=PRICE,
        refunded=PRICE,
        rows=[PRICE],
        places_left=2,
    )


@pytest.mark.parametrize(
    "sequence", [("completed", "failed"), ("failed", "completed", "failed")]
)
def test_a_failed_delayed_payment_in_any_order_releases_the_places(
    client, fake_stripe, stripe_client, card_order, sequence
):
    events = {"completed": pay(fake_stripe, card_order, async_payment=True)}
    fake_stripe.fail_async_payment(card_order.card_payment.checkout_session_id)
    events["failed"] = fake_stripe.events[-1]

    statuses = deliver(client, fake_stripe, *(events[name] for name in sequence))

    assert statuses == [200] * len(sequence)
    assert_books_balance(
        stripe_client,
        card_order,
        status=OrderStatus.EXPIRED,
        places=[GONE],
        paid=0,
        refunded=0,
        rows=[],
        places_left=2,
    )
    assert CardPayment.objects.get().status == CardPaymentStatus.FAILED


def test_an_expired_session_told_twice_releases_the_places_once(
    client, fake_stripe, stripe_client, card_order, django_capture_on_commit_callbacks
):
    fake_stripe.expire_session(card_order.card_payment.checkout_session_id)
    expired = fake_stripe.events[-1]

    with django_capture_on_commit_callbacks(execute=True):
        statuses = deliver(client, fake_stripe, expired, expired)

    assert statuses == [200, 200]
    assert_books_balance(
        stripe_client,
        card_order,
        status=OrderStatus.EXPIRED,
        places=[GONE],
        paid=0,
        refunded=0,
        rows=[],
        places_left=2,
    )
    assert [m.to for m in mail.outbox] == [["booker@example.org"]]


@pytest.mark.parametrize(
    "sequence", [("expired", "completed"), ("completed", "expired", "completed")]
)
def test_an_expired_event_and_the_payment_in_any_order_confirm_the_order(
    client, fake_stripe, stripe_client, card_order, sequence
):
    """An `expired` snapshot of a session that was paid in the end (it was read
    just before the booker paid): what Stripe says now counts."""
    session = fake_stripe.session(card_order.card_payment.checkout_session_id)
    events = {
        "expired": make_event(
            "checkout.session.expired", {**session, "status": "expired"}
        ),
        "completed": pay(fake_stripe, card_order),
    }

    statuses = deliver(client, fake_stripe, *(events[name] for name in sequence))

    assert statuses == [200] * len(sequence)
    assert_books_balance(
        stripe_client,
        card_order,
        status=OrderStatus.CONFIRMED,
        places=[PAID],
        paid=PRICE,
        refunded=0,
        rows=[],
        places_left=1,
    )


def _release_without_stripe(fake_stripe, order):
    """The hold ran out while Stripe was unreachable, so `stripe_reconcile`
    released it here; the session is still open at Stripe."""
    CardPayment.objects.filter(order=order).update(
        hold_expires_at=timezone.now()
        - checkout.RELEASE_WITHOUT_STRIPE_AFTER
        - datetime.timedelta(minutes=1)
    )
    fake_stripe.fail_next("api_error", path="/v1/checkout/sessions")
    assert checkout.reconcile()["released without Stripe"] == 1
    assert Order.objects.get(pk=order.pk).status == OrderStatus.EXPIRED


def _release_and_sell_the_places(fake_stripe, booker, paid_type, order):
    """The hold was released, and both places were booked by someone else."""
    _release_without_stripe(fake_stripe, order)
    start_booking(booker, paid_type, ("Bo", "bo@example.org"), ("Cy", "cy@example.org"))


@pytest.mark.parametrize("places_taken", [False, True], ids=["free", "taken"])
def test_a_payment_after_its_hold_was_released_in_any_order_with_its_refund(
    client, fake_stripe, stripe_client, booker, paid_type, card_order, places_taken
):
    """Expired here, then completed at Stripe: the places are taken back while
    free, else the payment is refunded; the success page applied it first, so the
    refund's event may come before the payment's."""
    if places_taken:
        _release_and_sell_the_places(fake_stripe, booker, paid_type, card_order)
    else:
        _release_without_stripe(fake_stripe, card_order)
    completed = pay(fake_stripe, card_order)
    checkout.sync_checkout(session_id=card_order.card_payment.checkout_session_id)
    later = [
        event for event in fake_stripe.events if event["type"] != completed["type"]
    ]

    statuses = deliver(client, fake_stripe, *later, completed, *later)

    assert set(statuses) == {200}
    if places_taken:
        assert [event["type"] for event in later] == ["charge.refunded"]
        assert_books_balance(
            stripe_client,
            card_order,
            status=OrderStatus.EXPIRED,
            places=[GONE],
            paid=PRICE,
            refunded=PRICE,
            rows=[PRICE],
            places_left=0,
        )
        reason = CardPayment.objects.get(order=card_order).refunds.get().reason
        assert reason.startswith("Paid after the places were released")
    else:
        assert later == []
        assert_books_balance(
            stripe_client,
            card_order,
            status=OrderStatus.CONFIRMED,
            places=[PAID],
            paid=PRICE,
            refunded=0,
            rows=[],
            places_left=1,
        )


def test_a_dashboard_refund_before_a_late_payment_for_places_gone_leaves_the_rest(
    client, fake_stripe, stripe_client, booker, paid_type, card_order
):
    """Part given back in Stripe's dashboard, told first; the payment then finds
    its places sold: only what Stripe hasn't refunded yet is refunded."""
    _release_and_sell_the_places(fake_stripe, booker, paid_type, card_order)
    completed = pay(fake_stripe, card_order)
    dashboard = refund_in_dashboard(fake_stripe, stripe_client, card_order, 2500)

    first = deliver(client, fake_stripe, dashboard)
    ours = fake_stripe.events[-1]
    again = deliver(client, fake_stripe, completed, ours, dashboard)

    assert first + again == [200] * 4
    assert ours["type"] == "charge.refunded" and ours["id"] != dashboard["id"]
    assert_books_balance(
        stripe_client,
        card_order,
        status=OrderStatus.EXPIRED,
        places=[GONE],
        paid=PRICE,
        refunded=PRICE,
        rows=[2500, PRICE - 2500],
        places_left=0,
    )


def test_a_refund_of_a_checkout_not_known_yet_is_deferred_until_it_is(
    client, fake_stripe, stripe_client, card_order
):
    """The session's creation answer was lost, so only `completed` can tell us
    which payment is ours: until then the refund is answered 503, and recorded as
    handled only once it has been applied."""
    CardPayment.objects.filter(order=card_order).update(checkout_session_id=None)
    completed = pay(fake_stripe, card_order)
    refunded = refund_in_dashboard(fake_stripe, stripe_client, card_order)

    early = deliver(client, fake_stripe, refunded)

    assert early == [503]
    assert not StripeEvent.objects.exists()
    order = Order.objects.select_related("card_payment").get(pk=card_order.pk)
    assert order.status == OrderStatus.PENDING
    assert not order.card_payment.refunds.exists()

    assert deliver(client, fake_stripe, completed, refunded, refunded) == [200] * 3
    assert StripeEvent.objects.count() == 2
    assert_books_balance(
        stripe_client,
        card_order,
        status=OrderStatus.CANCELLED,
        places=[GONE],
        paid=PRICE,
        refunded=PRICE,
        rows=[PRICE],
        places_left=2,
    )


def test_a_refund_made_here_and_one_in_the_dashboard_told_in_any_order(
    client, fake_stripe, stripe_client, card_order
):
    """Staff refund part here, someone the rest in the dashboard: the dashboard's
    refund completes the whole payment, so the places go; each event twice."""
    completed = pay(fake_stripe, card_order)
    checkout.sync_checkout(session_id=card_order.card_payment.checkout_session_id)
    refunds.refund_payment(order=card_order, amount=5000)
    ours = fake_stripe.events[-1]
    dashboard = refund_in_dashboard(fake_stripe, stripe_client, card_order)

    statuses = deliver(client, fake_stripe, dashboard, ours, completed, dashboard)

    assert statuses == [200] * 4
    assert_books_balance(
        stripe_client,
        card_order,
        status=OrderStatus.CANCELLED,
        places=[GONE],
        paid=PRICE,
        refunded=PRICE,
        rows=[5000, PRICE - 5000],
        places_left=2,
    )


# stripe_reconcile catches up with refunds


def test_reconcile_records_a_dashboard_refund_whose_event_never_came(
    fake_stripe, stripe_client, card_order
):
    pay(fake_stripe, card_order)
    checkout.sync_checkout(session_id=card_order.card_payment.checkout_session_id)
    refund_in_dashboard(fake_stripe, stripe_client, card_order)

    counts = checkout.reconcile()
    again = checkout.reconcile()

    assert counts["refunds found"] == 1
    assert again["refunds found"] == 0
    assert_books_balance(
        stripe_client,
        card_order,
        status=OrderStatus.CANCELLED,
        places=[GONE],
        paid=PRICE,
        refunded=PRICE,
        rows=[PRICE],
        places_left=2,
    )


def test_reconcile_applies_a_payment_and_its_refund_that_no_event_told(
    fake_stripe, stripe_client, card_order
):
    pay(fake_stripe, card_order)
    refund_in_dashboard(fake_stripe, stripe_client, card_order, 2500)

    counts = checkout.reconcile()

    assert counts[CardPaymentStatus.PAID] == 1
    assert counts["refunds found"] == 1
    assert_books_balance(
        stripe_client,
        card_order,
        status=OrderStatus.CONFIRMED,
        places=[PAID],
        paid=PRICE,
        refunded=2500,
        rows=[2500],
        places_left=1,
    )


def test_reconcile_mends_a_refund_recorded_as_handled_but_never_applied(
    client, fake_stripe, stripe_client, card_order
):
    """What the earlier code did with a refund told before its payment: the
    event's id stored, so its re-delivery does nothing; reconcile still finds it."""
    deliver(client, fake_stripe, pay(fake_stripe, card_order))
    refunded = refund_in_dashboard(fake_stripe, stripe_client, card_order)
    StripeEvent.objects.create(event_id=refunded["id"], event_type=refunded["type"])

    redelivered = post_event(client, WEBHOOK, refunded, fake_stripe.webhook_secret)
    assert redelivered.text == "Already handled."
    assert Order.objects.get(pk=card_order.pk).status == OrderStatus.CONFIRMED

    checkout.reconcile()

    assert_books_balance(
        stripe_client,
        card_order,
        status=OrderStatus.CANCELLED,
        places=[GONE],
        paid=PRICE,
        refunded=PRICE,
        rows=[PRICE],
        places_left=2,
    )


def test_reconcile_leaves_refunds_older_than_its_window_alone(
    fake_stripe, stripe_client, card_order
):
    pay(fake_stripe, card_order)
    checkout.sync_checkout(session_id=card_order.card_payment.checkout_session_id)
    refund_in_dashboard(fake_stripe, stripe_client, card_order)
    later = timezone.now() + checkout.REFUND_CHECK_WINDOW + datetime.timedelta(hours=1)

    counts = checkout.reconcile(now=later)

    assert counts["refunds found"] == 0
    assert fake_stripe.calls("GET", "/v1/refunds")
    assert not [r for r in fake_stripe.requests if r.path.startswith("/v1/charges/")]
    payment = CardPayment.objects.get(order=card_order)
    assert (payment.amount_refunded, payment.refunds.count()) == (0, 0)


def test_reconcile_marks_our_refund_whose_answer_was_lost_without_sending_it_again(
    fake_stripe, stripe_client, card_order
):
    pay(fake_stripe, card_order)
    checkout.sync_checkout(session_id=card_order.card_payment.checkout_session_id)
    # Stripe refunds, the answer is lost, and so are stripe-python's retries.
    fake_stripe.fail_next("response_lost", path="/v1/refunds")
    fake_stripe.fail_next(
        "connection", times=checkout.stripe_api.NETWORK_RETRIES, path="/v1/refunds"
    )
    refund = refunds.refund_payment(order=card_order, amount=5000)
    assert refund.status == RefundStatus.PENDING
    sent = len(fake_stripe.calls("POST", "/v1/refunds"))

    counts = checkout.reconcile()

    assert (counts["refunds found"], counts["refunds retried"]) == (1, 0)
    assert len(fake_stripe.calls("POST", "/v1/refunds")) == sent
    refund.refresh_from_db()
    assert refund.status == RefundStatus.SUCCEEDED
    assert_books_balance(
        stripe_client,
        card_order,
        status=OrderStatus.CONFIRMED,
        places=[PAID],
        paid=PRICE,
        refunded=5000,
        rows=[5000],
        places_left=1,
    )


def test_reconcile_passes_over_refunds_of_payments_not_ours(
    fake_stripe, stripe_client, card_order
):
    other = stripe_client.v1.checkout.sessions.create(
        params={
            "mode": "payment",
            "line_items": [
                {
                    "price_data": {
                        "currency": "gbp",
                        "unit_amount": 500,
                        "product_data": {"name": "Not ours"},
                    },
                    "quantity": 1,
                }
            ],
        }
    )
    fake_stripe.complete_session(other.id)
    intent = fake_stripe.session(other.id)["payment_intent"]
    stripe_client.v1.refunds.create(params={"payment_intent": intent})

    counts = checkout.reconcile()

    assert counts["refunds found"] == 0
    assert not [r for r in fake_stripe.requests if r.path.startswith("/v1/charges/")]


def test_with_stripe_down_reconcile_says_the_refunds_went_unchecked(
    fake_stripe, card_order
):
    fake_stripe.fail_next("api_error", path="/v1/refunds")

    counts = checkout.reconcile()

    assert counts == {
        CardPaymentStatus.OPEN: 1,
        "refund check failed": 1,
        "refunds retried": 0,
    }
