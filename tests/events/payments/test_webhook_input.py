"""What the webhook makes of signed events it can't use: malformed shapes are a
400 with a short reason and nothing written; an object Stripe doesn't know is
acknowledged and recorded once (Stripe would otherwise retry it for days); Stripe
unreachable, failing or rate limiting stays a 503."""

import json

import pytest
import stripe

from events.choices import OrderStatus
from events.models import Order, StripeEvent
from events.payments import stripe_api, webhooks
from tests.fakes.stripe_webhooks import make_event, post_event, signature_header

WEBHOOK = "/payments/stripe/webhook/"


def _post_signed(client, fake_stripe, payload):
    return client.post(
        WEBHOOK,
        data=payload,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=signature_header(payload, fake_stripe.webhook_secret),
    )


def _without(mapping, key):
    return {name: value for name, value in mapping.items() if name != key}


def _with_object(event, obj):
    return {**event, "data": {"object": obj}}


# (what is wrong, how to make a good event so)
MALFORMED = [
    ("a list", lambda event: [event]),
    ("a string", lambda event: event["type"]),
    ("a number", lambda event: 42),
    ("null", lambda event: None),
    ("no id", lambda event: _without(event, "id")),
    ("a null id", lambda event: {**event, "id": None}),
    ("a numeric id", lambda event: {**event, "id": 42}),
    ("an object as id", lambda event: {**event, "id": {"id": "evt_1"}}),
    ("an empty id", lambda event: {**event, "id": ""}),
    ("a NUL in the id", lambda event: {**event, "id": "evt_\x001"}),
    ("a 300-character id", lambda event: {**event, "id": "evt_" + "a" * 296}),
    ("no type", lambda event: _without(event, "type")),
    ("a numeric type", lambda event: {**event, "type": 7}),
    ("an empty type", lambda event: {**event, "type": ""}),
    ("a NUL in the type", lambda event: {**event, "type": "checkout.session.\x00"}),
    ("no data", lambda event: _without(event, "data")),
    ("data a string", lambda event: {**event, "data": "cs_test_1"}),
    ("data a list", lambda event: {**event, "data": [event["data"]["object"]]}),
    ("data without object", lambda event: {**event, "data": {}}),
    ("the object a string", lambda event: _with_object(event, "cs_test_1")),
    ("the object a list", lambda event: _with_object(event, [{"id": "cs_1"}])),
    ("an object without id", lambda event: _with_object(event, {"x": 1})),
    ("an object id of null", lambda event: _with_object(event, {"id": None})),
    ("a numeric object id", lambda event: _with_object(event, {"id": 1234})),
    ("a list as object id", lambda event: _with_object(event, {"id": ["cs_1"]})),
    ("a path as object id", lambda event: _with_object(event, {"id": "../cs_1"})),
    ("a NUL in the object id", lambda event: _with_object(event, {"id": "cs_\x00"})),
    (
        "a refund whose charge has no id",
        lambda event: {**_with_object(event, {}), "type": "charge.refunded"},
    ),
]


@pytest.mark.parametrize(
    "malform", [how for _, how in MALFORMED], ids=[what for what, _ in MALFORMED]
)
def test_a_signed_event_of_the_wrong_shape_is_a_400_and_writes_nothing(
    client, fake_stripe, card_order, malform
):
    session_id = card_order.card_payment.checkout_session_id
    fake_stripe.complete_session(session_id)
    good = fake_stripe.events[-1]
    asked = len(fake_stripe.requests)

    response = post_event(client, WEBHOOK, malform(good), fake_stripe.webhook_secret)

    # A short reason (or the site's 400 page, for a NUL turned away at the edge).
    assert response.status_code == 400
    assert not StripeEvent.objects.exists()
    assert len(fake_stripe.requests) == asked  # Stripe not even asked.
    assert Order.objects.get(pk=card_order.pk).status == OrderStatus.PENDING
    # The same event, well formed, is handled.
    assert post_event(client, WEBHOOK, good, fake_stripe.webhook_secret).text == "OK"
    assert Order.objects.get(pk=card_order.pk).status == OrderStatus.CONFIRMED


@pytest.mark.parametrize(
    ("what", "message"),
    [
        ("no id", "The event has no id."),
        ("a numeric id", "The event's id is not a Stripe id."),
        ("no type", "The event has no type."),
        ("data a string", "The event's data has no object."),
        ("an object without id", "The event's object has no id."),
        ("a numeric object id", "The event's object's id is not a Stripe id."),
        ("a list", "The event is not a JSON object."),
    ],
)
def test_the_400_says_what_is_wrong(client, db, fake_stripe, what, message):
    malform = dict(MALFORMED)[what]
    event = make_event("checkout.session.completed", {"id": "cs_test_1"})

    response = post_event(client, WEBHOOK, malform(event), fake_stripe.webhook_secret)

    assert (response.status_code, response.text) == (400, message)


@pytest.mark.parametrize(
    "payload",
    [
        b"\xff\xfe not UTF-8",
        b"{" + b'"a": [' * 100_000,
        b"[" * 100_000 + b"]" * 100_000,
        b'{"id": "evt_1", "type": "charge.refunded"',
    ],
    ids=["not UTF-8", "cut-off nesting", "deep nesting", "cut off"],
)
def test_a_signed_payload_that_is_not_a_json_event_is_a_400(
    client, db, fake_stripe, payload
):
    response = _post_signed(client, fake_stripe, payload)

    assert response.status_code == 400
    assert not StripeEvent.objects.exists()


