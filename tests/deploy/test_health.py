"""`/health/` for load balancers: 200 or 503 in JSON, checking the database, the
cache and the task queue's lag, answered before host checks and redirects, never
rate limited or cached, and naming no person, host or password."""

import json
from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max

from home.health import task_queue_lag_seconds
from tests.deploy.production_env import free_port, production_env, run_python
from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db

EMAIL = "ada.lovelace@example.org"
HEALTHY = {
    "status": "ok",
    "checks": {
        "database": {"ok": True},
        "cache": {"ok": True},
        "task_queue": {"ok": True, "lag_seconds": 0, "max_lag_seconds": 600},
    },
}


def queue_task(*, waited, run_after=None, status="READY"):
    result = DBTaskResult.objects.create(
        status=status,
        args_kwargs={"args": [], "kwargs": {"email": EMAIL}},
        task_path="home.tasks.send_email",
        backend_name="default",
        run_after=run_after or get_date_max(),
    )
    DBTaskResult.objects.filter(pk=result.pk).update(
        enqueued_at=timezone.now() - timedelta(seconds=waited)
    )
    return result


def test_healthy_site_answers_200_in_json_and_is_never_cached(client):
    response = client.get("/health/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Cache-Control"] == "no-store"
    assert response.json() == HEALTHY
    assert not response.cookies


@override_settings(ALLOWED_HOSTS=["summit.example.org"], SECURE_SSL_REDIRECT=True)
def test_answers_a_load_balancer_asking_by_address_over_plain_http(client):
    """Before the host check and the HTTPS redirect, which still guard every other
    address."""
    assert client.get("/health/", HTTP_HOST="10.0.0.7").status_code == 200
    assert client.get("/", HTTP_HOST="10.0.0.7").status_code == 400


def test_is_never_rate_limited(client):
    statuses = {client.get("/health/").status_code for _ in range(150)}

    assert statuses == {200}


def test_head_has_no_body_and_other_methods_are_refused(client):
    head = client.head("/health/")
    assert head.status_code == 200
    assert head.content == b""
    assert client.post("/health/").status_code == 405


def test_a_task_waiting_too_long_makes_it_503(client):
    queue_task(waited=700)

    response = client.get("/health/")

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "fail"
    assert body["checks"]["database"] == {"ok": True}
    assert body["checks"]["task_queue"]["ok"] is False
    assert 700 <= body["checks"]["task_queue"]["lag_seconds"] < 760


def test_only_tasks_ready_to_run_count_towards_the_lag(client):
    queue_task(waited=5000, run_after=timezone.now() + timedelta(hours=1))
    queue_task(waited=5000, status="RUNNING")
    queue_task(waited=5000, status="SUCCESSFUL")
    queue_task(waited=30)

    response = client.get("/health/")

    assert response.status_code == 200
    assert 30 <= response.json()["checks"]["task_queue"]["lag_seconds"] < 90


def test_a_task_scheduled_ahead_waits_from_its_run_after():
    queue_task(waited=5000, run_after=timezone.now() - timedelta(seconds=120))

    assert 120 <= task_queue_lag_seconds() < 180


@override_settings(HEALTH_MAX_TASK_LAG_SECONDS=0)
def test_a_limit_of_zero_reports_the_lag_without_failing(client):
    queue_task(waited=7200)

    response = client.get("/health/")

    assert response.status_code == 200
    assert response.json()["checks"]["task_queue"]["lag_seconds"] >= 7200


def test_an_unreachable_cache_makes_it_503_without_naming_the_server(client):
    port = free_port()  # nothing listens there
    caches = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://:cache-password@127.0.0.1:{port}/0",
        }
    }
    with override_settings(CACHES=caches):
        response = client.get("/health/")

    assert response.status_code == 503
    body = response.json()
    assert body["checks"]["cache"] == {"ok": False, "error": "ConnectionError"}
    assert body["checks"]["database"] == {"ok": True}
    assert "127.0.0.1" not in response.text
    assert "cache-password" not in response.text


def test_says_nothing_about_people(client):
    UserFactory(email=EMAIL)
    queue_task(waited=900)

    response = client.get("/health/")

    assert EMAIL not in response.text
    assert "@" not in response.text
    assert "send_email" not in response.text
    assert set(response.json()) == {"status", "checks"}


DB_DOWN_SCRIPT = """
import json
import django
django.setup()
from django.test import Client
response = Client().get("/health/", HTTP_HOST="10.0.0.7")
print(json.dumps({"status": response.status_code, "body": response.json()}))
"""


def test_an_unreachable_database_makes_it_503_not_500(tmp_path):
    """Production settings, a database on a port nothing listens on."""
    port = free_port()
    env = production_env(
        DATABASE_URL=f"postgres://site:db-password@127.0.0.1:{port}/shared_ambition",
        VAR_DIR=tmp_path,
    )

    result = run_python(DB_DOWN_SCRIPT, env)

    answer = json.loads(result.stdout.strip().splitlines()[-1])
    assert answer["status"] == 503
    assert answer["body"] == {
        "status": "fail",
        "checks": {
            "database": {"ok": False, "error": "OperationalError"},
            "cache": {"ok": True},
            "task_queue": {"ok": False, "error": "database unavailable"},
        },
    }
    assert "db-password" not in result.stdout
    # The reason is logged, as one warning line, for whoever runs the site.
    assert "WARNING home.health Health check check_database failed" in result.stderr
