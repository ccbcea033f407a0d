"""Card bookings: the hold, the Checkout Session, confirming, expiring, Stripe
failures, late and delayed payments, and `stripe_reconcile`."""

import datetime
from types import SimpleNamespace

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from events.booking import changes, orders, rules
from events.choices import (
    AttendeeStatus,
    CardPaymentStatus,
    OrderStatus,
    PaymentMethod,
)
from events.models import CardPayment, Order
from events.payments import PaymentError, checkout

from .conftest import end_hold, places, start_booking


def _refresh(order):
    return Order.objects.select_related("card_payment").get(pk=order.pk)


def test_a_card_booking_holds_its_places_and_opens_a_checkout_session(
    fake_stripe, booker, paid_type
):
    order = start_booking(booker, paid_type, ("Ada Example", "ada@example.org"), None)

    assert order.status == OrderStatus.PENDING
    assert set(order.attendees.values_list("status", flat=True)) == {
        AttendeeStatus.PENDING
    }
    assert paid_type.places_left() == 0
    payment = order.card_payment
    assert payment.status == CardPaymentStatus.OPEN
    assert payment.amount == 25000
    assert (
        payment.checkout_url == f"{fake_stripe.url}/c/pay/{payment.checkout_session_id}"
    )
    [call] = fake_stripe.calls("POST", "/v1/checkout/sessions")
    assert call.idempotency_key == f"checkout-{order.reference}"
    assert call.params["expires_at"] == str(int(payment.hold_expires_at.timestamp()))
    session = fake_stripe.session(payment.checkout_session_id)
    assert (session["currency"], session["amount_total"]) == ("gbp", 25000)
    assert session["customer_email"] == "booker@example.org"
    assert session["metadata"] == {"order": order.reference}
    assert session["client_reference_id"] == order.reference
    assert session["payment_method_types"] == ["card"]
    assert mail.outbox == []  # No tickets before the money.


def test_paying_confirms_the_places_once_and_sends_tickets_and_a_receipt(
    fake_stripe, card_order, django_capture_on_commit_callbacks
):
    session_id = card_order.card_payment.checkout_session_id
    fake_stripe.complete_session(session_id)

    with django_capture_on_commit_callbacks(execute=True):
        checkout.sync_checkout(session_id=session_id)
    with django_capture_on_commit_callbacks(execute=True):
        checkout.sync_checkout(session_id=session_id)

    order = _refresh(card_order)
    assert order.status == OrderStatus.CONFIRMED
    assert order.attendees.get().status == AttendeeStatus.CONFIRMED
    payment = order.card_payment
    assert (payment.status, payment.amount_paid) == (CardPaymentStatus.PAID, 12500)
    assert payment.payment_intent_id.startswith("pi_")
    subjects = sorted(message.subject for message in mail.outbox)
    assert [subject.split()[0] for subject in subjects] == [
        "Booking",
        "Receipt",
        "Your",
    ]
    receipt = next(m for m in mail.outbox if m.subject.startswith("Receipt"))
    name, content, mimetype = receipt.attachments[0]
    assert (name, mimetype) == (f"receipt-{order.reference}.pdf", "application/pdf")
    assert content.startswith(b"%PDF")


