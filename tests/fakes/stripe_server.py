"""A stateful fake Stripe API on 127.0.0.1, so that no test ever reaches Stripe.

Two servers behind one address
------------------------------
The project's rule is to exercise the Stripe client against localstripe (a stateful
fake Stripe server from PyPI) where it supports the calls, and against HTTP-level
fakes of Stripe's documented responses where it does not. localstripe 1.15.10 has
PaymentIntents, Charges and Refunds, but no Checkout Sessions, no hosted payment page
and no `checkout.session.*` events. A Stripe client talks to a single API base, so
`FakeStripe` is that base and splits the work:

* It answers `/v1/checkout/sessions` (create, retrieve with `expand`, line items,
  expire), `/v1/events/<id>` and the hosted checkout page itself, in the object
  shapes Stripe documents for the API version stripe-python pins.
* It forwards every other `/v1/` request (payment intents, charges, refunds, ...) to
  a localstripe running beside it (`localstripe_server.LocalStripe`). The
  PaymentIntent and Charge behind a paid session are created in localstripe through
  its own API, so payment look-ups and refunds are localstripe's stateful behaviour.
* On the way through it adds what Stripe does and localstripe lacks: idempotency
  keys, over-refund errors, refunds defaulting to the unrefunded rest,
  `charge.refunded` events, the `processing` state of a delayed payment. It also
  reshapes localstripe's older objects where app code would notice: `latest_charge`
  is an id unless expanded, charges do not inline `refunds`, a missing object is a
  404 `resource_missing`, a decline is a `card_error`.

Both servers live in the test process: the front is a threaded stdlib HTTP server,
localstripe runs its own aiohttp app on an event loop in a thread. Both bind
127.0.0.1 on free ports and start in well under a second, once per test session;
`reset()` (the `fake_stripe` fixture) clears all state before each test. One lock
serialises API requests and controls; webhooks are sent outside it, because the app
answering a webhook calls back into this server.
"""

import copy
import json
import re
import secrets
import string
import threading
import time
import traceback
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from ipaddress import ip_address
from urllib.parse import parse_qsl, quote, urlsplit

import stripe

from .localstripe_server import LocalStripe, LocalStripeError
from .stripe_checkout_page import CSS, checkout_page, html_page
from .stripe_params import (
    StripeError,
    array,
    decode_params,
    integer,
    mapping,
    money,
    optional_string,
    required,
)
from .stripe_webhooks import make_event, signed_payload

API_KEY = "sk_test_fake_stripe"
WEBHOOK_SECRET = "whsec_fake_stripe"
MIN_LIFETIME = 30 * 60
MAX_LIFETIME = 24 * 60 * 60
FAILURES = ("api_error", "card_error", "connection", "response_lost")

# Test cards localstripe knows: the first pays, the second is declined when charged.
_CARD_PAYS = "4242424242424242"
_CARD_DECLINED = "4000000000000341"
_SESSION_PARAMS = {
    "cancel_url",
    "client_reference_id",
    "customer_email",
    "expand",
    "expires_at",
    "line_items",
    "locale",
    "metadata",
    "mode",
    "payment_intent_data",
    "payment_method_types",
    "submit_type",
    "success_url",
}
_REFUND_PARAMS = {"amount", "charge", "expand", "metadata", "payment_intent", "reason"}
_REFUND_REASONS = ("duplicate", "fraudulent", "requested_by_customer")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_PAGE = re.compile(r"/c/pay/(?P<id>[^/]+)")
_ID_CHARACTERS = string.ascii_letters + string.digits
_NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def _now():
    return int(time.time())


def _is_loopback(host):
    if host == "localhost":
        return True
    try:
        return ip_address(host or "").is_loopback
    except ValueError:
        return False


def _random_id(length):
    return "".join(secrets.choice(_ID_CHARACTERS) for _ in range(length))


@dataclass(frozen=True)
class RecordedRequest:
    method: str
    path: str
    params: dict
    idempotency_key: str | None
    status: int | None  # None: the connection was dropped before an answer


@dataclass(frozen=True)
class Delivery:
    event_id: str
    event_type: str
    status: int | None  # None: the webhook endpoint could not be reached


