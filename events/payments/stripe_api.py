"""The one place that builds a Stripe client, tells Stripe's failures apart (worth
asking again, or the object doesn't exist) and reads the ids and metadata in its
answers; it also turns failures into messages for people."""

import stripe
from django.conf import settings
from django.utils.translation import gettext as _

from . import PaymentError

# stripe-python retries dropped connections and 5xx answers that Stripe marks as
# retryable; with our idempotency keys a retry never does anything twice.
NETWORK_RETRIES = 2


def client():
    return stripe.StripeClient(
        settings.STRIPE_SECRET_KEY,
        base_addresses={"api": settings.STRIPE_API_BASE},
        max_network_retries=NETWORK_RETRIES,
    )


def unavailable():
    """A PaymentError telling the booker Stripe failed and to try again."""
    return PaymentError(
        _(
            "We couldn't reach our card payment provider just now, so nothing has "
            "been booked or charged. Please try again in a few minutes."
        )
    )


def is_transient(error):
    """Whether asking again later may work: Stripe unreachable, overloaded or
    failing, rather than refusing the request itself."""
    return isinstance(
        error, stripe.APIConnectionError | stripe.RateLimitError | stripe.APIError
    )


def is_missing(error):
    """Whether Stripe answered that the object asked for doesn't exist (its 404,
    `resource_missing`): asking again will never find it."""
    return (
        isinstance(error, stripe.InvalidRequestError)
        and error.code == "resource_missing"
    )


def object_id(value):
    """The id of a field that holds an id, or the object itself when expanded."""
    return getattr(value, "id", value) or ""


def metadata(obj):
    """An object's metadata as a plain dict (empty if it has none)."""
    found = getattr(obj, "metadata", None)
    return found.to_dict() if found else {}
