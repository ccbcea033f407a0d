"""'Add to calendar' links: Google Calendar and Outlook on the web beside the .ics
file and webcal feed the site serves itself (docs/emails.md#add-to-calendar).

Outlook has two web calendars: work and school accounts (Microsoft 365, which most
of the region's councils and partners use) live on outlook.office.com, personal
ones on outlook.live.com, and neither opens the other's links, so both are offered.
Web calendars take the event in the link's query, so times go in UTC (no time zone
to get wrong) and long text is trimmed: some browsers and mail gateways cut
addresses of a few thousand characters."""

import datetime
from dataclasses import dataclass
from urllib.parse import quote, urlencode

from django.urls import reverse

from home.links import absolute_url

TITLE_LIMIT = 200
LOCATION_LIMIT = 300
DETAILS_LIMIT = 1000


@dataclass(frozen=True)
class CalendarLink:
    label: str
    url: str
    #: It leaves this site for someone else's (Google's, Microsoft's).
    external: bool = False


def google_calendar_url(*, title, start, end, details="", location=""):
    stamp = "%Y%m%dT%H%M%SZ"
    query = {
        "action": "TEMPLATE",
        "text": trim(title, TITLE_LIMIT),
        "dates": f"{_utc(start):{stamp}}/{_utc(end):{stamp}}",
        "details": trim(details, DETAILS_LIMIT),
        "location": trim(location, LOCATION_LIMIT),
    }
    return "https://calendar.google.com/calendar/render?" + _query(query)


def outlook_calendar_url(*, title, start, end, details="", location="", work):
    """Outlook on the web's new-event form: a work or school account's when
    `work`, else Outlook.com's."""
    host = "outlook.office.com" if work else "outlook.live.com"
    stamp = "%Y-%m-%dT%H:%M:%SZ"
    query = {
        "path": "/calendar/action/compose",
        "rru": "addevent",
        "subject": trim(title, TITLE_LIMIT),
        "startdt": f"{_utc(start):{stamp}}",
        "enddt": f"{_utc(end):{stamp}}",
        "body": trim(details, DETAILS_LIMIT),
        "location": trim(location, LOCATION_LIMIT),
    }
    return f"https://{host}/calendar/0/action/compose?" + _query(query)


def calendar_links(*, title, start, end, details, location, ics_url, feed_url=""):
    """Every way to put one event in a calendar, in the order pages and emails
    offer them: the web calendars, then the file, then (for a summit's programme or
    a ticket) the feed that follows later changes."""
    event = {
        "title": title,
        "start": start,
        "end": end,
        "details": details,
        "location": location,
    }
    links = [
        CalendarLink("Add to Google Calendar", google_calendar_url(**event), True),
        CalendarLink(
            "Add to Outlook (work or school account)",
            outlook_calendar_url(**event, work=True),
            True,
        ),
        CalendarLink(
            "Add to Outlook.com (personal account)",
            outlook_calendar_url(**event, work=False),
            True,
        ),
        CalendarLink("Download for Apple Calendar and others (.ics)", ics_url),
    ]
    if feed_url:
        links.append(CalendarLink("Subscribe in your calendar app", feed_url))
    return links


def summit_calendar_links(summit, *, feed_url=""):
    """A summit's links; `feed_url` adds a feed to subscribe to (the programme's on
    its page, a ticket's in the ticket email)."""
    return calendar_links(
        title=summit.title,
        start=summit.start,
        end=summit.end,
        details=_details(summit.summary, summit.url),
        location=summit.location_text,
        ics_url=reverse("events:calendar", args=[summit.slug]),
        feed_url=feed_url,
    )


def session_calendar_links(session):
    summit = session.summit
    return calendar_links(
        title=f"{session.title} ({summit.title})",
        start=session.start,
        end=session.end,
        details=_details(session.description, session.get_absolute_url()),
        location=session.location_text,
        ics_url=reverse("events:session_calendar", args=[summit.slug, session.slug]),
    )


def trim(text, limit):
    """`text` cut to at most `limit` characters, at a word where it can be, with an
    ellipsis to show something was left out."""
    text = text.strip()
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut[limit // 2 :]:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:.") + "…"


def _details(text, path):
    """The event's description: the text, then where to read more. Only the text
    is trimmed: the address always arrives whole."""
    address = absolute_url(path)
    text = trim(text, DETAILS_LIMIT - len(address) - 2)
    return f"{text}\n\n{address}" if text else address


def _utc(moment):
    return moment.astimezone(datetime.UTC)


def _query(fields):
    # %20 for spaces: Outlook shows a "+" as a plus sign.
    return urlencode({k: v for k, v in fields.items() if v}, quote_via=quote)
