"""'Add to calendar' links (events.calendar_links): Google and Outlook on the web in
UTC, escaped and trimmed, on the summit and session pages."""

import datetime
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

from events import calendar_links
from tests.factories.events import SessionFactory

LONDON = ZoneInfo("Europe/London")
# 10 June is in British Summer Time: 09:30 in London is 08:30 UTC.
START = datetime.datetime(2027, 6, 10, 9, 30, tzinfo=LONDON)
END = datetime.datetime(2027, 6, 10, 17, 0, tzinfo=LONDON)
EVENT = {
    "title": "Homes & transport: what's next?",
    "start": START,
    "end": END,
    "details": "Line one\n\nSee https://example.org/a?b=1&c=2#top + more",
    "location": "Peterborough Arena, PE2 6XE",
}


def _query(url):
    address = urlsplit(url)
    return address.netloc + address.path, {
        key: value for key, [value] in parse_qs(address.query).items()
    }


def test_google_takes_utc_times_and_the_text_whole_and_escaped():
    where, query = _query(calendar_links.google_calendar_url(**EVENT))

    assert where == "calendar.google.com/calendar/render"
    assert query == {
        "action": "TEMPLATE",
        "text": "Homes & transport: what's next?",
        "dates": "20270610T083000Z/20270610T160000Z",
        "details": "Line one\n\nSee https://example.org/a?b=1&c=2#top + more",
        "location": "Peterborough Arena, PE2 6XE",
    }
    url = calendar_links.google_calendar_url(**EVENT)
    assert " " not in url and "+" not in url  # %20, so "+ more" keeps its plus
    assert "#" not in url  # an unescaped # would end the query


def test_outlook_offers_work_and_personal_accounts_in_utc():
    work, query = _query(calendar_links.outlook_calendar_url(**EVENT, work=True))
    personal, same = _query(calendar_links.outlook_calendar_url(**EVENT, work=False))

    assert work == "outlook.office.com/calendar/0/action/compose"
    assert personal == "outlook.live.com/calendar/0/action/compose"
    assert query == same
    assert query["subject"] == "Homes & transport: what's next?"
    assert (query["startdt"], query["enddt"]) == (
        "2027-06-10T08:30:00Z",
        "2027-06-10T16:00:00Z",
    )
    assert query["body"] == EVENT["details"]
    assert query["location"] == EVENT["location"]
    assert query["rru"] == "addevent"


def test_long_text_is_trimmed_at_a_word_with_an_ellipsis():
    title = "Workshop " * 40
    _, query = _query(calendar_links.google_calendar_url(**{**EVENT, "title": title}))

    assert len(query["text"]) <= calendar_links.TITLE_LIMIT
    assert query["text"].endswith("Workshop…")
    assert calendar_links.trim("Short title", 200) == "Short title"


def test_the_links_in_order_with_the_file_and_an_optional_feed():
    links = calendar_links.calendar_links(
        **EVENT, ics_url="/summit/x/calendar/", feed_url="webcal://example.org/feed/"
    )

    assert [(link.label, link.external) for link in links] == [
        ("Add to Google Calendar", True),
        ("Add to Outlook (work or school account)", True),
        ("Add to Outlook.com (personal account)", True),
        ("Download for Apple Calendar and others (.ics)", False),
        ("Subscribe in your calendar app", False),
    ]
    assert links[3].url == "/summit/x/calendar/"
    assert len(calendar_links.calendar_links(**EVENT, ics_url="/x/")) == 4


def test_a_long_description_is_cut_but_the_page_address_is_whole(summit):
    summit.summary = "A day of talks. " * 200

    (google, *_) = calendar_links.summit_calendar_links(summit)

    details = _query(google.url)[1]["details"]
    assert len(details) <= calendar_links.DETAILS_LIMIT
    assert details.endswith(f"…\n\nhttp://testserver/summit/{summit.slug}/")


def test_the_summit_page_offers_every_calendar(client, summit):
    html = client.get(f"/summit/{summit.slug}/").text

    assert "<h3>Add to your calendar</h3>" in html
    for label, start in [
        ("Add to Google Calendar", "https://calendar.google.com/calendar/render?"),
        ("Add to Outlook (work or school account)", "https://outlook.office.com/"),
        ("Add to Outlook.com (personal account)", "https://outlook.live.com/"),
    ]:
        assert (
            f'<a href="{start}' in html.split(f">{label}</a>")[0].rsplit("<li>", 1)[1]
        )
    assert (
        f'<a href="/summit/{summit.slug}/calendar/">Download for Apple Calendar and '
        "others (.ics)</a>" in html
    )


def test_the_session_page_offers_the_session_to_every_calendar(client, summit):
    session = SessionFactory(summit=summit, title="Homes workshop")

    html = client.get(f"/summit/{summit.slug}/sessions/{session.slug}/").text

    google = html.split(">Add to Google Calendar</a>")[0].rsplit('href="', 1)[1]
    _, query = _query(google.split('"')[0].replace("&amp;", "&"))
    assert query["text"] == f"Homes workshop ({summit.title})"
    assert (
        f'href="/summit/{summit.slug}/sessions/{session.slug}/calendar/">Download for '
        "Apple Calendar and others (.ics)</a>" in html
    )
