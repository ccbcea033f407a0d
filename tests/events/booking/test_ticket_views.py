"""Ticket pages at secret addresses: the QR ticket, calendars, changing, transferring
and cancelling a place, claim links, waiting-list offers and finding a lost ticket."""

import datetime

import pytest
from django.core import mail, signing
from django.utils import timezone
from icalendar import Calendar

from events import qr
from events.choices import AttendeeStatus, WaitingListStatus
from events.models import Attendee
from tests.factories.events import (
    AttendeeFactory,
    SessionFactory,
    WaitingListEntryFactory,
)


@pytest.fixture
def attendee(ticket_type):
    return AttendeeFactory(
        ticket_type=ticket_type, name="Ada Example", email="ada@example.org"
    )


def _details(**overrides):
    return {
        "name": "Col League",
        "email": "col@example.org",
        "organisation": "Example Trust",
        "privacy_accepted": "on",
        **overrides,
    }


def test_ticket_page_shows_the_qr_code_and_details(client, attendee):
    response = client.get(f"/tickets/{attendee.manage_token}/")
    page = response.content.decode()

    assert "Ticket for Ada Example" in page
    assert f'aria-label="QR code for ticket {attendee.reference}"' in page
    assert '<svg class="qr-code"' in page
    assert f'href="webcal://testserver/tickets/feed/{attendee.calendar_token}/"' in (
        page
    )
    assert response["Referrer-Policy"] == "same-origin"
    assert "noindex" in response["X-Robots-Tag"]
    assert "no-cache" in response["Cache-Control"]


def test_the_ticket_offers_to_change_workshops_only_when_the_form_has_them(
    client, attendee
):
    def change_link():
        page = client.get(f"/tickets/{attendee.manage_token}/").content.decode()
        return "Change details or workshops" in page

    draft = SessionFactory(summit=attendee.summit, session_type="workshop")
    draft.start = draft.end = None  # a confirmed proposal not yet given a time
    draft.save()
    attendee.ticket_type.workshops.set([draft])
    assert not change_link()

    attendee.ticket_type.workshops.add(
        SessionFactory(summit=attendee.summit, session_type="workshop")
    )
    assert change_link()


def test_unknown_tokens_are_404(client, attendee):
    for path in [
        "/tickets/not-a-token/",
        f"/tickets/{attendee.ticket_token}/",  # the QR token doesn't open the page
        f"/tickets/{attendee.manage_token}x/cancel/",
        "/tickets/claim/nope/",
        "/tickets/feed/nope/",
        "/tickets/waiting-list/nope/",
    ]:
        assert client.get(path).status_code == 404, path


def test_the_qr_payload_is_signed_and_finds_the_attendee(attendee):
    payload = qr.ticket_payload(attendee)

    assert str(attendee.pk) != payload.split(":")[0]
    assert qr.attendee_for_ticket_payload(payload) == attendee
    assert qr.attendee_for_ticket_payload(payload[:-1] + "x") is None
    assert qr.attendee_for_ticket_payload(attendee.ticket_token) is None
    forged = signing.Signer(key="someone-elses-key", salt=qr.SALT).sign(
        attendee.ticket_token
    )
    assert qr.attendee_for_ticket_payload(forged) is None
    assert qr.attendee_for_ticket_payload("") is None


def test_a_transferred_tickets_old_qr_code_stops_working(attendee):
    from events.booking import changes
    from tests.factories.events import attendee_details

    old_payload = qr.ticket_payload(attendee)
    changes.transfer_attendee(
        attendee=attendee, details=attendee_details("New", "new@example.org")
    )

    assert qr.attendee_for_ticket_payload(old_payload) is None
    attendee.refresh_from_db()
    assert qr.attendee_for_ticket_payload(qr.ticket_payload(attendee)) == attendee


def test_qr_images(attendee):
    svg = qr.qr_svg("hello", label="Ticket <1>")
    png = qr.qr_png("hello")

    assert svg.startswith(
        '<svg class="qr-code" role="img" aria-label="Ticket &lt;1&gt;"'
    )
    assert 'width="' not in svg.split(">", 1)[0]
    assert png.startswith(b"\x89PNG")


