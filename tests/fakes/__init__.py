"""Test doubles for outside services; see stripe_server.py for the fake Stripe."""
