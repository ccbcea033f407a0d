"""Phones and narrow screens, on the demo content: every public page and every
signed-in page fits a 320 px window without sideways scrolling and passes axe; the
header's navigation is one row on desktops and a keyboard-operable disclosure on
phones; after a scan at the door, on a 390 px phone, the answer is announced, in view
and focused; charts stay legible at 320 px and fill their card on a desktop."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from events.choices import AttendeeStatus
from events.models import Attendee, Order, Session, SummitIndexPage, SummitPage
from framework.models import Commitment, Outcome
from home.demo import DEMO_PASSWORD
from signatories.models import Signatory
from speakers.models import Speaker, SpeakersIndexPage
from spotlights.models import SpotlightIndexPage, SpotlightPage
from tests.browser.helpers import axe_violations, wait_until
from tests.factories.accounts import DEFAULT_PASSWORD, VerifiedUserFactory
from tests.seeding import seed_demo

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

NARROW = {"width": 320, "height": 640}  # WCAG 1.4.10 reflow
PHONE = {"width": 390, "height": 844}
DESKTOP_WIDTHS = [1024, 1280, 1920]
# The demo commitment whose page draws an indicator chart.
CHART_PAGE = "/showcase/equitable/homes-for-all/"


@pytest.fixture
def demo(db):
    seed_demo()
    return SummitPage.objects.order_by("-start").first()


@pytest.fixture
def window(browser, live_server):
    """Open a new browser window of a given size (and with or without scripts)."""
    contexts = []

    def open_window(size, **options):
        context = browser.new_context(
            base_url=live_server.url, viewport=size, locale="en-GB", **options
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield open_window
    for context in contexts:
        context.close()


def _public_pages(summit):
    return [
        "/",
        "/about/",
        "/accessibility/",
        "/privacy/",
        "/showcase/",
        Outcome.objects.order_by("pk").first().get_absolute_url(),
        CHART_PAGE,
        Commitment.objects.order_by("-pk").first().get_absolute_url(),
        SummitIndexPage.objects.live().get().url,
        summit.url,
        f"{summit.url}programme/",
        Session.objects.filter(summit=summit)
        .order_by("start")
        .first()
        .get_absolute_url(),
        SpeakersIndexPage.objects.live().get().url,
        f"{summit.url}speakers/",
        Speaker.objects.order_by("pk").first().get_absolute_url(),
        "/signatories/",
        Signatory.objects.public().order_by("pk").first().get_absolute_url(),
        reverse("signatories:sign"),
        reverse("signatories:request_link"),
        SpotlightIndexPage.objects.live().get().url,
        SpotlightPage.objects.live().order_by("pk").first().url,
        reverse("spotlights:propose"),
        "/search/?q=homes",
        reverse("events:find_ticket"),
        "/accounts/login/",
        "/accounts/signup/",
    ]


def _problems(page, path):
    """Open `path`; say what is wrong with it at this size (sideways scrolling, axe's
    WCAG findings), so one run reports every page."""
    response = page.goto(path)
    if response.status != 200:
        return [f"{path}: answered {response.status}"]
    # A finished page: its heading is there (the door's list arrives after it).
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    problems = []
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    if overflow > 0:
        wide = page.evaluate(
            """() => [...document.querySelectorAll('body *')]
                .filter(el => el.getBoundingClientRect().right > window.innerWidth + 0.5)
                .slice(0, 3).map(el => el.tagName.toLowerCase() + '.' + el.className)"""
        )
        problems.append(f"{path}: scrolls sideways by {overflow}px ({wide})")
    for violation in axe_violations(page):
        nodes = "; ".join(node["html"][:120] for node in violation["nodes"][:3])
        problems.append(f"{path}: axe {violation['id']}: {violation['help']} ({nodes})")
    return problems


def _sign_in(page, email, password):
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).not_to_have_text("Sign in")


def test_every_public_page_fits_a_320px_window_and_passes_axe(window, demo):
    page = window(NARROW)

    problems = [
        problem for path in _public_pages(demo) for problem in _problems(page, path)
    ]

    assert not problems, "\n".join(problems)


def test_every_signed_in_page_fits_a_320px_window_and_passes_axe(window, demo):
    member = VerifiedUserFactory(email="member.phone@example.org")
    order = (
        Order.objects.filter(summit=demo, booker__isnull=True)
        .filter(attendees__status=AttendeeStatus.CONFIRMED, attendees__name__gt="")
        .order_by("pk")
        .first()
    )
    Order.objects.filter(pk=order.pk).update(booker=member)
    ticket = order.attendees.filter(name__gt="").order_by("number").first()
    page = window(NARROW)
    _sign_in(page, member.email, DEFAULT_PASSWORD)

    problems = [
        problem
        for path in [
            "/",
            "/accounts/email/",
            "/accounts/password/change/",
            reverse("events:my_bookings"),
            f"{reverse('events:my_bookings')}{order.reference}/",
            ticket.get_absolute_url(),
            reverse("signatories:yours"),
        ]
        for problem in _problems(page, path)
    ]
    door = window(NARROW)
    _sign_in(door, "checkin@example.org", DEMO_PASSWORD)
    problems += _problems(door, reverse("events:checkin", args=[demo.pk]))
    problems += _problems(door, f"{reverse('events:checkin', args=[demo.pk])}?q=an")

    assert not problems, "\n".join(problems)


def test_without_scripts_a_phone_lists_the_navigation_and_fits(window, demo):
    page = window(NARROW, java_script_enabled=False)
    page.goto("/")

    nav = page.get_by_role("navigation", name="Main")
    expect(nav.get_by_role("link", name="Supporters")).to_be_visible()
    expect(nav.get_by_role("link", name="Create an account")).to_be_visible()
    expect(page.get_by_role("button", name="Menu")).to_be_hidden()
    assert page.evaluate("document.documentElement.scrollWidth") <= NARROW["width"]


# The header's rows: the vertical middle of each navigation item, and of the brand.
HEADER_ROWS = """() => {
    const middle = el => {
        const box = el.getBoundingClientRect();
        return Math.round(box.top + box.height / 2);
    };
    const items = [...document.querySelectorAll('#site-nav li')].filter(li => li.offsetParent);
    return {
        items: items.map(li => li.textContent.trim() + '@' + middle(li)),
        middles: [...new Set(items.map(middle))],
        brand: middle(document.querySelector('.site-header__brand')),
    };
}"""


@pytest.mark.parametrize("who", ["visitor", "staff"])
def test_the_header_navigation_is_one_row_on_desktops(window, demo, who):
    page = window({"width": DESKTOP_WIDTHS[0], "height": 800})
    if who == "staff":
        _sign_in(page, "admin@example.org", DEMO_PASSWORD)
        expected = ["Search", "Admin", "Your account", "Sign out"]
    else:
        expected = ["Search", "Sign in", "Create an account"]

    for width in DESKTOP_WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        page.goto("/summit/")
        nav = page.get_by_role("navigation", name="Main")
        expect(nav).to_be_visible()
        expect(page.get_by_role("button", name="Menu")).to_be_hidden()
        rows = page.evaluate(HEADER_ROWS)

        items = [item.split("@")[0] for item in rows["items"]]
        assert items[-len(expected) :] == expected
        assert len(items) == 5 + len(expected), rows
        # One row: every item's middle within a pixel of the others'.
        assert max(rows["middles"]) - min(rows["middles"]) <= 1, (width, rows)
        if width >= 1280:  # room for the brand beside it: the whole header is a row
            assert abs(rows["brand"] - rows["middles"][0]) <= 12, (width, rows)


def _focus_is_visible(page):
    """The focused element shows the focus style (an outline, or the links' yellow)."""
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            const style = getComputedStyle(el);
            return el.matches(':focus-visible') && (
                style.outlineStyle !== 'none' ||
                style.backgroundColor === 'rgb(255, 221, 0)');
        }"""
    )


def test_the_phone_menu_works_by_keyboard(window, demo):
    page = window(PHONE)
    page.goto("/")
    wait_until(page, "document.documentElement.classList.contains('js')")
    toggle = page.get_by_role("button", name="Menu")
    nav = page.get_by_role("navigation", name="Main")
    about = nav.get_by_role("link", name="About")
    expect(toggle).to_have_attribute("aria-controls", "site-nav")
    expect(about).to_be_hidden()

    page.keyboard.press("Tab")  # the skip link
    page.keyboard.press("Tab")  # the brand
    page.keyboard.press("Tab")
    expect(toggle).to_be_focused()
    assert _focus_is_visible(page)
    page.keyboard.press("Enter")

    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(about).to_be_visible()
    page.keyboard.press("Tab")
    expect(about).to_be_focused()
    assert _focus_is_visible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    page.keyboard.press("Escape")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(toggle).to_be_focused()
    expect(about).to_be_hidden()

    page.keyboard.press(" ")
    expect(toggle).to_have_attribute("aria-expanded", "true")
    page.keyboard.press("Shift+Tab")  # back out: the menu stays as it was left
    expect(about).to_be_visible()
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    expect(about).to_be_focused()
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "About the Shared Ambition"
    )


def _door_attendees(summit, count):
    return list(
        Attendee.objects.filter(
            summit=summit, status=AttendeeStatus.CONFIRMED, email__gt=""
        )
        .exclude(check_ins__isnull=False)
        .select_related("ticket_type")
        .order_by("name")[:count]
    )


def _expect_answer(page, name):
    """The answer for `name`: drawn in the live region, its heading on screen and
    the answer focused."""
    live = page.locator("[data-answer]")
    expect(live).to_contain_text(name)
    expect(live).to_have_attribute("aria-live", "assertive")
    answer = live.locator(".checkin-answer")
    expect(answer.locator(".checkin-answer__title")).to_be_in_viewport()
    expect(answer).to_be_focused()
    return answer


def test_the_doors_answer_is_announced_in_view_and_focused_on_a_phone(window, demo):
    first, second, third = _door_attendees(demo, 3)
    page = window(PHONE)
    _sign_in(page, "checkin@example.org", DEMO_PASSWORD)
    page.goto(reverse("events:checkin", args=[demo.pk]))
    expect(page.locator("[data-connection]")).to_have_text("Online. All scans synced.")
    # The device's copy of the list, which the name search reads, is in place.
    wait_until(page, f"localStorage.getItem('checkin:{demo.pk}:tickets') !== null")

    # Typed and sent with the keyboard alone: the form sits below the fold's top.
    page.get_by_label("Ticket reference").focus()
    page.keyboard.type(first.reference)
    page.keyboard.press("Enter")

    answer = _expect_answer(page, first.name)
    expect(answer).to_contain_text("Checked in")
    assert page.evaluate("window.scrollY") > 0
    assert _focus_is_visible(page)

    # Typing with the answer focused starts the next reference.
    page.keyboard.type(second.reference)
    expect(page.get_by_label("Ticket reference")).to_be_focused()
    page.keyboard.press("Enter")
    _expect_answer(page, second.name)

    # A pick from the search list, by keyboard.
    page.get_by_role("searchbox", name="Name or organisation").fill(third.name)
    pick = page.get_by_role("button", name=f"Check in {third.name}").first
    pick.focus()
    page.keyboard.press("Enter")
    _expect_answer(page, third.name)

    # Undo replaces the answer (and its button): focus goes to the new one.
    page.get_by_role("button", name="Undo this check-in").focus()
    page.keyboard.press("Enter")
    undone = _expect_answer(page, "undone")
    expect(undone).to_contain_text(third.name)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    violations = axe_violations(page)
    assert not violations, violations


# Boxes of the chart's texts: the axis title, the gridline labels, the dates shown.
CHART_TEXT = """figure => {
    const box = el => {
        const r = el.getBoundingClientRect();
        return {left: r.left, right: r.right, top: r.top, bottom: r.bottom,
                size: parseFloat(getComputedStyle(el).fontSize), text: el.textContent};
    };
    const shown = el => getComputedStyle(el).display !== 'none';
    return {
        title: box(figure.querySelector('.trend-chart__title--y')),
        y: [...figure.querySelectorAll('.trend-chart__labels--y text')].map(box),
        x: [...figure.querySelectorAll('.trend-chart__labels--x text')].filter(shown).map(box),
        figure: box(figure),
    };
}"""


def _overlap(a, b):
    return not (
        a["right"] <= b["left"]
        or b["right"] <= a["left"]
        or a["bottom"] <= b["top"]
        or b["bottom"] <= a["top"]
    )


def test_charts_are_legible_on_a_phone_and_fill_their_card_on_a_desktop(window, demo):
    page = window(NARROW)
    page.goto(CHART_PAGE)
    chart = page.get_by_role("img", name=re.compile("^Trend chart: "))
    expect(chart).to_be_visible()

    texts = chart.locator("xpath=..").evaluate(CHART_TEXT)
    labels = texts["y"] + texts["x"]
    assert all(text["size"] >= 14 for text in [texts["title"], *labels]), texts
    assert not [text for text in labels if _overlap(texts["title"], text)], texts
    assert not [
        (a["text"], b["text"])
        for number, a in enumerate(texts["x"])
        for b in texts["x"][number + 1 :]
        if _overlap(a, b)
    ], texts
    assert 2 <= len(texts["x"]) <= 3
    assert all(
        texts["figure"]["left"] - 1 <= text["left"]
        and text["right"] <= texts["figure"]["right"] + 1
        for text in [texts["title"], *labels]
    ), texts

    page.set_viewport_size({"width": 1280, "height": 900})
    card = page.locator(".indicator").first
    figure = card.locator(".trend-chart")
    expect(figure.locator(".trend-chart__wide-only").first).to_be_visible()
    card_width = card.evaluate(
        "el => el.clientWidth - 2 * parseFloat(getComputedStyle(el).paddingLeft)"
    )
    assert figure.bounding_box()["width"] >= 0.98 * card_width
