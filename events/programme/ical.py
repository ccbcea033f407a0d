"""iCalendar feeds for summits and sessions, as plain functions returning bytes.

UIDs (`session-<pk>@<host>`, `summit-<pk>@<host>`) never change, DTSTAMP is when the
item last changed, and SEQUENCE (`calendar_sequence`) goes up when its time, place or
title changes, so calendar apps update the copy they hold instead of duplicating it.
Registration builds personal feeds with `build_calendar(..., alarm_before=...)`.
"""

import datetime
import functools
from dataclasses import dataclass
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from home.links import absolute_url

from .agenda import agenda_sessions
from .listing import Labels, SessionAddresses

LONDON = ZoneInfo("Europe/London")
PRODID = "-//Cambridgeshire & Peterborough Combined Authority//Shared Ambition//EN"


def uid_for(kind, pk, *, host=None):
    """A UID that stays the same for as long as the item exists: `<kind>-<pk>@<host>`
    (`host`: the site's, `site_host()`, unless given)."""
    return f"{kind}-{pk}@{host or site_host()}"


def site_host():
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def session_uid(session):
    return uid_for("session", session.pk)


def summit_uid(summit):
    return uid_for("summit", summit.pk)


class _Texts:
    """The words every event is written with, translated once per calendar, and
    what several events share (the site's host, summits' locations)."""

    def __init__(self):
        self.labels = Labels()
        self.host = site_host()
        self.locations = {}
        self.speakers = _("Speakers: %(names)s")
        self.track = _("Track: %(track)s")
        self.access = _("Access: %(features)s.")
        self.reminder = _("Reminder: %(title)s")


def session_description(session, *, speakers=None, url=None, texts=None):
    """The plain-text DESCRIPTION: what, who, access, and where to read more.
    `speakers` (anything with `name` and `role_and_organisation`; the session's own
    by default), `url` and `texts` save work when describing many sessions."""
    texts = texts or _Texts()
    if speakers is None:
        speakers = session.speakers.all()
    description = session.description.strip()
    lines = [description] if description else []
    people = [
        f"{speaker.name}, {speaker.role_and_organisation}"
        if speaker.role_and_organisation
        else speaker.name
        for speaker in speakers
    ]
    if people:
        lines.append(texts.speakers % {"names": "; ".join(people)})
    details = texts.labels.type_of(session)
    if session.track:
        details += ". " + texts.track % {"track": session.track.name}
    lines.append(details + ".")
    access = texts.labels.access_of(session)
    if access:
        lines.append(texts.access % {"features": ", ".join(access)})
    lines.append(url or absolute_url(session.get_absolute_url()))
    return "\n\n".join(lines)


@dataclass
class _Event:
    """A VEVENT's content lines, with the times the calendar's VTIMEZONE must cover."""

    start: datetime.datetime
    end: datetime.datetime
    lines: list


def session_event(
    session, *, alarm_before=None, speakers=None, texts=None, addresses=None
):
    """A VEVENT for `session` (needs its summit, room, track and, unless `speakers`
    is given, its speakers loaded). `texts` and `addresses` (a
    `SessionAddresses(absolute=True)`) are shared when building many."""
    texts = texts or _Texts()
    addresses = addresses or SessionAddresses(absolute=True)
    url = addresses(session)
    room = session.room.name if session.room else ""
    location = texts.locations.get(session.summit_id)
    if location is None:
        location = texts.locations[session.summit_id] = session.summit.location_text
    changed = _utc(session.updated_at)
    lines = [
        _text_line("SUMMARY", session.title),
        _local_line("DTSTART", session.start),
        _local_line("DTEND", session.end),
        f"DTSTAMP:{changed}",
        _text_line("UID", uid_for("session", session.pk, host=texts.host)),
        f"SEQUENCE:{session.calendar_sequence}",
        _text_line("CATEGORIES", texts.labels.type_of(session)),
        f"CREATED:{_utc(session.created_at)}",
        _text_line(
            "DESCRIPTION",
            session_description(session, speakers=speakers, url=url, texts=texts),
        ),
        f"LAST-MODIFIED:{changed}",
        _text_line("LOCATION", f"{room}, {location}" if room else location),
        _fold(f"URL:{url}"),
    ]
    _add_alarm(lines, session.title, alarm_before, texts)
    return _Event(session.start, session.end, lines)


def summit_event(summit, *, alarm_before=None):
    changed = summit.last_published_at or summit.first_published_at or timezone.now()
    url = absolute_url(summit.url)
    lines = [
        _text_line("SUMMARY", summit.title),
        _local_line("DTSTART", summit.start),
        _local_line("DTEND", summit.end),
        _utc_line("DTSTAMP", changed),
        _text_line("UID", summit_uid(summit)),
        f"SEQUENCE:{summit.calendar_sequence}",
        _text_line("DESCRIPTION", "\n\n".join([summit.summary, url])),
        _utc_line("LAST-MODIFIED", changed),
        _text_line("LOCATION", summit.location_text),
        _fold(f"URL:{url}"),
    ]
    _add_alarm(lines, summit.title, alarm_before, _Texts())
    return _Event(summit.start, summit.end, lines)