def test_an_expired_hold_gives_the_places_back_and_expires_the_session(
    fake_stripe, booker, paid_type, card_order, django_capture_on_commit_callbacks
):
    other = start_booking(booker, paid_type, ("Bo Example", "bo@example.org"))
    assert paid_type.places_left() == 0
    end_hold(card_order)

    with django_capture_on_commit_callbacks(execute=True):
        counts = checkout.reconcile()

    session_id = card_order.card_payment.checkout_session_id
    assert fake_stripe.session(session_id)["status"] == "expired"
    assert fake_stripe.calls("POST", f"/v1/checkout/sessions/{session_id}/expire")
    order = _refresh(card_order)
    assert order.status == OrderStatus.EXPIRED
    assert order.card_payment.status == CardPaymentStatus.EXPIRED
    assert order.attendees.get().status == AttendeeStatus.CANCELLED
    assert paid_type.places_left() == 1
    assert _refresh(other).status == OrderStatus.PENDING  # Its hold still runs.
    assert counts[CardPaymentStatus.EXPIRED] == 1
    # The booker is told; the holders, never sent a ticket, are not.
    [notice] = mail.outbox
    assert notice.to == ["booker@example.org"]
    assert "was not completed" in notice.subject
    assert "Nothing has been charged" in notice.body
    # The place is really free: someone else can book it.
    again = start_booking(booker, paid_type, ("Ada Example", "ada@example.org"))
    assert again.status == OrderStatus.PENDING


def test_reconcile_fulfils_a_payment_whose_webhook_never_came(fake_stripe, card_order):
    fake_stripe.complete_session(card_order.card_payment.checkout_session_id)

    call_command("stripe_reconcile", stdout=open("/dev/null", "w"))  # noqa: SIM115

    assert _refresh(card_order).status == OrderStatus.CONFIRMED


def _end_hold_long_ago(order, *, minutes):
    CardPayment.objects.filter(order=order).update(
        hold_expires_at=timezone.now() - datetime.timedelta(minutes=minutes)
    )


def test_without_stripe_settings_reconcile_still_releases_holds_that_ran_out(
    settings, capsys, booker, paid_type, card_order
):
    recent = start_booking(booker, paid_type, ("Bo Example", "bo@example.org"))
    _end_hold_long_ago(card_order, minutes=16)
    _end_hold_long_ago(recent, minutes=1)  # Stripe may still be finishing it.
    settings.STRIPE_SECRET_KEY = ""

    call_command("stripe_reconcile")

    out = capsys.readouterr().out
    assert "not set up" in out
    assert "released without Stripe: 1" in out
    assert _refresh(card_order).status == OrderStatus.EXPIRED
    assert _refresh(card_order).card_payment.status == CardPaymentStatus.EXPIRED
    assert _refresh(recent).status == OrderStatus.PENDING


def test_with_stripe_down_reconcile_releases_holds_that_ran_out_and_a_late_payment_is_still_honoured(
    fake_stripe, paid_type, card_order
):
    _end_hold_long_ago(card_order, minutes=16)
    fake_stripe.fail_next("api_error", path="/v1/checkout/sessions")

    counts = checkout.reconcile()

    assert counts == {
        "released without Stripe": 1,
        "refunds found": 0,
        "refunds retried": 0,
    }
    assert _refresh(card_order).status == OrderStatus.EXPIRED
    assert paid_type.places_left() == 2
    # Stripe comes back with the session paid after all: the places are retaken.
    session_id = card_order.card_payment.checkout_session_id
    fake_stripe.complete_session(session_id)
    checkout.sync_checkout(session_id=session_id)
    assert _refresh(card_order).status == OrderStatus.CONFIRMED


def test_with_stripe_down_a_hold_that_only_just_ended_is_kept(fake_stripe, card_order):
    _end_hold_long_ago(card_order, minutes=5)
    fake_stripe.fail_next("api_error", path="/v1/checkout/sessions")

    assert checkout.reconcile() == {
        "unreachable": 1,
        "refunds found": 0,
        "refunds retried": 0,
    }
    assert _refresh(card_order).status == OrderStatus.PENDING


def test_reconcile_releases_a_hold_whose_session_was_never_made(booker, paid_type):
    """The process died between booking and asking Stripe."""
    order = orders.place_order(
        booker=booker,
        summit=paid_type.summit,
        places=places(paid_type, ("Ada Example", "ada@example.org")),
        payment=PaymentMethod.CARD,
    )
    CardPayment.objects.create(
        order=order, amount=order.total, hold_expires_at=timezone.now()
    )

    counts = checkout.reconcile()

    assert counts[CardPaymentStatus.EXPIRED] == 1
    assert _refresh(order).status == OrderStatus.EXPIRED
    assert paid_type.places_left() == 2


