"""Personal agendas: stars through a signed-in account and through the ticket
link, clashes said in words, the calendar feed, and the page cache never keeping
anyone's stars."""

import re

import icalendar
import pytest
from django.core.cache import caches
from django.test import Client

from events.models import AgendaItem, Attendee
from events.retention import anonymise_attendees
from home import page_cache
from tests.factories.accounts import VerifiedUserFactory
from tests.factories.events import (
    AttendeeFactory,
    SessionFactory,
    SummitPageFactory,
    TicketTypeFactory,
)
from tests.queries import queries_for


@pytest.fixture
def sessions(summit):
    return {
        "buses": SessionFactory(
            summit=summit, title="Designing bus routes", at=(10, 0)
        ),
        "homes": SessionFactory(summit=summit, title="Warm homes", at=(10, 30)),
        "later": SessionFactory(summit=summit, title="Closing plenary", at=(15, 0)),
    }


@pytest.fixture
def holder(db):
    return VerifiedUserFactory(email="holder@example.org")


@pytest.fixture
def place(summit, holder):
    ticket_type = TicketTypeFactory(summit=summit)
    return AttendeeFactory(ticket_type=ticket_type, email="holder@example.org")


def _agenda_url(summit):
    return f"/summit/{summit.slug}/my-agenda/"


def _star(client, url, session, action="star", **extra):
    return client.post(url, {"session": session.pk, "action": action, **extra})


def test_signed_in_holder_stars_and_unstars_from_the_programme(
    client, summit, sessions, place, holder
):
    client.force_login(holder)
    programme = f"/summit/{summit.slug}/programme/"
    page = client.get(programme).content.decode()
    assert "Star<span" in page

    response = _star(client, _agenda_url(summit), sessions["buses"], next=programme)
    assert response.status_code == 302
    assert response["Location"] == programme
    assert list(place.agenda_items.values_list("session", flat=True)) == [
        sessions["buses"].pk
    ]
    page = client.get(programme).content.decode()
    assert "remove “Designing bus routes” from my agenda" in page
    agenda = client.get(_agenda_url(summit))
    assert (
        agenda["Cache-Control"].startswith("max-age=0")
        or "private" in agenda["Cache-Control"]
        or "no-cache" in agenda["Cache-Control"]
    )
    assert "Designing bus routes" in agenda.content.decode()

    _star(client, _agenda_url(summit), sessions["buses"], action="unstar")
    assert not place.agenda_items.exists()


def test_starring_keeps_every_cached_page(client, summit, sessions, place, holder):
    """A star shows on no shared page: it must not empty the page cache."""
    client.force_login(holder)
    before = page_cache._generations(None)[page_cache.CONTENT]

    _star(client, _agenda_url(summit), sessions["buses"])
    _star(client, _agenda_url(summit), sessions["buses"], action="unstar")
    _star(client, _agenda_url(summit), sessions["homes"])

    assert place.agenda_items.count() == 1
    assert page_cache._generations(None)[page_cache.CONTENT] == before


def test_the_agenda_page_skips_no_heading_level(
    client, summit, sessions, place, holder
):
    client.force_login(holder)
    _star(client, _agenda_url(summit), sessions["buses"])
    page = client.get(_agenda_url(summit)).content.decode()
    levels = [int(level) for level in re.findall(r"<h([1-6])", page)]
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False)), levels
    assert "Starred sessions and booked workshops" in page


def test_starring_twice_keeps_one_star(client, summit, sessions, place, holder):
    client.force_login(holder)
    _star(client, _agenda_url(summit), sessions["buses"])
    _star(client, _agenda_url(summit), sessions["buses"])
    assert AgendaItem.objects.count() == 1


def test_unsafe_next_is_ignored(client, summit, sessions, place, holder):
    client.force_login(holder)
    response = _star(
        client, _agenda_url(summit), sessions["buses"], next="https://evil.example/"
    )
    assert response["Location"] == _agenda_url(summit)


def test_ticket_link_holder_stars_without_an_account(client, summit, sessions, place):
    url = f"/tickets/{place.manage_token}/agenda/"
    page = client.get(url)
    assert page.status_code == 200
    assert page["X-Robots-Tag"] == "noindex, nofollow"
    assert 'Star<span class="visually-hidden"> “Warm homes”' in page.content.decode()

    response = _star(client, url, sessions["homes"])
    assert response.status_code == 302
    assert place.agenda_items.get().session == sessions["homes"]
    assert "remove “Warm homes” from my agenda" in client.get(url).content.decode()


@pytest.mark.parametrize(
    "data",
    [
        {"session": "999999", "action": "star"},
        {"session": "nonsense", "action": "star"},
        {"session": "", "action": "star"},
        {"action": "explode"},
    ],
)
def test_bad_ids_are_refused_with_a_400_and_write_nothing(
    client, summit, sessions, place, holder, data
):
    data = {"session": sessions["buses"].pk, **data}
    response = client.post(f"/tickets/{place.manage_token}/agenda/", data)
    assert response.status_code == 400
    assert "There is a problem" in response.content.decode()
    client.force_login(holder)
    assert client.post(_agenda_url(summit), data).status_code == 400
    assert not AgendaItem.objects.exists()


