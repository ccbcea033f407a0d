"""Production: every secret and host comes from the environment, or start-up fails."""

import os
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import (
    DATABASES,
    STORAGES,
    STRIPE_SECRET_KEY,
    STRIPE_WEBHOOK_SECRET,
    env_bool,
    env_list,
)


def required(name):
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(f"Set the {name} environment variable.")
    return value


DEBUG = False
SECRET_KEY = required("SECRET_KEY")
if bool(STRIPE_SECRET_KEY) != bool(STRIPE_WEBHOOK_SECRET):
    # Half a Stripe set-up would take payments whose webhooks can't be verified.
    raise ImproperlyConfigured(
        "Set both STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET, or neither."
    )
ALLOWED_HOSTS = [host.strip() for host in required("ALLOWED_HOSTS").split(",")]
# Every email, QR code and calendar link is built on it: no default that would
# point them all at a development address.
SITE_URL = required("SITE_URL").rstrip("/")
_site_address = urlsplit(SITE_URL)
if _site_address.scheme not in {"http", "https"} or not _site_address.hostname:
    raise ImproperlyConfigured(
        "Set SITE_URL to the site's public address, such as https://summit.example.org."
    )
WAGTAILADMIN_BASE_URL = SITE_URL
# Staff need a second factor for the admin and the door (docs/accounts.md).
STAFF_MFA_REQUIRED = env_bool("STAFF_MFA_REQUIRED", True)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# Keep each web worker's and task worker's database connection for a minute rather
# than opening one per request or task (a worker's sign-ups nearly doubled,
# docs/performance.md); the health check replaces one the server has dropped.
DATABASES["default"]["CONN_MAX_AGE"] = int(
    os.environ.get("DATABASE_CONN_MAX_AGE", "60")
)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True

STORAGES["staticfiles"]["BACKEND"] = (
    "whitenoise.storage.CompressedManifestStaticFilesStorage"
)
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASK_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend"
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
ADMINS = [("Site admin", address) for address in env_list("ADMIN_EMAILS")]
