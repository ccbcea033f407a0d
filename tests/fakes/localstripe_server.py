"""localstripe, the stateful fake Stripe server from PyPI, served inside the test run.

It runs localstripe's own aiohttp application (the one its `localstripe` command
serves) on its own event loop in a background thread, bound to 127.0.0.1 on a free
port. A thread rather than a subprocess: it starts in a fraction of a second, binds
port 0 without a race, and cannot outlive a crashed test run. Nothing else in the
test process touches localstripe's objects; `FakeStripe` only talks to it over HTTP.
"""

import asyncio
import http.client
import json
import socket
import threading
import warnings
from urllib.parse import urlencode

from .stripe_params import encode_params


class LocalStripeError(Exception):
    def __init__(self, status, body):
        super().__init__(f"localstripe answered {status}: {body}")
        self.status = status
        self.body = body


class LocalStripe:
    """One per process: localstripe keeps its objects and its app in module globals."""

    _started = False

    def __init__(self, *, api_key):
        self.api_key = api_key
        self.port = None
        self._loop = None
        self._runner = None
        self._thread = None
        self._saved_dump_to_disk = None

    def start(self):
        if LocalStripe._started:
            raise RuntimeError("localstripe is already running in this process")
        LocalStripe._started = True
        from aiohttp import web
        from localstripe import resources

        # localstripe pickles its whole store to /tmp/localstripe.pickle after every
        # write: slow, and one file shared by every localstripe on the machine. The
        # tests never reload it, so that is switched off while this server runs.
        self._saved_dump_to_disk = resources.Store.dump_to_disk
        resources.Store.dump_to_disk = lambda store: None
        with warnings.catch_warnings():
            # Its routes are plain functions, which aiohttp deprecates; not ours to fix.
            warnings.simplefilter("ignore", DeprecationWarning)
            from localstripe.server import app

        listening = socket.create_server(("127.0.0.1", 0))
        self.port = listening.getsockname()[1]
        self._loop = asyncio.new_event_loop()
        self._runner = web.AppRunner(app, access_log=None)
        ready = threading.Event()

        def serve():
            asyncio.set_event_loop(self._loop)
            self._loop.run_until_complete(self._runner.setup())
            site = web.SockSite(self._runner, listening)
            self._loop.run_until_complete(site.start())
            ready.set()
            self._loop.run_forever()

        self._thread = threading.Thread(target=serve, name="localstripe", daemon=True)
        self._thread.start()
        if not ready.wait(timeout=10):
            raise RuntimeError("localstripe did not start within 10 seconds")

    def stop(self):
        asyncio.run_coroutine_threadsafe(self._shutdown(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)
        self._loop.close()
        from localstripe import resources

        resources.Store.dump_to_disk = self._saved_dump_to_disk
        LocalStripe._started = False

    async def _shutdown(self):
        await self._runner.cleanup()
        # localstripe schedules webhook tasks that sleep a second before sending;
        # none are registered here, so they can be dropped.
        pending = [
            task for task in asyncio.all_tasks() if task is not asyncio.current_task()
        ]
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)

    def reset(self):
        """Forget every object (localstripe's own `DELETE /_config/data`)."""
        status, body = self.request("DELETE", "/_config/data")
        if status != 200:
            raise LocalStripeError(status, body)

    def request(self, method, path, params=None, *, authorization=None):
        """Send one request; returns the status and the decoded JSON body (or None)."""
        encoded = urlencode(encode_params(params or {}))
        headers = {"Authorization": authorization or f"Bearer {self.api_key}"}
        body = None
        if method == "POST":
            body = encoded
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        elif encoded:
            path = f"{path}?{encoded}"
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            raw = response.read()
        finally:
            connection.close()
        try:
            return response.status, json.loads(raw)
        except ValueError:
            return response.status, None

    def call(self, method, path, params=None):
        """Like `request`, for the fake's own calls: any error is a bug, so it raises."""
        status, body = self.request(method, path, params)
        if status != 200:
            raise LocalStripeError(status, body)
        return body
