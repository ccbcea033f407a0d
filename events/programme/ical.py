"""iCalendar feeds for summits and sessions, as plain functions returning bytes.

UIDs (`session-<pk>@<host>`, `summit-<pk>@<host>`) never change, DTSTAMP is when the
item last changed, and SEQUENCE (`calendar_sequence`) goes up when its time, place or
title changes, so calendar apps update the copy they hold instead of duplicating it.
Registration builds personal feeds with `build_calendar(..., alarm_before=...)`.
"""

import datetime
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from home.links import absolute_url

LONDON = ZoneInfo("Europe/London")
PRODID = "-//Cambridgeshire & Peterborough Combined Authority//Shared Ambition//EN"


def uid_for(kind, pk):
    """A UID that stays the same for as long as the item exists: `<kind>-<pk>@<host>`."""
    return f"{kind}-{pk}@{urlsplit(settings.SITE_URL).hostname or 'localhost'}"


def session_uid(session):
    return uid_for("session", session.pk)


def summit_uid(summit):
    return uid_for("summit", summit.pk)


def session_description(session):
    """The plain-text DESCRIPTION: what, who, access, and where to read more."""
    description = session.description.strip()
    lines = [description] if description else []
    speakers = [
        ", ".join(
            part for part in [speaker.name, speaker.role_and_organisation] if part
        )
        for speaker in session.speakers.all()
    ]
    if speakers:
        lines.append(_("Speakers: %(names)s") % {"names": "; ".join(speakers)})
    details = [str(session.get_session_type_display())]
    if session.track:
        details.append(_("Track: %(track)s") % {"track": session.track.name})
    lines.append(". ".join(details) + ".")
    if session.access_features:
        lines.append(
            _("Access: %(features)s.") % {"features": session.access_feature_labels}
        )
    lines.append(absolute_url(session.get_absolute_url()))
    return "\n\n".join(lines)


def session_event(session, *, alarm_before=None):
    """A VEVENT for `session` (needs its summit, room, track and speakers loaded)."""
    # Heavy library: loaded only when a calendar is built.
    from icalendar import Event

    event = Event.new(
        uid=session_uid(session),
        stamp=session.updated_at.astimezone(datetime.UTC),
        created=session.created_at.astimezone(datetime.UTC),
        last_modified=session.updated_at.astimezone(datetime.UTC),
        sequence=session.calendar_sequence,
        summary=session.title,
        start=session.start.astimezone(LONDON),
        end=session.end.astimezone(LONDON),
        location=session.location_text,
        url=absolute_url(session.get_absolute_url()),
        description=session_description(session),
        categories=[str(session.get_session_type_display())],
    )
    if alarm_before is not None:
        event.add_component(_alarm(session.title, alarm_before))
    return event


def summit_event(summit, *, alarm_before=None):
    # Heavy library: loaded only when a calendar is built.
    from icalendar import Event

    changed = summit.last_published_at or summit.first_published_at or timezone.now()
    event = Event.new(
        uid=summit_uid(summit),
        stamp=changed.astimezone(datetime.UTC),
        last_modified=changed.astimezone(datetime.UTC),
        sequence=summit.calendar_sequence,
        summary=summit.title,
        start=summit.start.astimezone(LONDON),
        end=summit.end.astimezone(LONDON),
        location=summit.location_text,
        url=absolute_url(summit.url),
        description="\n\n".join([summit.summary, absolute_url(summit.url)]),
    )
    if alarm_before is not None:
        event.add_component(_alarm(summit.title, alarm_before))
    return event


def build_calendar(
    *,
    name,
    uid,
    sessions=(),
    summits=(),
    url=None,
    refresh_hours=None,
    alarm_before=None,
):
    """Return the .ics bytes of a calendar called `name` holding `summits` and
    `sessions`. `uid` identifies the calendar itself, e.g. `programme-<pk>@<host>`.

    `refresh_hours` marks a subscribable feed (REFRESH-INTERVAL, X-PUBLISHED-TTL);
    `alarm_before` (a timedelta) adds a reminder that long before each event.
    """
    # Heavy library: loaded only when a calendar is built.
    from icalendar import Calendar, vDuration

    calendar = Calendar.new(prodid=PRODID, name=name, uid=uid, url=url)
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-timezone", "Europe/London")
    if refresh_hours:
        interval = datetime.timedelta(hours=refresh_hours)
        calendar.add("refresh-interval", interval, parameters={"VALUE": "DURATION"})
        calendar.add("x-published-ttl", vDuration(interval))
    events = [summit_event(summit, alarm_before=alarm_before) for summit in summits]
    events += [
        session_event(session, alarm_before=alarm_before) for session in sessions
    ]
    for event in events:
        calendar.add_component(event)
    if events:
        # Only the transitions around the events: a full 1970-2038 VTIMEZONE is noise.
        first = min(event.start for event in events).date()
        last = max(event.end for event in events).date()
        calendar.add_missing_timezones(
            first_date=first - datetime.timedelta(days=366),
            last_date=last + datetime.timedelta(days=366),
        )
    return calendar.to_ical()


def _alarm(title, before):
    # Heavy library: loaded only when a calendar is built.
    from icalendar import Alarm

    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("trigger", -before)
    alarm.add("description", _("Reminder: %(title)s") % {"title": title})
    return alarm


def attendee_calendar(attendee, *, feed=False):
    """A ticket holder's own calendar: the summit and the workshops they booked,
    each with a reminder the day before. With `feed`, marked for subscription (their
    personal feed); otherwise a one-off file, as attached to ticket emails."""
    summit = attendee.summit
    return build_calendar(
        name=_("%(summit)s: your place") % {"summit": summit.title},
        uid=uid_for("attendee-calendar", attendee.pk),
        summits=[summit],
        sessions=attendee.workshops.for_listing(),
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
