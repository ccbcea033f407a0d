"""Run `seed_demo` as `make run` does. The tests run with DEBUG off, where seed_demo
refuses without --force and makes no demo accounts; this turns DEBUG on for the
seed alone, as on a development machine."""

from io import StringIO

from django.core.management import call_command
from django.test import override_settings


def seed_demo():
    """Returns what the command printed."""
    out = StringIO()
    with override_settings(DEBUG=True):
        call_command("seed_demo", stdout=out)
    return out.getvalue()