@dataclass(frozen=True)
class _WebhookEndpoint:
    url: str
    secret: str
    hold: bool


@dataclass
class _Reply:
    status: int
    body: bytes = b""
    content_type: str = "application/json"
    headers: dict = field(default_factory=dict)
    dropped: bool = False


@dataclass
class _Session:
    data: dict
    line_items: list
    payment_intent_metadata: dict


class FakeStripe:
    """The fake Stripe API. Point a Stripe client at `url` with `api_key`."""

    def __init__(self):
        self.api_key = API_KEY
        self.webhook_secret = WEBHOOK_SECRET
        self.url = None
        self._localstripe = LocalStripe(api_key=API_KEY)
        self._lock = threading.RLock()
        self._httpd = None
        self._thread = None
        self._routes = [
            ("POST", r"/v1/checkout/sessions", self._create_session),
            ("GET", r"/v1/checkout/sessions/([^/]+)", self._retrieve_session),
            ("GET", r"/v1/checkout/sessions/([^/]+)/line_items", self._line_items),
            ("POST", r"/v1/checkout/sessions/([^/]+)/expire", self._expire_via_api),
            ("GET", r"/v1/events/([^/]+)", self._retrieve_event),
            ("POST", r"/v1/refunds", self._create_refund),
        ]
        self._forget()

    # Lifecycle

    def start(self):
        self._localstripe.start()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self._httpd.fake = self
        self.url = f"http://127.0.0.1:{self._httpd.server_address[1]}"
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, name="fake-stripe", daemon=True
        )
        self._thread.start()
        return self

    def stop(self):
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=10)
        self._localstripe.stop()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc_info):
        self.stop()

    def reset(self):
        """Forget every session, payment, event, record, failure and webhook setting."""
        with self._lock:
            self._localstripe.reset()
            self._forget()

    def _forget(self):
        self._sessions = {}
        self._events = []
        self._requests = []
        self._deliveries = []
        self._idempotent = {}
        self._failures = []
        self._processing = set()
        self._refund_reasons = {}
        self._endpoint = None
        self._outbox = []
        self.internal_errors = []

    # Test controls

    def complete_session(self, session_id, *, async_payment=False):
        """Pay an open session as its customer would on Checkout; returns the session.

        Creates the PaymentIntent and Charge in localstripe, marks the session
        `complete` and `paid` and emits `checkout.session.completed`. With
        `async_payment` the payment is delayed (like Bacs Direct Debit): the session is
        `complete` but `unpaid` and its PaymentIntent `processing` until
        `succeed_async_payment` or `fail_async_payment`.
        """
        with self._lock:
            session = self._session_for_control(session_id, "open")
            self._complete(session, async_payment=async_payment)
            snapshot = copy.deepcopy(session.data)
        self._flush()
        return snapshot

    def succeed_async_payment(self, session_id):
        """The delayed payment clears: PaymentIntent `succeeded`, session `paid`,
        `checkout.session.async_payment_succeeded`."""
        with self._lock:
            session, intent_id = self._delayed_payment(session_id)
            self._localstripe.call("POST", f"/v1/payment_intents/{intent_id}/confirm")
            self._processing.discard(intent_id)
            session.data["payment_status"] = "paid"
            self._emit("checkout.session.async_payment_succeeded", session.data)
            snapshot = copy.deepcopy(session.data)
        self._flush()
        return snapshot

    def fail_async_payment(self, session_id):
        """The delayed payment fails: PaymentIntent `requires_payment_method` with a
        `card_declined` error, session still `unpaid`,
        `checkout.session.async_payment_failed`."""
        with self._lock:
            session, intent_id = self._delayed_payment(session_id)
            declined = self._payment_method(_CARD_DECLINED)
            path = f"/v1/payment_intents/{intent_id}"
            self._localstripe.call("POST", path, {"payment_method": declined})
            status, body = self._localstripe.request("POST", f"{path}/confirm")
            if status != 402:
                raise LocalStripeError(status, body)
            self._processing.discard(intent_id)
            self._emit("checkout.session.async_payment_failed", session.data)
            snapshot = copy.deepcopy(session.data)
        self._flush()
        return snapshot

    def expire_session(self, session_id):
        """Expire an open session as Stripe does at its `expires_at`."""
        with self._lock:
            session = self._session_for_control(session_id, "open")
            self._expire(session)
            snapshot = copy.deepcopy(session.data)
        self._flush()
        return snapshot

    def fail_next(self, kind, *, times=1, path="/v1/"):
        """Make the next `times` API requests whose path starts with `path` fail.

        `kind` is one of: "api_error" (500, `Stripe-Should-Retry: false`),
        "card_error" (402 `card_declined`), "connection" (dropped before Stripe acts:
        nothing happens) or "response_lost" (Stripe acts, then the connection drops
        before the answer). Every attempt counts, stripe-python's own retries of a
        dropped connection included.
        """
        if kind not in FAILURES:
            raise ValueError(f"kind must be one of {FAILURES}, not {kind!r}")
        with self._lock:
            self._failures += [(kind, path)] * times

    def configure_webhooks(self, url, *, secret=None, hold=False):
        """Send every later event, signed with `secret`, to `url`, as Stripe does.

        An event is delivered before the request, click or control that caused it
        returns, unless `hold`: then events wait for `deliver_webhooks()`, which lets a
        test bring the buyer back from Checkout before the webhook arrives.
        """
        if not _is_loopback(urlsplit(url).hostname):
            raise ValueError(f"Webhooks go to this machine only, not {url}")
        with self._lock:
            self._endpoint = _WebhookEndpoint(url, secret or self.webhook_secret, hold)

    def deliver_webhooks(self):
        """Deliver the events waiting for the webhook endpoint, oldest first;
        returns their HTTP statuses."""
        return self._flush(force=True)

    def deliver(self, event):
        """Send one event (again) to the webhook endpoint, whatever its order;
        returns the HTTP status, or None if the endpoint could not be reached."""
        if self._endpoint is None:
            raise ValueError("configure_webhooks() first")
        return self._send(self._endpoint, event)

    # Records

    @property
    def requests(self):
        """Every API request received, oldest first, as `RecordedRequest`s."""
        with self._lock:
            return list(self._requests)

    def calls(self, method, path):
        return [r for r in self.requests if r.method == method and r.path == path]

    @property
    def events(self):
        """Every event emitted, oldest first, as Stripe Event dicts."""
        with self._lock:
            return copy.deepcopy(self._events)

    @property
    def deliveries(self):
        with self._lock:
            return list(self._deliveries)

    @property
    def sessions(self):
        with self._lock:
            return [copy.deepcopy(session.data) for session in self._sessions.values()]

    def session(self, session_id):
        """The session as Stripe holds it now (expired if its `expires_at` passed)."""
        with self._lock:
            session = self._sessions[session_id]
            self._expire_if_due(session)
            snapshot = copy.deepcopy(session.data)
        self._flush()
        return snapshot

    # Checkout Sessions, shared by the API and the controls

    def _session_for_control(self, session_id, status):
        session = self._sessions[session_id]
        self._expire_if_due(session)
        if session.data["status"] != status:
            raise ValueError(f"{session_id} is {session.data['status']}, not {status}")
        return session

    def _delayed_payment(self, session_id):
        session = self._session_for_control(session_id, "complete")
        intent_id = session.data["payment_intent"]
        if intent_id not in self._processing:
            raise ValueError(f"{session_id} has no delayed payment in progress")
        return session, intent_id

    def _payment_method(self, card_number):
        card = {"number": card_number, "exp_month": 12, "exp_year": 2040, "cvc": "123"}
        method = {"type": "card", "card": card}
        return self._localstripe.call("POST", "/v1/payment_methods", method)["id"]

    def _complete(self, session, *, async_payment):
        data = session.data
        intent = self._localstripe.call(
            "POST",
            "/v1/payment_intents",
            {
                "amount": data["amount_total"],
                "currency": data["currency"],
                "payment_method": self._payment_method(_CARD_PAYS),
                "metadata": session.payment_intent_metadata,
                "confirm": not async_payment,
            },
        )
        if async_payment:
            self._processing.add(intent["id"])
        data.update(
            status="complete",
            payment_status="unpaid" if async_payment else "paid",
            payment_intent=intent["id"],
            url=None,
            customer_details={
                "address": None,
                "email": data["customer_email"] or "buyer@example.org",
                "name": None,
                "phone": None,
                "tax_exempt": "none",
                "tax_ids": [],
            },
        )
        self._emit("checkout.session.completed", data)

    def _expire(self, session, request=None):
        session.data.update(status="expired", url=None)
        self._emit("checkout.session.expired", session.data, request)

    def _expire_if_due(self, session):
        if session.data["status"] == "open" and _now() >= session.data["expires_at"]:
            self._expire(session)

    def _session_or_404(self, session_id):
        session = self._sessions.get(session_id)
        if session is None:
            raise StripeError(
                404,
                f"No such checkout.session: '{session_id}'",
                code="resource_missing",
                param="session",
            )
        self._expire_if_due(session)
        return session

    def _render_session(self, session, params):
        data = copy.deepcopy(session.data)
        nested = {}
        for path in array(params, "expand"):
            head, _, rest = path.partition(".")
            if head not in ("payment_intent", "line_items") or (
                rest and head != "payment_intent"
            ):
                raise StripeError(
                    400, f"This property cannot be expanded ({path}).", param="expand"
                )
            nested.setdefault(head, []).extend([rest] if rest else [])
        if "line_items" in nested:
            data["line_items"] = self._line_item_list(session)
        if "payment_intent" in nested and data["payment_intent"]:
            path = f"/v1/payment_intents/{data['payment_intent']}"
            intent = self._localstripe.call("GET", path)
            data["payment_intent"] = self._normalise(intent, nested["payment_intent"])
        return data

    def _line_item_list(self, session):
        return {
            "object": "list",
            "data": copy.deepcopy(session.line_items),
            "has_more": False,
            "url": f"/v1/checkout/sessions/{session.data['id']}/line_items",
        }

    # API endpoints served here

    def _create_session(self, params, *, request):
        unknown = sorted(set(params) - _SESSION_PARAMS)
        if unknown:
            raise StripeError(
                400,
                f"Received unknown parameter: {unknown[0]} (the fake Stripe implements "
                f"{', '.join(sorted(_SESSION_PARAMS))})",
                param=unknown[0],
            )
        if required(params, "mode") != "payment":
            raise StripeError(400, "The fake Stripe implements mode=payment only.")
        items = [
            _line_item(item, f"line_items[{index}]")
            for index, item in enumerate(array(params, "line_items"))
        ]
        if not items:
            raise StripeError(
                400, "line_items is required in payment mode.", param="line_items"
            )
        currencies = {item["currency"] for item in items}
        if len(currencies) > 1:
            raise StripeError(
                400, "All line items must use the same currency.", param="line_items"
            )
        currency = currencies.pop()
        total = sum(item["amount_total"] for item in items)
        if total < 30:
            raise StripeError(
                400,
                "The Checkout Session's total amount due must add up to at least "
                f"{money(30, currency)}",
            )
        created = _now()
        expires_at = created + MAX_LIFETIME
        if "expires_at" in params:
            expires_at = integer(params["expires_at"], "expires_at")
        if expires_at < created + MIN_LIFETIME:
            raise StripeError(
                400,
                "The `expires_at` timestamp must be at least 30 minutes from Checkout "
                "Session creation.",
                param="expires_at",
            )
        if expires_at > created + MAX_LIFETIME:
            raise StripeError(
                400,
                "The `expires_at` timestamp must be less than 24 hours from Checkout "
                "Session creation.",
                param="expires_at",
            )
        email = optional_string(params, "customer_email")
        if email is not None and not _EMAIL.fullmatch(email):
            raise StripeError(
                400, f"Invalid email address: {email}", param="customer_email"
            )
        reference = optional_string(params, "client_reference_id")
        if reference is not None and not 0 < len(reference) <= 200:
            raise StripeError(
                400,
                "client_reference_id must be 1 to 200 characters.",
                param="client_reference_id",
            )
        urls = {
            name: optional_string(params, name)
            for name in ("success_url", "cancel_url")
        }
        for name, url in urls.items():
            if url is not None and not url.startswith(("http://", "https://")):
                raise StripeError(400, "Not a valid URL", param=name)
        intent_data = mapping(params, "payment_intent_data")
        if set(intent_data) - {"metadata"}:
            raise StripeError(
                400,
                "The fake Stripe implements payment_intent_data[metadata] only.",
                param="payment_intent_data",
            )
        session_id = f"cs_test_{_random_id(58)}"
        data = {
            "id": session_id,
            "object": "checkout.session",
            "amount_subtotal": total,
            "amount_total": total,
            "automatic_tax": {"enabled": False, "liability": None, "status": None},
            "cancel_url": urls["cancel_url"],
            "client_reference_id": reference,
            "created": created,
            "currency": currency,
            "customer": None,
            "customer_creation": "if_required",
            "customer_details": None,
            "customer_email": email,
            "expires_at": expires_at,
            "invoice": None,
            "livemode": False,
            "locale": optional_string(params, "locale"),
            "metadata": mapping(params, "metadata"),
            "mode": "payment",
            "payment_intent": None,
            "payment_link": None,
            "payment_method_types": array(params, "payment_method_types") or ["card"],
            "payment_status": "unpaid",
            "status": "open",
            "submit_type": optional_string(params, "submit_type"),
            "success_url": urls["success_url"],
            "total_details": {
                "amount_discount": 0,
                "amount_shipping": 0,
                "amount_tax": 0,
            },
            "ui_mode": "hosted_page",
            "url": f"{self.url}/c/pay/{session_id}",
        }
        metadata = mapping(intent_data, "metadata", "payment_intent_data")
        session = _Session(data, items, metadata)
        self._sessions[session_id] = session
        return 200, self._render_session(session, params)

    def _retrieve_session(self, params, session_id, *, request):
        return 200, self._render_session(self._session_or_404(session_id), params)

    def _line_items(self, params, session_id, *, request):
        return 200, self._line_item_list(self._session_or_404(session_id))

    def _expire_via_api(self, params, session_id, *, request):
        session = self._session_or_404(session_id)
        status = session.data["status"]
        if status != "open":
            raise StripeError(
                400,
                'Only Checkout Sessions with a status in ["open"] can be expired. '
                f"This Checkout Session has a status of `{status}`.",
            )
        self._expire(session, request)
        return 200, self._render_session(session, params)

    def _retrieve_event(self, params, event_id, *, request):
        for event in self._events:
            if event["id"] == event_id:
                return 200, event
        raise StripeError(
            404, f"No such event: '{event_id}'", code="resource_missing", param="id"
        )

    def _create_refund(self, params, *, request):
        """localstripe keeps the refunds; it lets a charge be refunded past its amount
        and defaults `amount` to the whole charge, so both are settled here first."""
        unknown = sorted(set(params) - _REFUND_PARAMS)
        if unknown:
            raise StripeError(
                400,
                f"Received unknown parameter: {unknown[0]} (the fake Stripe implements "
                f"{', '.join(sorted(_REFUND_PARAMS))})",
                param=unknown[0],
            )
        reason = params.get("reason")
        if reason is not None and reason not in _REFUND_REASONS:
            raise StripeError(
                400,
                f"Invalid reason: must be one of {', '.join(_REFUND_REASONS)}",
                param="reason",
            )
        charge = self._charge_to_refund(params)
        remaining = charge["amount"] - charge["amount_refunded"]
        if remaining <= 0:
            raise StripeError(
                400,
                f"Charge {charge['id']} has already been refunded.",
                code="charge_already_refunded",
            )
        amount = remaining
        if "amount" in params:
            amount = integer(params["amount"], "amount")
            if amount < 1:
                raise StripeError(400, "Invalid positive integer", param="amount")
        if amount > remaining:
            currency = charge["currency"]
            if charge["amount_refunded"]:
                limit = f"unrefunded amount on charge ({money(remaining, currency)})"
            else:
                limit = f"charge amount ({money(remaining, currency)})"
            raise StripeError(
                400,
                f"Refund amount ({money(amount, currency)}) is greater than {limit}",
                code="amount_too_large",
                param="amount",
            )
        forwarded = {key: value for key, value in params.items() if key != "reason"}
        forwarded["amount"] = amount
        status, body = self._localstripe.request("POST", "/v1/refunds", forwarded)
        if status == 200:
            self._refund_reasons[body["id"]] = reason
            updated = self._localstripe.call("GET", f"/v1/charges/{charge['id']}")
            self._emit("charge.refunded", self._normalise(updated, []), request)
        return self._from_localstripe(status, body, "POST", "/v1/refunds", params)

    def _charge_to_refund(self, params):
        for name, resource in (
            ("payment_intent", "payment_intents"),
            ("charge", "charges"),
        ):
            object_id = optional_string(params, name)
            if object_id is None:
                continue
            path = f"/v1/{resource}/{quote(object_id, safe='')}"
            status, found = self._localstripe.request("GET", path)
            if status == 404:
                raise StripeError(
                    404,
                    f"No such {name}: '{object_id}'",
                    code="resource_missing",
                    param=name,
                )
            charge = found.get("latest_charge") if name == "payment_intent" else found
            if (
                object_id in self._processing
                or not charge
                or charge["status"] != "succeeded"
            ):
                raise StripeError(
                    400,
                    f"This {name} ({object_id}) has no successful payment to refund.",
                    param=name,
                )
            return charge
        raise StripeError(
            400,
            "One of the following params should be provided for this request: "
            "payment_intent or charge.",
        )

    # Everything else: localstripe

    def _forward(self, method, path, params, authorization):
        status, body = self._localstripe.request(
            method, path, params, authorization=authorization
        )
        return self._from_localstripe(status, body, method, path, params)

    def _from_localstripe(self, status, body, method, path, params):
        if body is None:
            # aiohttp's plain-text answer for a route localstripe does not have.
            error = StripeError(
                404,
                f"Unrecognized request URL ({method}: {path}). The fake Stripe sends "
                "it to localstripe, which does not implement it.",
            )
            return error.status, error.body
        if status == 200:
            return status, self._normalise(body, array(params, "expand"))
        error = body.setdefault("error", {})
        segments = path.strip("/").split("/")
        if status == 404 and error.get("message") == "Not Found" and len(segments) > 2:
            error["code"] = "resource_missing"
            error["message"] = (
                f"No such {segments[1].removesuffix('s')}: '{segments[2]}'"
            )
        if status == 402:
            error["type"] = "card_error"
        return status, body

    def _normalise(self, obj, expand):
        """Bring localstripe's objects to the current API version's shapes."""
        kind = obj.get("object")
        if kind == "list":
            inner = [path.removeprefix("data.") for path in expand]
            obj["data"] = [self._normalise(item, inner) for item in obj["data"]]
        elif kind == "payment_intent":
            # `charges` left the API in 2022-11-15; `latest_charge` is an id unless
            # expanded.
            obj.pop("charges", None)
            if obj["id"] in self._processing:
                obj["status"] = "processing"
            obj["amount_received"] = (
                obj["amount"] if obj["status"] == "succeeded" else 0
            )
            charge = obj.get("latest_charge")
            if isinstance(charge, dict):
                expanded = "latest_charge" in expand
                obj["latest_charge"] = (
                    self._normalise(charge, []) if expanded else charge["id"]
                )
        elif kind == "charge":
            if "refunds" not in expand:
                obj.pop("refunds", None)
            obj["amount_captured"] = obj["amount"] if obj["captured"] else 0
        elif kind == "refund":
            obj.pop("date", None)
            obj["reason"] = self._refund_reasons.get(obj["id"])
        return obj

    # Events and webhooks

    def _emit(self, event_type, data_object, request=None):
        event = make_event(event_type, data_object, request=request)
        event["pending_webhooks"] = int(self._endpoint is not None)
        self._events.append(event)
        if self._endpoint is not None:
            self._outbox.append(event)

    def _flush(self, *, force=False):
        statuses = []
        while True:
            with self._lock:
                endpoint = self._endpoint
                if not (endpoint and self._outbox) or (endpoint.hold and not force):
                    return statuses
                event = self._outbox.pop(0)
            statuses.append(self._send(endpoint, event))

    def _send(self, endpoint, event):
        payload, signature = signed_payload(event, endpoint.secret)
        request = urllib.request.Request(
            endpoint.url,
            data=payload,
            method="POST",
            headers={
                "Content-Type": "application/json; charset=utf-8",
                "Stripe-Signature": signature,
                "User-Agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
            },
        )
        try:
            with _NO_PROXY.open(request, timeout=10) as response:
                status = response.status
        except urllib.error.HTTPError as error:
            status = error.code
        except OSError:
            status = None
        with self._lock:
            self._deliveries.append(Delivery(event["id"], event["type"], status))
        return status

    # HTTP

    def _serve(self, method, target, body, headers):
        url = urlsplit(target)
        if url.path.startswith("/v1/"):
            return self._serve_api(method, url.path, url.query, body, headers)
        if url.path == "/c/checkout.css":
            return _Reply(200, CSS.encode(), "text/css; charset=utf-8")
        if url.path.startswith("/c/pay/"):
            try:
                return self._serve_checkout_page(method, url.path, body)
            except Exception:
                self.internal_errors.append(traceback.format_exc())
                return _page_reply(500, "The fake Stripe crashed", "")
        return _page_reply(404, "Page not found", "")

    def _serve_api(self, method, path, query, body, headers):
        params = decode_params(body.decode() if method == "POST" else query)
        key = headers.get("Idempotency-Key") if method == "POST" else None
        request = {"id": f"req_{_random_id(14)}", "idempotency_key": key}
        authorization = headers.get("Authorization", "")
        with self._lock:
            try:
                reply = self._answer(method, path, params, request, authorization)
            except Exception as error:
                # A bug in the fake must fail the test (the fixture checks), not pass
                # for Stripe being down.
                self.internal_errors.append(traceback.format_exc())
                crash = StripeError(500, f"The fake Stripe crashed: {error!r}")
                reply = self._json_reply(crash.status, crash.body, request)
            status = None if reply.dropped else reply.status
            self._requests.append(RecordedRequest(method, path, params, key, status))
        self._flush()
        return reply

    def _answer(self, method, path, params, request, authorization):
        if not authorization.startswith("Bearer sk_test_"):
            error = StripeError(401, "Invalid API Key provided (expected sk_test_...).")
            return self._json_reply(error.status, error.body, request)
        failure = self._take_failure(path)
        if failure == "connection":
            return _Reply(0, dropped=True)
        key = request["idempotency_key"]
        fingerprint = (method, path, json.dumps(params, sort_keys=True))
        saved = self._idempotent.get(key) if key else None
        if saved and saved[0] != fingerprint:
            error = StripeError(
                400,
                "Keys for idempotent requests can only be used with the same "
                "parameters they were first used with. Try using a key other than "
                f"'{key}' if you meant to execute a different request.",
                kind="idempotency_error",
            )
            reply = self._json_reply(error.status, error.body, request)
        elif saved:
            reply = copy.deepcopy(saved[1])
            reply.headers["Idempotent-Replayed"] = "true"
        else:
            reply = self._injected(failure, request) or self._execute(
                method, path, params, request, authorization
            )
            # Stripe keeps a key's result once its endpoint has run: not after a
            # rejected request (400s), but after a decline or an internal error.
            if key and (reply.status < 400 or reply.status in (402, 500)):
                self._idempotent[key] = (fingerprint, copy.deepcopy(reply))
        if failure == "response_lost":
            return _Reply(0, dropped=True)
        return reply

    def _take_failure(self, path):
        for index, (kind, prefix) in enumerate(self._failures):
            if path.startswith(prefix):
                del self._failures[index]
                return kind
        return None

    def _injected(self, failure, request):
        if failure == "api_error":
            error = StripeError(
                500,
                "An unknown error occurred (injected by FakeStripe.fail_next).",
                kind="api_error",
            )
            reply = self._json_reply(error.status, error.body, request)
            reply.headers["Stripe-Should-Retry"] = "false"
            return reply
        if failure == "card_error":
            error = StripeError(
                402, "Your card was declined.", kind="card_error", code="card_declined"
            )
            error.body["error"]["decline_code"] = "generic_decline"
            return self._json_reply(error.status, error.body, request)
        return None

    def _execute(self, method, path, params, request, authorization):
        try:
            for verb, pattern, endpoint in self._routes:
                match = re.fullmatch(pattern, path)
                if verb == method and match:
                    status, body = endpoint(params, *match.groups(), request=request)
                    break
            else:
                if path.startswith(("/v1/checkout/", "/v1/events")):
                    raise StripeError(
                        404,
                        f"Unrecognized request URL ({method}: {path}). The fake "
                        "Stripe does not implement it.",
                    )
                status, body = self._forward(method, path, params, authorization)
        except StripeError as error:
            status, body = error.status, error.body
        return self._json_reply(status, body, request)

    def _json_reply(self, status, body, request):
        headers = {"Request-Id": request["id"], "Stripe-Version": stripe.api_version}
        return _Reply(status, json.dumps(body).encode(), headers=headers)

    def _serve_checkout_page(self, method, path, body):
        """Stripe's hosted Checkout page, reduced to a summary and two buttons."""
        match = _PAGE.fullmatch(path)
        with self._lock:
            session = self._sessions.get(match["id"]) if match else None
            if session is None:
                return _page_reply(404, "Checkout session not found", "")
            self._expire_if_due(session)
            data = session.data
            action = dict(parse_qsl(body.decode())).get("action")
            if method != "POST" or data["status"] != "open":
                reply = _page_reply(200, *checkout_page(data, session.line_items))
            elif action == "pay":
                self._complete(session, async_payment=False)
                reply = _redirect_or_page(data, "success_url")
            elif action == "cancel":
                reply = _redirect_or_page(data, "cancel_url")
            else:
                reply = _page_reply(400, "Choose Pay or Cancel", "")
        self._flush()
        return reply


