"""Listing pages and feeds run a fixed number of queries, however big the programme."""

import datetime

import pytest
from django.utils import timezone

from events.models import Session
from framework.models import Commitment
from home.demo_images import demo_image
from tests.factories.events import (
    RoomFactory,
    SessionFactory,
    SummitPageFactory,
    TrackFactory,
)
from tests.factories.speakers import SpeakerFactory

# Queries per request, whatever the number of sessions (measured, plus 2 of headroom
# for site-wide chrome): page routing and settings, then the sessions with their
# room, track, speakers and commitments in a fixed number of prefetches.
HEADROOM = 2
BUDGET = {
    "": 20 + HEADROOM,
    "programme/": 18 + HEADROOM,
    "programme/json/": 12 + HEADROOM,
    "programme/pdf/": 11 + HEADROOM,
    "programme/calendar/": 11 + HEADROOM,
    "speakers/": 16 + HEADROOM,
}


def _fill(summit, count):
    """`count` sessions across two tracks, each with a speaker and two commitments."""
    tracks = [TrackFactory(summit=summit), TrackFactory(summit=summit)]
    room = RoomFactory(summit=summit)
    speakers = [SpeakerFactory(with_photo=True) for _ in range(3)]
    commitments = list(Commitment.objects.all()[:4])
    start = timezone.localtime(summit.start)
    sessions = Session.objects.bulk_create(
        Session(
            summit=summit,
            title=f"Session {number}",
            slug=f"session-{number}",
            session_type="keynote" if number % 10 == 0 else "breakout",
            start=start + datetime.timedelta(minutes=number),
            end=start + datetime.timedelta(minutes=number + 30),
            room=room,
            track=tracks[number % 2] if number % 10 else None,
            live_captions=True,
        )
        for number in range(count)
    )
    speaker_links = Session.speakers.through
    speaker_links.objects.bulk_create(
        speaker_links(session=session, speaker=speakers[number % 3])
        for number, session in enumerate(sessions)
    )
    tags = Session.commitments.through
    tags.objects.bulk_create(
        tags(session=session, commitment=commitments[(number + offset) % 4])
        for number, session in enumerate(sessions)
        for offset in (0, 1)
    )


@pytest.mark.parametrize("route", list(BUDGET))
@pytest.mark.parametrize("count", [10, 300])
def test_summit_routes_use_a_fixed_number_of_queries(
    client, summit, django_assert_max_num_queries, route, count
):
    _fill(summit, count)
    url = f"/summit/{summit.slug}/{route}"
    client.get(url)  # draws image renditions and warms the site cache once

    with django_assert_max_num_queries(BUDGET[route]):
        response = client.get(url)

    assert response.status_code == 200
    if route == "programme/":
        assert f"{count} sessions." in response.text


def _speaker_with_sessions(summit, count):
    speaker = SpeakerFactory(with_photo=True)
    for number in range(count):
        SessionFactory(summit=summit, at=(9 + number, 0), speakers=[speaker])
    return speaker


@pytest.mark.parametrize("count", [1, 3])
def test_speaker_pages_use_a_fixed_number_of_queries(
    client, summit, django_assert_max_num_queries, count
):
    speakers = [_speaker_with_sessions(summit, count) for _ in range(count)]
    for url in ["/summit/speakers/", f"/summit/speakers/{speakers[0].slug}/"]:
        client.get(url)
        with django_assert_max_num_queries(16 + HEADROOM):
            assert client.get(url).status_code == 200


@pytest.mark.parametrize("count", [1, 3])
def test_session_page_uses_a_fixed_number_of_queries(
    client, summit, django_assert_max_num_queries, count
):
    session = SessionFactory(
        summit=summit,
        speakers=[SpeakerFactory(with_photo=True) for _ in range(count)],
        commitments=list(Commitment.objects.all()[:count]),
    )
    url = f"/summit/{summit.slug}/sessions/{session.slug}/"
    client.get(url)

    with django_assert_max_num_queries(18 + HEADROOM):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("count", [1, 3])
def test_summit_index_uses_a_fixed_number_of_queries(
    client, summit_index, django_assert_max_num_queries, count
):
    for number in range(count):
        SummitPageFactory(
            parent=summit_index,
            days_ahead=-400 * number,
            hero_image=demo_image(f"Hero {number}", seed=number, width=480, height=270),
        )
    client.get("/summit/")

    with django_assert_max_num_queries(14 + HEADROOM):
        assert client.get("/summit/").status_code == 200
