"""Shared steps for browser tests: axe-core checks and common navigation."""

import time

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from tests.factories.accounts import DEFAULT_PASSWORD

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
_axe = Axe()
FINISH_ANIMATIONS = """document.getAnimations().forEach((animation) => {
    try { animation.finish(); } catch (error) { /* endless: leave it running */ }
})"""


def axe_violations(page):
    # Audit a finished document. After a click that navigates, the test itself must
    # first wait for something on the new page: until then the old one is "loaded".
    page.wait_for_load_state("load")
    # A message still fading in (Wagtail's admin animates them) reads as low
    # contrast: jump finite animations to their end first.
    page.evaluate(FINISH_ANIMATIONS)
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


def sign_in_to_admin(page, username):
    """Sign in to the Wagtail admin with the factories' password."""
    page.goto("/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()


def sign_in_to_site(page, user):
    """Sign in to the public site as `user` (a `VerifiedUserFactory` user)."""
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).not_to_have_text("Sign in")


def click_page_action(page, name):
    """Click one of a page's actions in the admin editor's header; Wagtail keeps
    some behind the header's "Actions" menu."""
    action = page.get_by_role("link", name=name)
    if not action.is_visible():
        page.locator("header").get_by_role("button", name="Actions").click()
    action.click()
