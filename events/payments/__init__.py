"""Paying for places: card payments through Stripe Checkout (`checkout`), their
refunds (`refunds`), Stripe's webhooks (`webhooks`) and invoices for public bodies
(`invoices`, with the PDFs in `documents`).

Money is integer pence in GBP. The rules of `events.booking` still decide who may
book what; these functions wrap them, add the payment rows in the same
transaction, and talk to Stripe only while no database lock is held.
"""

from django.conf import settings

from ..booking.rules import BookingError


class PaymentError(BookingError):
    """A payment could not be started, confirmed or refunded; `message` says why
    and what to do."""


def card_payments_enabled():
    """Whether Stripe is set up: without both keys nobody is offered card payment."""
    return bool(settings.STRIPE_SECRET_KEY and settings.STRIPE_WEBHOOK_SECRET)
