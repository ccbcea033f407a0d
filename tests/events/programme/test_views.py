import datetime
import json
from types import SimpleNamespace
from unittest import mock

import pytest
from django.test import Client
from django.utils import timezone

from events.choices import AccessFeature
from events.programme.listing import ROW_FIELDS, load_programme, programme_entries
from events.programme.pdf import programme_pdf
from events.programme.timetable import build_timetable
from framework.models import Commitment
from tests.factories.accounts import VerifiedUserFactory
from tests.factories.events import SessionFactory, TrackFactory
from tests.factories.speakers import SpeakerFactory
from tests.pdfs import pdf_info, pdf_language, pdf_text, require_document_tools

DAY = timezone.make_aware(datetime.datetime(2030, 6, 5))


def _session(start, end, track=None, title=""):
    hour = datetime.timedelta(hours=1)
    return SimpleNamespace(
        start=DAY + start * hour,
        end=DAY + end * hour,
        track_id=track.pk if track else None,
        title=title,
    )


def _layout(day):
    return [
        [
            ([s.title for s in cell.sessions], cell.rowspan, cell.colspan)
            for cell in row.cells
        ]
        for row in day.rows
    ]


def test_timetable_puts_tracks_in_columns_and_spans_long_and_all_track_sessions():
    track_a, track_b = SimpleNamespace(pk=1, name="A"), SimpleNamespace(pk=2, name="B")
    sessions = [
        _session(9, 10, title="Keynote"),
        _session(10, 12, track_a, "Long workshop"),
        _session(10, 11, track_b, "Talk 1"),
        _session(11, 12, track_b, "Talk 2"),
        _session(12, 13, title="Lunch"),
    ]

    [day] = build_timetable(sessions, tracks=[track_a, track_b])

    assert [column.name for column in day.columns] == ["A", "B"]
    assert _layout(day) == [
        [(["Keynote"], 1, 2)],
        [(["Long workshop"], 2, 1), (["Talk 1"], 1, 1)],
        [(["Talk 2"], 1, 1)],
        [(["Lunch"], 1, 2)],
    ]
    workshop_cell = day.rows[1].cells[0]
    assert workshop_cell.headers == "day1-time2 day1-track1"
    assert day.rows[0].cells[0].headers == "day1-time1 day1-track1 day1-track2"


def test_timetable_stops_a_span_at_the_next_session_in_its_column():
    track = SimpleNamespace(pk=1, name="A")
    sessions = [_session(10, 12, track, "Overrunning"), _session(11, 12, track, "Next")]

    [day] = build_timetable(sessions, tracks=[track])

    assert _layout(day) == [[(["Overrunning"], 1, 1)], [(["Next"], 1, 1)]]


def test_timetable_without_tracks_is_one_column_in_time_order():
    sessions = [_session(9, 10, title="First"), _session(9, 10, title="Parallel")]

    [day] = build_timetable(sessions, tracks=[])

    assert [column.name for column in day.columns] == ["Sessions"]
    assert _layout(day) == [[(["First", "Parallel"], 1, 1)]]


def test_timetable_has_one_grid_per_day():
    sessions = [_session(9, 10, title="Day one"), _session(33, 34, title="Day two")]

    days = build_timetable(sessions, tracks=[])

    assert [day.date.day for day in days] == [5, 6]
    assert [day.sessions[0].title for day in days] == ["Day one", "Day two"]


@pytest.fixture
def programme(summit):
    growth = TrackFactory(summit=summit, name="Growing together")
    places = TrackFactory(summit=summit, name="Connected places")
    commitment = Commitment.objects.get(slug="homes-for-all")
    speaker = SpeakerFactory(name="Ada Example", organisation="Example Trust")
    return {
        "keynote": SessionFactory(
            summit=summit, title="Opening keynote", session_type="keynote", at=(9, 30)
        ),
        "workshop": SessionFactory(
            summit=summit,
            title="Homes workshop",
            session_type="workshop",
            track=growth,
            capacity=25,
            live_captions=True,
            commitments=[commitment],
            speakers=[speaker],
        ),
        "panel": SessionFactory(
            summit=summit, title="Transport panel", session_type="panel", track=places
        ),
    }


def test_programme_page_is_a_timetable_with_headers(client, summit, programme):
    response = client.get(f"/summit/{summit.slug}/programme/")

    assert response.status_code == 200
    html = response.text
    assert '<th scope="col" id="day1-track' in html
    assert ">Growing together</th>" in html and ">Connected places</th>" in html
    assert '<th scope="row" id="day1-time1"' in html
    assert 'colspan="2"' in html  # the keynote spans both tracks
    assert "3 sessions." in html
    # Once: the grid reads as a list on phones and paper (events.css).
    assert html.count("Homes workshop") == 1
    assert html.count('class="session"') == 3
    assert 'class="session__track">Growing together</span>' in html


@pytest.mark.parametrize(
    "query, shown, hidden",
    [
        ("type=workshop", ["Homes workshop"], ["Transport panel", "Opening keynote"]),
        ("commitment=homes-for-all", ["Homes workshop"], ["Transport panel"]),
    ],
)
def test_programme_filters(client, summit, programme, query, shown, hidden):
    response = client.get(f"/summit/{summit.slug}/programme/?{query}")

    assert response.status_code == 200
    for title in shown:
        assert title in response.text
    for title in hidden:
        assert title not in response.text
    assert "1 session matches your filters." in response.text


