"""Past one machine: two gunicorn servers and a task worker, separate processes
under the production settings, sharing one PostgreSQL database (a copy of the
migrated test database, dropped afterwards), Redis (database 13, flushed) and a
bucket on the local object store. What one server does, the other sees: a booked
place, a rate limit's count, an uploaded image; an email queued by a server is sent
once, by the worker.

PostgreSQL only: it runs in the PostgreSQL stage, which CI requires. A missing Redis
skips it, except under CI=true, where it fails.
"""

import html
import os
import re
import subprocess
import sys
import time
import uuid
from email import message_from_string
from pathlib import Path

import psycopg
import pytest
import redis
import requests
from django.db import connection

from tests.deploy.production_env import (
    ROOT,
    database_url,
    free_port,
    production_env,
    stop,
    wait_for_port,
)
from tests.deploy.scale_out_site import (
    ADMIN_PASSWORD,
    ADMIN_USERNAME,
    CAPACITY,
    SUMMIT_SLUG,
)
from tests.signatories.conftest import image_file

pytestmark = [
    pytest.mark.postgres_only,
    # Migrations' rows are put back in the test database first, and it is copied.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

HOST = "summit.example.org"
REDIS_URL = "redis://127.0.0.1:6379/13"
BOOKER = "scale-out-booker@example.org"
SUMMIT = f"/summit/{SUMMIT_SLUG}/"


class Browser:
    """One visitor, whichever server the load balancer sends each request to: the
    cookies (session, CSRF) go with them. Cookies are marked Secure in production;
    here, without TLS, they are sent back by hand."""

    def __init__(self):
        self.cookies = {}

    def request(self, method, server, path, **kwargs):
        response = requests.request(
            method,
            f"{server}{path}",
            headers={"Host": HOST},
            cookies=self.cookies,
            allow_redirects=False,
            timeout=30,
            **kwargs,
        )
        self.cookies.update(response.cookies.get_dict())
        return response

    @property
    def session_key(self):
        return self.cookies["sessionid"]

    def get(self, server, path):
        return self.request("GET", server, path)

    def post(self, server, path, data, **kwargs):
        data = {"csrfmiddlewaretoken": self.cookies.get("csrftoken", ""), **data}
        return self.request("POST", server, path, data=data, **kwargs)


def _run(command, env, timeout=180):
    result = subprocess.run(
        [sys.executable, "manage.py", *command],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert result.returncode == 0, f"{command}: {result.stdout}\n{result.stderr}"
    return result.stdout


def _start(command, env, log_path):
    log = open(log_path, "wb")  # noqa: SIM115 - closed by stop()
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
    )
    process.log_file = log
    return process


def _wait_until(check, timeout=30, what="the condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def _emails_to(mail_dir, address):
    """Every message the file-based backend wrote for `address`."""
    found = []
    for path in sorted(Path(mail_dir).glob("*.log")):
        for chunk in path.read_text().split("-" * 79):
            message = message_from_string(chunk.strip())
            if address in (message["To"] or ""):
                found.append(message)
    return found


@pytest.fixture
def shared_redis():
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.ConnectionError:
        if os.environ.get("CI") == "true":
            pytest.fail(f"Redis is not reachable at {REDIS_URL} (CI=true)")
        pytest.skip(f"needs Redis at {REDIS_URL}")
    client.flushdb()
    yield REDIS_URL
    client.flushdb()


@pytest.fixture
def scale_database():
    """A database of our own on the test run's PostgreSQL server: a copy of the
    freshly migrated test database, so no time goes on migrating it again."""
    server = dict(connection.settings_dict)
    name = f"scale_out_{uuid.uuid4().hex[:10]}"
    admin_url = database_url(server, "postgres")
    connection.close()  # a database being copied must have no one connected
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{server["NAME"]}"')
    try:
        yield database_url(server, name)
    finally:
        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def cluster(tmp_path, scale_database, shared_redis, object_store, s3_bucket):
    """Two web servers and a task worker, as two machines and a worker would run."""
    mail_dir = tmp_path / "mail"
    media_root = tmp_path / "media"
    env = production_env(
        ALLOWED_HOSTS=HOST,
        SITE_URL=f"https://{HOST}",
        DATABASE_URL=scale_database,
        REDIS_URL=shared_redis,
        SECURE_SSL_REDIRECT="false",
        TASK_BACKEND="django_tasks_db.DatabaseBackend",
        EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
        EMAIL_FILE_PATH=mail_dir,
        STATIC_ROOT=tmp_path / "static",
        MEDIA_ROOT=media_root,
        WEB_CONCURRENCY="1",
        # The admin uploads an image after Wagtail's password-only sign-in; staff
        # two-step verification has its own tests (tests/home/test_staff_mfa.py).
        STAFF_MFA_REQUIRED="false",
        **object_store.environment(s3_bucket),
    )
    _run(["collectstatic", "--noinput"], env)
    servers = []
    processes = []
    try:
        for name in ("a", "b"):
            port = free_port()
            web = _start(
                [sys.executable, "-m", "gunicorn", "site_config.wsgi"],
                {**env, "GUNICORN_BIND": f"127.0.0.1:{port}"},
                tmp_path / f"web-{name}.log",
            )
            processes.append(web)
            servers.append((web, port))
        processes.append(
            _start(
                [sys.executable, "manage.py", "db_worker", "--interval", "0.2"],
                env,
                tmp_path / "worker.log",
            )
        )
        # The servers start while the site is built: they read nothing until asked.
        built = _run(
            ["shell", "-c", "from tests.deploy.scale_out_site import build; build()"],
            env,
        )
        ticket_type = int(re.search(r"ticket_type=(\d+)", built).group(1))
        for web, port in servers:
            wait_for_port(port, web)
        yield {
            "a": f"http://127.0.0.1:{servers[0][1]}",
            "b": f"http://127.0.0.1:{servers[1][1]}",
            "ticket_type": ticket_type,
            "database": scale_database,
            "mail_dir": mail_dir,
            "media_root": media_root,
            "bucket": s3_bucket,
            "logs": tmp_path,
        }
    finally:
        # All at once: each takes a moment to finish what it is doing.
        for process in processes:
            process.terminate()
        for process in processes:
            stop(process)


def _logs(cluster):
    return "\n".join(
        f"--- {path.name}\n{path.read_text(errors='replace')[-3000:]}"
        for path in sorted(cluster["logs"].glob("*.log"))
    )


def test_two_servers_and_a_worker_share_everything(cluster):
    a, b = cluster["a"], cluster["b"]
    try:
        _book_through_one_and_see_it_through_the_other(cluster, a, b)
        _the_worker_sends_the_queued_email_once(cluster)
        _rate_limits_count_across_both(a, b)
        _an_image_uploaded_through_one_renders_through_the_other(cluster, a, b)
    except AssertionError as failure:
        raise AssertionError(f"{failure}\n{_logs(cluster)}") from failure
    local_media = [p for p in cluster["media_root"].rglob("*") if p.is_file()]
    assert local_media == [], "media must go to the bucket, not a server's disk"


def _book_through_one_and_see_it_through_the_other(cluster, a, b):
    visitor = Browser()
    assert f"Only {CAPACITY} places left" in visitor.get(b, SUMMIT).text

    # Each step through a different server: the session is shared (Redis, database).
    visitor.get(a, f"{SUMMIT}book/")
    chosen = visitor.post(
        a, f"{SUMMIT}book/", {f"quantity_{cluster['ticket_type']}": 1}
    )
    assert chosen.status_code == 302, chosen.text[:2000]
    details = visitor.post(
        b,
        f"{SUMMIT}book/details/",
        {
            "booker-booker_name": "Sam Scale",
            "booker-booker_email": BOOKER,
            "place-1-who": "named",
            "place-1-name": "Sam Scale",
            "place-1-email": BOOKER,
            "place-1-organisation": "Example Council",
            "place-1-privacy_accepted": "on",
        },
    )
    assert details.status_code == 302, details.text[:2000]
    placed = visitor.post(a, f"{SUMMIT}book/review/", {})
    assert placed.status_code == 302, placed.text[:2000]
    # Sessions are read from Redis and kept in the database: without Redis's copy,
    # the next server reads the database's.
    shared = redis.Redis.from_url(REDIS_URL)
    [kept] = shared.keys(f"*django.contrib.sessions.cached_db{visitor.session_key}")
    shared.delete(kept)
    assert "Check your email" in visitor.get(b, placed.headers["Location"]).text

    assert f"Only {CAPACITY - 1} places left" in Browser().get(b, SUMMIT).text
    assert f"Only {CAPACITY - 1} places left" in Browser().get(a, SUMMIT).text


def _the_worker_sends_the_queued_email_once(cluster):
    task = "events.booking.tasks.send_booking_confirmation_request"
    with psycopg.connect(cluster["database"], autocommit=True) as db:

        def finished():
            return db.execute(
                "SELECT count(*) FROM django_tasks_database_dbtaskresult"
                " WHERE task_path = %s AND status = 'SUCCESSFUL'",
                [task],
            ).fetchone()[0]

        _wait_until(finished, what="the worker to run the email task")
        [message] = _emails_to(cluster["mail_dir"], BOOKER)
        assert "confirm" in message["Subject"].lower()

        # Run the task again, as requeue_stranded_tasks would after a worker died
        # having sent it: the email is not sent twice.
        db.execute(
            "UPDATE django_tasks_database_dbtaskresult SET status = 'READY',"
            " started_at = NULL, finished_at = NULL WHERE task_path = %s",
            [task],
        )
        _wait_until(finished, what="the worker to run the email task again")
        assert len(_emails_to(cluster["mail_dir"], BOOKER)) == 1
        [(sent,)] = db.execute(
            "SELECT count(*) FROM home_sentemail WHERE recipients = %s", [BOOKER]
        ).fetchall()
        assert sent == 1


def _rate_limits_count_across_both(a, b):
    limit, period = 5, 10 * 60  # RATE_LIMITS["find-ticket"]
    # Counts are per window of `period` seconds: don't start at the end of one.
    if period - time.time() % period < 15:
        time.sleep(period - time.time() % period + 0.5)
    visitor = Browser()
    visitor.get(a, "/tickets/find/")
    for _ in range(limit):
        assert visitor.post(a, "/tickets/find/", {"email": ""}).status_code == 400
    assert visitor.post(b, "/tickets/find/", {"email": ""}).status_code == 429


def _an_image_uploaded_through_one_renders_through_the_other(cluster, a, b):
    staff = Browser()
    staff.get(a, "/admin/login/")
    signed_in = staff.post(
        a,
        "/admin/login/",
        {"username": ADMIN_USERNAME, "password": ADMIN_PASSWORD},
    )
    assert signed_in.status_code == 302, signed_in.text[:2000]
    upload = image_file(size=(800, 600), name="guildhall.png")
    uploaded = staff.post(
        a,
        "/admin/images/add/",
        {"title": "Guildhall"},
        files={"file": (upload.name, upload.read(), "image/png")},
    )
    assert uploaded.status_code == 302, uploaded.text[:2000]
    [original] = cluster["bucket"].object_keys()
    assert original.startswith("original_images/guildhall")

    # Server B draws the library's thumbnails: renditions made there, from the
    # original server A stored, into the same bucket.
    listing = staff.get(b, "/admin/images/").text
    bucket_links = [
        html.unescape(link)
        for link in re.findall(r'src="(http://127\.0\.0\.1:\d+/[^"]+)"', listing)
    ]
    assert bucket_links, listing[:3000]
    thumbnail = requests.get(bucket_links[0], timeout=10)
    assert thumbnail.status_code == 200
    assert thumbnail.content.startswith(b"\x89PNG")
    keys = cluster["bucket"].object_keys()
    assert any(key.startswith("images/guildhall") for key in keys), keys
