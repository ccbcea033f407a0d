from .base import *  # noqa: F403
from .base import STORAGES, VAR_DIR

DEBUG = False
SECRET_KEY = "insecure-test-key-not-for-production"  # noqa: S105
ALLOWED_HOSTS = ["*"]
SITE_URL = "http://testserver"
WAGTAILADMIN_BASE_URL = SITE_URL
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http"

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Room for every kept page and part a test makes (the default 300 entries would
# evict pages a test expects to be kept, in no order it could foresee).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": 100_000},
    }
}
# Tests that count queries or change data between requests want every page
# rendered; the page cache's own tests turn it on.
PAGE_CACHE = False
# One process: its kept parts are as shared as Redis's (query counts assume them).
KEEP_PARTS = True
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
STORAGES["staticfiles"]["BACKEND"] = (
    "django.contrib.staticfiles.storage.StaticFilesStorage"
)
MEDIA_ROOT = VAR_DIR / "test-media"
# Serve static files straight from the app folders, as `runserver` does.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# No test reaches Stripe: card payments are off unless a test uses the fake_stripe
# fixture, which points these at the fake on 127.0.0.1.
STRIPE_SECRET_KEY = ""
STRIPE_WEBHOOK_SECRET = ""
STRIPE_API_BASE = "http://127.0.0.1:9"
# Tests sign staff in with force_login; the staff MFA tests turn this on.
STAFF_MFA_REQUIRED = False