@pytest.mark.parametrize(
    ("kind", "attempts"),
    [("api_error", 1), ("connection", 1 + checkout.stripe_api.NETWORK_RETRIES)],
)
def test_stripe_failing_releases_the_hold_and_asks_to_try_again(
    fake_stripe, booker, paid_type, kind, attempts
):
    fake_stripe.fail_next(kind, times=attempts, path="/v1/checkout/sessions")

    with pytest.raises(PaymentError, match="try again"):
        start_booking(booker, paid_type, ("Ada Example", "ada@example.org"))

    order = Order.objects.get()
    assert order.status == OrderStatus.EXPIRED
    assert not order.attendees.live().exists()
    assert paid_type.places_left() == 2
    again = start_booking(booker, paid_type, ("Ada Example", "ada@example.org"))
    assert again.card_payment.status == CardPaymentStatus.OPEN


def test_a_lost_answer_is_retried_with_the_same_idempotency_key(
    fake_stripe, booker, paid_type
):
    fake_stripe.fail_next("response_lost", path="/v1/checkout/sessions")

    order = start_booking(booker, paid_type, ("Ada Example", "ada@example.org"))

    assert len(fake_stripe.sessions) == 1
    assert order.card_payment.checkout_session_id == fake_stripe.sessions[0]["id"]
    keys = {
        r.idempotency_key for r in fake_stripe.calls("POST", "/v1/checkout/sessions")
    }
    assert keys == {f"checkout-{order.reference}"}


def test_card_payment_is_refused_without_stripe_settings(settings, booker, paid_type):
    settings.STRIPE_SECRET_KEY = ""

    with pytest.raises(PaymentError, match="isn't available"):
        start_booking(booker, paid_type, ("Ada Example", "ada@example.org"))
    assert not Order.objects.exists()


def test_a_late_payment_gets_its_places_back_while_they_are_free(
    fake_stripe, card_order
):
    changes.release_held_places(
        attendees=list(card_order.attendees.all()), note="Hold ended."
    )
    session_id = card_order.card_payment.checkout_session_id
    fake_stripe.complete_session(session_id)

    checkout.sync_checkout(session_id=session_id)

    order = _refresh(card_order)
    assert order.status == OrderStatus.CONFIRMED
    assert order.attendees.get().status == AttendeeStatus.CONFIRMED
    assert not order.card_payment.refunds.exists()


def test_a_late_payment_for_places_sold_meanwhile_is_refunded_and_the_booker_told(
    fake_stripe, booker, paid_type, card_order, django_capture_on_commit_callbacks
):
    changes.release_held_places(
        attendees=list(card_order.attendees.all()), note="Hold ended."
    )
    start_booking(booker, paid_type, ("Bo Example", "bo@example.org"), None)
    session_id = card_order.card_payment.checkout_session_id
    fake_stripe.complete_session(session_id)

    with django_capture_on_commit_callbacks(execute=True):
        checkout.sync_checkout(session_id=session_id)

    order = _refresh(card_order)
    assert order.status == OrderStatus.EXPIRED
    payment = order.card_payment
    assert payment.status == CardPaymentStatus.PAID
    [refund] = payment.refunds.all()
    assert (refund.status, refund.amount) == ("succeeded", 12500)
    assert payment.amount_refunded == 12500
    [call] = fake_stripe.calls("POST", "/v1/refunds")
    assert call.params["payment_intent"] == payment.payment_intent_id
    assert call.idempotency_key == f"refund-{refund.pk}"
    [notice] = mail.outbox
    assert notice.to == ["booker@example.org"]
    assert "is being refunded" in notice.subject
    assert "No places have been booked" in notice.body


