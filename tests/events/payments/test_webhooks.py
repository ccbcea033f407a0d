"""Stripe's webhook, signed with Stripe's real scheme: verification, duplicates,
out-of-order delivery, the race with the success page, and refunds."""

import pytest
from django.core import mail
from django.urls import reverse

from events.booking import changes
from events.booking.views import done_url
from events.choices import AttendeeStatus, CardPaymentStatus, OrderStatus
from events.models import Order, StatusChange, StripeEvent
from events.payments import refunds
from tests.fakes.stripe_webhooks import make_event, post_event, signature_header

from .conftest import start_booking

WEBHOOK = "/payments/stripe/webhook/"


def _order(order):
    return Order.objects.select_related("card_payment").get(pk=order.pk)


def _completed(fake_stripe, order):
    fake_stripe.complete_session(order.card_payment.checkout_session_id)
    return fake_stripe.events[-1]


def test_the_webhook_has_a_stable_address():
    assert reverse("events:stripe_webhook") == WEBHOOK


def test_a_completed_checkout_confirms_the_order(
    client, fake_stripe, card_order, django_capture_on_commit_callbacks
):
    event = _completed(fake_stripe, card_order)

    with django_capture_on_commit_callbacks(execute=True):
        response = post_event(client, WEBHOOK, event, fake_stripe.webhook_secret)

    assert response.status_code == 200
    assert _order(card_order).status == OrderStatus.CONFIRMED
    assert StripeEvent.objects.get().event_id == event["id"]
    assert any(m.subject.startswith("Your ticket for") for m in mail.outbox)


def test_a_redelivered_event_does_nothing(
    client, fake_stripe, card_order, django_capture_on_commit_callbacks
):
    event = _completed(fake_stripe, card_order)
    with django_capture_on_commit_callbacks(execute=True):
        post_event(client, WEBHOOK, event, fake_stripe.webhook_secret)
    sent, asked = len(mail.outbox), len(fake_stripe.requests)

    with django_capture_on_commit_callbacks(execute=True):
        again = post_event(client, WEBHOOK, event, fake_stripe.webhook_secret)

    assert again.status_code == 200
    assert len(mail.outbox) == sent
    assert len(fake_stripe.requests) == asked  # Not even a look at Stripe.
    assert StripeEvent.objects.count() == 1


@pytest.mark.parametrize(
    "signature",
    [
        None,
        "t=1,v1=nonsense",
        "wrong secret",
        "too old",
    ],
)
def test_a_bad_signature_is_refused_and_changes_nothing(
    client, fake_stripe, card_order, signature
):
    import json
    import time

    event = _completed(fake_stripe, card_order)
    payload = json.dumps(event).encode()
    headers = {}
    if signature == "wrong secret":
        headers["HTTP_STRIPE_SIGNATURE"] = signature_header(payload, "whsec_other")
    elif signature == "too old":
        headers["HTTP_STRIPE_SIGNATURE"] = signature_header(
            payload, fake_stripe.webhook_secret, timestamp=int(time.time()) - 3600
        )
    elif signature:
        headers["HTTP_STRIPE_SIGNATURE"] = signature

    response = client.post(
        WEBHOOK, data=payload, content_type="application/json", **headers
    )

    assert response.status_code == 400
    assert _order(card_order).status == OrderStatus.PENDING
    assert not StripeEvent.objects.exists()


def test_a_payload_that_is_not_json_is_a_400(client, fake_stripe):
    payload = b"not json"
    response = client.post(
        WEBHOOK,
        data=payload,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=signature_header(payload, fake_stripe.webhook_secret),
    )

    assert response.status_code == 400


def test_the_webhook_is_off_without_a_secret(client, db):
    assert (
        client.post(WEBHOOK, data=b"{}", content_type="application/json").status_code
        == 404
    )


def test_an_old_expired_event_arriving_late_cannot_undo_a_payment(
    client, fake_stripe, card_order
):
    completed = _completed(fake_stripe, card_order)
    stale = make_event(
        "checkout.session.expired",
        {**completed["data"]["object"], "status": "expired"},
    )
    post_event(client, WEBHOOK, completed, fake_stripe.webhook_secret)

    response = post_event(client, WEBHOOK, stale, fake_stripe.webhook_secret)

    assert response.status_code == 200
    order = _order(card_order)
    assert order.status == OrderStatus.CONFIRMED
    assert order.card_payment.status == CardPaymentStatus.PAID


