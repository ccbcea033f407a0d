"""Stripe webhook events and their signatures, built the way Stripe builds them.

Stripe signs `"<timestamp>.<raw body>"` with HMAC-SHA256 under the endpoint's
secret and sends `Stripe-Signature: t=<timestamp>,v1=<hex digest>`;
`stripe.Webhook.construct_event` checks exactly that, with a 300-second tolerance.
"""

import copy
import hashlib
import hmac
import json
import secrets
import time

import stripe


def make_event(event_type, data_object, *, event_id=None, created=None, request=None):
    """A Stripe Event (`object: "event"`) wrapping a snapshot of `data_object`."""
    return {
        "id": event_id or f"evt_{secrets.token_hex(12)}",
        "object": "event",
        "api_version": stripe.api_version,
        "created": int(time.time()) if created is None else created,
        "data": {"object": copy.deepcopy(data_object)},
        "livemode": False,
        "pending_webhooks": 1,
        "request": request or {"id": None, "idempotency_key": None},
        "type": event_type,
    }


def signature_header(payload, secret, *, timestamp=None):
    """The `Stripe-Signature` header value for the raw `payload` bytes."""
    timestamp = int(time.time()) if timestamp is None else timestamp
    signed = f"{timestamp}.".encode() + payload
    digest = hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def signed_payload(event, secret, *, timestamp=None):
    """(body bytes, Stripe-Signature header) ready to POST to a webhook endpoint."""
    payload = json.dumps(event, indent=2).encode()
    return payload, signature_header(payload, secret, timestamp=timestamp)


def post_event(client, path, event, secret, *, timestamp=None):
    """POST `event` to `path` with Django's test `client`, signed like Stripe does."""
    payload, header = signed_payload(event, secret, timestamp=timestamp)
    return client.post(
        path,
        data=payload,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=header,
    )
