"""The programme's JSON, built from plain rows, says what the sessions' model
instances say: the same sessions, speakers and commitments, in the same order."""

import json

from django.test import RequestFactory
from django.utils import timezone

from events.models import Session
from framework.models import Commitment
from home.links import absolute_url
from tests.factories.events import RoomFactory, SessionFactory, TrackFactory
from tests.factories.speakers import SpeakerFactory


def _from_model_instances(summit, request):
    """Each session as the programme's JSON wrote it from `Session` instances
    (`for_listing()`), before it read rows."""

    def url(path):
        return absolute_url(path) if path else None

    return [
        {
            "id": session.pk,
            "uid": f"session-{session.pk}@summit.example.org",
            "slug": session.slug,
            "title": session.title,
            "type": session.session_type,
            "type_label": session.get_session_type_display(),
            "start": timezone.localtime(session.start).isoformat(),
            "end": timezone.localtime(session.end).isoformat(),
            "room": session.room.name if session.room else None,
            "track": session.track.name if session.track else None,
            "description": session.description,
            "capacity": session.capacity,
            "access": [feature.value for feature in session.access_features],
            "url": url(session.get_absolute_url()),
            "speakers": [
                {
                    "name": speaker.name,
                    "pronouns": speaker.pronouns or None,
                    "role": speaker.role or None,
                    "organisation": speaker.organisation or None,
                    "url": url(speaker.get_url(request)),
                }
                for speaker in session.speakers.all()
            ],
            "commitments": [
                {
                    "slug": commitment.slug,
                    "name": commitment.name,
                    "outcome": commitment.outcome.name,
                    "url": url(commitment.get_url(request)),
                }
                for commitment in session.commitments.all()
            ],
        }
        for session in Session.objects.filter(summit=summit).for_listing()
    ]


def test_programme_json_says_what_the_sessions_say(client, summit, settings):
    settings.SITE_URL = "https://summit.example.org"
    track = TrackFactory(summit=summit, name="Growing together")
    room = RoomFactory(summit=summit, name="Main hall")
    ada = SpeakerFactory(name="Ada Example", pronouns="she/her", role="Chair")
    bo = SpeakerFactory(name="Bo Sample", organisation="Fen Trust")
    homes, transport, skills = Commitment.objects.order_by("?")[:3]
    SessionFactory(
        summit=summit,
        title="Panel",
        session_type="panel",
        track=track,
        room=room,
        capacity=40,
        step_free=True,
        hearing_loop=True,
        speakers=[bo, ada],
        commitments=[transport, homes, skills],
        at=(11, 0),
    )
    SessionFactory(
        summit=summit, title="Workshop", speakers=[ada], commitments=[homes], at=(9, 0)
    )
    SessionFactory(summit=summit, title="Break", session_type="break", at=(10, 0))

    response = client.get(f"/summit/{summit.slug}/programme/json/")

    sessions = json.loads(response.content)["sessions"]
    request = RequestFactory().get("/")
    assert sessions == _from_model_instances(summit, request)
    assert [session["title"] for session in sessions] == ["Workshop", "Break", "Panel"]
    assert [speaker["name"] for speaker in sessions[2]["speakers"]] == [
        "Ada Example",
        "Bo Sample",
    ]
    assert len(sessions[2]["commitments"]) == 3
