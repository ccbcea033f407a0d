"""Settings shared by every environment; each value that differs comes from the environment."""

import os
from decimal import Decimal
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from home.browser_policy import (
    VIDEO_PLAYER_ORIGINS,
    admin_directives,
    media_origins,
    public_directives,
)
from home.logs import django_logging

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [
        item.strip()
        for item in os.environ.get(name, default).split(",")
        if item.strip()
    ]


INSTALLED_APPS = [
    "home",
    "framework",
    "speakers",
    "events",
    "signatories",
    "spotlights",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.search_promotions",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "allauth",
    "allauth.account",
    "csp",
    "allauth.mfa",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sitemaps",
    "django.contrib.staticfiles",
    "django.forms",
]

MIDDLEWARE = [
    # First: answers /health/ for load balancers before host checks and redirects.
    "home.health.HealthCheckMiddleware",
    "home.edge.RejectMalformedInputMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Outside the page cache, so kept pages get the policy in force when served.
    "home.browser_policy.BrowserPolicyMiddleware",
    # Before the session: a kept page is served without loading one (home/page_cache.py).
    "home.page_cache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    # After the host check: Wagtail's page routing, kept (home/kept_routing.py).
    "home.kept_routing.KeptRouteMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "home.signout.ClearSiteDataOnSignOutMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # After allauth's: staff reach the admin only with a second factor this session.
    "home.staff_mfa.StaffMFAMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "site_config.urls"
WSGI_APPLICATION = "site_config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]
# Every form renders through templates/forms/ so errors and hints are announced
# to screen readers the same way site-wide.
FORM_RENDERER = "site_config.forms.SiteFormRenderer"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite has one writer at a time: take the write lock when a transaction starts
    # (so capacity checks can't interleave) and wait for it rather than failing.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            # Django's Redis backend, keeping its Redis client (home/redis_cache.py).
            "BACKEND": "home.redis_cache.KeptClientRedisCache",
            "LOCATION": os.environ["REDIS_URL"],
        }
    }
    # Sessions read from Redis (0.4-0.5 ms sooner than a query, on every signed-in
    # request) and written through to the database, which outlives a Redis flush.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Whole pages for visitors who are not signed in, kept in the cache above
# (docs/performance.md). On by default only with Redis: a per-process cache would
# leave other web workers serving a page after it changed.
PAGE_CACHE = env_bool("PAGE_CACHE", bool(os.environ.get("REDIS_URL")))
# Parts every visitor shares (the site and routes, the header and footer, cards,
# content-only sections; `home.page_cache.remember`), kept for signed-in visitors
# too. On by default only with Redis, for the same reason as PAGE_CACHE.
KEEP_PARTS = env_bool("KEEP_PARTS", bool(os.environ.get("REDIS_URL")))
# The longest any page is kept, whatever else happens (changes invalidate at once).
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "600"))
# How long a CDN or proxy may serve a page without asking again (s-maxage).
PAGE_CACHE_CDN_SECONDS = int(os.environ.get("PAGE_CACHE_CDN_SECONDS", "0"))

# Background work (emails, exports) goes through Django's task API, stored in the
# database so production needs no extra server: run `manage.py db_worker`.
TASKS = {
    "default": {
        "BACKEND": os.environ.get(
            "TASK_BACKEND", "django_tasks.backends.immediate.ImmediateBackend"
        ),
    }
}
# A task running for longer than this is taken to have lost its worker and is put
# back in the queue (`manage.py requeue_stranded_tasks`): longer than any task runs.
TASKS_STRANDED_AFTER_MINUTES = int(os.environ.get("TASKS_STRANDED_AFTER_MINUTES", "30"))

# How long places chosen at the booking's first step are held while the booker fills
# in the rest, and how long a booking made without an account holds its places until
# the booker confirms it from the emailed link.
BOOKING_HOLD_MINUTES = int(os.environ.get("BOOKING_HOLD_MINUTES", "15"))
BOOKING_CONFIRM_MINUTES = int(os.environ.get("BOOKING_CONFIRM_MINUTES", "60"))

