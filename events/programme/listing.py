"""What the programme and its feeds show of each session, worked out once per
request rather than once per session: addresses from one reversed base per summit,
type and access labels translated once, speakers' names joined once.

At 300 sessions these per-session costs were most of the programme's time: a
`reverse` per address, and `get_session_type_display()` translating every type's
label on every call.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field, fields
from typing import NamedTuple

from django.urls import reverse
from django.utils import timezone

from home.links import absolute_url

from ..choices import AccessFeature, SessionType
from ..models import Session


class SpeakerLine(NamedTuple):
    """What the programme and its calendar feed show of a session's speaker."""

    name: str
    role: str
    organisation: str

    @property
    def role_and_organisation(self):
        return ", ".join(part for part in [self.role, self.organisation] if part)


@dataclass(slots=True)
class SessionRow:
    """What the programme and its calendar feed read of a session, fetched as a
    plain row: a `Session` model instance costs about three times as much to load,
    which at 300 sessions was a large part of the feed's time. It answers to the
    same names as a `Session` for everything `ical.session_event` and
    `programme_entries` read."""

    pk: int
    summit_id: int
    title: str
    slug: str
    session_type: str
    start: datetime.datetime
    end: datetime.datetime
    room_id: int
    track_id: int
    description: str
    capacity: int
    bsl_interpretation: bool
    live_captions: bool
    hearing_loop: bool
    step_free: bool
    calendar_sequence: int
    created_at: datetime.datetime
    updated_at: datetime.datetime
    summit: object = None
    room: object = None
    track: object = None


# The columns fetched: every field but the related objects, which are shared.
ROW_FIELDS = [
    row_field.name
    for row_field in fields(SessionRow)
    if row_field.name not in {"summit", "room", "track"}
]


@dataclass
class Programme:
    """A summit's sessions in time order (`SessionRow`s), each with its room and
    track (fetched once per summit and shared), and their speakers as plain rows:
    four queries and no model instance per session, room, track or speaker."""

    sessions: list
    tracks: list
    speakers: dict = field(default_factory=dict)

    def speakers_of(self, session):
        return self.speakers.get(session.pk, [])


def load_programme(summit, sessions=None, *, with_speakers=True):
    """`sessions` (a queryset of `summit`'s scheduled sessions; all of them by
    default), with their speakers' lines unless `with_speakers` is false."""
    if sessions is None:
        sessions = summit.sessions.scheduled()
    rooms = {room.pk: room for room in summit.rooms.all()}
    tracks = list(summit.tracks.all())
    track_of = {track.pk: track for track in tracks}
    listed = [
        SessionRow(
            **row,
            summit=summit,
            room=rooms.get(row["room_id"]),
            track=track_of.get(row["track_id"]),
        )
        for row in sessions.values(*ROW_FIELDS)
    ]
    speakers = defaultdict(list)
    if with_speakers:
        rows = (
            Session.speakers.through.objects.filter(session__in=sessions.values("pk"))
            .order_by("speaker__name", "speaker_id")
            .values_list(
                "session_id", "speaker__name", "speaker__role", "speaker__organisation"
            )
        )
        for session_id, *speaker in rows:
            speakers[session_id].append(SpeakerLine(*speaker))
    return Programme(sessions=listed, tracks=tracks, speakers=dict(speakers))


class SessionAddresses:
    """Sessions' paths (as `Session.get_absolute_url`), or with `absolute` their
    addresses on the public site, built from one `reverse` per summit. Call it with a
    session whose summit is loaded."""

    def __init__(self, *, absolute=False):
        self._absolute = absolute
        self._bases = {}

    def __call__(self, session):
        base = self._bases.get(session.summit_id)
        if base is None:
            # Session slugs are plain ASCII slugs, so nothing needs quoting.
            sample = reverse("events:session", args=[session.summit.slug, "-"])
            base = sample.removesuffix("-/")
            if self._absolute:
                base = absolute_url(base)
            self._bases[session.summit_id] = base
        return f"{base}{session.slug}/"


class Labels:
    """Session types' and access features' names, each translated once."""

    def __init__(self):
        self.types = {value: str(label) for value, label in SessionType.choices}
        self._access = [
            (feature.value, str(feature.label)) for feature in AccessFeature
        ]

    def type_of(self, session):
        return self.types.get(session.session_type, session.session_type)

    def access_of(self, session):
        """The names of the access features `session` provides, in a fixed order."""
        return [label for value, label in self._access if getattr(session, value)]


@dataclass
class ProgrammeEntry:
    """One session as the programme page shows it
    (`events/includes/programme_entry.html`), every text worked out here, so the
    template only places strings; `build_timetable` lays entries out by their
    `start`, `end` and `track_id`."""

    pk: int
    title: str
    url: str
    session_type: str
    type_label: str
    start: datetime.datetime
    end: datetime.datetime
    start_iso: str
    end_iso: str
    times: tuple
    room: str
    track: str
    track_id: int
    speaker_names: str
    access_feature_labels: str

    def __getitem__(self, name):
        # Templates look a name up as a key before an attribute: answer at once.
        return getattr(self, name)


def programme_entries(programme):
    """A loaded `Programme`'s sessions as entries, in UK time."""
    addresses, labels = SessionAddresses(), Labels()
    entries = []
    for session in programme.sessions:
        start, end = timezone.localtime(session.start), timezone.localtime(session.end)
        entries.append(
            ProgrammeEntry(
                pk=session.pk,
                title=session.title,
                url=addresses(session),
                session_type=session.session_type,
                type_label=labels.type_of(session),
                start=session.start,
                end=session.end,
                start_iso=start.isoformat(),
                end_iso=end.isoformat(),
                times=(f"{start:%H:%M}", f"{end:%H:%M}"),
                room=session.room.name if session.room else "",
                track=session.track.name if session.track else "",
                track_id=session.track_id,
                speaker_names=", ".join(
                    speaker.name for speaker in programme.speakers_of(session)
                ),
                access_feature_labels=", ".join(labels.access_of(session)),
            )
        )
    return entries
