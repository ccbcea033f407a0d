"""Error reports to Sentry, only when `SENTRY_DSN` is set, with personal data kept
back: no user, cookies, request bodies or local variables are sent, and
`before_send` scrubs email addresses, secret links and anything under a key that
names a secret from whatever is left (messages, breadcrumbs, headers, URLs)."""

import re
from urllib.parse import parse_qsl, urlencode

import sentry_sdk
from sentry_sdk.integrations.django import DjangoIntegration

from home.log_filters import redact

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
SECRET_KEY_NAMES = re.compile(
    r"pass|secret|token|key|auth|cookie|session|csrf|signature|email|dsn",
    re.IGNORECASE,
)
FILTERED = "[Filtered]"


def init_sentry(*, dsn, environment, release):
    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        release=release or None,
        integrations=[DjangoIntegration()],
        send_default_pii=False,
        include_local_variables=False,
        max_request_body_size="never",
        before_send=before_send,
        before_send_transaction=before_send,
    )


def before_send(event, hint):
    """The event with personal data and secrets scrubbed (Sentry calls this before
    anything leaves the server)."""
    event.pop("user", None)
    request = event.get("request")
    if isinstance(request, dict):
        request.pop("cookies", None)
        request.pop("data", None)
        request.pop("env", None)
        if isinstance(request.get("query_string"), str):
            request["query_string"] = scrub_query(request["query_string"])
    return scrub(event)


def scrub_query(query_string):
    pairs = parse_qsl(query_string, keep_blank_values=True)
    return urlencode(
        [
            (name, FILTERED if SECRET_KEY_NAMES.search(name) else scrub(value))
            for name, value in pairs
        ],
        safe="/[]",
    )


def scrub(value):
    if isinstance(value, str):
        return EMAIL.sub(FILTERED, redact(value))
    if isinstance(value, dict):
        return {
            key: FILTERED
            if isinstance(key, str) and SECRET_KEY_NAMES.search(key)
            else scrub(item)
            for key, item in value.items()
        }
    if isinstance(value, list | tuple):
        # Headers come as [name, value] pairs.
        is_pair = len(value) == 2 and isinstance(value[0], str)
        if is_pair and SECRET_KEY_NAMES.search(value[0]):
            return [scrub(value[0]), FILTERED]
        return [scrub(item) for item in value]
    return value
