"""Shape a summit's sessions for the timetable and the JSON programme."""

from collections import defaultdict
from dataclasses import dataclass, field
from itertools import groupby

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from framework.models import Commitment
from home.links import absolute_url
from speakers.models import Speaker

from ..choices import AccessFeature
from ..models import Session
from . import ical
from .listing import Labels, SessionAddresses, load_programme

ALL_TRACKS = None


@dataclass
class Column:
    id: str
    name: str


@dataclass
class Cell:
    headers: str
    sessions: list = field(default_factory=list)
    rowspan: int = 1
    colspan: int = 1

    @property
    def classes(self):
        """All tracks' cells are shaded; empty ones vanish where the grid is a list."""
        names = [
            ("timetable__all", self.colspan > 1),
            ("timetable__empty", not self.sessions),
        ]
        return " ".join(name for name, applies in names if applies)


@dataclass
class Row:
    id: str
    time: object
    cells: list


@dataclass
class Day:
    date: object
    columns: list
    rows: list
    sessions: list


def build_timetable(sessions, *, tracks):
    """Lay out `sessions` (ordered by start; sessions or `ProgrammeEntry`s) as one
    grid per day.

    Rows are the distinct start times, columns the tracks in use that day. A session
    without a track spans every column; a longer session spans the rows it overlaps,
    up to the next session starting in its column or the next all-tracks row. Each
    cell names its row and column headers, so screen readers announce both.
    """
    days = []
    by_date = groupby(sessions, key=lambda session: timezone.localdate(session.start))
    for number, (date, day_sessions) in enumerate(by_date, start=1):
        day_sessions = list(day_sessions)
        used = {session.track_id for session in day_sessions}
        day_tracks = [track for track in tracks if track.pk in used]
        if day_tracks:
            columns = [Column(f"day{number}-track{t.pk}", t.name) for t in day_tracks]
            column_of = {track.pk: index for index, track in enumerate(day_tracks)}
        else:
            # Without tracks every session spans the one column: a plain list in time.
            columns = [Column(f"day{number}-sessions", _("Sessions"))]
            column_of = {}
        starting = defaultdict(list)
        for session in day_sessions:
            starting[session.start, column_of.get(session.track_id, ALL_TRACKS)].append(
                session
            )
        times = sorted({session.start for session in day_sessions})
        rows = _rows(number, times, columns, starting)
        days.append(Day(date=date, columns=columns, rows=rows, sessions=day_sessions))
    return days


def _rows(number, times, columns, starting):
    all_headers = " ".join(column.id for column in columns)
    covered_until = [0] * len(columns)
    rows = []
    for index, time in enumerate(times):
        row_id = f"day{number}-time{index + 1}"
        cells = []
        if (time, ALL_TRACKS) in starting:
            # Track sessions starting alongside an all-tracks one share its cell.
            shared = [
                session
                for column in range(len(columns))
                for session in starting.get((time, column), [])
            ]
            cells.append(
                Cell(
                    headers=f"{row_id} {all_headers}",
                    sessions=starting[time, ALL_TRACKS] + shared,
                    colspan=len(columns),
                )
            )
        else:
            for column_index, column in enumerate(columns):
                if covered_until[column_index] > index:
                    continue
                group = starting.get((time, column_index), [])
                span = _rowspan(group, index, column_index, times, starting)
                covered_until[column_index] = index + span
                cells.append(
                    Cell(
                        headers=f"{row_id} {column.id}",
                        sessions=group,
                        rowspan=span,
                    )
                )
        rows.append(Row(id=row_id, time=time, cells=cells))
    return rows


def _rowspan(group, index, column_index, times, starting):
    if not group:
        return 1
    end = max(session.end for session in group)
    span = 1
    for later in times[index + 1 :]:
        if (
            later >= end
            or (later, ALL_TRACKS) in starting
            or (later, column_index) in starting
        ):
            break
        span += 1
    return span


def programme_data(summit, *, request):
    """The machine-readable programme served at `programme/json/` (docs/programme.md).

    Sessions, and which speakers and commitments each names, are read as plain rows
    (`load_programme`); each speaker and commitment is loaded, addressed and written
    once however many sessions name it. Model instances per session, and a `reverse`
    per speaker and commitment named, were most of its time at 300 sessions."""
    programme = load_programme(summit, with_speakers=False)
    addresses, labels = SessionAddresses(absolute=True), Labels()
    speakers = _named(
        Session.speakers.through,
        "speaker",
        Speaker.objects.filter(
            sessions__summit=summit, sessions__start__isnull=False
        ).distinct(),
        lambda speaker: {
            "name": speaker.name,
            "pronouns": speaker.pronouns or None,
            "role": speaker.role or None,
            "organisation": speaker.organisation or None,
            "url": _absolute_or_none(speaker.get_url(request)),
        },
        summit=summit,
        order=["speaker__name", "speaker_id"],
    )
    commitments = _named(
        Session.commitments.through,
        "commitment",
        Commitment.objects.select_related("outcome"),
        lambda commitment: {
            "slug": commitment.slug,
            "name": commitment.name,
            "outcome": commitment.outcome.name,
            "url": _absolute_or_none(commitment.get_url(request)),
        },
        summit=summit,
        order=[
            *(f"commitment__{key}" for key in Commitment._meta.ordering),
            "commitment_id",
        ],
    )
    return {
        "summit": {
            "title": summit.title,
            "url": absolute_url(summit.url),
            "start": timezone.localtime(summit.start).isoformat(),
            "end": timezone.localtime(summit.end).isoformat(),
            "timezone": "Europe/London",
            "venue": {
                "name": summit.venue_name,
                "address": [
                    line.strip()
                    for line in summit.venue_address.splitlines()
                    if line.strip()
                ],
                "map_url": summit.venue_map_url or None,
            },
            "calendar_url": absolute_url(
                reverse("events:programme_calendar", args=[summit.slug])
            ),
        },
        "sessions": [
            {
                "id": session.pk,
                "uid": ical.session_uid(session),
                "slug": session.slug,
                "title": session.title,
                "type": session.session_type,
                "type_label": labels.type_of(session),
                "start": timezone.localtime(session.start).isoformat(),
                "end": timezone.localtime(session.end).isoformat(),
                "room": session.room.name if session.room else None,
                "track": session.track.name if session.track else None,
                "description": session.description,
                "capacity": session.capacity,
                "access": [
                    feature.value
                    for feature in AccessFeature
                    if getattr(session, feature.value)
                ],
                "url": addresses(session),
                "speakers": speakers.get(session.pk, []),
                "commitments": commitments.get(session.pk, []),
            }
            for session in programme.sessions
        ],
    }


def _named(links, name, objects, entry, *, summit, order):
    """{session id: [`entry(obj)` for each of `objects` the session names]} from
    `links` (a session's many-to-many table to `name`), in `order`; each entry is
    built once and shared by every session naming it."""
    pairs = (
        links.objects.filter(session__summit=summit, session__start__isnull=False)
        .order_by(*order)
        .values_list("session_id", f"{name}_id")
    )
    entries = {obj.pk: entry(obj) for obj in objects}
    named = defaultdict(list)
    for session_id, obj_id in pairs:
        named[session_id].append(entries[obj_id])
    return named


def _absolute_or_none(path):
    return absolute_url(path) if path else None
