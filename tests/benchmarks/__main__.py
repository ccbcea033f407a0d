"""`make bench` (`python -m tests.benchmarks [bench_name ...]`): the site served as
production serves it, measured against a bare Wagtail site in the same run, one
table printed at the end. docs/performance.md says what each figure means.

1. A fresh PostgreSQL database `sa_bench`: migrate, setup_site, seed_demo --force,
   collectstatic (the reference site is made ready meanwhile: `reference`); Redis
   database 7 flushed; the tasks seeding queued run by two `db_worker --batch`.
2. bench_pages: every public page under wrk, page cache off then on.
3. The data grown (`grow()` in tests/scale.py: 10,000 signatories and attendees,
   300 stories and sessions), then bench_pages again.
4. bench_booking and bench_signups over HTTP, with `db_worker` running.
5. bench_documents and bench_checkin in a child Python (production settings).

A figure that misses its target is reported, not a failure: the exit status is
non-zero only when the harness itself broke. Every server it started is stopped,
also on Ctrl-C.
"""

import importlib.util
import json
import os
import sys
import threading
import time
import traceback

from . import (
    bench_booking,
    bench_checkin,
    bench_documents,
    bench_pages,
    bench_signups,
    reference,
)
from .harness import (
    BENCH_DIR,
    CLIENTS,
    DATABASE,
    PROCESSES,
    ROOT,
    ROUNDS,
    SECONDS,
    flush_redis,
    manage,
    python,
    query,
    raise_on_sigterm,
    recreate_database,
    run,
    say,
    site_env,
    start_site,
    start_worker,
    waiting_tasks,
)
from .report import Figures

BENCHMARKS = [
    "bench_pages",
    "bench_booking",
    "bench_signups",
    "bench_documents",
    "bench_checkin",
]
SCALE = {"signatories": 10_000, "stories": 300, "sessions": 300, "attendees": 10_000}
GROW_SCRIPT = f"""
import json
from tests.scale import grow
grow(**{SCALE!r})
print(json.dumps(True))
"""


def prepare_site():
    say(f"fresh database {DATABASE}, Redis database 7 flushed")
    recreate_database(DATABASE)
    flush_redis()
    env = site_env()
    manage("migrate", "--noinput", env=env)
    manage("setup_site", env=env)
    manage("seed_demo", "--force", env=env)
    manage("collectstatic", "--noinput", env=env)


def run_seeding_tasks():
    """The tasks seeding queued (search and reference index updates, speakers'
    tickets, emails), run to the end by two `db_worker --batch` before anything is
    measured, as a live site's worker would have run them long before."""
    queued = sum(waiting_tasks())
    started = time.monotonic()
    workers = [
        PROCESSES.start(
            [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay"],
            env=site_env(),
            log_name=f"worker-seeding-{number}.log",
        )
        for number in (1, 2)
    ]
    for worker in workers:
        worker.wait(timeout=900)
        PROCESSES.stop(worker)
    say(f"{queued} tasks queued by seeding run: {time.monotonic() - started:.1f}s")


class Background(threading.Thread):
    """A function run in a thread; `join()` raises what it raised."""

    def __init__(self, function):
        super().__init__(daemon=True)
        self.function = function
        self.error = None
        self.start()

    def run(self):
        try:
            self.function()
        except BaseException as error:  # noqa: BLE001 - raised again by join()
            self.error = error

    def join(self, timeout=None):
        super().join(timeout)
        if self.error is not None:
            raise self.error


def wait_for_queue(timeout=180):
    """Until the task queue is empty (a worker must be running); seconds taken."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if sum(waiting_tasks()) == 0:
            return time.monotonic() - started
        time.sleep(0.5)
    say(f"warning: {sum(waiting_tasks())} tasks still queued after {timeout}s")
    return None


def can_grow():
    return (
        importlib.util.find_spec("tests.scale") is not None
        and "def grow(" in (ROOT / "tests" / "scale.py").read_text()
    )


def grow():
    python(GROW_SCRIPT, env=site_env(), what="grow the data (tests/scale.py)")
    # Statistics and the visibility map (counts read from an index alone) as a live
    # database's autovacuum keeps them.
    query("VACUUM ANALYZE")


def page_passes(figures, reference_server, pages, size):
    for cache in ("off", "on"):
        flush_redis()
        say(f"pages, {size}, PAGE_CACHE={cache}")
        site = start_site(
            f"site-{size.replace(' ', '-')}-cache-{cache}", PAGE_CACHE=cache
        )
        try:
            results = bench_pages.measure(site, reference_server, pages)
        finally:
            site.stop()
        bench_pages.add_figures(
            figures, pages, results, size=size, cached=cache == "on"
        )


def main(selected):
    selected = selected or BENCHMARKS
    unknown = set(selected) - set(BENCHMARKS)
    if unknown:
        raise SystemExit(
            f"unknown benchmark {sorted(unknown)}; choose from {BENCHMARKS}"
        )
    figures = Figures()
    started = time.monotonic()
    say(
        f"{', '.join(selected)}; BENCH_SECONDS={SECONDS:g}, BENCH_ROUNDS={ROUNDS}, "
        f"BENCH_CLIENTS={CLIENTS}; {os.cpu_count()} cores"
    )
    broke = False
    try:
        reference_ready = None
        if "bench_pages" in selected:
            # Made ready (pip, migrate) while our site is built.
            reference_ready = Background(reference.prepare)
        prepare_site()
        run_seeding_tasks()
        reference_server = None
        if reference_ready is not None:
            reference_ready.join()
            reference_server = reference.start()
        pages = bench_pages.discover(site_env())
        if "bench_pages" in selected:
            page_passes(figures, reference_server, pages, "demo data")
        if can_grow():
            grow()
            size = "grown data"
            if "bench_pages" in selected:
                page_passes(figures, reference_server, pages, size)
        else:
            size = "demo data"
            figures.note("tests/scale.py has no grow(): no figures for grown data")
        if reference_server is not None:
            reference_server.stop()
        if {"bench_booking", "bench_signups"} & set(selected):
            flush_redis()
            site = start_site("site-forms")  # PAGE_CACHE as production has it
            worker = start_worker()
            figures.note(f"Forms over HTTP, {size}, page cache as in production")
            if "bench_booking" in selected:
                bench_booking.run(site, worker, site_env(), figures)
            if "bench_signups" in selected:
                say("waiting for the task queue to empty before the sign-ups")
                wait_for_queue()
                bench_signups.run(site, figures)
            PROCESSES.stop(worker)
            site.stop()
        figures.note(f"In-process, production settings, {size}")
        for name, module in [
            ("bench_documents", bench_documents),
            ("bench_checkin", bench_checkin),
        ]:
            if name in selected:
                output = run(
                    [sys.executable, "-m", f"tests.benchmarks.{name}"],
                    env=site_env(PAGE_CACHE="off", CHECKIN_REQUESTS_PER_MINUTE=10**9),
                    what=name,
                )
                module.add_figures(figures, _last_json(output))
    except KeyboardInterrupt:
        broke = True
        say("interrupted")
    except Exception:
        broke = True
        traceback.print_exc()
    finally:
        PROCESSES.stop_all()
    say(f"took {time.monotonic() - started:.0f}s")
    print()
    print(figures.table())
    results = BENCH_DIR / "results.md"
    results.write_text(figures.markdown() + "\n")
    print(f"\n(also written as a Markdown table to {results})")
    return 1 if broke else 0


def _last_json(output):
    return json.loads(output.strip().splitlines()[-1])


if __name__ == "__main__":
    raise_on_sigterm()
    sys.exit(main(sys.argv[1:]))
