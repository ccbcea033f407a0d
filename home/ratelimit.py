"""Rate limits for public forms and links, counted in the shared cache.

Every limit lives in one settings table, `RATE_LIMITS` (scope -> requests allowed
per so many seconds), and counts per client: the real client behind
`TRUSTED_PROXY_COUNT` proxies, which allauth's own limits count by too.
"""

import time
from functools import wraps

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.shortcuts import render

from .redis_cache import count_in_redis


def client_ip(request):
    """The caller's address; behind `TRUSTED_PROXY_COUNT` proxies, read X-Forwarded-For."""
    depth = settings.TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if depth and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= depth:
            return hops[-depth]
    return request.META.get("REMOTE_ADDR", "unknown")


def limit_for(scope):
    """(requests, seconds) allowed for `scope`, from `RATE_LIMITS`."""
    return settings.RATE_LIMITS[scope]


def is_over_limit(scope, key):
    """Count one more use of `scope` by `key` (an address, an account, an email);
    True once it is over its limit."""
    limit, period = limit_for(scope)
    window = int(time.time() // period)
    return _count_use(f"ratelimit:{scope}:{key}:{window}", period) > limit


def _count_use(cache_key, period):
    """Add one to the counter `cache_key`, kept for `period` seconds from its first
    use; its new value."""
    cache = caches["default"]
    if isinstance(cache, RedisCache):
        return count_in_redis(cache, cache_key, start=0, timeout=period)
    if cache.add(cache_key, 1, timeout=period):
        return 1
    try:
        return cache.incr(cache_key)
    except ValueError:  # the window expired between add() and incr()
        cache.add(cache_key, 1, timeout=period)
        return 1


def is_rate_limited(request, scope):
    """Count this request against `scope`'s limit for its client address."""
    return is_over_limit(scope, client_ip(request))


def rate_limited_response(request, scope):
    _limit, period = limit_for(scope)
    return render(
        request, "429.html", {"retry_minutes": max(1, round(period / 60))}, status=429
    )


def ratelimit(scope, *, methods=("POST",)):
    """Answer 429 with a clear page once a client passes `scope`'s limit."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method in methods and is_rate_limited(request, scope):
                return rate_limited_response(request, scope)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
