"""Every email the site sends, as a phone shows it: WCAG 2.2 A and AA by axe, the
footer saying why it came and who to ask, nothing wider than the screen. The ticket
email is also photographed at phone and desktop widths (SHOTS_DIR, when set)."""

import base64
import os
import pathlib

import pytest

from tests.browser.conftest import VIEWPORTS
from tests.browser.helpers import assert_accessible
from tests.email_samples import send_every_email

PHONE = {"width": 375, "height": 812}


@pytest.fixture
def emails(client, site_pages, framework, monkeypatch):
    return send_every_email(client, site_pages, monkeypatch)


@pytest.fixture
def tab(browser):
    context = browser.new_context(viewport=PHONE, locale="en-GB")
    yield context.new_page()
    context.close()


def html_of(message):
    """The HTML part with its inline (cid:) images as data: URIs, as a mail app
    shows them."""
    html = message.alternatives[0][0]
    for part in message.message().walk():
        content_id = part["Content-ID"]
        if content_id:
            data = base64.b64encode(part.get_payload(decode=True)).decode()
            html = html.replace(
                f"cid:{content_id.strip('<>')}",
                f"data:{part.get_content_type()};base64,{data}",
            )
    return html


def test_every_email_is_accessible_on_a_phone(tab, emails):
    assert len(emails) == 39
    for name, message in emails.items():
        tab.set_content(html_of(message))
        assert_accessible(tab)
        footer = tab.locator("body").inner_text()
        assert "You are getting this email because" in footer, name
        assert "Questions? Email the summit organisers at" in footer, name
        width = tab.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"{name} is {width}px wide"


def test_the_ticket_email_at_phone_and_desktop_widths(tab, emails):
    tab.set_content(html_of(emails["events/emails/ticket"]))
    qr = tab.get_by_role("img", name="QR code for ticket")
    assert qr.evaluate("image => image.naturalWidth") > 0  # the inline PNG shows
    assert (
        tab.get_by_role("link", name="Add to Google Calendar")
        .get_attribute("href")
        .startswith("https://calendar.google.com/calendar/render?action=TEMPLATE")
    )
    assert tab.get_by_role("link", name="Open your ticket").is_visible()
    shots = os.environ.get("SHOTS_DIR")
    if shots:
        tab.screenshot(
            path=pathlib.Path(shots, "ticket-email-phone.png"), full_page=True
        )
        tab.set_viewport_size(VIEWPORTS["desktop"])
        tab.screenshot(
            path=pathlib.Path(shots, "ticket-email-desktop.png"), full_page=True
        )