def test_events_are_triggers_the_session_is_read_again(client, fake_stripe, card_order):
    """An `expired` event for a session that was in fact paid confirms the order:
    what Stripe says now counts, not the event's snapshot."""
    session = fake_stripe.session(card_order.card_payment.checkout_session_id)
    stale = make_event("checkout.session.expired", {**session, "status": "expired"})
    _completed(fake_stripe, card_order)

    post_event(client, WEBHOOK, stale, fake_stripe.webhook_secret)

    assert _order(card_order).status == OrderStatus.CONFIRMED


def test_delayed_payment_events_in_any_order(client, fake_stripe, card_order):
    session_id = card_order.card_payment.checkout_session_id
    fake_stripe.complete_session(session_id, async_payment=True)
    completed = fake_stripe.events[-1]
    fake_stripe.succeed_async_payment(session_id)
    succeeded = fake_stripe.events[-1]

    post_event(client, WEBHOOK, succeeded, fake_stripe.webhook_secret)
    post_event(client, WEBHOOK, completed, fake_stripe.webhook_secret)

    order = _order(card_order)
    assert order.status == OrderStatus.CONFIRMED
    assert order.card_payment.status == CardPaymentStatus.PAID


def test_stripe_unreachable_asks_for_redelivery(client, fake_stripe, card_order):
    event = _completed(fake_stripe, card_order)
    fake_stripe.fail_next("connection", times=3)

    response = post_event(client, WEBHOOK, event, fake_stripe.webhook_secret)

    assert response.status_code == 503
    assert not StripeEvent.objects.exists()
    assert _order(card_order).status == OrderStatus.PENDING
    assert (
        post_event(client, WEBHOOK, event, fake_stripe.webhook_secret).status_code
        == 200
    )
    assert _order(card_order).status == OrderStatus.CONFIRMED