def test_deep_nesting_without_a_signature_is_refused_before_it_is_read(
    client, db, fake_stripe
):
    response = client.post(
        WEBHOOK,
        data=b"[" * 100_000 + b"]" * 100_000,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE="t=1,v1=00",
    )

    assert (response.status_code, response.text) == (400, "Bad signature or payload.")


def test_an_event_of_a_kind_we_do_not_handle_needs_no_object_id(
    client, db, fake_stripe
):
    event = make_event("customer.created", {"object": "customer"})

    response = post_event(client, WEBHOOK, event, fake_stripe.webhook_secret)

    assert (response.status_code, response.text) == (200, "OK")
    assert StripeEvent.objects.get().event_type == "customer.created"
    assert not fake_stripe.requests


# Objects Stripe doesn't know


@pytest.mark.parametrize(
    ("event_type", "obj"),
    [
        ("checkout.session.completed", {"id": "cs_test_unknown"}),
        ("checkout.session.async_payment_succeeded", {"id": "cs_test_unknown"}),
        ("checkout.session.expired", {"id": "cs_test_unknown"}),
        ("charge.refunded", {"id": "ch_unknown"}),
    ],
)
def test_a_signed_event_for_an_object_stripe_does_not_know_is_recorded_once(
    client, fake_stripe, card_order, event_type, obj
):
    event = make_event(event_type, obj)

    first = post_event(client, WEBHOOK, event, fake_stripe.webhook_secret)
    again = post_event(client, WEBHOOK, event, fake_stripe.webhook_secret)

    assert (first.status_code, first.text) == (200, "OK")
    assert (again.status_code, again.text) == (200, "Already handled.")
    assert list(StripeEvent.objects.values_list("event_id", "event_type")) == [
        (event["id"], event_type)
    ]
    [asked] = [r for r in fake_stripe.requests if obj["id"] in r.path]
    assert asked.status == 404
    assert Order.objects.get(pk=card_order.pk).status == OrderStatus.PENDING


@pytest.mark.parametrize(
    ("kind", "times"),
    [("connection", 1 + stripe_api.NETWORK_RETRIES), ("api_error", 1)],
)
def test_stripe_unreachable_or_failing_is_still_a_503(
    client, fake_stripe, card_order, kind, times
):
    fake_stripe.complete_session(card_order.card_payment.checkout_session_id)
    event = fake_stripe.events[-1]
    fake_stripe.fail_next(kind, times=times)

    response = post_event(client, WEBHOOK, event, fake_stripe.webhook_secret)

    assert response.status_code == 503
    assert not StripeEvent.objects.exists()


@pytest.mark.parametrize(
    "error",
    [
        stripe.RateLimitError("Too many requests", http_status=429),
        stripe.APIError("Stripe is overloaded", http_status=503),
        stripe.AuthenticationError("Invalid API key", http_status=401),
        stripe.InvalidRequestError(
            "Invalid expand", param="expand", code="parameter_invalid", http_status=400
        ),
    ],
    ids=["rate limited", "5xx", "bad key", "400 not a 404"],
)
def test_any_failure_but_a_missing_object_asks_for_redelivery(
    client, db, fake_stripe, monkeypatch, error
):
    def refuse(*, session_id):
        raise error

    monkeypatch.setattr(webhooks, "sync_checkout", refuse)
    event = make_event("checkout.session.completed", {"id": "cs_test_1"})

    response = post_event(client, WEBHOOK, event, fake_stripe.webhook_secret)

    assert response.status_code == 503
    assert not StripeEvent.objects.exists()


@pytest.mark.parametrize(
    "what", ["a NUL in the id", "a NUL in the type", "a NUL in the object id"]
)
def test_a_nul_in_an_id_or_type_is_refused_by_the_webhook_itself(what):
    """The site's edge turns NUL away before any view (if it is there); the
    webhook doesn't rely on it, as the column would refuse it on PostgreSQL."""
    event = make_event("checkout.session.completed", {"id": "cs_test_1"})
    body = json.dumps(dict(MALFORMED)[what](event)).encode()

    with pytest.raises(webhooks.MalformedEvent):
        webhooks._read_event(body)


def test_only_stripes_resource_missing_counts_as_missing():
    missing = stripe.InvalidRequestError(
        "No such checkout.session", param="session", code="resource_missing"
    )
    other = stripe.InvalidRequestError("Bad", param="x", code="parameter_invalid")

    assert stripe_api.is_missing(missing)
    assert not stripe_api.is_missing(other)
    assert not stripe_api.is_missing(stripe.APIConnectionError("down"))


def test_the_events_body_is_parsed_once_from_the_signed_bytes(client, db, fake_stripe):
    """The signature covers the raw bytes: spacing and key order are Stripe's."""
    event = make_event("customer.created", {"object": "customer"})
    payload = json.dumps(event, separators=(",", ":"), sort_keys=True).encode()

    response = _post_signed(client, fake_stripe, payload)

    assert (response.status_code, response.text) == (200, "OK")
