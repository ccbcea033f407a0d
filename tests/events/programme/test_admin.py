import csv
import datetime
import io

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from events.models import Session
from tests.factories import StaffUserFactory
from tests.factories.events import (
    RoomFactory,
    SessionFactory,
    SummitPageFactory,
    TrackFactory,
)
from tests.factories.speakers import SpeakerFactory


def _url(model, action, *args):
    return reverse(model.snippet_viewset.get_url_name(action), args=args)


@pytest.fixture
def admin_client(client, db):
    client.force_login(StaffUserFactory(is_superuser=True))
    return client


def _local(value):
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")


def _form(summit, **overrides):
    start = timezone.localtime(summit.start).replace(hour=11)
    data = {
        "summit": summit.pk,
        "title": "Designing bus routes with residents",
        "slug": "",
        "session_type": "workshop",
        "start": _local(start),
        "end": _local(start + datetime.timedelta(minutes=45)),
        "description": "Plan routes together.",
        "capacity": "30",
    }
    data.update(overrides)
    return data


def test_admin_adds_a_session_with_speakers(admin_client, summit):
    speaker = SpeakerFactory()
    room = RoomFactory(summit=summit, name="Welland Room")

    response = admin_client.post(
        _url(Session, "add"),
        _form(summit, speakers=[speaker.pk], room=room.pk, step_free="on"),
    )

    assert response.status_code == 302
    session = Session.objects.get()
    assert session.slug == "designing-bus-routes-with-residents"
    assert list(session.speakers.all()) == [speaker]
    assert session.room == room
    assert session.step_free


def test_admin_refuses_a_double_booked_speaker(admin_client, summit):
    speaker = SpeakerFactory(name="Ada Example")
    SessionFactory(
        summit=summit, title="Opening panel", at=(11, 15), speakers=[speaker]
    )

    response = admin_client.post(
        _url(Session, "add"), _form(summit, speakers=[speaker.pk])
    )

    assert "Ada Example is already speaking in “Opening panel” at that time" in (
        response.content.decode()
    )
    assert Session.objects.count() == 1


def test_admin_allows_back_to_back_sessions_for_one_speaker(admin_client, summit):
    speaker = SpeakerFactory()
    SessionFactory(summit=summit, at=(10, 15), minutes=45, speakers=[speaker])

    response = admin_client.post(
        _url(Session, "add"), _form(summit, speakers=[speaker.pk])
    )

    assert response.status_code == 302


@pytest.mark.parametrize(
    "change, message",
    [
        ({"end": "start"}, "The session must end after it starts."),
        ({"days": 1}, "The session must take place during the summit: "),
    ],
)
def test_admin_refuses_sessions_at_impossible_times(
    admin_client, summit, change, message
):
    data = _form(summit)
    if "end" in change:
        data["end"] = data["start"]
    else:
        moved = timezone.localtime(summit.start) + datetime.timedelta(days=1)
        data["start"], data["end"] = (
            _local(moved),
            _local(moved + datetime.timedelta(hours=1)),
        )

    response = admin_client.post(_url(Session, "add"), data)

    assert message in response.content.decode()
    assert not Session.objects.exists()


def test_admin_offers_only_the_summits_rooms_when_adding_from_the_summit(
    admin_client, summit, summit_index
):
    RoomFactory(summit=summit, name="Nene Hall")
    RoomFactory(
        summit=SummitPageFactory(parent=summit_index, days_ahead=400), name="Old Hall"
    )

    response = admin_client.get(_url(Session, "add") + f"?summit={summit.pk}")

    assert f"Nene Hall ({summit.title})" in response.text
    assert "Old Hall" not in response.text


def test_sessions_listing_filters_by_summit_and_exports_uk_times(
    admin_client, summit, summit_index
):
    other = SummitPageFactory(parent=summit_index, days_ahead=400)
    track = TrackFactory(summit=summit, name="Growing together")
    SessionFactory(
        summit=summit,
        title="Kept",
        at=(10, 0),
        track=track,
        speakers=[SpeakerFactory(name="Ada Example")],
        live_captions=True,
    )
    SessionFactory(summit=other, title="Filtered out")

    listing = admin_client.get(_url(Session, "list") + f"?summit={summit.pk}")
    export = admin_client.get(_url(Session, "list") + f"?summit={summit.pk}&export=csv")

    assert "Kept" in listing.text and "Filtered out" not in listing.text
    rows = list(
        csv.DictReader(io.StringIO(b"".join(export.streaming_content).decode()))
    )
    assert len(rows) == 1
    assert rows[0]["Title"] == "Kept"
    assert rows[0]["Start"].endswith(" 10:00")
    assert rows[0]["Track"] == "Growing together"
    assert rows[0]["Speakers"] == "Ada Example"
    assert rows[0]["Access"] == "Live captions"


def test_speakers_listing_searches_by_name_and_organisation(admin_client, db):
    from speakers.models import Speaker

    SpeakerFactory(name="Ada Example", organisation="Fenland Trust")
    SpeakerFactory(name="Bob Sample", organisation="Ouse Engineering")

    by_name = admin_client.get(_url(Speaker, "list") + "?q=Ada")
    by_organisation = admin_client.get(_url(Speaker, "list") + "?q=Ouse")

    assert "Ada Example" in by_name.text and "Bob Sample" not in by_name.text
    assert (
        "Bob Sample" in by_organisation.text
        and "Ada Example" not in by_organisation.text
    )


def test_summit_edit_page_lists_its_sessions(admin_client, summit):
    SessionFactory(summit=summit, title="Opening keynote")

    response = admin_client.get(reverse("wagtailadmin_pages:edit", args=[summit.pk]))

    assert response.status_code == 200
    assert "Opening keynote" in response.text
    assert f"{_url(Session, 'add')}?summit={summit.pk}" in response.text


def test_event_managers_manage_sessions_and_speakers(client, summit):
    group = Group.objects.get(name="Event managers")
    codenames = set(group.permissions.values_list("codename", flat=True))
    assert {
        "add_session",
        "change_session",
        "delete_session",
        "view_session",
    } <= codenames
    assert {
        "add_speaker",
        "change_speaker",
        "delete_speaker",
        "view_speaker",
    } <= codenames

    editor = StaffUserFactory(groups=["Editors"])
    manager = StaffUserFactory(groups=["Event managers"])
    client.force_login(editor)
    assert client.get(_url(Session, "list")).status_code in (302, 403)
    client.force_login(manager)
    assert client.get(_url(Session, "list")).status_code == 200
