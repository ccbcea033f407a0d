"""pytest fixtures for the fake Stripe (registered in tests/conftest.py).

`fake_stripe` is what tests use: the running `FakeStripe`, emptied, with Django's
`STRIPE_SECRET_KEY`, `STRIPE_WEBHOOK_SECRET` and `STRIPE_API_BASE` settings and
stripe-python's module-level `stripe.api_key` / `stripe.api_base` pointing at it.
"""

import pytest
import stripe

from .stripe_server import FakeStripe


@pytest.fixture(scope="session")
def stripe_server():
    """The fake Stripe and its localstripe, started once for the test session."""
    with FakeStripe() as server:
        yield server


@pytest.fixture
def fake_stripe(stripe_server, settings, monkeypatch):
    """The fake Stripe with no state, and the settings that point the app at it."""
    stripe_server.reset()
    settings.STRIPE_SECRET_KEY = stripe_server.api_key
    settings.STRIPE_WEBHOOK_SECRET = stripe_server.webhook_secret
    settings.STRIPE_API_BASE = stripe_server.url
    monkeypatch.setattr(stripe, "api_key", stripe_server.api_key)
    monkeypatch.setattr(stripe, "api_base", stripe_server.url)
    yield stripe_server
    assert not stripe_server.internal_errors, "The fake Stripe itself failed:\n" + (
        "\n".join(stripe_server.internal_errors)
    )


@pytest.fixture
def stripe_client(fake_stripe):
    """A `stripe.StripeClient` on the fake, configured as the app should configure
    its own (`base_addresses={"api": settings.STRIPE_API_BASE}`), without retries."""
    return stripe.StripeClient(
        fake_stripe.api_key,
        base_addresses={"api": fake_stripe.url},
        max_network_retries=0,
    )
