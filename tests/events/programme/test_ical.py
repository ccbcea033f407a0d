import datetime

import icalendar
import pytest

from events.programme import ical
from tests.factories.events import RoomFactory, SessionFactory
from tests.factories.speakers import SpeakerFactory


@pytest.fixture
def session(summit):
    return SessionFactory(
        summit=summit,
        title="Designing bus routes",
        description="Plan routes with residents.",
        room=RoomFactory(summit=summit, name="Welland Room"),
        speakers=[SpeakerFactory(name="Ada Example", organisation="Example Trust")],
        bsl_interpretation=True,
    )


def _calendar(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment; filename=")
    return icalendar.Calendar.from_ical(response.content)


def _feeds(summit, session):
    base = f"/summit/{summit.slug}/"
    return {
        "summit": f"{base}calendar/",
        "programme": f"{base}programme/calendar/",
        "session": f"{base}sessions/{session.slug}/calendar/",
    }


@pytest.mark.parametrize("feed", ["summit", "programme", "session"])
def test_every_feed_is_valid_icalendar_in_uk_time(client, summit, session, feed):
    calendar = _calendar(client, _feeds(summit, session)[feed])

    assert [tz.tz_name for tz in calendar.timezones] == ["Europe/London"]
    assert calendar.get_missing_tzids() == set()
    assert calendar["X-WR-TIMEZONE"] == "Europe/London"
    [event] = calendar.events if feed != "programme" else [calendar.events[0]]
    assert str(event.start.tzinfo) == "Europe/London"
    assert event["DTSTAMP"].to_ical().endswith(b"Z")  # UTC, as RFC 5545 requires
    assert event["LOCATION"].startswith(
        "Welland Room, " if feed != "summit" else "Example Conference Centre, "
    )
    assert "Peterborough, PE1 0ZZ" in event["LOCATION"]
    assert event["URL"].startswith(f"http://testserver/summit/{summit.slug}/")
    assert "<" not in event["DESCRIPTION"]


def test_session_event_describes_the_session_in_plain_text(client, summit, session):
    calendar = _calendar(client, _feeds(summit, session)["session"])
    [event] = calendar.events

    assert event["UID"] == f"session-{session.pk}@testserver"
    assert event["SUMMARY"] == "Designing bus routes"
    assert event["URL"] == (
        f"http://testserver/summit/{summit.slug}/sessions/{session.slug}/"
    )
    assert event["DESCRIPTION"] == (
        "Plan routes with residents.\n\n"
        "Speakers: Ada Example, Head of Testing, Example Trust\n\n"
        "Breakout.\n\n"
        "Access: British Sign Language interpretation.\n\n"
        f"http://testserver/summit/{summit.slug}/sessions/{session.slug}/"
    )
    assert event.start == session.start
    assert event.end == session.end


def test_moving_a_session_keeps_its_uid_and_raises_its_sequence(
    client, summit, session
):
    url = _feeds(summit, session)["programme"]
    [before] = _calendar(client, url).events

    session.refresh_from_db()
    session.start += datetime.timedelta(hours=2)
    session.end += datetime.timedelta(hours=2)
    session.save()
    [after] = _calendar(client, url).events

    assert after["UID"] == before["UID"] == f"session-{session.pk}@testserver"
    assert before["SEQUENCE"] == 0
    assert after["SEQUENCE"] == 1
    assert after.start - before.start == datetime.timedelta(hours=2)
    assert after.DTSTAMP >= before.DTSTAMP


def test_programme_feed_is_subscribable(client, summit, session):
    SessionFactory(summit=summit, title="Second session", at=(11, 0))

    calendar = _calendar(client, _feeds(summit, session)["programme"])

    assert calendar["UID"] == f"programme-{summit.pk}@testserver"
    assert calendar.calendar_name == f"{summit.title} programme"
    assert calendar["REFRESH-INTERVAL"].dt == datetime.timedelta(hours=6)
    assert [event["SUMMARY"] for event in calendar.events] == [
        "Designing bus routes",
        "Second session",
    ]


def test_summit_page_links_add_to_calendar_and_a_webcal_subscription(
    client, summit, session
):
    response = client.get(f"/summit/{summit.slug}/")

    assert f'href="/summit/{summit.slug}/calendar/"' in response.text
    assert (
        f'href="webcal://testserver/summit/{summit.slug}/programme/calendar/"'
        in response.text
    )


def test_build_calendar_adds_reminders_for_personal_feeds(summit, session):
    content = ical.build_calendar(
        name="My summit",
        uid="attendee-1@testserver",
        summits=[summit],
        sessions=[session],
        alarm_before=datetime.timedelta(minutes=30),
    )

    calendar = icalendar.Calendar.from_ical(content)
    assert [event["UID"] for event in calendar.events] == [
        f"summit-{summit.pk}@testserver",
        f"session-{session.pk}@testserver",
    ]
    for event in calendar.events:
        [alarm] = event.walk("VALARM")
        assert alarm["ACTION"] == "DISPLAY"
        assert alarm["TRIGGER"].dt == -datetime.timedelta(minutes=30)


def test_long_and_special_text_survives_folding_and_escaping(summit):
    title = "Fens, farms; and “futures” \\ " + "é" * 60 + " ends here"
    session = SessionFactory(
        summit=summit,
        title=title,
        description="Line one;\nline two, with a comma\r\nand three",
    )

    content = ical.build_calendar(name=title, uid="x@testserver", sessions=[session])

    assert all(len(line) <= 75 for line in content.split(b"\r\n"))
    content.decode()  # no line breaks inside a UTF-8 character
    calendar = icalendar.Calendar.from_ical(content)
    [event] = calendar.events
    assert event["SUMMARY"] == title
    assert event["DESCRIPTION"].startswith(
        "Line one;\nline two, with a comma\nand three\n\n"
    )
