"""Shared steps for browser tests: axe-core checks and common navigation."""

import time

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Error as PlaywrightError

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
_axe = Axe()


def axe_violations(page):
    # Audit a finished document. After a click that navigates, the test itself must
    # first wait for something on the new page: until then the old one is "loaded".
    page.wait_for_load_state("load")
    results = _axe.run(
        page,
        options={
            "runOnly": {"type": "tag", "values": WCAG_TAGS},
            "resultTypes": ["violations"],
        },
    )
    return results.response["violations"]


def assert_accessible(page):
    violations = axe_violations(page)
    report = "\n".join(
        f"- {v['id']} ({v['impact']}): {v['help']}\n    "
        + "\n    ".join(node["html"][:200] for node in v["nodes"][:5])
        for v in violations
    )
    assert not violations, f"axe found WCAG violations on {page.url}:\n{report}"


def open_main_menu(page):
    """On phones the main navigation sits behind the Menu button."""
    # site.js reveals the toggle; wait for it so a fresh page isn't read too early.
    wait_until(page, "document.documentElement.classList.contains('js')")
    toggle = page.get_by_role("button", name="Menu")
    if toggle.is_visible():
        toggle.click()
    return page.get_by_role("navigation", name="Main")


def wait_until(page, expression, *, timeout=15_000):
    """Wait for a JavaScript expression (or a promise of one) to be true.

    Playwright's `wait_for_function` builds its predicate with `new Function`, which
    our Content-Security-Policy (no 'unsafe-eval') refuses, as it should;
    `evaluate` goes through the DevTools protocol, which the policy leaves alone."""
    deadline = time.monotonic() + timeout / 1000
    while True:
        try:
            if page.evaluate(expression):
                return
        except PlaywrightError as error:  # a navigation replaced the document
            if "context was destroyed" not in str(error):
                raise
        if time.monotonic() > deadline:
            raise AssertionError(f"Still false after {timeout} ms: {expression}")
        page.wait_for_timeout(100)
