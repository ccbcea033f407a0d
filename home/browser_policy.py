"""What browsers may do on our pages: Content-Security-Policy, Permissions-Policy,
and the endpoint browsers report policy violations to (docs/security.md).

Public pages are kept whole by the page cache and served to many visitors, so their
policy holds no per-response nonce: no page has inline script or style at all, and
`script-src`/`style-src` are `'self'`. This middleware sits outside the page cache,
so a kept page gets the policy in force when it is served, not when it was kept.

The Wagtail admin still writes inline scripts (InlinePanel, date pickers and
choosers), so under `CONTENT_SECURITY_POLICY["EXCLUDE_URL_PREFIXES"]` the policy of
`CONTENT_SECURITY_POLICY_REPORT_ONLY` is sent as `Content-Security-Policy-Report-Only`
instead: it blocks nothing and tells us what it would block.
"""

import json
import logging
import re
from functools import wraps
from urllib.parse import urlsplit

from csp.middleware import CSPMiddleware
from django.conf import settings
from django.http import HttpResponse
from django.urls import Resolver404, resolve
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from .ratelimit import is_rate_limited

logger = logging.getLogger(__name__)

# Where our video blocks load players from, once a visitor presses Play
# (home/videos.py): the providers' privacy-enhanced players only.
VIDEO_PLAYER_ORIGINS = ("https://www.youtube-nocookie.com", "https://player.vimeo.com")
STRIPE_API_ORIGIN = "https://api.stripe.com"
STRIPE_CHECKOUT_ORIGIN = "https://checkout.stripe.com"
REPORT_PATH = "/csp-report/"
REPORT_ENDPOINT_NAME = "csp"
# The most of a report we read: a real one is well under 4 KB.
MAX_REPORT_BYTES = 64 * 1024


def media_origins(options):
    """The origins media links point at, from the S3 storage's `OPTIONS` (None for
    the local disk, whose `/media/` is the site's own origin)."""
    if not options:
        return []
    bucket = options.get("bucket_name")
    if options.get("custom_domain"):
        return [f"https://{options['custom_domain']}"]
    if options.get("endpoint_url"):
        endpoint = urlsplit(options["endpoint_url"])
        origin = f"{endpoint.scheme}://{endpoint.netloc}"
        if options.get("addressing_style") == "virtual":
            return [f"{endpoint.scheme}://{bucket}.{endpoint.netloc}"]
        return [origin]
    region = options.get("region_name")
    origins = [f"https://{bucket}.s3.amazonaws.com"]
    if region:
        origins += [
            f"https://{bucket}.s3.{region}.amazonaws.com",
            f"https://s3.{region}.amazonaws.com",
        ]
    return origins


def public_directives(*, media):
    """The policy every page but the admin's enforces (`media`: `media_origins`)."""
    return {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        # data: for allauth's authenticator QR code; media may live in a bucket.
        "img-src": ["'self'", "data:", *media],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "media-src": ["'self'"],
        "frame-src": list(VIDEO_PLAYER_ORIGINS),
        "worker-src": ["'self'"],
        "manifest-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "report-uri": [REPORT_PATH],
        "report-to": REPORT_ENDPOINT_NAME,
    }


def admin_directives(*, media):
    """The admin's report-only policy: the public one, less what the admin needs
    from elsewhere (its own previews are framed, images come as data: and blob:),
    still without inline script or style, so reports show what keeps it from
    being enforced."""
    return {
        **public_directives(media=media),
        "img-src": ["'self'", "data:", "blob:", *media],
        "frame-src": ["'self'", *VIDEO_PLAYER_ORIGINS],
        "frame-ancestors": ["'self'"],
    }


def stripe_checkout_origin():
    """Where a card booking's form post is redirected to (Stripe Checkout), or
    None while card payments are off. Browsers check `form-action` on each
    redirect after a form is sent, so this origin must be allowed."""
    if not (settings.STRIPE_SECRET_KEY and settings.STRIPE_WEBHOOK_SECRET):
        return None
    api = urlsplit(settings.STRIPE_API_BASE)
    if f"{api.scheme}://{api.netloc}" == STRIPE_API_ORIGIN:
        return STRIPE_CHECKOUT_ORIGIN
    # A stand-in for Stripe (the tests' fake) serves its Checkout pages itself.
    return f"{api.scheme}://{api.netloc}"


def permissions_policy_header(features):
    """`{"camera": ["self"], "usb": [], "fullscreen": ["self", "https://a.b"]}` ->
    `camera=(self), usb=(), fullscreen=(self "https://a.b")`."""
    return ", ".join(
        f"{feature}=({' '.join(_allow(origin) for origin in allowed)})"
        for feature, allowed in features.items()
    )


def _allow(origin):
    return origin if origin in {"self", "*", "src"} else f'"{origin}"'