def test_a_payment_for_an_order_the_booker_cancelled_meanwhile_is_refunded(
    fake_stripe, paid_type, card_order, django_capture_on_commit_callbacks
):
    # The booker cancels while Checkout is completing; the payment lands after.
    changes.cancel_order(order=card_order, note="Changed my mind.")
    session_id = card_order.card_payment.checkout_session_id
    fake_stripe.complete_session(session_id)

    with django_capture_on_commit_callbacks(execute=True):
        checkout.sync_checkout(session_id=session_id)

    order = _refresh(card_order)
    assert order.status == OrderStatus.CANCELLED
    assert order.attendees.get().status == AttendeeStatus.CANCELLED
    payment = order.card_payment
    assert payment.status == CardPaymentStatus.PAID
    [refund] = payment.refunds.all()
    assert (refund.status, refund.amount) == ("succeeded", 12500)
    assert paid_type.places_left() == 2
    assert [m.subject for m in mail.outbox if "is being refunded" in m.subject]


def test_a_payment_after_the_booker_cancelled_one_of_the_places_is_refunded(
    fake_stripe, booker, paid_type, django_capture_on_commit_callbacks
):
    order = start_booking(
        booker,
        paid_type,
        ("Ada Example", "ada@example.org"),
        ("Bo B", "bo@example.org"),
    )
    first, second = order.attendees.order_by("pk")
    changes.cancel_attendee(attendee=first)
    session_id = order.card_payment.checkout_session_id
    fake_stripe.complete_session(session_id)

    with django_capture_on_commit_callbacks(execute=True):
        checkout.sync_checkout(session_id=session_id)

    order = _refresh(order)
    assert order.status == OrderStatus.EXPIRED
    second.refresh_from_db()
    assert second.status == AttendeeStatus.CANCELLED
    [refund] = order.card_payment.refunds.all()
    assert (refund.status, refund.amount) == ("succeeded", 25000)
    assert paid_type.places_left() == 2


def test_confirming_held_places_refuses_an_order_no_longer_pending(card_order):
    changes.cancel_order(order=card_order)

    with pytest.raises(rules.BookingError):
        orders.confirm_held_places(order=card_order)

    assert Order.objects.get(pk=card_order.pk).status == OrderStatus.CANCELLED


def test_a_delayed_payment_keeps_the_hold_until_it_clears(fake_stripe, card_order):
    session_id = card_order.card_payment.checkout_session_id
    fake_stripe.complete_session(session_id, async_payment=True)
    checkout.sync_checkout(session_id=session_id)
    end_hold(card_order)

    checkout.reconcile()
    order = _refresh(card_order)
    assert order.status == OrderStatus.PENDING
    assert order.card_payment.status == CardPaymentStatus.PROCESSING

    fake_stripe.succeed_async_payment(session_id)
    checkout.sync_checkout(session_id=session_id)
    assert _refresh(card_order).status == OrderStatus.CONFIRMED


@pytest.mark.parametrize(
    ("intent_status", "outcome"),
    [
        ("requires_action", CardPaymentStatus.PROCESSING),
        ("processing", CardPaymentStatus.PROCESSING),
        (None, CardPaymentStatus.PROCESSING),
        ("requires_payment_method", CardPaymentStatus.FAILED),
        ("canceled", CardPaymentStatus.FAILED),
    ],
)
def test_a_completed_unpaid_session_is_processing_until_its_payment_fails(
    intent_status, outcome
):
    intent = None if intent_status is None else SimpleNamespace(status=intent_status)
    session = SimpleNamespace(
        status="complete", payment_status="unpaid", payment_intent=intent
    )

    assert checkout._outcome(session) == outcome


def test_a_failed_delayed_payment_releases_the_places(
    fake_stripe, paid_type, card_order
):
    session_id = card_order.card_payment.checkout_session_id
    fake_stripe.complete_session(session_id, async_payment=True)
    fake_stripe.fail_async_payment(session_id)

    checkout.sync_checkout(session_id=session_id)

    order = _refresh(card_order)
    assert order.status == OrderStatus.EXPIRED
    assert order.card_payment.status == CardPaymentStatus.FAILED
    assert paid_type.places_left() == 2