def test_personal_calendar_feed_has_the_summit_workshops_and_reminders(
    client, attendee
):
    workshop = SessionFactory(
        summit=attendee.summit, title="Bus routes", session_type="workshop"
    )
    attendee.workshops.set([workshop])

    response = client.get(f"/tickets/feed/{attendee.calendar_token}/")
    calendar = Calendar.from_ical(response.content)
    events = {str(event["summary"]): event for event in calendar.walk("VEVENT")}

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert set(events) == {attendee.summit.title, "Bus routes"}
    assert str(events["Bus routes"]["uid"]) == f"session-{workshop.pk}@testserver"
    assert events["Bus routes"]["sequence"] == workshop.calendar_sequence
    assert all(event.walk("VALARM") for event in events.values())
    assert "REFRESH-INTERVAL" in response.content.decode()


def test_the_feed_follows_a_moved_workshop(client, attendee):
    workshop = SessionFactory(summit=attendee.summit, session_type="workshop")
    attendee.workshops.set([workshop])
    workshop.start += datetime.timedelta(minutes=30)
    workshop.end += datetime.timedelta(minutes=30)
    workshop.save()

    calendar = Calendar.from_ical(
        client.get(f"/tickets/feed/{attendee.calendar_token}/").content
    )
    event = next(e for e in calendar.walk("VEVENT") if "session" in str(e["uid"]))

    assert event["sequence"] == 1
    assert event.decoded("dtstart") == workshop.start


def test_cancelled_places_have_no_feed_and_no_qr(client, attendee):
    attendee.status = AttendeeStatus.CANCELLED
    attendee.save()

    page = client.get(f"/tickets/{attendee.manage_token}/").content.decode()

    assert "has been cancelled" in page
    assert "qr-code" not in page
    assert client.get(f"/tickets/feed/{attendee.calendar_token}/").status_code == 404


def test_ticket_calendar_download(client, attendee):
    response = client.get(f"/tickets/{attendee.manage_token}/calendar/")

    assert response["Content-Disposition"].endswith('-summit.ics"')
    assert b"BEGIN:VALARM" in response.content


def test_edit_details(client, attendee):
    url = f"/tickets/{attendee.manage_token}/edit/"
    assert "Ada Example" in client.get(url).content.decode()

    response = client.post(
        url,
        _details(name="Ada Q. Example", email="ignored@example.org", job_title="Chair"),
    )

    attendee.refresh_from_db()
    assert response.status_code == 302
    assert (attendee.name, attendee.email, attendee.job_title) == (
        "Ada Q. Example",
        "ada@example.org",
        "Chair",
    )


def test_edit_needs_consent(client, attendee):
    response = client.post(
        f"/tickets/{attendee.manage_token}/edit/", _details(privacy_accepted="")
    )

    assert response.status_code == 400
    assert "They must agree to the privacy notice" in response.content.decode()


def test_edits_close_at_the_cutoff(client, attendee):
    summit = attendee.summit
    summit.attendee_changes_close_at = timezone.now() - datetime.timedelta(hours=1)
    summit.save()

    page = client.get(f"/tickets/{attendee.manage_token}/").content.decode()
    response = client.post(f"/tickets/{attendee.manage_token}/edit/", _details())

    assert "Changes to bookings have closed" in page
    assert response.status_code == 409
    attendee.refresh_from_db()
    assert attendee.name == "Ada Example"


def test_transfer_to_a_colleague(client, attendee, django_capture_on_commit_callbacks):
    old_url = f"/tickets/{attendee.manage_token}/"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{old_url}transfer/", _details())

    assert "Col League now holds the place" in response.content.decode()
    attendee.refresh_from_db()
    assert attendee.email == "col@example.org"
    retired = client.get(old_url)
    assert retired.status_code == 410
    assert "This ticket has been passed on" in retired.content.decode()
    new_ticket = next(m for m in mail.outbox if m.to == ["col@example.org"])
    assert f"/tickets/{attendee.manage_token}/" in new_ticket.body
    assert any(m.to == ["ada@example.org"] for m in mail.outbox)


