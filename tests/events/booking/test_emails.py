"""Ticket emails: HTML and text, the QR code as an inline PNG, the summit's .ics;
sent once per holder."""

from django.core import mail
from icalendar import Calendar

from events.booking import emails
from tests.factories.events import AttendeeFactory, SessionFactory


def test_ticket_email_has_the_qr_code_calendar_and_manage_link(ticket_type):
    attendee = AttendeeFactory(
        ticket_type=ticket_type, name="Ada Example", email="ada@example.org"
    )
    workshop = SessionFactory(
        summit=ticket_type.summit, title="Bus routes", session_type="workshop"
    )
    attendee.workshops.set([workshop])

    emails.send_ticket(attendee)

    (message,) = mail.outbox
    assert message.to == ["ada@example.org"]
    assert message.subject == (
        f"Your ticket for {ticket_type.summit.title} ({attendee.reference})"
    )
    manage_url = f"http://testserver/tickets/{attendee.manage_token}/"
    assert manage_url in message.body
    assert "Bus routes" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert 'src="cid:ticket-qr"' in html
    assert f'href="{manage_url}"' in html
    parts = {part.get_content_type(): part for part in message.message().walk()}
    image = parts["image/png"]
    assert image["Content-ID"] == "<ticket-qr>"
    assert image.get_payload(decode=True).startswith(b"\x89PNG")
    calendar = Calendar.from_ical(parts["text/calendar"].get_payload(decode=True))
    summaries = {str(event["summary"]) for event in calendar.walk("VEVENT")}
    assert summaries == {ticket_type.summit.title, "Bus routes"}


def test_a_ticket_is_emailed_once_per_holder(ticket_type):
    """Keyed by the place and its ticket token: sending again sends nothing, until
    a transfer gives the place a new holder and token."""
    attendee = AttendeeFactory(ticket_type=ticket_type, email="ada@example.org")

    emails.send_ticket(attendee)
    emails.send_ticket(attendee)
    assert [message.to for message in mail.outbox] == [["ada@example.org"]]

    attendee.name, attendee.email = "Ben New", "ben@example.org"
    attendee.rotate_tokens()
    attendee.save()
    emails.send_ticket(attendee)
    emails.send_ticket(attendee)

    assert [message.to for message in mail.outbox] == [
        ["ada@example.org"],
        ["ben@example.org"],
    ]
