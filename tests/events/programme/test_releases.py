"""Programme releases: the changelog between releases, the public changes page,
and the emails telling each affected person only their changes
(docs/programme.md#releases-and-changes)."""

import datetime
from importlib import import_module

import pytest
from django.apps import apps
from django.core import mail
from django.urls import reverse

from events.models import AgendaItem, ProgrammeRelease, Session
from events.programme import changelog, releases
from events.programme.release_emails import send_release_emails
from tests.factories import StaffUserFactory
from tests.factories.events import (
    AttendeeFactory,
    RoomFactory,
    SessionFactory,
    TicketTypeFactory,
)
from tests.factories.speakers import SpeakerFactory
from tests.queries import queries_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(db):
    return StaffUserFactory(groups=["Event managers"])


@pytest.fixture
def speakers(db):
    return {
        "ada": SpeakerFactory(name="Ada Speaker", email="ada@example.org"),
        "ben": SpeakerFactory(name="Ben Speaker", email="ben@example.org"),
    }


@pytest.fixture
def sessions(summit, speakers):
    room = RoomFactory(summit=summit, name="Main hall")
    return {
        "buses": SessionFactory(
            summit=summit,
            title="Designing bus routes",
            at=(10, 0),
            room=room,
            speakers=[speakers["ada"]],
        ),
        "homes": SessionFactory(
            summit=summit,
            title="Warm homes",
            at=(11, 0),
            room=room,
            speakers=[speakers["ben"]],
        ),
        "lunch": SessionFactory(summit=summit, title="Lunch", at=(12, 0)),
    }


def publish(summit, manager, capture, note=""):
    with capture(execute=True):
        return releases.publish_release(summit=summit, user=manager, note=note)


def changes_url(summit):
    return reverse("events:programme_changes", args=[summit.slug])


def test_first_release_has_no_changelog(
    client, summit, sessions, manager, django_capture_on_commit_callbacks
):
    release = publish(summit, manager, django_capture_on_commit_callbacks, "Hello")
    assert release.number == 1 and release.changes == []
    assert set(release.sessions) == {str(s.pk) for s in sessions.values()}
    assert mail.outbox == []
    page = client.get(changes_url(summit)).content.decode()
    assert "First published programme" in page and "Hello" in page


def test_each_kind_of_change(
    summit, sessions, speakers, manager, django_capture_on_commit_callbacks
):
    publish(summit, manager, django_capture_on_commit_callbacks)
    buses, homes, lunch = sessions["buses"], sessions["homes"], sessions["lunch"]
    buses.start += datetime.timedelta(hours=3)
    buses.end += datetime.timedelta(hours=3)
    buses.save()
    homes.title = "Warm homes for all"
    homes.save()
    homes.speakers.set([speakers["ben"], speakers["ada"]])
    homes.save()
    lunch.delete()
    added = SessionFactory(summit=summit, title="Closing plenary", at=(16, 0))
    release = publish(summit, manager, django_capture_on_commit_callbacks)
    kinds = {change["title"]: change["kinds"] for change in release.changes}
    assert kinds == {
        "Designing bus routes": ["moved"],
        "Warm homes for all": ["retitled", "speakers"],
        "Lunch": ["cancelled"],
        "Closing plenary": ["added"],
    }
    assert release.number == 2
    moved = next(c for c in release.changes if c["session"] == buses.pk)
    assert changelog.describe(moved, {}) == [
        "Moved: now "
        + f"{buses.start:%A} {buses.start.day} {buses.start:%B}, 13:00 to 13:45, "
        + "Main hall (was "
        + f"{buses.start:%A} {buses.start.day} {buses.start:%B}, 10:00 to 10:45, "
        + "Main hall)"
    ]
    assert str(added.pk) in release.sessions


