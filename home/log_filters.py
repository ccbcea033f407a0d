"""Keep secret links out of logs.

A ticket's manage link, a booking's page, a calendar feed, a claim or
waiting-list link, a signatory's manage link and allauth's confirmation and reset
keys each give full control to whoever holds them. Access logs and Django's request warnings would
otherwise write them in full, for anyone who can read the logs.
"""

import copy
import logging
import re

SECRET_LINK = re.compile(
    r"(/(?:tickets/(?:claim/|feed/|waiting-list/)?"
    r"|bookings/"
    r"|signatories/(?:confirm|manage)/"
    r"|accounts/(?:confirm-email|password/reset/key)/))"
    r"[A-Za-z0-9_:.\-]{16,}"
)


def redact(text):
    return SECRET_LINK.sub(r"\1[secret]", text)


class RedactSecretLinks(logging.Filter):
    """Rewrite a record's message and arguments with every secret link redacted."""

    def filter(self, record):
        if isinstance(record.msg, str):
            record.msg = redact(record.msg)
        if isinstance(record.args, dict):
            # A copy of the same type: gunicorn's access-log atoms are a dict that
            # answers "-" for a header the request didn't send.
            args = copy.copy(record.args)
            for key, value in record.args.items():
                if isinstance(value, str):
                    args[key] = redact(value)
            record.args = args
        elif isinstance(record.args, tuple):
            record.args = tuple(_redacted(value) for value in record.args)
        return True


def _redacted(value):
    return redact(value) if isinstance(value, str) else value
