"""Requests per second for the home page, rendered in-process (no network)."""

import time

from django.test import Client


def run(report):
    from framework.loading import load_framework
    from home.site_setup import setup

    class Quiet:
        def write(self, *args):
            pass

    load_framework()
    setup(stdout=Quiet())
    client = Client()
    client.get("/")  # warm caches and templates
    count, started = 0, time.perf_counter()
    while time.perf_counter() - started < 3:
        assert client.get("/").status_code == 200
        count += 1
    report("home page (in-process)", count / (time.perf_counter() - started), "req/s")