def test_emails_go_only_to_affected_people_with_only_their_changes(
    summit, sessions, speakers, manager, django_capture_on_commit_callbacks
):
    ticket_type = TicketTypeFactory(summit=summit)
    booked = AttendeeFactory(
        ticket_type=ticket_type, name="Wendy Workshop", email="wendy@example.org"
    )
    booked.workshops.set([sessions["homes"]])
    starred = AttendeeFactory(
        ticket_type=ticket_type, name="Stella Star", email="stella@example.org"
    )
    AgendaItem.objects.create(attendee=starred, session=sessions["buses"])
    AttendeeFactory(ticket_type=ticket_type, email="bystander@example.org")
    publish(summit, manager, django_capture_on_commit_callbacks)
    assert mail.outbox == []

    sessions["homes"].title = "Warm homes for all"
    sessions["homes"].save()
    publish(summit, manager, django_capture_on_commit_callbacks)
    by_address = {m.to[0]: m for m in mail.outbox}
    assert set(by_address) == {"ben@example.org", "wendy@example.org"}
    assert "Warm homes for all" in by_address["wendy@example.org"].body
    assert "Designing bus routes" not in by_address["wendy@example.org"].body
    assert "Hello Wendy Workshop" in by_address["wendy@example.org"].body

    mail.outbox.clear()
    sessions["buses"].start += datetime.timedelta(hours=1)
    sessions["buses"].end += datetime.timedelta(hours=1)
    sessions["buses"].save()
    release = publish(summit, manager, django_capture_on_commit_callbacks)
    assert sorted(m.to[0] for m in mail.outbox) == [
        "ada@example.org",
        "stella@example.org",
    ]
    # Sent once: a second run of the task sends nothing more.
    assert send_release_emails(release) == 0


def test_unscheduled_sessions_are_in_no_release_and_no_public_page(
    client, summit, sessions, manager, django_capture_on_commit_callbacks
):
    draft = Session.objects.create(
        summit=summit, title="Not yet placed", slug="not-yet", session_type="panel"
    )
    draft.speakers.set([SpeakerFactory(name="Drafty Speaker")])
    draft.save()
    release = publish(summit, manager, django_capture_on_commit_callbacks)
    assert str(draft.pk) not in release.sessions
    for route in ("programme", "programme_json", "speakers", "calendar"):
        url = reverse(f"events:{route}", args=[summit.slug])
        content = client.get(url).content.decode()
        assert "Not yet placed" not in content, route
        assert "Drafty Speaker" not in content, route
    page = client.get(reverse("events:session", args=[summit.slug, "not-yet"]))
    assert page.status_code == 404


def test_changes_page_runs_a_fixed_number_of_queries(
    client, summit, sessions, manager, django_capture_on_commit_callbacks
):
    publish(summit, manager, django_capture_on_commit_callbacks)
    sessions["buses"].speakers.add(sessions["homes"].speakers.first())
    sessions["buses"].save()
    publish(summit, manager, django_capture_on_commit_callbacks)
    one = queries_for(client, changes_url(summit))
    for hour in (13, 14):
        sessions["buses"].start = sessions["buses"].start.replace(hour=hour)
        sessions["buses"].end = sessions["buses"].start + datetime.timedelta(hours=1)
        sessions["buses"].save()
        publish(summit, manager, django_capture_on_commit_callbacks)
    three = queries_for(client, changes_url(summit))
    # Its releases, the current names of the speakers their changes name, and
    # the breadcrumbs' ancestors (the summit page is kept).
    assert len(one) == len(three) == 3
    page = client.get(changes_url(summit)).content.decode()
    assert page.index("Version 4") < page.index("Version 3") < page.index("Version 1")


def test_publishing_from_the_admin(client, summit, sessions, manager):
    client.force_login(manager)
    url = reverse("programme_releases", args=[summit.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"note": "First cut"})
    assert response.status_code == 302
    assert ProgrammeRelease.objects.get(summit=summit).note == "First cut"
    response = client.post(url, {"note": "x" * 2001})
    assert response.status_code == 400
    assert ProgrammeRelease.objects.filter(summit=summit).count() == 1


def test_only_event_managers_publish(client, summit, sessions):
    client.force_login(StaffUserFactory(groups=["Editors"]))
    url = reverse("programme_releases", args=[summit.pk])
    assert client.post(url, {"note": ""}).status_code in (302, 403)
    assert not ProgrammeRelease.objects.exists()


