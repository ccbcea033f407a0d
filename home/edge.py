"""Input no view should ever see, answered at the edge with a 400.

Browsers send this site's forms as UTF-8, nothing people type contains a NUL
character, and behind our proxies every request carries their X-Forwarded-For hops;
a request otherwise is broken or hostile. Turning it away here, before
the CSRF check or any view decodes it, makes a whole class of server errors
impossible: decoders failing on a charset (latin-1, utf-7, an unknown name), and
PostgreSQL refusing NUL in text wherever it reaches a query.
"""

import codecs
from urllib.parse import unquote_to_bytes

from django.conf import settings
from django.shortcuts import render
from django.utils.translation import gettext as _

TEXT_CHARSETS = {"utf-8", "ascii"}
NUL = b"\x00"
JSON_NUL = b"\\u0000"


class RejectMalformedInputMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        problem = malformed_input(request)
        if problem:
            response = render(request, "400.html", {"message": problem}, status=400)
            response["Cache-Control"] = "no-store"
            return response
        return self.get_response(request)


def malformed_input(request):
    """Why `request` is refused, or "" to let it through."""
    charset = request.content_params.get("charset") if request.content_type else None
    if charset and _codec_name(charset) not in TEXT_CHARSETS:
        return _("Send the form as UTF-8 text.")
    if NUL in request.path_info.encode("utf-8", "surrogateescape"):
        return _("The address contains a character that isn't allowed.")
    if NUL in unquote_to_bytes(request.META.get("QUERY_STRING", "")):
        return _("The address contains a character that isn't allowed.")
    if request.method in ("POST", "PUT", "PATCH") and _body_has_nul(request):
        return _("The form contains a character that isn't allowed.")
    if _forwarded_past_our_proxies(request):
        return _("This request did not come through the site's front door.")
    return ""


def _forwarded_past_our_proxies(request):
    """An X-Forwarded-For with fewer hops than our own proxies add: it didn't come
    through them, so no client address can be trusted from it."""
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR")
    if not settings.TRUSTED_PROXY_COUNT or forwarded is None:
        return False
    hops = [hop for hop in forwarded.split(",") if hop.strip()]
    return len(hops) < settings.TRUSTED_PROXY_COUNT


def _codec_name(charset):
    try:
        return codecs.lookup(charset).name
    except LookupError:
        return None


def _body_has_nul(request):
    if request.content_type == "application/x-www-form-urlencoded":
        return NUL in unquote_to_bytes(request.body.replace(b"+", b" "))
    if request.content_type == "application/json":
        if request.path_info in settings.EDGE_SIGNED_BODY_PATHS:
            return False  # signed by its sender, and checked by its own view
        return NUL in request.body or JSON_NUL in request.body.lower()
    return False  # multipart: every text field goes through a form, which refuses NUL
