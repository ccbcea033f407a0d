"""The browser policy in Chromium (home/browser_policy.py): every kind of public
page of the demo, kept ones included, the door page and pages seen by signed-in
staff run with no Content-Security-Policy violation; the admin's main pages work
under their report-only policy; and a video's player loads from the
privacy-enhanced domain only after the visitor presses Play, by keyboard too."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect
from wagtail.models import Page

from events.models import SummitPage
from framework.models import Commitment
from home.cookies import site_cookies
from home.demo import DEMO_PASSWORD
from home.models import StandardPage
from signatories.models import Signatory
from speakers.models import Speaker
from tests.browser.helpers import assert_accessible, wait_until
from tests.seeding import seed_demo

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def demo(db):
    seed_demo()


def public_addresses():
    """One address of each kind of public page (HTML) the demo has."""
    summit = SummitPage.objects.live().order_by("-start").first()
    commitment = Commitment.objects.first()
    addresses = [
        commitment.outcome.get_absolute_url(),
        commitment.get_absolute_url(),
        reverse("events:programme", args=[summit.slug]),
        summit.sessions.order_by("pk").first().get_absolute_url(),
        reverse("events:speakers", args=[summit.slug]),
        Speaker.objects.public().order_by("pk").first().get_absolute_url(),
        reverse("events:book", args=[summit.slug]),
        reverse("events:find_ticket"),
        reverse("signatories:register"),
        reverse("signatories:sign"),
        reverse("signatories:request_link"),
        Signatory.objects.public().order_by("pk").first().get_absolute_url(),
        reverse("spotlights:index"),
        reverse("spotlights:propose"),
        f"{reverse('search')}?q=transport",
        "/accounts/login/",
        "/accounts/signup/",
        "/accounts/password/reset/",
        "/no-such-page/",
    ]
    # Every live Wagtail page: home, standard pages, showcase, summits, stories...
    pages = [page.url for page in Page.objects.live().public().filter(depth__gt=1)]
    return [*dict.fromkeys(pages + addresses)]


def visit(page, address):
    response = page.goto(address)
    page.wait_for_load_state("load")
    return response


def test_no_public_page_breaks_the_policy(page, demo, violations):
    addresses = public_addresses()

    for address in addresses:
        response = visit(page, address)
        assert response.headers.get("content-security-policy"), address
    # Again, now that the page cache keeps them.
    answers = [visit(page, address).headers for address in addresses[:10]]

    assert len(addresses) > 25
    assert "hit" in {answer.get("x-page-cache") for answer in answers}
    assert not violations, violations


def _sign_in(page, email):
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).not_to_have_text("Sign in")


ADMIN_PAGES = [
    "/admin/",
    "/admin/pages/",
    "/admin/pages/{home}/",
    "/admin/pages/{home}/edit/",
    "/admin/pages/{standard}/edit/",
    "/admin/images/",
    "/admin/documents/",
    "/admin/snippets/",
    "/admin/users/",
    "/admin/reports/site-history/",
]


def test_the_admin_works_under_its_report_only_policy(page, demo, violations):
    """Wagtail 8's admin still writes inline scripts (InlinePanel, date pickers,
    choosers): its pages report them (report-only) and keep working."""
    home = Page.objects.get(depth=2)
    standard = StandardPage.objects.live().first()
    _sign_in(page, "admin@example.org")

    for address in ADMIN_PAGES:
        response = visit(page, address.format(home=home.pk, standard=standard.pk))
        assert response.ok, address
        assert "content-security-policy" not in response.headers
        assert response.headers["content-security-policy-report-only"]
        # Wagtail's scripts ran: the sidebar is drawn by JavaScript.
        expect(page.locator("[data-wagtail-sidebar] nav, aside.sidebar")).to_have_count(
            1
        )

    # Folding the admin's menu is the one cookie a script of the site sets.
    page.goto("/admin/")
    page.get_by_role("button", name="Toggle sidebar").click()
    wait_until(page, "document.cookie.includes('wagtail_sidebar_collapsed')")
    cookies = {cookie["name"]: cookie for cookie in page.context.cookies()}
    assert set(cookies) <= {cookie.name for cookie in site_cookies()}, cookies
    assert cookies["wagtail_sidebar_collapsed"]["expires"] == -1  # until closed

    assert not violations.enforced(), violations.enforced()
    print("\nWagtail admin report-only violations:")
    for violation in {(v["page"], v["directive"], v["blocked"]) for v in violations}:
        print(" ", *violation)


def test_signed_in_staff_see_public_pages_without_violations(page, demo, violations):
    """Staff get Wagtail's user bar on public pages; it keeps to the policy."""
    _sign_in(page, "editor@example.org")

    for address in public_addresses()[:12]:
        visit(page, address)
    expect(page.locator("wagtail-userbar")).to_have_count(1)

    assert not violations, violations


def test_the_door_page_uses_only_what_the_policy_allows(page, demo, violations):
    summit = SummitPage.objects.order_by("-start").first()
    _sign_in(page, "checkin@example.org")

    visit(page, f"/checkin/{summit.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Check-in")
    expect(page.locator("[data-connection]")).to_have_text("Online. All scans synced.")
    camera_here = page.evaluate("document.featurePolicy.allowsFeature('camera')")
    visit(page, "/")
    camera_elsewhere = page.evaluate("document.featurePolicy.allowsFeature('camera')")

    assert (camera_here, camera_elsewhere) == (True, False)
    assert not violations, violations


PROVIDERS = re.compile(r"youtube|youtu\.be|ytimg|vimeo|googlevideo")


def test_a_video_loads_its_nocookie_player_only_when_played(
    page, site_pages, violations
):
    StandardPage.objects.get(slug="privacy")  # the site's pages are in place
    site_pages.add_child(
        instance=StandardPage(
            title="The summit on film",
            slug="film",
            body=[
                (
                    "video",
                    {
                        "video": "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
                        "title": "The summit in two minutes",
                        "transcript": "",
                    },
                )
            ],
        )
    )
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.route(
        re.compile(r"^https://www\.youtube-nocookie\.com/"),
        lambda route: route.fulfill(
            content_type="text/html", body="<title>Player</title><p>Player</p>"
        ),
    )

    page.goto("/film/")
    play = page.get_by_role(
        "button",
        name="Play video (loads YouTube, which may set cookies)",
    )
    expect(play).to_be_visible()
    expect(page.get_by_role("link", name="Watch on YouTube")).to_have_attribute(
        "href", "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
    )
    assert_accessible(page)
    assert not [url for url in requests if PROVIDERS.search(url)]
    assert page.locator("iframe").count() == 0

    play.focus()
    expect(play).to_be_focused()
    page.keyboard.press("Enter")

    player = page.locator("iframe[title='The summit in two minutes']")
    expect(player).to_have_attribute(
        "src", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1"
    )
    expect(player).to_be_focused()
    expect(page.frame_locator("iframe").get_by_text("Player")).to_be_visible()
    assert [url for url in requests if PROVIDERS.search(url)] == [
        "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1"
    ]
    assert not violations, violations
