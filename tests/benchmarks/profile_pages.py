"""The public pages rendered in-process: each page's server time and query count
through Django's test client, production settings, `PAGE_CACHE=off` (so every
request is built), on a PostgreSQL database of its own seeded with the demo.

    python -m tests.benchmarks.profile_pages --seed     # (re)make the database first
    python -m tests.benchmarks.profile_pages            # median ms, CPU ms, queries per page
    python -m tests.benchmarks.profile_pages --profile /stories/   # cProfile, cumulative

`PROFILE_DATABASE` names the database (default `sa_profile`). Figures are in
docs/performance.md ("Render time, in process").
"""

import argparse
import cProfile
import os
import pstats
import statistics
import subprocess
import sys
import time

from .bench_pages import PAGES_SCRIPT
from .harness import database_url, recreate_database

DATABASE = os.environ.get("PROFILE_DATABASE", "sa_profile")
REQUESTS = 30


def _environment():
    # Imported here: tests.deploy reads the environment of the caller at import.
    from tests.deploy.production_env import production_env

    return production_env(
        DATABASE_URL=database_url(DATABASE),
        VAR_DIR="var/profile",
        STATIC_ROOT="var/profile/static",
        MEDIA_ROOT="var/profile/media",
        TRUSTED_PROXY_COUNT=1,
        TASK_BACKEND="django_tasks.backends.immediate.ImmediateBackend",
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        PAGE_CACHE="off",
        # One process, so its own cache keeps parts as Redis would (less its round trips).
        KEEP_PARTS="on",
        PROFILE_PAGES_CHILD=1,
    )


def seed():
    recreate_database(DATABASE)
    for command in (
        ["migrate", "--noinput"],
        ["setup_site"],
        ["seed_demo", "--force"],
        ["collectstatic", "--noinput"],
    ):
        subprocess.run(
            [sys.executable, "manage.py", *command],
            env=_environment(),
            check=True,
            stdout=subprocess.DEVNULL,
        )


def _pages():
    # The pages the benchmark loads, found the same way: its script prints them.
    namespace = {}
    exec(PAGES_SCRIPT.replace("print(json.dumps(", "pages = (("), namespace)
    return namespace["pages"]


def _timed(client, path):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _warm_up in range(3):
        client.get(path)
    times, cpu_times = [], []
    for _request in range(REQUESTS):
        started, cpu_started = time.perf_counter(), time.process_time()
        response = client.get(path)
        times.append(time.perf_counter() - started)
        cpu_times.append(time.process_time() - cpu_started)
        assert response.status_code == 200, f"{path}: {response.status_code}"
    with CaptureQueriesContext(connection) as queries:
        client.get(path)
    return (
        statistics.median(times) * 1000,
        statistics.median(cpu_times) * 1000,
        len(queries),
    )


def measure(profile_path=None):
    import django

    django.setup()
    from django.test import Client

    from tests.deploy.production_env import HOST

    client = Client(headers={"host": HOST, "x-forwarded-proto": "https"})
    if profile_path:
        _timed(client, profile_path)
        profiler = cProfile.Profile()
        profiler.enable()
        for _request in range(REQUESTS):
            client.get(profile_path)
        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(60)
        return
    print(f"{'page':<20} {'ms':>7} {'CPU ms':>7} {'queries':>8}  path")
    for label, path in _pages():
        milliseconds, cpu_milliseconds, queries = _timed(client, path)
        print(
            f"{label:<20} {milliseconds:7.1f} {cpu_milliseconds:7.1f} {queries:8d}  {path}"
        )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", action="store_true", help="remake the database")
    parser.add_argument("--profile", metavar="PATH", help="cProfile one page")
    arguments = parser.parse_args()
    if arguments.seed:
        seed()
    if not os.environ.get("PROFILE_PAGES_CHILD"):
        # Run again with the production environment in place of the caller's.
        os.execve(
            sys.executable,
            [sys.executable, "-m", "tests.benchmarks.profile_pages"]
            + (["--profile", arguments.profile] if arguments.profile else []),
            _environment(),
        )
    measure(arguments.profile)


if __name__ == "__main__":
    main()