def test_another_summits_session_is_refused(
    client, summit, summit_index, sessions, place, holder
):
    other = SessionFactory(summit=SummitPageFactory(parent=summit_index))
    client.force_login(holder)
    assert _star(client, _agenda_url(summit), other).status_code == 400
    assert not AgendaItem.objects.exists()


def test_unknown_ticket_token_is_a_404(client, db):
    assert client.get("/tickets/not-a-token/agenda/").status_code == 404


def test_someone_without_a_place_has_no_agenda(client, summit, sessions):
    client.force_login(VerifiedUserFactory(email="stranger@example.org"))
    assert (
        "You have no place at this summit"
        in client.get(_agenda_url(summit)).content.decode()
    )
    assert _star(client, _agenda_url(summit), sessions["buses"]).status_code == 403
    assert not AgendaItem.objects.exists()


def test_signed_out_visitor_is_sent_to_sign_in(client, summit, sessions):
    response = _star(client, _agenda_url(summit), sessions["buses"])
    assert response.status_code == 302
    assert "login" in response["Location"]
    assert not AgendaItem.objects.exists()


def test_clashes_are_said_in_words_and_booked_workshops_show(
    client, summit, sessions, place, holder
):
    workshop = SessionFactory(summit=summit, title="Mapping workshop", at=(15, 30))
    place.workshops.add(workshop)
    client.force_login(holder)
    _star(client, _agenda_url(summit), sessions["buses"])
    _star(client, _agenda_url(summit), sessions["homes"])
    _star(client, _agenda_url(summit), sessions["later"])
    page = client.get(_agenda_url(summit)).content.decode()

    assert page.count("<strong>Clash:</strong>") == 4  # two pairs
    assert "overlaps “Warm homes” (10:30 to 11:15)" in page
    assert "overlaps “Designing bus routes” (10:00 to 10:45)" in page
    assert "Mapping workshop" in page and "Booked workshop" in page
    # Closing plenary (15:00-15:45) overlaps the workshop (15:30-16:15).
    assert "overlaps “Mapping workshop”" in page


def test_calendar_feed_holds_starred_sessions_and_workshops(
    client, summit, sessions, place
):
    workshop = SessionFactory(summit=summit, title="Mapping workshop", at=(15, 30))
    place.workshops.add(workshop)
    AgendaItem.objects.create(attendee=place, session=sessions["homes"])
    response = client.get(f"/tickets/feed/{place.calendar_token}/")
    calendar = icalendar.Calendar.from_ical(response.content)
    titles = {str(event["SUMMARY"]) for event in calendar.events}
    assert titles == {summit.title, "Warm homes", "Mapping workshop"}


def test_page_cache_never_keeps_or_leaks_stars(summit, sessions, place, holder):
    caches["default"].clear()
    programme = f"/summit/{summit.slug}/programme/"
    AgendaItem.objects.create(attendee=place, session=sessions["buses"])
    anonymous = Client()
    first = anonymous.get(programme)
    assert "csrftoken" not in first.cookies  # no form: the page stays shareable
    signed_in = Client()
    signed_in.force_login(holder)
    mine = signed_in.get(programme)
    assert "Cache-Control" in mine and "private" in mine["Cache-Control"]
    assert "remove “Designing bus routes” from my agenda" in mine.content.decode()
    # Asked again after the holder's visit, the anonymous page shows no star.
    again = anonymous.get(programme).content.decode()
    assert "from my agenda" not in again and "Starred" not in again
    other = Client()
    other.force_login(VerifiedUserFactory(email="someone@example.org"))
    theirs = other.get(programme).content.decode()
    assert "from my agenda" not in theirs


def test_anonymising_the_place_deletes_its_stars(summit, sessions, place):
    AgendaItem.objects.create(attendee=place, session=sessions["buses"])
    anonymise_attendees(Attendee.objects.filter(pk=place.pk))
    assert not AgendaItem.objects.exists()


@pytest.mark.parametrize("items", [1, 3])
def test_agenda_page_runs_a_fixed_number_of_queries(
    client, summit, sessions, place, holder, items
):
    for session in list(sessions.values())[:items]:
        AgendaItem.objects.create(attendee=place, session=session)
    client.force_login(holder)
    assert len(queries_for(client, _agenda_url(summit))) == AGENDA_QUERIES


# Measured, the same with 1 and 3 items: session and user (2), the holder's place,
# the agenda's sessions with their speakers and commitments (3), and the page's
# chrome (menus, site settings); the summit page and the site are kept until
# content changes (home/page_cache.py).
AGENDA_QUERIES = 9
