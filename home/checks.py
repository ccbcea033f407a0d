"""Deployment checks for the whole site (run by `manage.py check --deploy`)."""

from django.conf import settings
from django.core.checks import Tags, Warning, register

LOCAL_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
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
