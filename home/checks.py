"""Deployment checks for the whole site (run by `manage.py check --deploy`)."""

from django.conf import settings
from django.contrib.staticfiles.storage import ManifestFilesMixin
from django.core.checks import Error, Tags, Warning, register
from django.core.files.storage import storages
from django.db import DatabaseError
from wagtail.models import Site

from .links import site_host_and_port

LOCAL_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
}
# Backends that never deliver a message: printed, kept in memory, dropped or
# written to files nobody reads.
UNSENT_EMAIL_BACKENDS = {
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.locmem.EmailBackend",
    "django.core.mail.backends.dummy.EmailBackend",
    "django.core.mail.backends.filebased.EmailBackend",
}


@register(Tags.caches, deploy=True)
def check_shared_cache(app_configs, **kwargs):
    # Rate limits and the supporter count live in the cache: a per-process cache
    # gives every web worker its own limits and its own stale count.
    if settings.CACHES["default"]["BACKEND"] in LOCAL_CACHES:
        return [
            Warning(
                "The cache is local to each process.",
                hint="Set REDIS_URL so web workers share rate limits and counters.",
                id="home.W001",
            )
        ]
    return []


@register(Tags.sites, deploy=True)
def check_site_matches_site_url(app_configs, **kwargs):
    # Wagtail builds sitemap.xml, feeds' links and page URLs from the Site record,
    # everything else from SITE_URL: the two must name the same host.
    hostname, port = site_host_and_port()
    hint = (
        "Run `manage.py setup_site`, which points the default Site at SITE_URL "
        f"({settings.SITE_URL})."
    )
    try:
        site = Site.objects.filter(is_default_site=True).first()
    except DatabaseError as error:
        return [
            Error(
                f"The default Wagtail Site can't be read from the database ({error}).",
                hint="Run `manage.py migrate`, then `manage.py setup_site`.",
                id="home.E001",
            )
        ]
    if site is None:
        return [Error("There is no default Wagtail Site.", hint=hint, id="home.E001")]
    if (site.hostname, site.port) != (hostname, port):
        return [
            Error(
                f"The default Wagtail Site is {site.hostname}:{site.port}, but "
                f"SITE_URL is {hostname}:{port}.",
                hint=hint,
                id="home.E001",
            )
        ]
    return []


@register("email", deploy=True)
def check_email_is_sent(app_configs, **kwargs):
    # Tickets, waiting-list offers and sign-in links would be lost without a word.
    if settings.EMAIL_BACKEND in UNSENT_EMAIL_BACKENDS:
        return [
            Error(
                f"EMAIL_BACKEND is {settings.EMAIL_BACKEND}, which sends no email.",
                hint=(
                    "Unset EMAIL_BACKEND (SMTP is the default) and set EMAIL_HOST "
                    "and friends, or name a backend that delivers mail."
                ),
                id="home.E002",
            )
        ]
    return []


@register(Tags.staticfiles, deploy=True)
def check_static_manifest(app_configs, **kwargs):
    # Without the manifest every page (the error page too) fails to find its
    # stylesheet and answers 500.
    storage = storages["staticfiles"]
    if not isinstance(storage, ManifestFilesMixin):
        return []
    if storage.manifest_storage.exists(storage.manifest_name):
        return []
    return [
        Error(
            f"The static files manifest ({storage.manifest_name}) is missing from "
            f"{settings.STATIC_ROOT}.",
            hint=(
                "Run `manage.py collectstatic --noinput` with the same settings the "
                "web server uses."
            ),
            id="home.E003",
        )
    ]
