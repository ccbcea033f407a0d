import os

from .base import *  # noqa: F403
from .base import VAR_DIR, env_bool, env_list

DEBUG = True
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")


def _dev_secret_key():
    """A random key made once per checkout, so dev never runs on a published secret."""
    path = VAR_DIR / "secret_key"
    if not path.exists():
        # Needed once, when a development checkout first runs.
        from django.core.management.utils import get_random_secret_key

        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(get_random_secret_key())
    return path.read_text().strip()


SECRET_KEY = os.environ.get("SECRET_KEY") or _dev_secret_key()
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http"
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# The demo's staff sign in with the printed logins and no authenticator app; the
# sign-in page says so. STAFF_MFA_REQUIRED=on tries the real thing (docs/accounts.md).
STAFF_MFA_REQUIRED = env_bool("STAFF_MFA_REQUIRED", False)
