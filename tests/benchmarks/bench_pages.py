"""Public pages under load: wrk, 2 threads and 16 connections, against our site and
the reference (a bare Wagtail site's home page) in turns.

Each round loads the reference's home page, then each of our pages in turn; a
last reference run closes the final round. A page's ratio is its req/s over the
mean of the two reference runs either side of its round, so whatever else loads
the machine at the time weighs on both alike. The figures are the medians over
the rounds. The pages are found in the database (`PAGES_SCRIPT`), not by slug.
"""

import threading
import time

from .harness import ROUNDS, SECONDS, get, median, python, say, wrk

PAGES_SCRIPT = """
import json
from django.db.models import Count
from events.models import SummitPage
from framework.models import Commitment
from spotlights.models import SpotlightPage

summit = SummitPage.objects.live().order_by("-start").first()
story = SpotlightPage.objects.live().order_by("-first_published_at", "-pk").first()
commitment = (
    Commitment.objects.annotate(supporters=Count("signatories_signatory_tagged"))
    .order_by("-supporters", "pk")
    .first()
)
print(json.dumps([
    ["home", "/"],
    ["latest summit", summit.url],
    ["its programme", summit.url + "programme/"],
    ["/signatories/", "/signatories/"],
    ["/showcase/", "/showcase/"],
    ["a commitment", commitment.get_absolute_url()],
    ["/stories/", "/stories/"],
    ["a story", story.url],
    ["/summit/speakers/", "/summit/speakers/"],
]))
"""


def discover(env):
    """[(label, path)] of the pages measured."""
    return [tuple(page) for page in python(PAGES_SCRIPT, env=env, what="pages")]


def warm(server, paths):
    """One request for each page, then two at once (one for each worker), so
    templates, renditions and caches are ready. Returns ({path: seconds the two
    took}, [answers other than 200]); a page that answers no 200 stops the run."""
    took, problems = {}, []
    for path in paths:
        first = get(server, path)[0]
        started = time.perf_counter()
        statuses = _twice_at_once(server, path)
        took[path] = time.perf_counter() - started
        problems += [
            f"{path} {status}" for status in [first, *statuses] if status != 200
        ]
        if 200 not in statuses:
            raise RuntimeError(f"{server.name} {path} answered {[first, *statuses]}")
    return took, problems


def _twice_at_once(server, path):
    statuses = []
    requests = [
        threading.Thread(target=lambda: statuses.append(get(server, path)[0]))
        for _worker in range(2)
    ]
    for request in requests:
        request.start()
    for request in requests:
        request.join()
    return statuses


def measure(site, reference, pages):
    """{path: {rps, p50_ms, p99_ms, ratio, errors, kib, alone_s}}: medians over
    the rounds, and how long the page took alone when warming up."""
    warm(reference, ["/"])
    alone, problems = warm(site, [path for _label, path in pages])
    references = [wrk(reference, "/", SECONDS)]
    runs = {path: [] for _label, path in pages}
    for round_number in range(ROUNDS):
        # Each round takes the pages in another order.
        shift = round_number % len(pages)
        for _label, path in pages[shift:] + pages[:shift]:
            if runs[path] and not runs[path][-1]["requests"]:
                # Nothing finished within a run: another would only queue up
                # more work for the server to finish before the next page.
                runs[path].append(runs[path][-1])
                continue
            result = wrk(site, path, SECONDS)
            if result["restarts"]:
                # gunicorn restarted workers (max_requests) during the run: after
                # the same number of requests each time, so always on the same
                # page of a round. Run it again, so no one page carries them.
                result = {**wrk(site, path, SECONDS), "rerun": result["restarts"]}
            runs[path].append(result)
        references.append(wrk(reference, "/", SECONDS))
        say(
            f"  round {round_number + 1}/{ROUNDS}: reference "
            f"{references[-1]['rps']:.0f} req/s"
        )
    results = {}
    for _label, path in pages:
        ratios = []
        for number, result in enumerate(runs[path]):
            around = (references[number]["rps"] + references[number + 1]["rps"]) / 2
            ratios.append(result["rps"] / around if around else None)
        results[path] = {
            "rps": median(r["rps"] for r in runs[path]),
            "p50_ms": median(r["p50_ms"] for r in runs[path]),
            "p99_ms": median(r["p99_ms"] for r in runs[path]),
            "kib": median(r["kib"] for r in runs[path]),
            "errors": sum(r["errors"] for r in runs[path]),
            "restarts": sum(r["restarts"] for r in runs[path]),
            "reruns": sum(1 for r in runs[path] if r.get("rerun")),
            "ratio": median(ratios),
            "alone_s": alone[path],
        }
    results["warm-up problems"] = problems
    results["reference"] = {
        "rps": median(r["rps"] for r in references),
        "p50_ms": median(r["p50_ms"] for r in references),
        "p99_ms": median(r["p99_ms"] for r in references),
    }
    return results


def add_figures(figures, pages, results, *, size, cached):
    target = 0.9 if cached else 0.67
    reference = results["reference"]
    figures.note(
        f"Pages, {size}, page cache {'on' if cached else 'off'}: reference "
        f"{reference['rps']:.0f} req/s, p50 {reference['p50_ms'] or 0:.1f} ms, "
        f"p99 {reference['p99_ms'] or 0:.1f} ms"
    )
    for label, path in pages:
        result = results[path]
        if result["rps"]:
            note = (
                f"{path} {result['rps']:.1f} req/s, p50 {result['p50_ms']:.0f} ms, "
                f"p99 {result['p99_ms']:.0f} ms, {result['kib']:.0f} KiB"
            )
        else:
            note = (
                f"{path}: no request finished within {SECONDS:g}s of load; two at "
                f"once took {result['alone_s']:.1f}s when warming up"
            )
        problems = [p for p in results["warm-up problems"] if p.startswith(path + " ")]
        if problems:
            note += (
                f"; warming up it answered {', '.join(p.split()[-1] for p in problems)}"
            )
        if result["errors"]:
            note += f", {result['errors']} errors"
        if result["reruns"]:
            note += (
                "; run again: gunicorn restarted workers (max_requests) in the first"
            )
        if result["restarts"]:
            note += f"; {result['restarts']} worker restarts (max_requests) during it"
        figures.add(
            f"  {label}", result["ratio"], "x ref", target=(">=", target), note=note
        )
