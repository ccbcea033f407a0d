"""Documents built on request or by a task, in-process with production settings on
the benchmark's database (page cache off, so each request is built): the latest
summit's programme as .ics and as PDF (the time Django takes to answer the
request; the programme PDF is kept by the page cache in production, measured here
with it off, as its first visitor after a change waits), and name badges a second
(`events.organising.badges.badges_pdf` for the summit's first `BADGES` badge holders,
in each layout, as the badge task makes them: docs/documents.md).

The runner starts this in a child Python with the production environment:
`python -m tests.benchmarks.bench_documents` prints one JSON line.
"""

import json
import os
import time

SECONDS = float(os.environ.get("BENCH_SECONDS") or 3) * 2
BADGES = 1000


def _timed_gets(client, path, *, at_least=3, at_most=30):
    client.get(path)  # warm caches and templates
    times, started = [], time.perf_counter()
    while len(times) < at_most and (
        len(times) < at_least or time.perf_counter() - started < SECONDS
    ):
        began = time.perf_counter()
        response = client.get(path)
        times.append(time.perf_counter() - began)
        assert response.status_code == 200, f"{path}: {response.status_code}"
    times.sort()
    return {
        "p50_ms": times[len(times) // 2] * 1000,
        "requests": len(times),
        "kib": len(response.content) / 1024,
    }


def measure():
    from django.test import Client

    from events.choices import BadgeLayout
    from events.models import SummitPage
    from events.organising.badges import badge_holders, badges_pdf
    from tests.deploy.production_env import HOST

    summit = SummitPage.objects.live().order_by("-start").first()
    client = Client(headers={"host": HOST, "x-forwarded-proto": "https"})
    result = {
        "summit": summit.url,
        "sessions": summit.sessions.count(),
        "ics": _timed_gets(client, f"{summit.url}programme/calendar/"),
        "pdf": _timed_gets(client, f"{summit.url}programme/pdf/"),
    }
    for layout in (BadgeLayout.A6, BadgeLayout.LABELS):
        holders = list(badge_holders(summit)[:BADGES])
        started = time.perf_counter()
        badges_pdf(holders, summit=summit, layout=layout)
        result[f"badges_{layout}"] = len(holders) / (time.perf_counter() - started)
    result["badges"] = len(holders)
    return result


def add_figures(figures, result):
    sessions = f"{result['sessions']} sessions"
    figures.add(
        "programme .ics, server time p50",
        result["ics"]["p50_ms"],
        "ms",
        target=("<=", 50),
        note=f"{result['summit']}programme/calendar/, {sessions}, "
        f"{result['ics']['kib']:.0f} KiB, {result['ics']['requests']} requests",
    )
    figures.add(
        "programme PDF, server time p50",
        result["pdf"]["p50_ms"],
        "ms",
        target=("<=", 2000),
        note=f"{result['summit']}programme/pdf/, {sessions}, "
        f"{result['pdf']['kib']:.0f} KiB, {result['pdf']['requests']} requests",
    )
    figures.add(
        "badges (A6, one a page)",
        result["badges_a6"],
        "badges/s",
        target=(">=", 50),
        note=f"{result['badges']} badges in one PDF, one process",
    )
    figures.add(
        "badges (A4 label sheets)",
        result["badges_labels"],
        "badges/s",
        target=(">=", 50),
        note=f"{result['badges']} badges in one PDF, one process",
    )


if __name__ == "__main__":
    import django

    django.setup()
    print(json.dumps(measure()))
