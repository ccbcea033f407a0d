"""Listing pages and feeds run a fixed number of queries, however big the programme."""

import datetime

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
from tests.queries import assert_same_queries

ROUTES = [
    "",
    "programme/",
    "programme/json/",
    "programme/pdf/",
    "programme/calendar/",
    "speakers/",
]


def _fill(summit, count, *, first=0):
    """`count` more sessions across two tracks, each with a speaker and two
    commitments."""
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
        for number in range(first, first + count)
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


def test_summit_routes_cost_the_same_with_10_or_300_sessions(client, summit):
    _fill(summit, 10)
    urls = [f"/summit/{summit.slug}/{route}" for route in ROUTES]

    assert_same_queries(client, urls, grow=lambda: _fill(summit, 290, first=10))

    assert "300 sessions." in client.get(urls[1]).text


def _speaker_with_sessions(summit, count):
    speaker = SpeakerFactory(with_photo=True)
    for number in range(count):
        SessionFactory(summit=summit, at=(9 + number, 0), speakers=[speaker])
    return speaker


def test_speaker_pages_cost_the_same_with_1_or_3_speakers_and_sessions(client, summit):
    speaker = _speaker_with_sessions(summit, 1)
    urls = ["/summit/speakers/", f"/summit/speakers/{speaker.slug}/"]

    def grow():
        for _ in range(2):
            _speaker_with_sessions(summit, 3)
        for number in range(2):
            SessionFactory(summit=summit, at=(15 + number, 0), speakers=[speaker])

    assert_same_queries(client, urls, grow=grow)


def test_session_page_costs_the_same_with_1_or_3_speakers_and_commitments(
    client, summit
):
    session = SessionFactory(
        summit=summit,
        speakers=[SpeakerFactory(with_photo=True)],
        commitments=list(Commitment.objects.all()[:1]),
    )

    def grow():
        session.speakers.add(*[SpeakerFactory(with_photo=True) for _ in range(2)])
        session.commitments.add(*Commitment.objects.all()[1:3])

    assert_same_queries(
        client, [f"/summit/{summit.slug}/sessions/{session.slug}/"], grow=grow
    )


def test_summit_index_costs_the_same_with_1_or_3_summits(client, summit_index):
    def add(numbers):
        # One upcoming and one past summit each, so both lists show at both sizes
        # (a summit today would move from one to the other at 17:00).
        for number in numbers:
            for days_ahead in (30 * number, -400 * number):
                SummitPageFactory(
                    parent=summit_index,
                    days_ahead=days_ahead,
                    hero_image=demo_image(
                        f"Hero {days_ahead}", seed=number, width=480, height=270
                    ),
                )

    add([1])
    assert_same_queries(client, ["/summit/"], grow=lambda: add([2, 3]))

    html = client.get("/summit/").text
    assert html.count('<li class="card">') == 6