# How long someone offered a place from a summit waiting list has to claim it.
WAITING_LIST_OFFER_HOURS = int(os.environ.get("WAITING_LIST_OFFER_HOURS", "24"))

# Card payments (Stripe Checkout). Without both keys the site runs, free booking
# and invoices work, and card payment is simply not offered. STRIPE_API_BASE is
# only changed by the tests, which point it at a fake Stripe on 127.0.0.1.
STRIPE_SECRET_KEY = os.environ.get("STRIPE_SECRET_KEY", "")
STRIPE_WEBHOOK_SECRET = os.environ.get("STRIPE_WEBHOOK_SECRET", "")
STRIPE_API_BASE = os.environ.get("STRIPE_API_BASE", "https://api.stripe.com")
# How long a card booking holds its places; Stripe allows 30 minutes to 24 hours.
STRIPE_HOLD_MINUTES = int(os.environ.get("STRIPE_HOLD_MINUTES", "30"))

# Invoices for public bodies: who they are from, the VAT inside ticket prices and
# how to pay.
INVOICE_NUMBER_PREFIX = os.environ.get("INVOICE_NUMBER_PREFIX", "SA-INV-")
INVOICE_SUPPLIER_NAME = os.environ.get(
    "INVOICE_SUPPLIER_NAME", "Cambridgeshire & Peterborough Combined Authority"
)
INVOICE_SUPPLIER_ADDRESS = os.environ.get(
    "INVOICE_SUPPLIER_ADDRESS", "2nd Floor, Pathfinder House|Huntingdon|PE29 3TN"
)
INVOICE_VAT_NUMBER = os.environ.get("INVOICE_VAT_NUMBER", "")
INVOICE_VAT_RATE = Decimal(os.environ.get("INVOICE_VAT_RATE", "20"))
INVOICE_PAYMENT_DAYS = int(os.environ.get("INVOICE_PAYMENT_DAYS", "30"))
INVOICE_PAYMENT_DETAILS = os.environ.get(
    "INVOICE_PAYMENT_DETAILS",
    "Pay by BACS quoting the invoice number. Bank details are on our "
    "supplier form; ask summit@example.org.",
)

# Requests a staff member's check-in devices may make a minute (scans, syncs, the
# ticket list); generous, since a busy door scans one ticket every few seconds.
CHECKIN_REQUESTS_PER_MINUTE = int(os.environ.get("CHECKIN_REQUESTS_PER_MINUTE", "120"))

# Every rate limit of the site, in one place: scope -> (requests, per seconds),
# counted per client address (see TRUSTED_PROXY_COUNT) unless a comment says so.
RATE_LIMITS = {
    "booking": (60, 10 * 60),  # booking steps' form posts
    "booking-code": (20, 10 * 60),  # access codes tried
    "waiting-list": (10, 10 * 60),
    "waiting-list-email": (3, 60 * 60),  # per email address: emails sent to it
    "claim-place": (20, 10 * 60),
    "ticket-change": (20, 10 * 60),  # editing, transferring, cancelling a place
    "booking-link": (60, 10 * 60),  # a booker's order page by its emailed link
    "find-ticket": (5, 10 * 60),
    "search": (60, 60),
    "data-link": (5, 60 * 60),  # asking for a link to one's own data
    "data-link-email": (3, 60 * 60),  # per email address: links sent to it
    "data-link-use": (30, 10 * 60),  # opening or erasing through such a link
    "signatories-sign": (10, 60 * 60),
    "signatories-request-link": (5, 60 * 60),
    "signatories-link": (30, 10 * 60),
    "story-proposal": (5, 60 * 60),
    # Ambition postcards written; generous, since a venue's guests share one address.
    "postcards": (30, 10 * 60),
    "email-text-test": (5, 10 * 60),  # per staff member: test emails to themselves
    "feedback": (30, 10 * 60),  # feedback surveys sent (their link is the key)
    "proposals": (30, 60 * 60),  # proposals saved, edited or answered
    "csp-report": (30, 60),  # browsers' reports of Content-Security-Policy violations
    "checkin": (CHECKIN_REQUESTS_PER_MINUTE, 60),  # per staff member
    "bulk-email-test": (5, 10 * 60),  # per staff member: tests of an email to attendees
}

AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"

# django-allauth: people sign in with their email address, which must be verified.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
# Confirming the address in the browser that signed up signs them in and returns to
# where they started, such as the booking they were making.
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_USER_DISPLAY = "home.accounts.user_display"
# Its emails get the site's email header and footer (docs/emails.md).
ACCOUNT_ADAPTER = "home.account_adapter.AccountAdapter"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_PRESERVE_USERNAME_CASING = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Shared Ambition] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = os.environ.get("SITE_PROTOCOL", "https")
# allauth's rate limits stay at their defaults (on): see ALLAUTH_TRUSTED_PROXY_COUNT.

# Two-step verification (allauth.mfa): an authenticator app, with recovery codes for
# a lost phone. Staff must use it to reach the admin and the door (home/staff_mfa.py,
# docs/accounts.md); everyone else may. Off only where a settings module says so:
# production reads STAFF_MFA_REQUIRED, `make run`'s demo and the tests relax it.
STAFF_MFA_REQUIRED = True
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_ADAPTER = "home.staff_mfa.StaffMFAAdapter"
MFA_TOTP_ISSUER = "Shared Ambition"
MFA_FORMS = {
    "authenticate": "home.mfa_forms.SiteAuthenticateForm",
    "reauthenticate": "home.mfa_forms.SiteReauthenticateForm",
    "activate_totp": "home.mfa_forms.SiteActivateTOTPForm",
}
# Wagtail's own sign-in form has no second step: send people to allauth's.
WAGTAILADMIN_LOGIN_URL = "account_login"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
LANGUAGES = [("en-gb", _("English"))]

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
STATICFILES_DIRS = [PROJECT_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Media (uploads and image renditions) go to S3-compatible object storage once a
# bucket is named, so any number of web servers share them. No ACL is sent, so
# objects keep the bucket's own (private on AWS), and links are signed and expire
# unless AWS_QUERYSTRING_AUTH is turned off for a public CDN (docs/deployment.md).
if os.environ.get("AWS_STORAGE_BUCKET_NAME"):
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["AWS_STORAGE_BUCKET_NAME"],
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            "addressing_style": os.environ.get("AWS_S3_ADDRESSING_STYLE") or None,
            # Unset: boto3 finds credentials itself (e.g. an instance role).
            "access_key": os.environ.get("AWS_ACCESS_KEY_ID") or None,
            "secret_key": os.environ.get("AWS_SECRET_ACCESS_KEY") or None,
            "custom_domain": os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None,
            "querystring_auth": env_bool("AWS_QUERYSTRING_AUTH", True),
            "querystring_expire": int(os.environ.get("AWS_QUERYSTRING_EXPIRE", "3600")),
            "default_acl": None,
            # Two uploads called logo.png must not overwrite each other.
            "file_overwrite": False,
        },
    }
