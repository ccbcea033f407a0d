"""Hostile input to every public form and endpoint: never a server error, and never a
write where the input is invalid (issue 20).

`targets.plan` sends a fixed table of hostile values (`hostile.py`) to every form
field, query parameter, address part, the door's JSON endpoints and Stripe's
webhook, as anonymous visitors, signed-in members, check-in staff and visitors
part-way through booking, with real CSRF tokens. Each probe runs in a savepoint
rolled back after it, so every probe meets the same site; the rows of every table
are counted after it, and every INSERT, UPDATE or DELETE it made is recorded.
A failure lists each request that failed, to send again by hand.
"""

import copy
import re
import time
from collections import Counter

import pytest
from django.apps import apps
from django.conf import settings
from django.core import mail
from django.core.cache import cache
from django.db import connection, transaction
from django.test import TestCase
from django.urls import URLPattern, URLResolver, get_resolver
from django_tasks import TaskResultStatus
from django_tasks.signals import task_finished
from wagtail.models import get_page_models

from . import targets
from .hostile import XSS
from .world import AnyWorld, build_world, make_clients

PROJECT_APPS = {"home", "events", "framework", "speakers", "signatories", "spotlights"}
# Written by any visit, whatever it carries: the visitor's session.
WRITES_ALLOWED = {"django_session"}
WRITE = re.compile(r'^\s*(INSERT INTO|UPDATE|DELETE FROM)\s+"?(\w+)"?', re.IGNORECASE)
# The probes' groups, run as one test each (each test builds the site afresh).
RUNS = {
    "booking and the door": {"booking", "door"},
    "tickets": {"tickets"},
    "register, stories, postcards and proposals": {
        "signatories",
        "stories",
        "postcards",
        "proposals",
    },
    "feedback": {"feedback"},
    "pages": {"pages"},
    "addresses, accounts and webhook": {"routes", "accounts", "webhook"},
}
MAX_SHOWN = 40


def _public_url_names(patterns):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if str(pattern.pattern) == "admin/":
                continue  # staff only: not a public address
            yield from _public_url_names(pattern.url_patterns)
        elif isinstance(pattern, URLPattern):
            yield pattern.name or str(pattern.pattern)


def test_every_public_address_is_fuzzed():
    public = set(_public_url_names(get_resolver().url_patterns))
    fuzzed = targets.url_names(AnyWorld())

    assert public - fuzzed - set(targets.NOT_FUZZED) == set()
    assert fuzzed - public == set()


def test_every_page_type_is_fuzzed():
    page_types = {
        model._meta.label
        for model in get_page_models()
        if model._meta.app_label in PROJECT_APPS
    }

    assert page_types - targets.page_types(AnyWorld()) == set()


def test_the_plan_sends_at_least_2000_hostile_requests():
    probes = targets.plan(AnyWorld())

    assert len(probes) >= 2000
    assert {probe.group for probe in probes} == set().union(*RUNS.values())
    assert len(targets.plan(AnyWorld())) == len(probes)  # the same every time


@pytest.fixture
def world(home_page, settings):
    settings.STRIPE_WEBHOOK_SECRET = targets.WEBHOOK_SECRET
    return build_world(home_page)


@pytest.mark.parametrize("run", RUNS)
def test_hostile_requests_get_no_server_error_and_write_nothing(world, run):
    probes = [probe for probe in targets.plan(world) if probe.group in RUNS[run]]
    clients = make_clients(world)
    started = time.monotonic()

    fuzzer = Fuzzer(clients)
    failures = fuzzer.run(probes)

    seconds = time.monotonic() - started
    statuses = dict(sorted(fuzzer.statuses.items()))
    print(f"{run}: {len(probes)} requests in {seconds:.1f}s, {statuses}")  # noqa: T201
    if failures:
        kinds = Counter(problem for problem, _probe in failures)
        shown = "\n".join(
            f"- {problem}: {probe.describe()}"
            for problem, probe in failures[:MAX_SHOWN]
        )
        pytest.fail(
            f"{len(failures)} of {len(probes)} hostile requests failed "
            f"({dict(kinds)}):\n{shown}",
            pytrace=False,
        )


