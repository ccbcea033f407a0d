import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from tests.browser.helpers import assert_accessible, open_main_menu

# Browser tests hit a live server, so data must be committed; serialized rollback
# restores what migrations created (the page tree root, staff groups) between tests.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def viewport(any_viewport):
    return any_viewport


@pytest.mark.parametrize(
    "path, heading",
    [
        ("/", "Our Shared Ambition for 2050"),
        ("/accessibility/", "Accessibility statement"),
        ("/privacy/", "Privacy notice"),
        ("/accounts/signup/", "Sign up"),
        ("/accounts/login/", "Sign in"),
        ("/accounts/password/reset/", "Password reset"),
        ("/no-such-page/", "Page not found"),
    ],
)
def test_public_pages_are_accessible(page, site_pages, framework, path, heading):
    page.goto(path)

    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    expect(
        page.get_by_role("contentinfo").get_by_role(
            "link", name="Accessibility statement"
        )
    ).to_be_visible()
    assert_accessible(page)


def test_home_page_shows_the_statement_from_the_framework(page, site_pages, framework):
    page.goto("/")

    statement = page.locator(".hero__statement")
    expect(statement).to_contain_text("By igniting innovation, embracing our diversity")


def test_skip_link_moves_focus_to_the_main_content(page, site_pages, framework):
    page.goto("/")
    page.keyboard.press("Tab")

    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#main-content")).to_be_focused()


def test_phone_menu_opens_and_closes(browser, live_server, site_pages, framework):
    from tests.browser.conftest import VIEWPORTS

    context = browser.new_context(base_url=live_server.url, viewport=VIEWPORTS["phone"])
    tab = context.new_page()
    tab.goto("/")
    toggle = tab.get_by_role("button", name="Menu")
    sign_in = tab.get_by_role("navigation", name="Main").get_by_role(
        "link", name="Sign in"
    )

    expect(sign_in).to_be_hidden()
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(sign_in).to_be_visible()
    context.close()


@pytest.mark.parametrize(
    "window",
    [
        {"width": 320, "height": 640},  # WCAG 1.4.10 reflow
        {"width": 640, "height": 450},  # a 1280 x 900 screen zoomed to 200%
    ],
    ids=["320px", "200%-zoom"],
)
def test_page_has_no_horizontal_scroll(
    browser, live_server, site_pages, framework, window
):
    context = browser.new_context(base_url=live_server.url, viewport=window)
    tab = context.new_page()
    for path in ["/", "/accessibility/", "/accounts/signup/"]:
        tab.goto(path)
        overflow = tab.evaluate(
            "document.documentElement.scrollWidth - window.innerWidth"
        )
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px in {window}"
    context.close()


def test_navigation_and_sign_up_work_without_javascript(
    browser, live_server, site_pages, framework
):
    from tests.browser.conftest import VIEWPORTS

    context = browser.new_context(
        base_url=live_server.url,
        viewport=VIEWPORTS["phone"],
        java_script_enabled=False,
    )
    tab = context.new_page()
    tab.goto("/")
    # Without site.js there is no Menu button: the links are simply there.
    main_nav = tab.get_by_role("navigation", name="Main")
    expect(main_nav.get_by_role("link", name="Sign in")).to_be_visible()
    main_nav.get_by_role("link", name="Create an account").click()

    expect(tab.get_by_role("heading", level=1)).to_have_text("Sign up")
    tab.get_by_label("Email").fill("no-script@example.org")
    tab.get_by_label("Password", exact=True).fill("a-long-unusual-passphrase")
    tab.get_by_label("Password (again)").fill("a-long-unusual-passphrase")
    tab.get_by_role("button", name="Sign up").click()
    expect(tab.get_by_role("heading", level=1)).to_have_text(
        "Verify your email address"
    )
    assert [message.to for message in mail.outbox] == [["no-script@example.org"]]
    context.close()


def _confirmation_link(email_message):
    return re.search(
        r"https?://\S+/accounts/confirm-email/\S+/", email_message.body
    ).group(0)


def test_sign_up_verify_sign_in_and_out(page, live_server, site_pages, framework):
    page.goto("/accounts/signup/")
    page.get_by_label("Email").fill("newcomer@example.org")
    page.get_by_label("Password", exact=True).fill("a-long-unusual-passphrase")
    page.get_by_label("Password (again)").fill("a-long-unusual-passphrase")
    page.get_by_role("button", name="Sign up").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Verify your email address"
    )
    assert_accessible(page)
    assert len(mail.outbox) == 1
    link = _confirmation_link(mail.outbox[0])

    page.goto(link.replace("http://testserver", live_server.url))
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm email address")
    assert_accessible(page)
    page.get_by_role("button", name="Confirm").click()

    # Confirmed in the browser that signed up: signed in at once, named by email.
    expect(
        page.get_by_text("Successfully signed in as newcomer@example.org.")
    ).to_be_visible()
    assert_accessible(page)
    main_nav = open_main_menu(page)
    expect(main_nav.get_by_role("button", name="Sign out")).to_be_visible()
    main_nav.get_by_role("button", name="Sign out").click()
    sign_in = open_main_menu(page).get_by_role("link", name="Sign in")
    expect(sign_in).to_be_visible()
    sign_in.click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    page.get_by_label("Email").fill("newcomer@example.org")
    page.get_by_label("Password").fill("a-long-unusual-passphrase")
    page.get_by_role("button", name="Sign in").click()

    main_nav = open_main_menu(page)
    expect(main_nav.get_by_role("button", name="Sign out")).to_be_visible()
    main_nav.get_by_role("button", name="Sign out").click()
    expect(open_main_menu(page).get_by_role("link", name="Sign in")).to_be_visible()


def test_sign_up_errors_are_announced_and_linked(page, site_pages, framework):
    page.goto("/accounts/signup/")
    page.get_by_label("Email").fill("not-an-email")
    page.get_by_role("button", name="Sign up").click()

    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("There is a problem")
    expect(page.get_by_label("Email")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page)


def test_password_reset_sends_an_email(page, site_pages, framework):
    from tests.factories import VerifiedUserFactory

    VerifiedUserFactory(email="forgetful@example.org")
    page.goto("/accounts/password/reset/")
    page.get_by_label("Email").fill("forgetful@example.org")
    page.get_by_role("button", name="Reset my password").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Password reset")
    expect(page.get_by_role("main")).to_contain_text("sent you an email")
    assert [message.to for message in mail.outbox] == [["forgetful@example.org"]]
    assert_accessible(page)


def test_account_pages_for_a_signed_in_person(page, site_pages, framework):
    from tests.factories import VerifiedUserFactory
    from tests.factories.accounts import DEFAULT_PASSWORD

    user = VerifiedUserFactory(email="member@example.org")
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    open_main_menu(page).get_by_role("link", name="Your account").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Email address")
    expect(page.get_by_label("Current email")).to_have_value("member@example.org")
    assert_accessible(page)

    page.get_by_role("navigation", name="Your account").get_by_role(
        "link", name="Password"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Change password")
    assert_accessible(page)