def _book_with_code(booker, paid_type, code, free_type, person):
    """A paid place and one the code makes free: paid by card."""
    return checkout.start_card_booking(
        booker=booker,
        summit=paid_type.summit,
        places=places(paid_type, person) + places(free_type, None),
        access_code=code,
        return_urls=lambda order: ("http://testserver/a/", "http://testserver/b/"),
    )


@pytest.mark.parametrize("code_used_meanwhile", [False, True])
def test_a_late_payment_takes_its_access_code_use_again_or_is_refunded(
    fake_stripe, booker, paid_type, code_used_meanwhile
):
    from tests.factories.events import AccessCodeFactory, TicketTypeFactory

    free_type = TicketTypeFactory(summit=paid_type.summit, price=5000, capacity=5)
    code = AccessCodeFactory(
        summit=paid_type.summit, max_uses=1, ticket_types=[free_type]
    )
    order = _book_with_code(booker, paid_type, code, free_type, ("Ada", "ada@ex.org"))
    changes.release_held_places(attendees=list(order.attendees.all()), note="")
    code.refresh_from_db()
    assert code.uses == 0
    if code_used_meanwhile:
        _book_with_code(booker, paid_type, code, free_type, ("Bo", "bo@ex.org"))
    session_id = order.card_payment.checkout_session_id
    fake_stripe.complete_session(session_id)

    checkout.sync_checkout(session_id=session_id)

    code.refresh_from_db()
    assert code.uses == 1
    order = _refresh(order)
    if code_used_meanwhile:
        assert order.status == OrderStatus.EXPIRED
        assert order.card_payment.refunds.get().amount == 12500
    else:
        assert order.status == OrderStatus.CONFIRMED


def test_a_free_code_skips_payment(fake_stripe, booker, paid_type):
    from tests.factories.events import AccessCodeFactory

    code = AccessCodeFactory(summit=paid_type.summit)
    order = checkout.start_card_booking(
        booker=booker,
        summit=paid_type.summit,
        places=places(paid_type, ("Ada Example", "ada@example.org")),
        access_code=code,
        return_urls=lambda order: ("http://testserver/a/", "http://testserver/b/"),
    )

    assert order.status == OrderStatus.CONFIRMED
    assert not fake_stripe.requests


def test_a_card_booking_without_an_account_pays_and_is_told_at_its_email(
    fake_stripe, paid_type, django_capture_on_commit_callbacks
):
    """No account: Stripe is given the booker's email, and the receipt, greeting,
    summary and links go to that address and to the booking's own page."""
    order = checkout.start_card_booking(
        booker=None,
        booker_email="Guest.Booker@Example.org",
        summit=paid_type.summit,
        places=places(paid_type, ("Ada Example", "ada@example.org"), None),
        return_urls=lambda order: ("https://x.test/ok", "https://x.test/back"),
    )
    session_id = order.card_payment.checkout_session_id
    assert (
        fake_stripe.session(session_id)["customer_email"] == "guest.booker@example.org"
    )
    fake_stripe.complete_session(session_id)

    with django_capture_on_commit_callbacks(execute=True):
        checkout.sync_checkout(session_id=session_id)

    order = _refresh(order)
    assert order.status == OrderStatus.CONFIRMED
    receipt = next(m for m in mail.outbox if m.subject.startswith("Receipt"))
    assert receipt.to == ["guest.booker@example.org"]
    assert "Hello guest.booker@example.org," in receipt.body
    assert order.get_absolute_url() in receipt.body
    # The unnamed place's claim link, to forward, in the booker's summary.
    [summary] = [m for m in mail.outbox if m.subject.startswith("Booking")]
    assert summary.to == ["guest.booker@example.org"]
    unnamed = order.attendees.get(name="")
    assert unnamed.get_claim_url() in summary.body
