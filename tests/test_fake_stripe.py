"""The fake Stripe (tests/fakes/), driven through the real stripe library."""

import http.client
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest
import stripe

from tests.fakes import stripe_server
from tests.fakes.stripe_webhooks import make_event, post_event, signed_payload


def create_session(client, *, options=None, **overrides):
    params = {
        "mode": "payment",
        "line_items": [
            {
                "price_data": {
                    "currency": "gbp",
                    "unit_amount": 12500,
                    "product_data": {"name": "Delegate place"},
                },
                "quantity": 2,
            }
        ],
        "customer_email": "booker@example.org",
        "client_reference_id": "SA26-7K3Q",
        "metadata": {"order": "SA26-7K3Q"},
        "expires_at": int(time.time()) + 31 * 60,
        "success_url": "http://127.0.0.1:8000/paid/?session={CHECKOUT_SESSION_ID}",
        "cancel_url": "http://127.0.0.1:8000/cancelled/",
    }
    params.update(overrides)
    return client.v1.checkout.sessions.create(params=params, options=options or {})


def open_page(url, *, action=None):
    """GET the hosted checkout page, or POST one of its buttons; no redirects."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    if action:
        connection.request(
            "POST",
            parts.path,
            body=f"action={action}",
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
    else:
        connection.request("GET", parts.path)
    response = connection.getresponse()
    page = SimpleNamespace(
        status=response.status,
        location=response.getheader("Location"),
        text=response.read().decode(),
    )
    connection.close()
    return page


@pytest.fixture
def webhook_receiver():
    """A local endpoint that records what the fake Stripe POSTs to it, and runs
    `on_delivery(body)` while answering, as the app's webhook view would."""
    receiver = SimpleNamespace(received=[], on_delivery=None)

    class Receiver(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            receiver.received.append((body, self.headers["Stripe-Signature"]))
            if receiver.on_delivery:
                receiver.on_delivery(body)
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    receiver.url = f"http://127.0.0.1:{server.server_address[1]}/stripe/webhook/"
    yield receiver
    server.shutdown()
    server.server_close()


def received_events(receiver, secret):
    return [
        stripe.Webhook.construct_event(body, signature, secret)
        for body, signature in receiver.received
    ]


# Checkout Sessions


def test_session_is_created_in_stripes_documented_shape(fake_stripe, stripe_client):
    session = create_session(stripe_client)

    assert session.object == "checkout.session"
    assert session.id.startswith("cs_test_")
    assert (session.status, session.payment_status) == ("open", "unpaid")
    assert (session.amount_total, session.currency) == (25000, "gbp")
    assert session.customer_email == "booker@example.org"
    assert session.client_reference_id == "SA26-7K3Q"
    assert session.metadata.to_dict() == {"order": "SA26-7K3Q"}
    assert session.payment_method_types == ["card"]
    assert session.payment_intent is None
    assert session.url == f"{fake_stripe.url}/c/pay/{session.id}"
    assert stripe_client.v1.checkout.sessions.retrieve(session.id) == session
    line_items = stripe_client.v1.checkout.sessions.line_items.list(session.id)
    assert [(item.description, item.quantity) for item in line_items] == [
        ("Delegate place", 2)
    ]


@pytest.mark.parametrize(
    ("lifetime", "message"),
    [
        (29 * 60, "at least 30 minutes"),
        (24 * 60 * 60 + 60, "less than 24 hours"),
    ],
)
def test_session_lifetime_outside_30_minutes_to_24_hours_is_refused(
    fake_stripe, stripe_client, lifetime, message
):
    with pytest.raises(stripe.InvalidRequestError) as refused:
        create_session(stripe_client, expires_at=int(time.time()) + lifetime)

    assert refused.value.http_status == 400
    assert refused.value.param == "expires_at"
    assert message in refused.value.user_message
    assert fake_stripe.sessions == []


@pytest.mark.parametrize(
    ("overrides", "param"),
    [
        ({"line_items": None}, "line_items"),
        ({"customer_email": "not-an-email"}, "customer_email"),
        ({"success_url": "/relative"}, "success_url"),
        ({"discounts": [{"coupon": "X"}]}, "discounts"),
    ],
)
def test_bad_session_params_get_stripes_error(
    fake_stripe, stripe_client, overrides, param
):
    with pytest.raises(stripe.InvalidRequestError) as refused:
        create_session(stripe_client, **overrides)

    assert refused.value.param == param


def test_unknown_ids_are_resource_missing(fake_stripe, stripe_client):
    with pytest.raises(stripe.InvalidRequestError) as no_session:
        stripe_client.v1.checkout.sessions.retrieve("cs_test_nothing")
    with pytest.raises(stripe.InvalidRequestError) as no_intent:
        stripe_client.v1.payment_intents.retrieve("pi_nothing")

    assert no_session.value.code == no_intent.value.code == "resource_missing"
    assert "No such payment_intent: 'pi_nothing'" in no_intent.value.user_message


def test_a_wrong_api_key_is_refused(fake_stripe):
    client = stripe.StripeClient(
        "rk_live_nope", base_addresses={"api": fake_stripe.url}
    )

    with pytest.raises(stripe.AuthenticationError):
        create_session(client)


def test_paid_session_expands_its_payment_intent_kept_by_localstripe(
    fake_stripe, stripe_client
):
    session = create_session(
        stripe_client, payment_intent_data={"metadata": {"order": "SA26-7K3Q"}}
    )

    fake_stripe.complete_session(session.id)
    paid = stripe_client.v1.checkout.sessions.retrieve(
        session.id, params={"expand": ["payment_intent"]}
    )

    assert (paid.status, paid.payment_status, paid.url) == ("complete", "paid", None)
    intent = paid.payment_intent
    assert (intent.object, intent.status) == ("payment_intent", "succeeded")
    assert (intent.amount, intent.amount_received) == (25000, 25000)
    assert intent.metadata.to_dict() == {"order": "SA26-7K3Q"}
    charge = stripe_client.v1.charges.retrieve(intent.latest_charge)
    assert (charge.amount, charge.amount_refunded, charge.paid) == (25000, 0, True)
    assert [event["type"] for event in fake_stripe.events] == [
        "checkout.session.completed"
    ]
    assert fake_stripe.events[0]["data"]["object"]["payment_intent"] == intent.id


def test_open_session_expires_once(fake_stripe, stripe_client):
    session = create_session(stripe_client)

    expired = stripe_client.v1.checkout.sessions.expire(session.id)
    with pytest.raises(stripe.InvalidRequestError) as again:
        stripe_client.v1.checkout.sessions.expire(session.id)

    assert (expired.status, expired.url) == ("expired", None)
    assert "has a status of `expired`" in again.value.user_message
    path = f"/v1/checkout/sessions/{session.id}/expire"
    assert [call.status for call in fake_stripe.calls("POST", path)] == [200, 400]
    [event] = fake_stripe.events
    assert event["type"] == "checkout.session.expired"
    assert (
        event["request"]["idempotency_key"]
        == fake_stripe.calls("POST", path)[0].idempotency_key
    )


def test_a_paid_session_cannot_be_expired(fake_stripe, stripe_client):
    session = create_session(stripe_client)
    fake_stripe.complete_session(session.id)

    with pytest.raises(stripe.InvalidRequestError) as refused:
        stripe_client.v1.checkout.sessions.expire(session.id)

    assert "has a status of `complete`" in refused.value.user_message


def test_a_session_reads_as_expired_once_its_expires_at_passes(
    fake_stripe, stripe_client, monkeypatch
):
    session = create_session(stripe_client)

    monkeypatch.setattr(stripe_server, "_now", lambda: session.expires_at)
    later = stripe_client.v1.checkout.sessions.retrieve(session.id)

    assert later.status == "expired"
    assert [event["type"] for event in fake_stripe.events] == [
        "checkout.session.expired"
    ]


def test_delayed_payment_is_processing_until_it_succeeds(fake_stripe, stripe_client):
    session = create_session(stripe_client)

    fake_stripe.complete_session(session.id, async_payment=True)
    pending = stripe_client.v1.checkout.sessions.retrieve(
        session.id, params={"expand": ["payment_intent"]}
    )
    fake_stripe.succeed_async_payment(session.id)
    paid = stripe_client.v1.checkout.sessions.retrieve(session.id)

    assert (pending.status, pending.payment_status) == ("complete", "unpaid")
    assert pending.payment_intent.status == "processing"
    assert paid.payment_status == "paid"
    intent = stripe_client.v1.payment_intents.retrieve(paid.payment_intent)
    assert intent.status == "succeeded"
    assert [event["type"] for event in fake_stripe.events] == [
        "checkout.session.completed",
        "checkout.session.async_payment_succeeded",
    ]


def test_delayed_payment_can_fail(fake_stripe, stripe_client):
    session = create_session(stripe_client)
    fake_stripe.complete_session(session.id, async_payment=True)

    fake_stripe.fail_async_payment(session.id)
    failed = stripe_client.v1.checkout.sessions.retrieve(
        session.id, params={"expand": ["payment_intent"]}
    )

    assert failed.payment_status == "unpaid"
    assert failed.payment_intent.status == "requires_payment_method"
    assert failed.payment_intent.last_payment_error.code == "card_declined"
    assert fake_stripe.events[-1]["type"] == "checkout.session.async_payment_failed"
    with pytest.raises(stripe.InvalidRequestError):
        stripe_client.v1.refunds.create(
            params={"payment_intent": failed.payment_intent.id}
        )


# Refunds (kept by localstripe)


def test_partial_refunds_add_up_and_over_refunds_are_refused(
    fake_stripe, stripe_client
):
    session = create_session(stripe_client)
    intent_id = fake_stripe.complete_session(session.id)["payment_intent"]

    first = stripe_client.v1.refunds.create(
        params={"payment_intent": intent_id, "amount": 12500}
    )
    with pytest.raises(stripe.InvalidRequestError) as too_much:
        stripe_client.v1.refunds.create(
            params={"payment_intent": intent_id, "amount": 12501}
        )
    rest = stripe_client.v1.refunds.create(
        params={"payment_intent": intent_id, "reason": "requested_by_customer"}
    )
    with pytest.raises(stripe.InvalidRequestError) as already:
        stripe_client.v1.refunds.create(params={"payment_intent": intent_id})

    assert (first.amount, first.status, first.reason) == (12500, "succeeded", None)
    assert (rest.amount, rest.reason) == (12500, "requested_by_customer")
    assert too_much.value.code == "amount_too_large"
    assert "unrefunded amount on charge (£125.00)" in too_much.value.user_message
    assert already.value.code == "charge_already_refunded"
    charge = stripe_client.v1.charges.retrieve(first.charge)
    assert (charge.amount_refunded, charge.refunded) == (25000, True)
    refunds = stripe_client.v1.refunds.list(params={"payment_intent": intent_id})
    assert sorted(refund.id for refund in refunds) == sorted([first.id, rest.id])
    refunded_events = [e for e in fake_stripe.events if e["type"] == "charge.refunded"]
    assert [e["data"]["object"]["amount_refunded"] for e in refunded_events] == [
        12500,
        25000,
    ]


def test_an_unpaid_session_has_nothing_to_refund(fake_stripe, stripe_client):
    session = create_session(stripe_client)
    intent_id = fake_stripe.complete_session(session.id, async_payment=True)[
        "payment_intent"
    ]

    with pytest.raises(stripe.InvalidRequestError) as refused:
        stripe_client.v1.refunds.create(params={"payment_intent": intent_id})

    assert "no successful payment to refund" in refused.value.user_message


# Idempotency and failures


def test_an_idempotency_key_replays_the_first_answer(fake_stripe, stripe_client):
    first = create_session(stripe_client, options={"idempotency_key": "order-1"})
    again = create_session(stripe_client, options={"idempotency_key": "order-1"})
    with pytest.raises(stripe.IdempotencyError):
        create_session(
            stripe_client,
            client_reference_id="SA26-OTHER",
            options={"idempotency_key": "order-1"},
        )

    assert again.id == first.id
    assert again.last_response.headers["Idempotent-Replayed"] == "true"
    assert len(fake_stripe.sessions) == 1


@pytest.mark.parametrize(
    ("kind", "error_class", "status"),
    [("api_error", stripe.APIError, 500), ("card_error", stripe.CardError, 402)],
)
def test_injected_errors_fail_the_next_request_only(
    fake_stripe, stripe_client, kind, error_class, status
):
    fake_stripe.fail_next(kind)

    with pytest.raises(error_class) as failed:
        create_session(stripe_client)
    create_session(stripe_client)

    assert failed.value.http_status == status
    assert len(fake_stripe.sessions) == 1


def test_injected_failures_can_target_one_endpoint(fake_stripe, stripe_client):
    session = create_session(stripe_client)
    fake_stripe.fail_next("api_error", times=2, path="/v1/checkout/sessions/")

    create_session(stripe_client)
    for _ in range(2):
        with pytest.raises(stripe.APIError):
            stripe_client.v1.checkout.sessions.expire(session.id)
    stripe_client.v1.checkout.sessions.expire(session.id)

    assert fake_stripe.session(session.id)["status"] == "expired"


def test_a_connection_dropped_before_stripe_acts_changes_nothing(
    fake_stripe, stripe_client
):
    fake_stripe.fail_next("connection")

    with pytest.raises(stripe.APIConnectionError):
        create_session(stripe_client)

    assert fake_stripe.sessions == []
    [request] = fake_stripe.requests
    assert request.status is None


def test_a_lost_answer_is_recovered_by_retrying_with_the_same_key(
    fake_stripe, stripe_client
):
    fake_stripe.fail_next("response_lost")

    with pytest.raises(stripe.APIConnectionError):
        create_session(stripe_client, options={"idempotency_key": "order-2"})
    retried = create_session(stripe_client, options={"idempotency_key": "order-2"})

    [session] = fake_stripe.sessions
    assert retried.id == session["id"]


def test_module_level_configuration_reaches_the_fake(fake_stripe, settings):
    session = stripe.checkout.Session.create(
        mode="payment",
        line_items=[
            {
                "price_data": {
                    "currency": "gbp",
                    "unit_amount": 5000,
                    "product_data": {"name": "Delegate place"},
                },
                "quantity": 1,
            }
        ],
        success_url="http://127.0.0.1:8000/paid/",
    )

    assert [s["id"] for s in fake_stripe.sessions] == [session.id]
    assert (
        fake_stripe.url,
        fake_stripe.api_key,
    ) == (settings.STRIPE_API_BASE, settings.STRIPE_SECRET_KEY)


# The hosted checkout page


def test_pay_on_the_checkout_page_returns_to_the_success_url_with_a_webhook(
    fake_stripe, stripe_client, webhook_receiver
):
    fake_stripe.configure_webhooks(webhook_receiver.url)
    session = create_session(stripe_client)

    page = open_page(session.url)
    paid = open_page(session.url, action="pay")

    assert page.status == 200
    assert "<h1>Checkout</h1>" in page.text
    assert "<caption>Order summary</caption>" in page.text
    assert ">Pay £250.00</button>" in page.text
    assert ">Cancel</button>" in page.text
    assert paid.status == 303
    assert paid.location == f"http://127.0.0.1:8000/paid/?session={session.id}"
    assert fake_stripe.session(session.id)["payment_status"] == "paid"
    [event] = received_events(webhook_receiver, fake_stripe.webhook_secret)
    assert event.type == "checkout.session.completed"
    assert event.data.object.id == session.id
    assert event.api_version == stripe.api_version
    assert fake_stripe.deliveries[0].status == 200
    assert "Payment complete" in open_page(session.url).text


def test_a_webhook_handler_can_reread_the_session_from_stripe(
    fake_stripe, stripe_client, webhook_receiver
):
    """The app treats the event as a trigger and asks Stripe for the truth."""
    fake_stripe.configure_webhooks(webhook_receiver.url)
    session = create_session(stripe_client)
    seen = []
    webhook_receiver.on_delivery = lambda body: seen.append(
        stripe_client.v1.checkout.sessions.retrieve(session.id).payment_status
    )

    open_page(session.url, action="pay")

    assert seen == ["paid"]


def test_cancel_on_the_checkout_page_returns_to_the_cancel_url(
    fake_stripe, stripe_client
):
    session = create_session(stripe_client)

    cancelled = open_page(session.url, action="cancel")

    assert cancelled.status == 303
    assert cancelled.location == "http://127.0.0.1:8000/cancelled/"
    assert fake_stripe.session(session.id)["status"] == "open"


def test_held_webhooks_wait_and_can_arrive_in_any_order(
    fake_stripe, stripe_client, webhook_receiver
):
    fake_stripe.configure_webhooks(webhook_receiver.url, hold=True)
    session = create_session(stripe_client)
    fake_stripe.complete_session(session.id, async_payment=True)
    fake_stripe.succeed_async_payment(session.id)

    assert webhook_receiver.received == []
    completed, succeeded = fake_stripe.events
    fake_stripe.deliver(succeeded)
    fake_stripe.deliver_webhooks()

    types = [
        event.type
        for event in received_events(webhook_receiver, fake_stripe.webhook_secret)
    ]
    assert types == [
        "checkout.session.async_payment_succeeded",
        "checkout.session.completed",
        "checkout.session.async_payment_succeeded",
    ]


@pytest.mark.parametrize(
    "url", ["https://example.org/stripe/webhook/", "http://10.0.0.1/stripe/webhook/"]
)
def test_webhooks_only_go_to_this_machine(fake_stripe, url):
    with pytest.raises(ValueError, match="this machine only"):
        fake_stripe.configure_webhooks(url)


# Webhook signatures


def test_a_signed_event_is_accepted_by_stripe():
    event = make_event("checkout.session.completed", {"id": "cs_test_1"})
    payload, signature = signed_payload(event, "whsec_test")

    verified = stripe.Webhook.construct_event(payload, signature, "whsec_test")

    assert (verified.object, verified.id) == ("event", event["id"])
    assert verified.id.startswith("evt_")
    assert verified.data.object.id == "cs_test_1"
    assert verified.livemode is False


@pytest.mark.parametrize("attack", ["tampered", "old", "other_secret"])
def test_a_bad_signature_is_refused_by_stripe(attack):
    event = make_event("checkout.session.completed", {"id": "cs_test_1"})
    timestamp = int(time.time()) - 301 if attack == "old" else None
    payload, signature = signed_payload(event, "whsec_test", timestamp=timestamp)
    if attack == "tampered":
        payload = payload.replace(b"cs_test_1", b"cs_test_2")
    secret = "whsec_other" if attack == "other_secret" else "whsec_test"

    with pytest.raises(stripe.SignatureVerificationError):
        stripe.Webhook.construct_event(payload, signature, secret)


def test_post_event_sends_what_the_app_view_verifies(rf):
    event = make_event("charge.refunded", {"id": "ch_1", "object": "charge"})

    request = post_event(rf, "/payments/stripe/webhook/", event, "whsec_test")

    verified = stripe.Webhook.construct_event(
        request.body, request.headers["Stripe-Signature"], "whsec_test"
    )
    assert (verified.type, verified.data.object.id) == ("charge.refunded", "ch_1")
