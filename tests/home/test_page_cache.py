"""The page cache for visitors who are not signed in: kept pages are served without
a query, every change that shows on a page renders it afresh, and nothing personal
is ever kept."""

import datetime
import pickle
from unittest import mock

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from events.choices import ComeAgain, QuestionKind
from events.door.services import check_in
from events.models import (
    AccessCode,
    FeedbackInvitation,
    FeedbackResponse,
    RegistrationAnswer,
    RegistrationQuestion,
)
from events.site_setup import setup_summit_index
from framework.models import Commitment
from framework.services import import_observations
from framework.site_setup import setup_showcase
from home import page_cache
from home.models import SiteChrome, StandardPage
from signatories import services as signatory_services
from signatories.site_setup import setup_register_page
from tests.factories.accounts import StaffUserFactory, VerifiedUserFactory
from tests.factories.events import (
    AttendeeFactory,
    SessionFactory,
    SummitPageFactory,
    TicketTypeFactory,
    open_registration,
)
from tests.factories.framework import IndicatorFactory
from tests.factories.signatories import PendingSignatoryFactory, SignatoryFactory
from tests.factories.spotlights import SpotlightIndexPageFactory, SpotlightPageFactory


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.PAGE_CACHE = True


def visit(client, url, **headers):
    """GET `url`; the response, with how many queries it ran as `.queries`."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **headers)
    response.queries = len(queries)
    return response


def kept(client, url):
    """Visit `url` until it is served from the cache; that response."""
    visit(client, url)
    response = visit(client, url)
    assert response["X-Page-Cache"] == "hit", url
    return response


@pytest.fixture
def stories(site_pages, framework):
    return SpotlightIndexPageFactory(parent=site_pages)


@pytest.fixture
def summit(site_pages, framework):
    return SummitPageFactory(parent=setup_summit_index(site_pages)[0])


@pytest.fixture
def ticket_type(summit):
    open_registration(summit)
    return TicketTypeFactory(summit=summit, name="Delegate place", capacity=10)


@pytest.fixture
def booker(db):
    return VerifiedUserFactory(email="booker@example.org")


def test_a_second_visitor_gets_the_same_page_without_a_query(client, site_pages):
    first = visit(client, "/")
    second = visit(client, "/")

    assert first["X-Page-Cache"] == "miss" and first.queries > 0
    assert second["X-Page-Cache"] == "hit" and second.queries == 0
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    assert second["Cache-Control"] == "public, max-age=0, s-maxage=0"
    assert "Cookie" in second["Vary"]


def test_a_browser_revalidating_its_copy_gets_304(client, site_pages):
    etag = kept(client, "/")["ETag"]

    response = visit(client, "/", HTTP_IF_NONE_MATCH=etag)

    assert response.status_code == 304 and response.queries == 0
    assert response["ETag"] == etag


def test_the_cdn_lifetime_is_a_setting(client, site_pages, settings):
    settings.PAGE_CACHE_CDN_SECONDS = 30

    assert kept(client, "/")["Cache-Control"] == "public, max-age=0, s-maxage=30"


def test_the_cache_is_off_unless_switched_on(client, site_pages, settings):
    settings.PAGE_CACHE = False
    visit(client, "/")

    response = visit(client, "/")

    assert "X-Page-Cache" not in response and response.queries > 0


def test_signed_in_people_get_their_own_page_and_never_keep_it(client, site_pages):
    person = VerifiedUserFactory(email="kasia.wisniewska@example.org")
    client.force_login(person)

    for _ in range(2):
        response = visit(client, "/")
        assert "X-Page-Cache" not in response and response.queries > 0
        assert "Sign out" in response.text
        assert "private" in response["Cache-Control"]

    client.logout()
    client.cookies.clear()
    anonymous = visit(client, "/")
    assert anonymous["X-Page-Cache"] == "miss"
    assert "Sign out" not in anonymous.text and "Sign in" in anonymous.text


def test_a_visitor_with_a_message_waiting_is_not_served_a_kept_page(client, site_pages):
    kept(client, "/")
    client.cookies["messages"] = "anything"

    response = visit(client, "/")

    assert "X-Page-Cache" not in response and response.queries > 0


def test_pages_with_a_form_token_are_never_kept(client, site_pages, framework):
    setup_register_page()
    for _ in range(2):
        response = visit(client, "/signatories/sign/")
        assert response.status_code == 200
        assert response["X-Page-Cache"] == "bypass"
        assert "private" in response["Cache-Control"]


def test_nothing_personal_is_ever_kept(client, ticket_type, booker, site_pages):
    """A person's booking, ticket and account pages, and the pages of someone
    signed in, leave nothing in the shared cache."""
    attendee = AttendeeFactory(
        ticket_type=ticket_type,
        booker=booker,
        name="Łukasz Żółć-Nguyễn",
        email="lukasz.zolc@example.org",
    )
    for url in (attendee.order.get_absolute_url(), attendee.get_absolute_url()):
        assert visit(client, url).status_code == 200
    client.force_login(booker)
    for url in ("/", ticket_type.summit.url, "/accounts/email/"):
        visit(client, url)

    kept_values = [pickle.dumps(cache.get(key)) for key in cache._cache]  # locmem
    for value in kept_values:
        for personal in ("Żółć".encode(), b"lukasz.zolc", b"booker@example.org"):
            assert personal not in value


# --- Every change that shows on a page renders it afresh -----------------------


def test_publishing_unpublishing_and_moving_a_story(client, stories):
    story = SpotlightPageFactory(parent=stories, title="Bus link doubles")
    assert "Bus link doubles" in kept(client, "/stories/").text
    assert kept(client, story.url).status_code == 200

    story.title = "Bus link triples"
    story.save_revision().publish()
    assert "Bus link triples" in visit(client, "/stories/").text
    assert "Bus link triples" in visit(client, story.url).text

    kept(client, story.url)
    story.unpublish()
    assert visit(client, story.url).status_code == 404

    story.save_revision().publish()
    old_url = story.url
    kept(client, old_url)
    other = stories.get_parent().add_child(
        instance=StandardPage(title="Archive", slug="archive")
    )
    story.move(other, pos="last-child")
    moved = visit(client, old_url)
    assert moved.status_code == 301 and moved["Location"] == f"/archive/{story.slug}/"
    assert visit(client, "/archive/" + story.slug + "/").status_code == 200


def test_an_approved_signatory_shows_and_a_sign_up_keeps_the_page(
    client, site_pages, framework, django_capture_on_commit_callbacks
):
    setup_register_page()
    SignatoryFactory(name="Fenland Example Trust")
    kept(client, "/signatories/")

    waiting = PendingSignatoryFactory(name="Wisbech Example Bakery")
    response = visit(client, "/signatories/")
    assert response["X-Page-Cache"] == "hit"  # a sign-up shows nowhere yet

    with django_capture_on_commit_callbacks(execute=True):
        signatory_services.approve_signatory(
            signatory=waiting, user=StaffUserFactory(email="mod@example.org")
        )
    response = visit(client, "/signatories/")
    assert response["X-Page-Cache"] == "miss"
    assert "Wisbech Example Bakery" in response.text
    assert 'register-count__number">2<' in response.text


def test_a_sign_up_ends_on_a_kept_page(client, site_pages, framework):
    setup_register_page()
    data = {
        "name": "Ely Growers",
        "organisation_type": "business",
        "district": "east-cambridgeshire",
        "pledge": "We will grow more food locally.",
        "commitments": [Commitment.objects.first().pk],
        "contact_name": "Alex Example",
        "contact_role": "Director",
        "contact_email": "alex@elygrowers.example.org",
        "authorised": "on",
    }
    kept(client, "/signatories/sign/check-your-email/")

    response = client.post("/signatories/sign/", data, follow=True)

    assert response.redirect_chain[-1][0] == "/signatories/sign/check-your-email/"
    assert response["X-Page-Cache"] == "hit"


def test_an_edited_session_shows_on_the_programme(client, summit):
    session = SessionFactory(summit=summit, title="Energy for everyone")
    programme = f"{summit.url}programme/"
    assert "Energy for everyone" in kept(client, programme).text

    session.title = "Energy for all"
    session.save()

    assert "Energy for all" in visit(client, programme).text


def test_a_booking_changes_places_left_and_only_the_pages_showing_them(
    client, ticket_type
):
    ticket_type.capacity = 3
    ticket_type.save()
    summit_url = ticket_type.summit.url
    assert "Only 3 places left" in kept(client, summit_url).text
    kept(client, "/")

    AttendeeFactory(ticket_type=ticket_type)

    assert "Only 2 places left" in visit(client, summit_url).text
    assert visit(client, "/")["X-Page-Cache"] == "hit"


def test_answers_to_registration_questions_keep_every_page(client, ticket_type):
    question = RegistrationQuestion.objects.create(
        summit=ticket_type.summit, label="Dietary needs?", kind=QuestionKind.TEXT
    )
    place = AttendeeFactory(ticket_type=ticket_type)
    kept(client, "/")

    RegistrationAnswer.objects.create(
        attendee=place, question=question, value="None", answered_at=timezone.now()
    )

    assert visit(client, "/")["X-Page-Cache"] == "hit"


def test_access_codes_and_their_uses_keep_every_page(client, ticket_type):
    summit_url = ticket_type.summit.url
    kept(client, summit_url)
    kept(client, "/")

    code = AccessCode.objects.create(summit=ticket_type.summit, code="PARTNER-2026")
    code.ticket_types.add(ticket_type)
    code.uses = 1
    code.save()

    assert visit(client, summit_url)["X-Page-Cache"] == "hit"
    assert visit(client, "/")["X-Page-Cache"] == "hit"


def test_a_place_held_past_its_time_comes_back_by_the_clock(client, ticket_type):
    from events.booking import holds  # noqa: PLC0415

    ticket_type.capacity = 3
    ticket_type.save()
    summit_url = ticket_type.summit.url
    holds.hold_places(
        summit=ticket_type.summit, quantities={ticket_type: 1}, key="someone"
    )
    assert "Only 2 places left" in kept(client, summit_url).text

    with time_machine.travel(timezone.now() + datetime.timedelta(hours=2)):
        assert "Only 3 places left" in visit(client, summit_url).text


def test_registration_opening_by_the_clock_shows_the_booking_button(client, summit):
    TicketTypeFactory(summit=summit)
    summit.registration_opens_at = timezone.now() + datetime.timedelta(days=1)
    summit.save()
    assert "Book your place" not in kept(client, summit.url).text

    with time_machine.travel(timezone.now() + datetime.timedelta(days=1, minutes=1)):
        assert "Book your place" in visit(client, summit.url).text


def test_arrivals_and_feedback_renew_the_summit_index_figures_only(
    client, site_pages, framework
):
    summit = SummitPageFactory(parent=setup_summit_index(site_pages)[0], days_ahead=-2)
    place = AttendeeFactory(ticket_type=TicketTypeFactory(summit=summit))
    assert "0% (0 / 1)" in kept(client, "/summit/").text
    kept(client, "/")

    check_in(summit=summit, by=StaffUserFactory(), reference=place.reference)

    assert "100% (1 / 1)" in kept(client, "/summit/").text
    assert visit(client, "/")["X-Page-Cache"] == "hit"

    FeedbackResponse.objects.create(
        invitation=FeedbackInvitation.objects.create(summit=summit, attendee=place),
        summit=summit,
        overall=4,
        come_again=ComeAgain.YES,
    )

    assert '<td class="num">4.0</td>' in visit(client, "/summit/").text
    assert visit(client, "/")["X-Page-Cache"] == "hit"


def test_editing_the_header_and_footer(client, site_pages):
    kept(client, "/")
    chrome = SiteChrome.for_site(site_pages.get_site())
    chrome.contact_email = "summit-team@example.org"
    chrome.save()

    assert "mailto:summit-team@example.org" in visit(client, "/").text


def test_imported_indicator_figures_show_on_the_commitment_page(
    client, site_pages, framework
):
    """Observations arrive in bulk, with no save signals: the import says so itself."""
    setup_showcase()
    commitment = Commitment.objects.first()
    IndicatorFactory(slug="homes", unit="homes", commitment=commitment)
    url = commitment.get_absolute_url()
    assert "4,321" not in kept(client, url).text

    import_observations(data=b"indicator,date,value\nhomes,2024-03-31,4321\n")

    assert "4,321" in visit(client, url).text


def test_a_change_counts_again_when_its_transaction_commits(
    db, django_capture_on_commit_callbacks
):
    key = page_cache._generation_key(page_cache.CONTENT)
    with django_capture_on_commit_callbacks(execute=True):
        page_cache.changed()
        during = cache.get(key)
    assert cache.get(key) == during + 1


def test_something_slow_is_made_by_one_request_while_others_wait(rf):
    request, made = rf.get("/"), []

    def make():
        made.append(1)
        return b"made"

    # Another request is making it; it is kept while this one waits.
    key = page_cache._remember_key(request, "slow")
    cache.add(f"{key}:making", True)
    with mock.patch("home.page_cache.time.sleep", lambda _: cache.set(key, b"kept")):
        assert (
            page_cache.remember_slow(request, "slow", make, wait_seconds=5) == b"kept"
        )
    assert made == []

    # Its maker never finishes: after waiting, this request makes it itself.
    cache.delete(key)
    with (
        mock.patch("home.page_cache.time.monotonic", side_effect=[0, 0, 6]),
        mock.patch("home.page_cache.time.sleep"),
    ):
        assert (
            page_cache.remember_slow(request, "slow", make, wait_seconds=5) == b"made"
        )
    assert made == [1]
    assert page_cache.remember_slow(request, "slow", make, wait_seconds=5) == b"made"
    assert made == [1]


def test_something_slow_is_made_each_time_without_a_cache(rf, settings):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    }
    request = rf.get("/")

    made = [page_cache.remember_slow(request, "slow", lambda: b"made", wait_seconds=5)]
    made.append(
        page_cache.remember_slow(request, "slow", lambda: b"made", wait_seconds=5)
    )

    assert made == [b"made", b"made"]