class Fuzzer:
    def __init__(self, clients):
        self.clients = clients
        self.cookies = {name: copy.deepcopy(c.cookies) for name, c in clients.items()}
        self.tables = _counted_tables()
        self.before = self._counts()
        self.failed_tasks = []
        self.statuses = Counter()

    def run(self, probes):
        failures = []
        task_finished.connect(self._task_finished)
        try:
            for probe in probes:
                failures.extend((problem, probe) for problem in self.send(probe))
        finally:
            task_finished.disconnect(self._task_finished)
        return failures

    def _task_finished(self, sender, task_result, **kwargs):
        if task_result.status == TaskResultStatus.FAILED:
            error = task_result.errors[-1].traceback.strip().splitlines()[-1]
            self.failed_tasks.append(f"task {task_result.task.name} failed: {error}")

    def send(self, probe):
        client = self.clients[probe.client]
        client.cookies = copy.deepcopy(self.cookies[probe.client])
        cache.clear()
        mail.outbox = []
        self.failed_tasks = []
        writes, problems = [], []
        with transaction.atomic():
            try:
                with (
                    connection.execute_wrapper(_record_writes(writes)),
                    TestCase.captureOnCommitCallbacks(execute=True),
                ):
                    response = _request(client, probe)
                    content = _content(response)
                counts = self._counts() if probe.refuse else None
            # Whatever escapes (a queued task's failure, a stream cut short) is
            # the finding.
            except Exception as error:  # noqa: BLE001
                problems.append(f"raised {type(error).__name__}: {error}"[:300])
                response, counts = None, None
            transaction.set_rollback(True)
        problems += self.failed_tasks
        if response is None:
            return problems
        self.statuses[response.status_code] += 1
        if response.status_code >= 500:
            problems.append(f"{response.status_code} {_exception(response)}")
        if probe.control and response.status_code >= 400:
            problems.append(f"the form as filled in got {response.status_code}")
        if probe.refuse:
            written = sorted({table for table in writes if table not in WRITES_ALLOWED})
            if counts is not None and counts != self.before:
                written += sorted(
                    table
                    for table, count in counts.items()
                    if count != self.before[table]
                )
            if written:
                problems.append(f"wrote {sorted(set(written))}")
        if "html" in response.get("Content-Type", "") and XSS.encode() in content:
            problems.append("echoed the script unescaped")
        if settings.SECRET_KEY.encode() in content:
            problems.append("showed the secret key")
        return problems

    def _counts(self):
        sql = "SELECT " + ", ".join(
            f"(SELECT COUNT(*) FROM {connection.ops.quote_name(table)})"
            for table in self.tables
        )
        with connection.cursor() as cursor:
            cursor.execute(sql)
            return dict(zip(self.tables, cursor.fetchone(), strict=True))


def _counted_tables():
    existing = set(connection.introspection.table_names())
    return sorted(
        {
            model._meta.db_table
            for model in apps.get_models(include_auto_created=True)
            if model._meta.managed and not model._meta.proxy
        }
        & existing - WRITES_ALLOWED
    )


def _record_writes(writes):
    def wrapper(execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        match = WRITE.match(sql)
        if match and context["cursor"].rowcount != 0:
            writes.append(match.group(2))
        return result

    return wrapper


def _request(client, probe):
    path = f"{probe.path}?{probe.query}" if probe.query else probe.path
    if probe.method == "GET":
        return client.get(path, **probe.headers)
    return client.generic(
        probe.method,
        path,
        probe.body,
        content_type=probe.content_type or "application/octet-stream",
        **probe.headers,
    )


def _content(response):
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def _exception(response):
    exc_info = getattr(response, "exc_info", None)
    if not exc_info:
        return ""
    error, frame, where = exc_info[1], exc_info[2], ""
    while frame is not None:  # the deepest line of the site's own code
        filename = frame.tb_frame.f_code.co_filename
        ours = "site-packages" not in filename and "/tests/" not in filename
        if ours or not where:
            where = f"{filename}:{frame.tb_lineno}"
        frame = frame.tb_next
    return f"{type(error).__name__}: {str(error)[:200]} at {where}"