def test_the_success_page_confirms_before_the_webhook_and_the_webhook_then_does_nothing(
    client, fake_stripe, booker, card_order, django_capture_on_commit_callbacks
):
    event = _completed(fake_stripe, card_order)
    client.force_login(booker)
    done = reverse(
        "events:book_done", args=[card_order.summit.slug, card_order.reference]
    )
    session_id = card_order.card_payment.checkout_session_id

    with django_capture_on_commit_callbacks(execute=True):
        page = client.get(done, {"session_id": session_id})
    sent = len(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        post_event(client, WEBHOOK, event, fake_stripe.webhook_secret)

    assert "Booking confirmed" in page.text
    assert len(mail.outbox) == sent
    assert _order(card_order).status == OrderStatus.CONFIRMED


def test_the_success_page_says_processing_until_stripe_confirms(
    client, fake_stripe, booker, card_order
):
    client.force_login(booker)
    done = reverse(
        "events:book_done", args=[card_order.summit.slug, card_order.reference]
    )
    session_id = card_order.card_payment.checkout_session_id
    fake_stripe.complete_session(session_id, async_payment=True)

    page = client.get(done, {"session_id": session_id})

    assert "Payment processing" in page.text
    assert _order(card_order).status == OrderStatus.PENDING


def test_the_success_page_with_stripe_down_still_answers(
    client, fake_stripe, booker, card_order
):
    client.force_login(booker)
    done = reverse(
        "events:book_done", args=[card_order.summit.slug, card_order.reference]
    )
    _completed(fake_stripe, card_order)
    fake_stripe.fail_next("api_error")

    page = client.get(done, {"session_id": card_order.card_payment.checkout_session_id})

    assert page.status_code == 200
    assert "Payment processing" in page.text


def test_the_success_page_after_a_late_payment_was_refunded_says_so(
    client, fake_stripe, booker, paid_type, card_order
):
    changes.release_held_places(attendees=list(card_order.attendees.all()), note="")
    start_booking(booker, paid_type, ("Bo", "bo@example.org"), ("Cy", "cy@example.org"))
    client.force_login(booker)
    event = _completed(fake_stripe, card_order)
    post_event(client, WEBHOOK, event, fake_stripe.webhook_secret)

    page = client.get(done_url(card_order.summit, card_order))

    assert _order(card_order).status == OrderStatus.EXPIRED
    assert "Payment refunded" in page.text
    assert "We are refunding the whole payment" in page.text
    assert "nothing has been charged" not in page.text


def test_the_success_page_of_a_cancelled_booking_says_it_is_cancelled(
    client, fake_stripe, booker, card_order
):
    changes.cancel_order(order=card_order)
    client.force_login(booker)

    page = client.get(done_url(card_order.summit, card_order))

    assert "Booking cancelled" in page.text
    assert "Booking confirmed" not in page.text
    assert "has been cancelled, so it has no tickets" in page.text


def test_charge_refunded_records_a_refund_made_in_stripes_dashboard(
    client, fake_stripe, stripe_client, card_order
):
    post_event(
        client, WEBHOOK, _completed(fake_stripe, card_order), fake_stripe.webhook_secret
    )
    intent = _order(card_order).card_payment.payment_intent_id
    stripe_client.v1.refunds.create(params={"payment_intent": intent, "amount": 2500})

    response = post_event(
        client, WEBHOOK, fake_stripe.events[-1], fake_stripe.webhook_secret
    )

    assert fake_stripe.events[-1]["type"] == "charge.refunded"
    assert response.status_code == 200
    assert _order(card_order).card_payment.amount_refunded == 2500


def test_a_full_refund_in_stripes_dashboard_cancels_the_places(
    client, fake_stripe, stripe_client, card_order, django_capture_on_commit_callbacks
):
    post_event(
        client, WEBHOOK, _completed(fake_stripe, card_order), fake_stripe.webhook_secret
    )
    intent = _order(card_order).card_payment.payment_intent_id
    stripe_client.v1.refunds.create(params={"payment_intent": intent})
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        post_event(client, WEBHOOK, fake_stripe.events[-1], fake_stripe.webhook_secret)

    order = _order(card_order)
    assert order.card_payment.amount_refunded == 12500
    assert order.status == OrderStatus.CANCELLED
    assert order.attendees.get().status == AttendeeStatus.CANCELLED
    assert StatusChange.objects.filter(
        order=order, attendee=None, note__contains="Stripe's dashboard"
    ).exists()
    assert [m.to for m in mail.outbox] == [["ada@example.org"]]  # Ticket cancelled.


def test_a_full_refund_made_here_keeps_the_places_staff_chose_to_keep(
    client, fake_stripe, card_order
):
    post_event(
        client, WEBHOOK, _completed(fake_stripe, card_order), fake_stripe.webhook_secret
    )
    refunds.refund_payment(order=_order(card_order))

    post_event(client, WEBHOOK, fake_stripe.events[-1], fake_stripe.webhook_secret)

    assert fake_stripe.events[-1]["type"] == "charge.refunded"
    order = _order(card_order)
    assert order.card_payment.amount_refunded == 12500
    assert order.status == OrderStatus.CONFIRMED


def test_an_event_for_someone_elses_session_is_acknowledged_and_ignored(
    client, fake_stripe, stripe_client, card_order
):
    import time

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
            "expires_at": int(time.time()) + 31 * 60,
        }
    )
    fake_stripe.complete_session(other.id)

    response = post_event(
        client, WEBHOOK, fake_stripe.events[-1], fake_stripe.webhook_secret
    )

    assert response.status_code == 200
    assert _order(card_order).status == OrderStatus.PENDING


def test_a_session_whose_creation_answer_was_lost_is_found_by_its_reference(
    client, fake_stripe, card_order
):
    from events.models import CardPayment

    session_id = card_order.card_payment.checkout_session_id
    CardPayment.objects.filter(pk=card_order.card_payment.pk).update(
        checkout_session_id=None
    )
    fake_stripe.complete_session(session_id)

    post_event(client, WEBHOOK, fake_stripe.events[-1], fake_stripe.webhook_secret)

    order = _order(card_order)
    assert order.status == OrderStatus.CONFIRMED
    assert order.card_payment.checkout_session_id == session_id


def test_a_session_naming_our_order_does_not_speak_for_its_payment_of_another_session(
    client, fake_stripe, stripe_client, card_order
):
    session = stripe_client.v1.checkout.sessions.create(
        params={
            "mode": "payment",
            "line_items": [
                {
                    "price_data": {
                        "currency": "gbp",
                        "unit_amount": 100,
                        "product_data": {"name": "Something else"},
                    },
                    "quantity": 1,
                }
            ],
            "metadata": {"order": card_order.reference},
            "success_url": "http://testserver/ok/",
        }
    )
    fake_stripe.expire_session(session.id)

    post_event(client, WEBHOOK, fake_stripe.events[-1], fake_stripe.webhook_secret)

    order = _order(card_order)
    assert order.status == OrderStatus.PENDING
    assert order.card_payment.status == CardPaymentStatus.OPEN
    assert order.card_payment.checkout_session_id != session.id
