"""Per-IP rate limits for public forms and links, counted in the shared cache."""

import time
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render


def client_ip(request):
    """The caller's address; behind `TRUSTED_PROXY_COUNT` proxies, read X-Forwarded-For."""
    depth = settings.TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if depth and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= depth:
            return hops[-depth]
    return request.META.get("REMOTE_ADDR", "unknown")


def is_rate_limited(request, scope, *, limit, period):
    """Count this request against `limit` per `period` seconds; True once it is over."""
    window = int(time.time() // period)
    key = f"ratelimit:{scope}:{client_ip(request)}:{window}"
    if cache.add(key, 1, timeout=period):
        return False
    try:
        return cache.incr(key) > limit
    except ValueError:  # the window expired between add() and incr()
        cache.add(key, 1, timeout=period)
        return False


def rate_limited_response(request, period):
    return render(
        request, "429.html", {"retry_minutes": max(1, round(period / 60))}, status=429
    )


def ratelimit(scope, *, limit, period, methods=("POST",)):
    """Answer 429 with a clear page once a client passes `limit` requests per `period`."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method in methods and is_rate_limited(
                request, scope, limit=limit, period=period
            ):
                return rate_limited_response(request, period)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