def test_transfer_refuses_an_email_with_a_ticket(client, attendee, ticket_type):
    AttendeeFactory(ticket_type=ticket_type, email="col@example.org")

    response = client.post(f"/tickets/{attendee.manage_token}/transfer/", _details())

    assert response.status_code == 400
    assert "col@example.org already has a ticket" in response.content.decode()


def test_cancel_a_place(client, attendee, django_capture_on_commit_callbacks):
    url = f"/tickets/{attendee.manage_token}/cancel/"
    assert "Yes, cancel the place" in client.get(url).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)

    attendee.refresh_from_db()
    assert response["Location"] == f"/tickets/{attendee.manage_token}/"
    assert attendee.status == AttendeeStatus.CANCELLED
    assert mail.outbox[0].subject.startswith("Your place at")
    again = client.post(url)
    assert again.status_code == 409


def test_claim_an_unnamed_place(
    client, ticket_type, django_capture_on_commit_callbacks
):
    place = AttendeeFactory(
        ticket_type=ticket_type, name="", email="", claim_token="c1"
    )

    page = client.get("/tickets/claim/c1/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/tickets/claim/c1/", _details())

    place.refresh_from_db()
    assert "Fill in your details to get your ticket" in page
    assert response["Location"] == f"/tickets/{place.manage_token}/"
    assert (place.name, place.email, place.claim_token) == (
        "Col League",
        "col@example.org",
        None,
    )
    assert ["col@example.org"] in [m.to for m in mail.outbox]
    used = client.get("/tickets/claim/c1/")
    assert used.status_code == 410
    assert "This place has already been claimed" in used.content.decode()


def test_claiming_with_a_booked_email_is_refused(client, ticket_type):
    AttendeeFactory(ticket_type=ticket_type, email="col@example.org")
    AttendeeFactory(ticket_type=ticket_type, name="", email="", claim_token="c2")

    response = client.post("/tickets/claim/c2/", _details())

    assert response.status_code == 400
    assert "Manage that booking" in response.content.decode()
    assert Attendee.objects.get(claim_token="c2").email == ""


def test_find_ticket_resends_links_without_saying_who_booked(
    client, attendee, django_capture_on_commit_callbacks
):
    for email in ("ADA@example.org", "stranger@example.org"):
        response = client.post("/tickets/find/", {"email": email})
        assert "If " in response.content.decode()

    assert [m.to for m in mail.outbox] == [["ada@example.org"]]
    assert f"/tickets/{attendee.manage_token}/" in mail.outbox[0].body


def test_find_ticket_is_rate_limited(client, site_pages):
    for _ in range(5):
        client.post("/tickets/find/", {"email": "a@example.org"})

    assert client.post("/tickets/find/", {"email": "a@example.org"}).status_code == 429


def test_claim_a_waiting_list_offer(
    client, ticket_type, django_capture_on_commit_callbacks
):
    entry = WaitingListEntryFactory(
        ticket_type=ticket_type,
        name="Wai Ting",
        email="wait@example.org",
        status=WaitingListStatus.OFFERED,
        offer_expires_at=timezone.now() + datetime.timedelta(hours=2),
    )
    url = f"/tickets/waiting-list/{entry.token}/"

    page = client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {**_details(name="Wai Ting"), "claim": "1"})

    assert "A place is available for you" in page
    attendee = Attendee.objects.get(email="wait@example.org")
    assert response["Location"] == f"/tickets/{attendee.manage_token}/"
    assert [m.to for m in mail.outbox] == [["wait@example.org"]]
    assert "claimed a place" in client.get(url).content.decode()


def test_leave_the_waiting_list(client, ticket_type):
    entry = WaitingListEntryFactory(ticket_type=ticket_type)
    url = f"/tickets/waiting-list/{entry.token}/"

    client.post(url, {"leave": "1"})

    entry.refresh_from_db()
    assert entry.status == WaitingListStatus.LEFT
    assert "You have left this waiting list" in client.get(url).content.decode()
