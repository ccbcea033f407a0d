import datetime

import pytest
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string

from events.choices import SummitStatus
from events.models import Session
from framework.models import Commitment
from tests.factories.events import (
    RoomFactory,
    SessionFactory,
    SummitPageFactory,
    local_time,
)


def test_summit_status_follows_the_dates(summit):
    summit.registration_opens_at = summit.start - datetime.timedelta(days=60)
    summit.registration_closes_at = summit.start - datetime.timedelta(days=2)
    day = datetime.timedelta(days=1)

    assert (
        summit.get_status(summit.registration_opens_at - day) == SummitStatus.UPCOMING
    )
    assert (
        summit.get_status(summit.registration_opens_at + day)
        == SummitStatus.REGISTRATION_OPEN
    )
    assert summit.get_status(summit.start - day) == SummitStatus.UPCOMING
    assert summit.get_status(summit.end) == SummitStatus.PAST


def test_registration_stays_open_until_the_start_without_a_closing_date(summit):
    summit.registration_opens_at = summit.start - datetime.timedelta(days=30)

    assert summit.registration_is_open(summit.start - datetime.timedelta(minutes=1))
    assert not summit.registration_is_open(summit.start)


def test_summit_must_end_after_it_starts(summit):
    summit.end = summit.start

    with pytest.raises(ValidationError) as error:
        summit.full_clean()

    assert error.value.message_dict["end"] == ["The summit must end after it starts."]


def test_session_ending_before_it_starts_is_refused(summit):
    session = Session(
        summit=summit,
        title="Backwards",
        session_type="panel",
        start=summit.start + datetime.timedelta(hours=2),
        end=summit.start + datetime.timedelta(hours=1),
    )

    with pytest.raises(ValidationError) as error:
        session.full_clean()

    assert error.value.message_dict["end"] == ["The session must end after it starts."]


def test_session_outside_the_summit_dates_is_refused(summit):
    session = Session(
        summit=summit,
        title="The day after",
        session_type="panel",
        start=summit.start + datetime.timedelta(days=1),
        end=summit.start + datetime.timedelta(days=1, hours=1),
    )

    with pytest.raises(ValidationError) as error:
        session.full_clean()

    [message] = error.value.message_dict["start"]
    assert message.startswith("The session must take place during the summit: ")
    assert summit.date_range_text in message


def test_session_in_another_summits_room_is_refused(summit, summit_index):
    other = SummitPageFactory(parent=summit_index, days_ahead=90)
    session = SessionFactory.build(
        summit=summit, room=RoomFactory(summit=other, name="Elsewhere Hall")
    )

    with pytest.raises(ValidationError) as error:
        session.full_clean()

    assert error.value.message_dict["room"] == [
        "Elsewhere Hall belongs to another summit. Choose one of this summit's."
    ]


def test_session_slug_comes_from_the_title_and_must_be_unique(summit):
    SessionFactory(summit=summit, title="Opening keynote", slug="opening-keynote")
    session = SessionFactory.build(summit=summit, title="Opening keynote", slug="")

    with pytest.raises(ValidationError) as error:
        session.full_clean()

    assert session.slug == "opening-keynote"
    assert "already uses the web address 'opening-keynote'" in str(error.value)


def test_moving_a_session_raises_its_calendar_sequence(summit):
    session = SessionFactory(summit=summit)
    assert session.calendar_sequence == 0

    session.description = "Reworded, same time and place."
    session.save()
    assert Session.objects.get().calendar_sequence == 0

    session.start += datetime.timedelta(hours=1)
    session.end += datetime.timedelta(hours=1)
    session.save()
    assert Session.objects.get().calendar_sequence == 1

    session.room = RoomFactory(summit=summit)
    session.save()
    assert Session.objects.get().calendar_sequence == 2


def test_renaming_a_room_raises_the_sequence_of_its_sessions(summit):
    room = RoomFactory(summit=summit, name="Ouse Room")
    elsewhere = SessionFactory(summit=summit)
    session = SessionFactory(summit=summit, room=room)

    room.directions = "First floor"
    room.save()
    assert Session.objects.get(pk=session.pk).calendar_sequence == 0

    room.name = "Great Ouse Room"
    room.save()
    assert Session.objects.get(pk=session.pk).calendar_sequence == 1
    assert Session.objects.get(pk=elsewhere.pk).calendar_sequence == 0


def test_publishing_a_new_summit_date_raises_its_sequence_once(summit):
    draft = summit.get_latest_revision_as_object()
    draft.start = local_time(40, 9)
    draft.end = local_time(40, 17)
    revision = draft.save_revision()
    assert type(summit).objects.get(pk=summit.pk).calendar_sequence == 0

    revision.publish()
    assert type(summit).objects.get(pk=summit.pk).calendar_sequence == 1

    # A later revision carries the stale sequence; publishing it must not lower it.
    later = type(summit).objects.get(pk=summit.pk).get_latest_revision_as_object()
    later.summary = "New summary"
    later.save_revision().publish()
    assert type(summit).objects.get(pk=summit.pk).calendar_sequence == 1


def test_showcase_lists_sessions_of_live_summits_without_extra_queries(
    summit, summit_index, django_assert_num_queries
):
    commitment = Commitment.objects.first()
    shown = SessionFactory(summit=summit, commitments=[commitment])
    SessionFactory(summit=summit)
    draft_summit = SummitPageFactory(parent=summit_index, live=False)
    SessionFactory(summit=draft_summit, commitments=[commitment])

    items = list(Session.showcase_items(commitment))
    assert items == [shown]
    assert Session.showcase_heading == "Summit sessions"
    assert Session.showcase_order == 30

    html = render_to_string(Session.showcase_item_template, {"item": items[0]})
    with django_assert_num_queries(0):
        html = render_to_string(Session.showcase_item_template, {"item": items[0]})
    assert shown.title in html
    assert f'href="/summit/{summit.slug}/sessions/{shown.slug}/"' in html


def test_summit_dates_cannot_move_away_from_its_sessions(summit):
    SessionFactory(summit=summit, title="Opening keynote")
    summit.start += datetime.timedelta(days=7)
    summit.end += datetime.timedelta(days=7)

    with pytest.raises(ValidationError) as error:
        summit.full_clean()

    assert error.value.message_dict["start"] == [
        "These sessions would fall outside the new dates; move them first: "
        "Opening keynote."
    ]