def test_programme_filters_by_track(client, summit, programme):
    track = programme["panel"].track

    response = client.get(f"/summit/{summit.slug}/programme/?track={track.pk}")

    assert "Transport panel" in response.text
    assert "Homes workshop" not in response.text


@pytest.mark.parametrize(
    "query, message",
    [
        ("type=karaoke", "Choose a session type from the list."),
        ("track=999999", "Choose a track from the list."),
        ("commitment=no-such-thing", "Choose a commitment from the list."),
    ],
)
def test_programme_answers_bad_filters_with_a_message(
    client, summit, programme, query, message
):
    response = client.get(f"/summit/{summit.slug}/programme/?{query}")

    assert response.status_code == 400
    assert "There is a problem" in response.text
    assert message in response.text
    assert "Transport panel" in response.text  # the whole programme still shows


def test_programme_json_lists_sessions_speakers_and_commitments(
    client, summit, programme
):
    response = client.get(f"/summit/{summit.slug}/programme/json/")

    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    data = json.loads(response.content)
    assert data["summit"]["title"] == summit.title
    assert data["summit"]["timezone"] == "Europe/London"
    assert data["summit"]["venue"]["address"] == [
        "1 Example Street",
        "Peterborough",
        "PE1 0ZZ",
    ]
    workshop = next(s for s in data["sessions"] if s["title"] == "Homes workshop")
    assert workshop["type"] == "workshop"
    assert workshop["track"] == "Growing together"
    assert workshop["capacity"] == 25
    assert workshop["access"] == ["live_captions"]
    assert workshop["start"].endswith(("+00:00", "+01:00"))
    assert workshop["url"] == (
        f"http://testserver/summit/{summit.slug}/sessions/{programme['workshop'].slug}/"
    )
    assert workshop["speakers"] == [
        {
            "name": "Ada Example",
            "pronouns": None,
            "role": "Head of Testing",
            "organisation": "Example Trust",
            "url": f"http://testserver/summit/speakers/{programme['workshop'].speakers.get().slug}/",
        }
    ]
    assert workshop["commitments"] == [
        {
            "slug": "homes-for-all",
            "name": "Homes for All",
            "outcome": "Equitable",
            # No showcase page exists in this test, so there is nothing to link to.
            "url": None,
        }
    ]


def test_programme_pdf_holds_the_programme_as_real_text(client, summit, programme):
    require_document_tools()
    response = client.get(f"/summit/{summit.slug}/programme/pdf/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert pdf_info(response.content)["Title"] == f"{summit.title}: programme"
    assert pdf_language(response.content) == "en-GB"
    text = pdf_text(response.content)
    for title in [
        "Opening keynote",
        "Homes workshop",
        "Transport panel",
        "Ada Example",
    ]:
        assert title in text


def test_the_programme_pdf_is_built_once_for_every_kind_of_request_until_a_change(
    client, summit, programme, settings
):
    require_document_tools()
    settings.PAGE_CACHE = True
    url = f"/summit/{summit.slug}/programme/pdf/"
    signed_in = Client()
    signed_in.force_login(VerifiedUserFactory())

    with mock.patch(
        "events.programme.views.programme_pdf", wraps=programme_pdf
    ) as built:
        first = client.get(url)
        for response in [
            client.head(url),
            client.get(url + "?x=1"),
            client.get(url + "?x=2"),
            signed_in.get(url),
            signed_in.head(url),
        ]:
            assert response.status_code == 200
            assert response.content in {first.content, b""}
        assert built.call_count == 1

        programme["keynote"].title = "Welcome and keynote"
        programme["keynote"].save()
        changed = client.get(url + "?x=1")

    assert built.call_count == 2
    assert "Welcome and keynote" in pdf_text(changed.content)
    assert "Opening keynote" not in pdf_text(changed.content)


def test_unknown_and_unpublished_routes_are_404(client, summit, programme):
    assert client.get(f"/summit/{summit.slug}/sessions/no-such/").status_code == 404
    summit.unpublish()

    assert client.get(f"/summit/{summit.slug}/programme/").status_code == 404
    assert client.get(f"/summit/{summit.slug}/programme/json/").status_code == 404


def test_a_pdf_response_is_never_stored_and_may_show_inline():
    from events.pdf import pdf_response

    download = pdf_response(b"%PDF-1.4", "badge")
    shown = pdf_response(b"%PDF-1.4", "badge", inline=True)

    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"] == 'attachment; filename="badge.pdf"'
    assert shown["Content-Disposition"] == 'inline; filename="badge.pdf"'
    assert set(download["Cache-Control"].split(", ")) == {"private", "no-store"}


def test_programme_entries_say_what_the_sessions_say(summit, programme):
    """Entries work out addresses and labels once per page; they must match what
    each session would say for itself."""
    programme["keynote"].speakers.add(SpeakerFactory(name="Bea Example"))
    sessions = {session.title: session for session in summit.sessions.all()}

    entries = programme_entries(load_programme(summit))

    assert [entry.title for entry in entries] == list(sessions)
    for entry in entries:
        session = sessions[entry.title]
        assert entry.url == session.get_absolute_url()
        assert entry.type_label == session.get_session_type_display()
        assert entry.access_feature_labels == session.access_feature_labels
        assert entry.speaker_names == session.speaker_names
        assert entry.track == (session.track.name if session.track else "")
    assert {feature.value for feature in AccessFeature} <= set(ROW_FIELDS)