# What browsers may do on our pages (home/browser_policy.py, docs/security.md): no
# inline script or style anywhere; enforced on every page but the Wagtail admin's,
# which still writes inline scripts and gets the same policy report-only. Media
# links into a bucket are allowed as images.
_MEDIA_ORIGINS = media_origins(STORAGES["default"].get("OPTIONS"))
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/"],
    "DIRECTIVES": public_directives(media=_MEDIA_ORIGINS),
}
CONTENT_SECURITY_POLICY_REPORT_ONLY = {
    "DIRECTIVES": admin_directives(media=_MEDIA_ORIGINS),
}
# Browser features, all off but what our pages use: the door page turns the camera
# on for itself (`allow_features`); the video players may go full screen and play.
PERMISSIONS_POLICY = {
    "accelerometer": [],
    "autoplay": ["self", *VIDEO_PLAYER_ORIGINS],
    "camera": [],
    "display-capture": [],
    "encrypted-media": ["self", *VIDEO_PLAYER_ORIGINS],
    "fullscreen": ["self", *VIDEO_PLAYER_ORIGINS],
    "geolocation": [],
    "gyroscope": [],
    "hid": [],
    "idle-detection": [],
    "magnetometer": [],
    "microphone": [],
    "midi": [],
    "payment": [],
    "picture-in-picture": ["self", *VIDEO_PLAYER_ORIGINS],
    "screen-wake-lock": [],
    "serial": [],
    "usb": [],
    "xr-spatial-tracking": [],
    "browsing-topics": [],
}
# No Referer to other sites (a page's address may be a secret link); the video
# player alone is sent our origin, which YouTube needs (templates/blocks/).
SECURE_REFERRER_POLICY = "same-origin"
# Windows we open, or that open us, get no handle on each other.
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Documents are always streamed through the app, which checks collection and page
# privacy first: their address never points into the bucket.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "Shared Ambition Summit <summit@example.org>"
)
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
# Where the file-based email backend writes (a staging site, the scale-out test).
EMAIL_FILE_PATH = Path(os.environ.get("EMAIL_FILE_PATH", VAR_DIR / "mail"))

# Bodies whose sender signs them and whose view checks them itself (a Stripe event may
# carry a NUL in a customer's name): the edge's NUL check leaves them alone.
EDGE_SIGNED_BODY_PATHS = ("/payments/stripe/webhook/",)

# How many reverse proxies sit in front of the site; rate limits then trust that
# many X-Forwarded-For hops. 0 means use the connecting address.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
# allauth's own limits (sign-in, sign-up, password reset) count the real client
# behind the same proxies; failed sign-ins are also limited per account, so no one
# can lock everyone else out.
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT

# The public address of the site, used in emails, calendar feeds and open data.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

WAGTAIL_SITE_NAME = "Shared Ambition"
WAGTAILADMIN_BASE_URL = SITE_URL
WAGTAIL_I18N_ENABLED = False
# No Gravatar: the admin would send a hash of each staff member's email to a third
# party with every page; Wagtail shows initials instead.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "txt", "xlsx"]
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAIL_MODERATION_ENABLED = True
WAGTAIL_WORKFLOW_ENABLED = True
WAGTAILADMIN_COMMENTS_ENABLED = True

# One line per record with time, level and logger; LOG_FORMAT=json for one JSON
# object per line. gunicorn.conf.py logs the same way (home/logs.py).
LOG_FORMAT = os.environ.get("LOG_FORMAT", "plain")
LOGGING_CONFIG = "home.logs.configure_logging"
LOGGING = django_logging(
    level=os.environ.get("LOG_LEVEL", "INFO"), log_format=LOG_FORMAT
)

# Error reports to Sentry, only when a DSN is set (personal data scrubbed first).
SENTRY_DSN = os.environ.get("SENTRY_DSN", "")
if SENTRY_DSN:
    # An optional service: sentry-sdk is imported only when it is configured.
    from home.sentry import init_sentry

    init_sentry(
        dsn=SENTRY_DSN,
        environment=os.environ.get("SENTRY_ENVIRONMENT", "production"),
        release=os.environ.get("SENTRY_RELEASE", ""),
    )

# /health/ answers 503 once the oldest task waiting to run has waited longer than
# this (0: report the lag, never fail on it).
HEALTH_MAX_TASK_LAG_SECONDS = int(os.environ.get("HEALTH_MAX_TASK_LAG_SECONDS", "600"))