def allow_features(**features):
    """Let a view's pages use browser features `PERMISSIONS_POLICY` turns off,
    e.g. `@allow_features(camera=["self"])` for the door's QR scanner."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            response = view(request, *args, **kwargs)
            response.permissions_policy = {**settings.PERMISSIONS_POLICY, **features}
            return response

        return wrapper

    return decorator


def _report_only_prefixes():
    policy = getattr(settings, "CONTENT_SECURITY_POLICY", None) or {}
    return tuple(policy.get("EXCLUDE_URL_PREFIXES") or ())


class BrowserPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, sending each address one policy: the enforced one,
    or the report-only one under `EXCLUDE_URL_PREFIXES` (the admin); plus
    `Permissions-Policy` and the `Reporting-Endpoints` the policies name."""

    def process_response(self, request, response):
        if request.path_info.startswith(_report_only_prefixes()):
            response._csp_exempt = True
        else:
            response._csp_exempt_ro = True
        response = super().process_response(request, response)
        if "Permissions-Policy" not in response:
            features = getattr(response, "permissions_policy", None)
            response["Permissions-Policy"] = permissions_policy_header(
                settings.PERMISSIONS_POLICY if features is None else features
            )
        if "Reporting-Endpoints" not in response:
            response["Reporting-Endpoints"] = f'{REPORT_ENDPOINT_NAME}="{REPORT_PATH}"'
        return response

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        checkout = stripe_checkout_origin()
        if checkout and not report_only:
            parts.update = {
                **(parts.update or {}),
                "form-action": [*(parts.update or {}).get("form-action", []), checkout],
            }
        return parts


# Keywords browsers put in `blocked-uri` instead of an address.
BLOCKED_KEYWORDS = {
    "inline",
    "eval",
    "wasm-eval",
    "data",
    "blob",
    "self",
    "trusted-types-policy",
}
DIRECTIVE = re.compile(r"^[a-z-]{1,40}$")


def _origin(value):
    """An address cut down to its origin (a path or query may hold a secret link
    or a name), or the keyword a browser used instead."""
    value = str(value or "").strip()
    if value in BLOCKED_KEYWORDS or value.rstrip(":") in BLOCKED_KEYWORDS:
        return value.rstrip(":")
    parts = urlsplit(value)
    if parts.scheme in {"http", "https"} and parts.hostname:
        return f"{parts.scheme}://{parts.netloc.rsplit('@', 1)[-1]}"[:200]
    return parts.scheme[:20] or "unknown"


def _source(value):
    """A script's address: our own static files by path, anything else by origin."""
    parts = urlsplit(str(value))
    if parts.path.startswith(settings.STATIC_URL) and _origin(value).startswith("http"):
        return parts.path[:200]
    return _origin(value)


def _where(document):
    """Which of our pages: its URL pattern (never the address itself, which may be
    a secret link), or for a Wagtail page its path."""
    path = urlsplit(str(document or "")).path or "/"
    try:
        match = resolve(path)
    except Resolver404:
        return "unknown page"
    if match.url_name == "wagtail_serve":
        return path[:200]
    return f"/{match.route}"[:200]


def _violations(body):
    """The violations in a report: `report-uri`'s `{"csp-report": {...}}` or the
    Reporting API's list of `{"type": "csp-violation", "body": {...}}`."""
    data = json.loads(body)
    if isinstance(data, dict) and isinstance(data.get("csp-report"), dict):
        report = data["csp-report"]
        yield {
            "directive": report.get("effective-directive")
            or report.get("violated-directive", ""),
            "blocked": report.get("blocked-uri"),
            "document": report.get("document-uri"),
            "disposition": report.get("disposition", "enforce"),
            "source": report.get("source-file"),
            "line": report.get("line-number"),
        }
    elif isinstance(data, list):
        for entry in data[:20]:
            if not isinstance(entry, dict) or entry.get("type") != "csp-violation":
                continue
            report = entry.get("body") or {}
            if not isinstance(report, dict):
                continue
            yield {
                "directive": report.get("effectiveDirective", ""),
                "blocked": report.get("blockedURL"),
                "document": report.get("documentURL") or entry.get("url"),
                "disposition": report.get("disposition", "enforce"),
                "source": report.get("sourceFile"),
                "line": report.get("lineNumber"),
            }


@csrf_exempt
@require_POST
def csp_report(request):
    """Log each violation a browser reports, as one line naming the directive, the
    blocked origin and our page's pattern: no address, no visitor. Rate-limited
    per client; whatever arrives, answers 204 (or 429), never an error."""
    if is_rate_limited(request, "csp-report"):
        return HttpResponse(status=429)
    try:
        body = request.read(MAX_REPORT_BYTES + 1)
        if len(body) <= MAX_REPORT_BYTES:
            lines = [_describe(violation) for violation in _violations(body)][:20]
        else:
            lines = []
    # Anything a browser (or anyone) posts here is untrusted: a report we can't
    # read (bad JSON, too deep, an address urlsplit refuses, a number too long to
    # print, a broken upload) is dropped, never answered with an error page.
    except (ValueError, RecursionError, OSError):
        lines = []
    for report_only, line in lines:
        # The admin's report-only policy reports Wagtail's own inline scripts on
        # every page: known, so quieter than a refusal on a public page.
        level = logging.INFO if report_only else logging.WARNING
        logger.log(level, "Content-Security-Policy %s", line)
    return HttpResponse(status=204)


def _describe(violation):
    directive = str(violation["directive"] or "").split(" ", 1)[0]
    source, line = violation["source"], violation["line"]
    disposition = "report-only" if violation["disposition"] == "report" else "enforced"
    directive = directive if DIRECTIVE.match(directive) else "unknown directive"
    where = (
        f" from {_source(source)} line {line}"
        if isinstance(line, int) and source
        else ""
    )
    return disposition == "report-only", (
        f"({disposition}) blocked {directive}: {_origin(violation['blocked'])}"
        f" on {_where(violation['document'])}{where}"
    )
