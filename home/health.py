"""`/health/`: is this web server fit to take requests? For load balancers.

It answers 200 when the database and the cache answer and the task queue is keeping
up (the oldest task waiting to run has waited at most `HEALTH_MAX_TASK_LAG_SECONDS`),
503 otherwise, in JSON that names each check and never any person, host or
message. The middleware sits first in `MIDDLEWARE` and answers only this path, so
a load balancer asking by IP address over plain HTTP gets the answer, not a 400 for
an unknown host, an HTTPS redirect, the edge's checks
(`home.edge.RejectMalformedInputMiddleware`), a session, a rate limit or a cached
copy.
"""

import logging
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import Case, F, Min, When
from django.db.models.functions import Greatest
from django.http import HttpResponseNotAllowed, JsonResponse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max

logger = logging.getLogger(__name__)

HEALTH_PATH = "/health/"


class HealthCheckMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info != HEALTH_PATH:
            return self.get_response(request)
        if request.method not in ("GET", "HEAD"):
            response = HttpResponseNotAllowed(["GET", "HEAD"])
        else:
            response = health_response()
            if request.method == "HEAD":
                response.content = b""
        response["Cache-Control"] = "no-store"
        # A failing check is logged once, as a warning: not again by Django as an
        # error (and an email to the admins) for every load balancer's probe.
        response._has_been_logged = True
        return response


def health_response():
    checks = {
        "database": _check(check_database),
        "cache": _check(check_cache),
    }
    if checks["database"]["ok"]:
        checks["task_queue"] = _check(check_task_queue)
    else:
        checks["task_queue"] = {"ok": False, "error": "database unavailable"}
    healthy = all(check["ok"] for check in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "fail", "checks": checks},
        status=200 if healthy else 503,
    )


def _check(function):
    """Run one check: {"ok": ...} plus what it reports, or the exception's class
    name (its message may name hosts or users, so it goes only to the log)."""
    try:
        return {"ok": True} | function()
    except Exception as error:  # noqa: BLE001 - any failure is a failed check
        logger.warning("Health check %s failed: %r", function.__name__, error)
        return {"ok": False, "error": type(error).__name__}


def check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {}


def check_cache():
    key = f"health:{uuid.uuid4().hex}"
    cache.set(key, "ok", timeout=10)
    try:
        if cache.get(key) != "ok":
            raise CacheMissError("the cache lost a value just written")
    finally:
        cache.delete(key)
    return {}


class CacheMissError(Exception):
    pass


def task_queue_lag_seconds(now=None):
    """Seconds the oldest task ready to run has been waiting (since it was queued,
    or since its `run_after` for a task scheduled ahead); 0 when none waits."""
    now = now or timezone.now()
    oldest = DBTaskResult.objects.ready().aggregate(
        since=Min(
            Case(
                When(run_after=get_date_max(), then=F("enqueued_at")),
                default=Greatest(F("run_after"), F("enqueued_at")),
            )
        )
    )["since"]
    if oldest is None:
        return 0
    return max(0, int((now - oldest).total_seconds()))


def check_task_queue():
    lag = task_queue_lag_seconds()
    limit = settings.HEALTH_MAX_TASK_LAG_SECONDS
    if limit and lag > limit:
        logger.warning("Health check: the oldest ready task has waited %ss", lag)
        return {"ok": False, "lag_seconds": lag, "max_lag_seconds": limit}
    return {"lag_seconds": lag, "max_lag_seconds": limit}
