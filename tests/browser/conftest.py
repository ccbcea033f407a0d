"""Playwright driving Debian's Chromium against Django's live server, with axe checks."""

import datetime
import os
import re
import shutil

import pytest
from django.utils import timezone

from events.site_setup import setup_summit_index
from tests.factories import StaffUserFactory
from tests.factories.events import SummitPageFactory, open_registration

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORTS = {
    "phone": {"width": 390, "height": 844},
    "desktop": {"width": 1280, "height": 900},
}


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    """Everything under tests/browser/ is a browser test, so `-m browser` selects it."""
    for item in items:
        if item.path.is_relative_to(os.path.dirname(__file__)):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser(django_db_setup, django_db_blocker):
    if not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM)):
        message = f"Chromium not found at {CHROMIUM}; `make test` installs it."
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in the test thread; Django's ORM refuses
    # to run beside one unless told it is safe (it is: the loop only drives Chromium).
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    snapshots = _serialized_db_contents()
    with sync_playwright() as playwright:
        _restore_serialized_db_contents(snapshots)
        instance = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield instance
        instance.close()


def _serialized_db_contents():
    from django.db import connections

    return {
        alias: connections[alias]._test_serialized_contents
        for alias in connections
        if hasattr(connections[alias], "_test_serialized_contents")
    }


def _restore_serialized_db_contents(snapshots):
    """With Playwright's loop running, asgiref hands this thread fresh connection
    objects; give them the snapshot serialized_rollback restores between tests."""
    from django.db import connections

    for alias, contents in snapshots.items():
        connections[alias]._test_serialized_contents = contents


@pytest.fixture(params=["desktop"])
def viewport(request):
    """The window `page` opens: a desktop, unless a test parametrizes "viewport"
    indirectly or its module overrides this fixture with `any_viewport`."""
    return VIEWPORTS[request.param]


@pytest.fixture(params=["phone", "desktop"])
def any_viewport(request):
    """A phone's window, then a desktop's. Modules whose pages must work on both
    override `viewport` with it, and pin a test to one size by parametrizing
    "any_viewport" indirectly."""
    return VIEWPORTS[request.param]


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    """Visitors who are not signed in get pages through the page cache, as in
    production, so every journey also proves it never shows a stale or someone
    else's page."""
    settings.PAGE_CACHE = True


@pytest.fixture
def event_manager(db):
    """A member of Event managers, like the demo's `events` account; signs in as
    "test-events" with `tests.factories.accounts.DEFAULT_PASSWORD`."""
    return StaffUserFactory(
        username="test-events",
        email="eve@example.org",
        first_name="Eve",
        groups=["Event managers"],
    )


@pytest.fixture
def this_years_summit(site_pages, framework):
    """This year's summit, 30 days ahead, titled and addressed with its year, booking
    open, under the summit index Event managers may edit and publish (as
    `setup_site` makes it). No ticket types: each test adds its own."""
    year = timezone.localdate(timezone.now() + datetime.timedelta(days=30)).year
    return open_registration(
        SummitPageFactory(
            parent=setup_summit_index(site_pages)[0],
            title=f"Shared Ambition Summit {year}",
            slug=str(year),
        )
    )


@pytest.fixture
def page(browser, live_server, viewport):
    context = browser.new_context(
        base_url=live_server.url, viewport=viewport, locale="en-GB"
    )
    context.set_default_timeout(15_000)
    tab = context.new_page()
    yield tab
    context.close()


# Every violation, enforced or report-only, from any frame of any page the tab
# opens: told to the test through a binding that outlives each navigation.
LISTEN = """
document.addEventListener("securitypolicyviolation", (event) => {
    window.__cspViolation({
        page: document.location.pathname,
        directive: event.effectiveDirective,
        blocked: event.blockedURI,
        disposition: event.disposition,
        source: event.sourceFile + ":" + event.lineNumber,
        sample: event.sample,
    });
});
"""


class Violations(list):
    def enforced(self):
        return [v for v in self if v["disposition"] == "enforce"]

    def on_public_pages(self):
        return [v for v in self if not v["page"].startswith("/admin/")]


@pytest.fixture
def violations(page):
    seen = Violations()
    page.context.expose_binding("__cspViolation", lambda _source, v: seen.append(v))
    page.context.add_init_script(LISTEN)
    # Chromium also writes each refusal to the console: a violation the listener
    # could miss (one in a document that never ran the script) still counts, and
    # so does a Permissions-Policy header it can't read (a feature it doesn't know).
    page.on(
        "console",
        lambda message: (
            (
                "Content Security Policy" in message.text
                or "Permissions-Policy" in message.text
            )
            and seen.append(
                {
                    "page": re.sub(r"^https?://[^/]+", "", page.url),
                    "directive": "console",
                    "blocked": message.text[:300],
                    "disposition": "report"
                    if "report-only" in message.text or "[Report Only]" in message.text
                    else "enforce",
                    "source": "",
                    "sample": "",
                }
            )
        ),
    )
    return seen
