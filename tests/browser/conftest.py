"""Playwright driving Debian's Chromium against Django's live server, with axe checks."""

import os
import shutil

import pytest

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
def page(browser, live_server, viewport):
    context = browser.new_context(
        base_url=live_server.url, viewport=viewport, locale="en-GB"
    )
    context.set_default_timeout(15_000)
    tab = context.new_page()
    yield tab
    context.close()