class _Handler(BaseHTTPRequestHandler):
    server_version = "FakeStripe"

    def do_GET(self):
        self._respond("GET")

    def do_POST(self):
        self._respond("POST")

    def do_DELETE(self):
        self._respond("DELETE")

    def log_message(self, *args):
        """No access log: a failing test shows the requests through `requests`."""

    def _respond(self, method):
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        reply = self.server.fake._serve(method, self.path, body, self.headers)
        if reply.dropped:
            self.close_connection = True
            return
        self.send_response(reply.status)
        self.send_header("Content-Type", reply.content_type)
        self.send_header("Content-Length", str(len(reply.body)))
        for name, value in reply.headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(reply.body)


def _line_item(item, prefix):
    if not isinstance(item, dict):
        raise StripeError(400, "Invalid object", param=prefix)
    if "price" in item:
        raise StripeError(
            400,
            "The fake Stripe implements line_items[][price_data] only, not Price ids.",
            param=f"{prefix}[price]",
        )
    price = required(item, "price_data", prefix, dict)
    price_prefix = f"{prefix}[price_data]"
    currency = required(price, "currency", price_prefix).lower()
    unit_amount = integer(
        required(price, "unit_amount", price_prefix), f"{price_prefix}[unit_amount]"
    )
    product = required(price, "product_data", price_prefix, dict)
    name = required(product, "name", f"{price_prefix}[product_data]")
    quantity = integer(required(item, "quantity", prefix), f"{prefix}[quantity]")
    if unit_amount < 0 or quantity < 1:
        raise StripeError(400, "Invalid positive integer", param=prefix)
    return {
        "id": f"li_{_random_id(24)}",
        "object": "item",
        "amount_discount": 0,
        "amount_subtotal": unit_amount * quantity,
        "amount_tax": 0,
        "amount_total": unit_amount * quantity,
        "currency": currency,
        "description": name,
        "price": {
            "id": f"price_{_random_id(24)}",
            "object": "price",
            "active": False,
            "currency": currency,
            "livemode": False,
            "metadata": {},
            "product": f"prod_{_random_id(14)}",
            "type": "one_time",
            "unit_amount": unit_amount,
        },
        "quantity": quantity,
    }


def _redirect_or_page(data, url_name):
    url = data[url_name]
    if not url:
        return _page_reply(200, *checkout_page(data, []))
    location = url.replace("{CHECKOUT_SESSION_ID}", data["id"])
    return _Reply(303, content_type="text/plain", headers={"Location": location})


def _page_reply(status, title, main):
    page = html_page(title, main)
    return _Reply(status, page.encode(), "text/html; charset=utf-8")
