"""The privacy notice lists every cookie the site sets (home/cookies.py): the key
journeys (browsing, booking without an account, signing up, signing in and out,
staff in the admin, forms) set no cookie the list leaves out, and the notice shows
the list."""

import re

import pytest
from django.core import mail

from home.cookies import site_cookies
from tests.factories.accounts import DEFAULT_PASSWORD, StaffUserFactory
from tests.factories.events import (
    SummitIndexPageFactory,
    SummitPageFactory,
    TicketTypeFactory,
    open_registration,
)


class CookieWatcher:
    """Every cookie name any response sets, through the test client."""

    def __init__(self, client):
        self.client = client
        self.names = set()

    def _seen(self, response):
        # The client's jar takes the cookies of every response, redirects included
        # (and keeps a deleted one's name).
        self.names |= set(response.cookies.keys()) | set(self.client.cookies.keys())
        return response

    def get(self, *args, **kwargs):
        return self._seen(self.client.get(*args, **kwargs))

    def post(self, *args, **kwargs):
        return self._seen(self.client.post(*args, **kwargs))


@pytest.fixture
def summit(site_pages, framework):
    index = SummitIndexPageFactory(parent=site_pages)
    summit = open_registration(SummitPageFactory(parent=index, slug="this-year"))
    TicketTypeFactory(summit=summit, name="Delegate place", capacity=10)
    return summit


def listed():
    return {cookie.name for cookie in site_cookies()}


def test_every_cookie_a_visitor_meets_is_listed(
    client, summit, django_capture_on_commit_callbacks
):
    browser = CookieWatcher(client)
    ticket_type = summit.ticket_types.get()

    for url in ("/", summit.url, "/privacy/", "/search/?q=summit"):
        browser.get(url)
    # Booking without an account, then confirming it from the emailed link.
    browser.get(f"{summit.url}book/")
    browser.post(f"{summit.url}book/", {f"quantity_{ticket_type.pk}": "1"})
    browser.post(
        f"{summit.url}book/details/",
        {
            "booker-booker_name": "Vi Sitor",
            "booker-booker_email": "visitor@example.org",
            "place-1-who": "named",
            "place-1-name": "Vi Sitor",
            "place-1-email": "visitor@example.org",
            "place-1-organisation": "Example Council",
            "place-1-privacy_accepted": "on",
        },
    )
    with django_capture_on_commit_callbacks(execute=True):
        done = browser.post(f"{summit.url}book/review/", follow=True)
    assert "Check your email" in done.text
    link = re.search(r"http://testserver(/\S+)", mail.outbox[-1].body).group(1)
    with django_capture_on_commit_callbacks(execute=True):
        confirmed = browser.post(link, follow=True)
    assert "is confirmed" in confirmed.text

    assert browser.names, "the journey set no cookie at all"
    assert browser.names <= listed(), browser.names - listed()


def test_every_cookie_of_signing_up_and_in_is_listed(client, site_pages):
    browser = CookieWatcher(client)

    browser.get("/accounts/signup/")
    browser.post(
        "/accounts/signup/",
        {
            "email": "new.person@example.org",
            "password1": DEFAULT_PASSWORD,
            "password2": DEFAULT_PASSWORD,
        },
        follow=True,
    )
    confirm = re.search(
        r"http://testserver(/accounts/confirm-email/\S+/)", mail.outbox[-1].body
    )
    browser.post(confirm.group(1), follow=True)
    browser.get("/accounts/email/")
    browser.post("/accounts/logout/", follow=True)
    browser.get("/accounts/login/")
    browser.post(
        "/accounts/login/",
        {"login": "new.person@example.org", "password": DEFAULT_PASSWORD},
        follow=True,
    )

    assert {"sessionid", "csrftoken", "messages"} <= browser.names
    assert browser.names <= listed(), browser.names - listed()


def test_every_cookie_staff_meet_in_the_admin_is_listed(client, site_pages):
    StaffUserFactory(email="editor.person@example.org", groups=["Editors"])
    browser = CookieWatcher(client)

    browser.post(
        "/accounts/login/",
        {"login": "editor.person@example.org", "password": DEFAULT_PASSWORD},
        follow=True,
    )
    for url in ("/admin/", "/admin/pages/", f"/admin/pages/{site_pages.pk}/"):
        assert browser.get(url, follow=True).status_code == 200
    browser.post("/admin/logout/", follow=True)

    assert browser.names <= listed(), browser.names - listed()


def test_the_privacy_notice_lists_every_cookie(client, site_pages):
    html = client.get("/privacy/").text

    assert "Cookies this website sets" in html
    for cookie in site_cookies():
        assert f"<code>{cookie.name}</code>" in html
    for site in ("Stripe", "YouTube", "Vimeo"):
        assert f"<strong>{site}</strong>" in html


def test_other_pages_do_not_list_cookies(client, site_pages):
    assert "Cookies this website sets" not in client.get("/accessibility/").text