def build_calendar(
    *,
    name,
    uid,
    sessions=(),
    summits=(),
    url=None,
    refresh_hours=None,
    alarm_before=None,
    speakers=None,
):
    """Return the .ics bytes of a calendar called `name` holding `summits` and
    `sessions`. `uid` identifies the calendar itself, e.g. `programme-<pk>@<host>`.

    `refresh_hours` marks a subscribable feed (REFRESH-INTERVAL, X-PUBLISHED-TTL);
    `alarm_before` (a timedelta) adds a reminder that long before each event.
    `speakers` ({session pk: speakers}, as `listing.Programme` holds them) saves
    loading each session's speakers.
    """
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        _text_line("PRODID", PRODID),
        "CALSCALE:GREGORIAN",
        _text_line("NAME", name),
        _text_line("X-WR-CALNAME", name),
    ]
    if refresh_hours:
        interval = _duration(datetime.timedelta(hours=refresh_hours))
        lines.append(f"REFRESH-INTERVAL;VALUE=DURATION:{interval}")
    lines.append(_text_line("UID", uid))
    if url:
        lines.append(_fold(f"URL:{url}"))
    if refresh_hours:
        lines.append(f"X-PUBLISHED-TTL:{interval}")
    lines.append("X-WR-TIMEZONE:Europe/London")
    events = [summit_event(summit, alarm_before=alarm_before) for summit in summits]
    texts, addresses = _Texts(), SessionAddresses(absolute=True)
    events += [
        session_event(
            session,
            alarm_before=alarm_before,
            speakers=None if speakers is None else speakers.get(session.pk, []),
            texts=texts,
            addresses=addresses,
        )
        for session in sessions
    ]
    if events:
        # Only the transitions around the events: a full 1970-2038 VTIMEZONE is noise.
        first = min(event.start.astimezone(LONDON) for event in events).date()
        last = max(event.end.astimezone(LONDON) for event in events).date()
        lines.append(_timezone(first.year, last.year))
    for event in events:
        lines.append("BEGIN:VEVENT")
        lines.extend(event.lines)
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return ("\r\n".join(lines) + "\r\n").encode()


# Writing content lines (RFC 5545 section 3.1) ourselves: the icalendar library
# takes about 2 ms per event to build and fold one, so a programme of 300 sessions
# took over half a second. It still writes the VTIMEZONE, once per range of years.


def _text_line(name, value):
    """A TEXT property, escaped (section 3.3.11) and folded."""
    escaped = (
        str(value)
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )
    return _fold(f"{name}:{escaped}")


def _local_line(name, moment):
    return f"{name};TZID=Europe/London:{moment.astimezone(LONDON):%Y%m%dT%H%M%S}"


def _utc(moment):
    return f"{moment.astimezone(datetime.UTC):%Y%m%dT%H%M%SZ}"


def _utc_line(name, moment):
    return f"{name}:{_utc(moment)}"


def _fold(line):
    """Split `line` into lines of at most 75 octets, each after the first starting
    with a space, never inside a UTF-8 character."""
    if len(line) <= 75 and line.isascii():
        return line
    if line.isascii():
        parts = [line[:75]]
        parts += [line[start : start + 74] for start in range(75, len(line), 74)]
        return "\r\n ".join(parts)
    parts, current, size, limit = [], [], 0, 75
    for character in line:
        width = len(character.encode())
        if size + width > limit:
            parts.append("".join(current))
            current, size, limit = [], 0, 74
        current.append(character)
        size += width
    parts.append("".join(current))
    return "\r\n ".join(parts)


def _duration(delta):
    """A DURATION value (section 3.3.6), such as PT6H or -P1D."""
    sign = "-" if delta < datetime.timedelta(0) else ""
    delta = abs(delta)
    text = f"{sign}P{delta.days}D" if delta.days else f"{sign}P"
    if delta.seconds or not delta.days:
        hours, rest = divmod(delta.seconds, 3600)
        minutes, seconds = divmod(rest, 60)
        text += "T"
        text += f"{hours}H" if hours else ""
        text += f"{minutes}M" if minutes else ""
        text += f"{seconds}S" if seconds or not (hours or minutes) else ""
    return text


def _add_alarm(lines, title, before, texts):
    if before is None:
        return
    lines += [
        "BEGIN:VALARM",
        "ACTION:DISPLAY",
        _text_line("DESCRIPTION", texts.reminder % {"title": title}),
        f"TRIGGER:{_duration(-before)}",
        "END:VALARM",
    ]


@functools.lru_cache(maxsize=16)
def _timezone(first_year, last_year):
    """Europe/London's VTIMEZONE from a year before `first_year` to a year after
    `last_year` (whole years, so one is built per range and kept)."""
    # Heavy library: loaded only when a calendar is built.
    from icalendar import Timezone

    vtimezone = Timezone.from_tzid(
        "Europe/London",
        first_date=datetime.date(first_year - 1, 1, 1),
        last_date=datetime.date(last_year + 1, 12, 31),
    )
    return vtimezone.to_ical().decode().rstrip("\r\n")


def attendee_calendar(attendee, *, feed=False):
    """A ticket holder's own calendar: the summit, the workshops they booked and
    the sessions they starred (`agenda.agenda_sessions`), each with a reminder the
    day before. With `feed`, marked for subscription (their
    personal feed); otherwise a one-off file, as attached to ticket emails."""
    summit = attendee.summit
    return build_calendar(
        name=_("%(summit)s: your place") % {"summit": summit.title},
        uid=uid_for("attendee-calendar", attendee.pk),
        summits=[summit],
        sessions=agenda_sessions(attendee),
        url=absolute_url(attendee.get_calendar_feed_url()) if feed else None,
        refresh_hours=6 if feed else None,
        alarm_before=datetime.timedelta(days=1),
    )


def calendar_response(content, filename):
    """iCalendar bytes `content` as a download called `filename`.ics."""
    return HttpResponse(
        content,
        content_type="text/calendar; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}.ics"'},
    )
