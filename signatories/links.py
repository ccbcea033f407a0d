"""Signed, expiring links emailed to an organisation's contact.

A token carries the signatory's id and its current `link_nonce`. Confirming a
signature and withdrawing it replace the nonce, so every link sent before stops
working: a confirmation link works once, and a manage link works, as often as the
contact needs it, until the entry leaves the register (or its contact's address is
changed in the admin). Nothing is stored per link.
"""

import datetime
import secrets

from django.core import signing
from django.urls import reverse

CONFIRM = "confirm"
MANAGE = "manage"
MAX_AGE = {
    CONFIRM: datetime.timedelta(days=3),
    MANAGE: datetime.timedelta(days=7),
}
URL_NAMES = {CONFIRM: "signatories:confirm", MANAGE: "signatories:manage"}


class BadLink(Exception):
    """The token was tampered with or made for another purpose."""


class ExpiredLink(Exception):
    """A genuine token past its age: `signatory_id` says whose it was, so a fresh
    link can be offered."""

    def __init__(self, signatory_id):
        super().__init__(signatory_id)
        self.signatory_id = signatory_id


def new_nonce():
    return secrets.token_urlsafe(16)


def _signer(purpose):
    # A salt per purpose: a confirmation token can't be replayed as a manage token.
    return signing.TimestampSigner(salt=f"signatories.link.{purpose}")


def make_token(signatory, purpose):
    return _signer(purpose).sign_object({"id": signatory.pk, "n": signatory.link_nonce})


def _fields(data):
    try:
        return int(data["id"]), str(data["n"])
    except (KeyError, TypeError, ValueError) as error:
        raise BadLink from error


def read_token(token, purpose):
    """Return (signatory id, nonce) from a token; raise BadLink or ExpiredLink."""
    signer = _signer(purpose)
    try:
        data = signer.unsign_object(token, max_age=MAX_AGE[purpose])
    except signing.SignatureExpired:
        # The signature itself is sound (it was checked before the age), so the
        # id it carries can be trusted.
        pk, _nonce = _fields(signer.unsign_object(token))
        raise ExpiredLink(pk) from None
    except signing.BadSignature as error:
        raise BadLink from error
    return _fields(data)


def link_path(signatory, purpose):
    return reverse(URL_NAMES[purpose], args=[make_token(signatory, purpose)])