def test_a_speaker_taken_down_leaves_no_name_on_the_changes_page(
    client, summit, sessions, speakers, manager, django_capture_on_commit_callbacks
):
    publish(summit, manager, django_capture_on_commit_callbacks)
    homes = sessions["homes"]
    homes.speakers.set([speakers["ada"]])
    homes.save()
    release = publish(summit, manager, django_capture_on_commit_callbacks)
    page = client.get(changes_url(summit)).content.decode()
    assert "Speakers: now Ada Speaker (was Ben Speaker)" in page
    # Ben asks for his data to be erased: the events team takes his profile down.
    speakers["ben"].delete()
    page = client.get(changes_url(summit)).content.decode()
    assert "Ben Speaker" not in page
    assert "Speakers: now Ada Speaker (was a former speaker)" in page
    assert "Ben Speaker" not in str(release.sessions) + str(release.changes)
    # A renamed profile is named as it is now.
    speakers["ada"].name = "Ada Lovelace"
    speakers["ada"].save()
    page = client.get(changes_url(summit)).content.decode()
    assert "Speakers: now Ada Lovelace (was a former speaker)" in page


def test_people_who_booked_or_starred_a_deleted_session_are_told(
    summit, sessions, manager, django_capture_on_commit_callbacks
):
    ticket_type = TicketTypeFactory(summit=summit)
    booked = AttendeeFactory(
        ticket_type=ticket_type, name="Wendy Workshop", email="wendy@example.org"
    )
    booked.workshops.set([sessions["homes"]])
    starred = AttendeeFactory(
        ticket_type=ticket_type, name="Stella Star", email="stella@example.org"
    )
    AgendaItem.objects.create(attendee=starred, session=sessions["homes"])
    AgendaItem.objects.create(attendee=starred, session=sessions["buses"])
    cancelled = AttendeeFactory(ticket_type=ticket_type, email="gone@example.org")
    AgendaItem.objects.create(attendee=cancelled, session=sessions["homes"])
    publish(summit, manager, django_capture_on_commit_callbacks)

    sessions["homes"].delete()
    # A place noted then but cancelled since is not told.
    cancelled.status = "cancelled"
    cancelled.save()
    # Deleted before the next release: the bookings and stars went with it.
    assert not AgendaItem.objects.filter(attendee=booked).exists()
    assert not booked.workshops.exists()
    release = publish(summit, manager, django_capture_on_commit_callbacks)
    assert [c["kinds"] for c in release.changes] == [["cancelled"]]
    by_address = {m.to[0]: m for m in mail.outbox}
    assert set(by_address) == {
        "ben@example.org",
        "wendy@example.org",
        "stella@example.org",
    }
    assert "Warm homes" in by_address["stella@example.org"].body
    assert "Designing bus routes" not in by_address["stella@example.org"].body
    assert "Hello Wendy Workshop" in by_address["wendy@example.org"].body


def test_deleting_a_session_in_no_release_keeps_nothing(summit, sessions, manager):
    ticket_type = TicketTypeFactory(summit=summit)
    AttendeeFactory(ticket_type=ticket_type).workshops.set([sessions["lunch"]])
    sessions["lunch"].delete()
    assert not ProgrammeRelease.objects.exists()


def test_releases_published_before_speaker_ids_are_converted(
    client, summit, sessions, speakers, manager, django_capture_on_commit_callbacks
):
    """Migration 0022: releases that kept [id, name] pairs name speakers by id."""
    convert = import_module("events.migrations.0022_release_speaker_ids").forwards
    publish(summit, manager, django_capture_on_commit_callbacks)
    homes = sessions["homes"]
    homes.speakers.set([speakers["ada"]])
    homes.save()
    release = publish(summit, manager, django_capture_on_commit_callbacks)
    old_style = [[pk, "Old name"] for pk in release.changes[0]["before"]["speakers"]]
    release.changes[0]["before"]["speakers"] = old_style
    release.sessions[str(homes.pk)]["speakers"] = [[speakers["ada"].pk, "Old name"]]
    release.save()

    convert(apps, None)

    release.refresh_from_db()
    assert release.sessions[str(homes.pk)]["speakers"] == [speakers["ada"].pk]
    page = client.get(changes_url(summit)).content.decode()
    assert "Speakers: now Ada Speaker (was Ben Speaker)" in page
    assert "Old name" not in page
