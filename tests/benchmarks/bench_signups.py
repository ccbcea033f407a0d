"""Signatory sign-ups a minute while the register is hammered.

wrk keeps 16 connections loading `/signatories/` while `SIGNUP_CLIENTS` visitors
sign the public form over and over, each sign-up a new visitor (fresh cookies, own
address, a new organisation and email): the form page, the post (every field a
person fills in, two commitments, the honeypot left empty, an empty logo part) and
the "check your email" page it leads to. A sign-up counts when it lands there;
anything else is an error.

`manage.py db_worker` runs alongside, as in production. Afterwards: the tasks still
waiting when the load stopped, and how long the worker then took to clear them.
"""

import contextlib
import random
import subprocess
import threading
import time
import uuid

from .browser import Browser, UnexpectedAnswer, form_with
from .harness import (
    CLIENTS,
    LOG_DIR,
    PROCESSES,
    SECONDS,
    say,
    waiting_tasks,
    wrk_command,
    wrk_result,
)

# Half as many signers as wrk has connections on the register.
SIGNUP_CLIENTS = max(1, CLIENTS // 2)
REGISTER_CONNECTIONS = 16
DRAIN_TIMEOUT = 300


def sign_one(server):
    browser = Browser(server)
    page = browser.get("/signatories/sign/")
    form = form_with(page.text, "contact_email")
    organisation = f"Bench {uuid.uuid4().hex[:10]}"
    commitments = form.options("commitments")
    page = browser.submit(
        page,
        form,
        button="Sign",
        name=f"{organisation} Ltd",
        organisation_type=random.choice(form.options("organisation_type")),
        district=random.choice(form.options("district")),
        website=f"https://{organisation.lower().replace(' ', '-')}.example.org",
        pledge="We will cut our emissions and buy local. " * 3,
        commitments=random.sample(commitments, min(2, len(commitments))),
        contact_name="Bench Signer",
        contact_role="Director",
        contact_email=f"{organisation.lower().replace(' ', '.')}@example.org",
        authorised="on",
    )
    if page.status_code != 200 or not page.path.startswith("/signatories/sign/"):
        raise UnexpectedAnswer(page, "signing")
    if page.path == "/signatories/sign/":
        raise UnexpectedAnswer(page, "signing (form back with errors)")


def run(server, figures):
    seconds = max(10, 5 * SECONDS)
    before = sum(waiting_tasks())
    say(
        f"sign-ups: {SIGNUP_CLIENTS} signers while wrk loads /signatories/ "
        f"({REGISTER_CONNECTIONS} connections) for {seconds:.0f}s"
    )
    load = PROCESSES.start(
        wrk_command(server, "/signatories/", seconds, REGISTER_CONNECTIONS),
        env=None,
        log_name="wrk-register.log",
    )
    lock = threading.Lock()
    counts = {"ok": 0, "errors": []}
    deadline = time.monotonic() + seconds

    def signer():
        while time.monotonic() < deadline:
            try:
                sign_one(server)
            except Exception as error:  # noqa: BLE001 - counted and reported
                with lock:
                    counts["errors"].append(repr(error))
            else:
                with lock:
                    counts["ok"] += 1

    started = time.perf_counter()
    threads = [threading.Thread(target=signer) for _ in range(SIGNUP_CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    with contextlib.suppress(subprocess.TimeoutExpired):
        load.wait(timeout=seconds + 120)
    PROCESSES.stop(load)
    register = wrk_result((LOG_DIR / load.log_name).read_text())
    ready, running = waiting_tasks()
    drain_started = time.perf_counter()
    drained = None
    while time.perf_counter() - drain_started < DRAIN_TIMEOUT:
        if sum(waiting_tasks()) == 0:
            drained = time.perf_counter() - drain_started
            break
        time.sleep(0.5)
    errors = counts["errors"]
    figures.add(
        "signatory sign-ups while /signatories/ is loaded",
        counts["ok"] / elapsed * 60,
        "sign-ups/min",
        target=(">=", 2000),
        note=f"{counts['ok']} in {elapsed:.0f}s from {SIGNUP_CLIENTS} clients; "
        f"/signatories/ meanwhile {register['rps']:.1f} req/s, "
        f"p50 {register['p50_ms'] or 0:.0f} ms, {register['errors']} errors",
    )
    figures.add(
        "  sign-up errors",
        len(errors),
        "errors",
        target=("<=", 0),
        note="; ".join(sorted(set(errors))[:3]),
    )
    figures.add(
        "  tasks waiting when the load stopped",
        ready + running,
        "tasks",
        note=f"{before} waiting before; one db_worker",
    )
    figures.add(
        "  time for the worker to clear them",
        drained,
        "s",
        note="" if drained is not None else f"not cleared in {DRAIN_TIMEOUT}s",
    )
