"""Registration rules in events/booking/: capacity, codes, one ticket per email,
changes, cancellations, the waiting list and speakers' tickets."""

import datetime
import re
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.utils import timezone

from events.booking import changes, orders, rules, speaker_tickets, waiting_list
from events.booking.pricing import PlaceRequest
from events.choices import AttendeeStatus, OrderStatus, WaitingListStatus
from events.models import Attendee, Order, StatusChange, WaitingListEntry
from tests.factories.events import (
    AccessCodeFactory,
    AttendeeFactory,
    SessionFactory,
    SummitPageFactory,
    TicketTypeFactory,
    WaitingListEntryFactory,
    attendee_details,
    open_registration,
)
from tests.factories.speakers import SpeakerFactory


def _book(booker, ticket_type, *people, access_code=None, workshops=()):
    """Book one place per (name, email) pair; None for an unnamed place."""
    places = [
        PlaceRequest(
            ticket_type=ticket_type,
            details=attendee_details(*person) if person else None,
            workshops=tuple(workshops),
        )
        for person in people
    ]
    return orders.place_order(
        booker=booker,
        summit=ticket_type.summit,
        places=places,
        access_code=access_code,
    )


def test_place_order_confirms_named_and_unnamed_places(booker, ticket_type):
    order = _book(booker, ticket_type, ("Ada Example", "Ada@Example.org "), None)

    assert order.status == OrderStatus.CONFIRMED
    # Four characters that can't be misread over the phone: no 0/O, 1/I/L or U.
    year = ticket_type.summit.start.year % 100
    assert re.fullmatch(rf"SA{year}-[2-9A-HJKMNP-TV-Z]{{4}}", order.reference)
    ada, unnamed = order.attendees.order_by("number")
    assert (ada.name, ada.email, ada.reference) == (
        "Ada Example",
        "ada@example.org",
        f"{order.reference}-1",
    )
    assert ada.privacy_accepted_at is not None
    assert ada.claim_token is None
    assert not unnamed.is_named and unnamed.claim_token
    assert len({ada.ticket_token, ada.manage_token, ada.calendar_token}) == 3
    assert list(order.status_changes.values_list("to_status", flat=True)) == [
        "confirmed",
        "confirmed",
        "confirmed",
    ]


def test_place_order_fills_the_last_place_then_says_sold_out(booker, ticket_type):
    ticket_type.capacity = 2
    ticket_type.save()
    AttendeeFactory(ticket_type=ticket_type)

    _book(booker, ticket_type, ("Last In", "last@example.org"))
    with pytest.raises(rules.SoldOut, match="Sorry, Delegate place is sold out."):
        _book(booker, ticket_type, ("Too Late", "late@example.org"))

    assert Attendee.objects.filter(ticket_type=ticket_type).count() == 2
    assert not Attendee.objects.filter(email="late@example.org").exists()


def test_place_order_refuses_more_places_than_are_left(booker, ticket_type):
    ticket_type.capacity = 1
    ticket_type.save()

    with pytest.raises(rules.SoldOut, match="only 1 Delegate place place is left"):
        _book(booker, ticket_type, ("A", "a@example.org"), ("B", "b@example.org"))

    assert not Order.objects.exists()


def test_waiting_people_come_before_new_bookings(booker, ticket_type):
    ticket_type.capacity = 1
    ticket_type.save()
    WaitingListEntryFactory(ticket_type=ticket_type)

    with pytest.raises(rules.SoldOut):
        _book(booker, ticket_type, ("A", "a@example.org"))


def test_speaker_places_do_not_use_public_capacity(booker, ticket_type):
    ticket_type.capacity = 1
    ticket_type.save()
    SessionFactory(
        summit=ticket_type.summit,
        speakers=[SpeakerFactory(email="speaker@example.org")],
    )
    speaker_tickets.issue_speaker_tickets(summit=ticket_type.summit)

    _book(booker, ticket_type, ("A", "a@example.org"))

    assert Attendee.objects.live().count() == 2


def test_a_place_for_someone_who_holds_a_ticket_is_passed_on_to_them(
    booker, ticket_type
):
    holder = AttendeeFactory(ticket_type=ticket_type, email="taken@example.org")
    other_type = TicketTypeFactory(summit=ticket_type.summit)

    # The booker is not told that this person has booked; the place waits for them
    # (or whoever they pass it to) as a link, and their ticket stays as it was.
    order = _book(booker, other_type, ("Again", "TAKEN@example.org"))

    place = order.attendees.get()
    assert (place.name, place.email) == ("", "")
    assert place.intended_email == "taken@example.org"
    assert place.claim_token
    assert Attendee.objects.live().filter(email="taken@example.org").get() == holder


def test_place_order_refuses_one_email_for_two_places(booker, ticket_type):
    with pytest.raises(rules.BookingError, match="given twice"):
        _book(booker, ticket_type, ("A", "same@example.org"), ("B", "same@example.org"))


def test_database_refuses_a_second_live_ticket_for_an_email(ticket_type):
    AttendeeFactory(ticket_type=ticket_type, email="once@example.org")

    with pytest.raises(IntegrityError), transaction.atomic():
        AttendeeFactory(ticket_type=ticket_type, email="Once@example.org")


def test_a_cancelled_ticket_frees_the_email(booker, ticket_type):
    old = AttendeeFactory(ticket_type=ticket_type, email="back@example.org")
    changes.cancel_attendee(attendee=old)

    order = _book(booker, ticket_type, ("Back Again", "back@example.org"))

    assert order.attendees.get().email == "back@example.org"


def test_place_order_refuses_a_ticket_type_of_another_summit(booker, ticket_type):
    other_summit = open_registration(
        SummitPageFactory(parent=ticket_type.summit.get_parent())
    )
    foreign = TicketTypeFactory(summit=other_summit)

    with pytest.raises(rules.BookingError, match="isn't available"):
        orders.place_order(
            booker=booker,
            summit=ticket_type.summit,
            places=[PlaceRequest(ticket_type=foreign, details=attendee_details())],
        )


def test_place_order_refuses_outside_the_sales_window(booker, ticket_type):
    ticket_type.sales_end = timezone.now() - datetime.timedelta(hours=1)
    ticket_type.save()

    with pytest.raises(rules.BookingError, match="not on sale"):
        _book(booker, ticket_type, ("A", "a@example.org"))


def test_place_order_refuses_when_registration_is_closed(booker, ticket_type):
    summit = ticket_type.summit
    summit.registration_opens_at = timezone.now() + datetime.timedelta(days=1)
    summit.save()

    with pytest.raises(rules.BookingError, match="not on sale"):
        _book(booker, ticket_type, ("A", "a@example.org"))


def test_place_order_keeps_to_the_maximum_per_order(booker, ticket_type):
    ticket_type.max_per_order = 1
    ticket_type.save()

    with pytest.raises(rules.BookingError, match="up to 1 Delegate place places"):
        _book(booker, ticket_type, ("A", "a@example.org"), None)


def test_paid_places_need_a_payment_method(booker, ticket_type):
    ticket_type.price = 9500
    ticket_type.save()

    with pytest.raises(rules.BookingError, match="Choose how to pay"):
        _book(booker, ticket_type, ("A", "a@example.org"))
    assert not Order.objects.exists()


def test_a_free_code_makes_paid_places_free(booker, ticket_type):
    ticket_type.price = 9500
    ticket_type.save()
    code = AccessCodeFactory(summit=ticket_type.summit, max_uses=5)

    order = _book(booker, ticket_type, ("A", "a@example.org"), access_code=code)

    assert order.access_code == code
    assert order.attendees.get().price == 0
    assert order.attendees.get().uses_access_code
    code.refresh_from_db()
    assert code.uses == 1


def test_hidden_ticket_types_need_a_code_that_unlocks_them(booker, open_summit):
    hidden = TicketTypeFactory(summit=open_summit, name="Partner", requires_code=True)
    other_code = AccessCodeFactory(
        summit=open_summit,
        makes_free=False,
        ticket_types=[TicketTypeFactory(summit=open_summit, requires_code=True)],
    )

    with pytest.raises(rules.AccessCodeError, match="Partner places need"):
        _book(booker, hidden, ("A", "a@example.org"))
    with pytest.raises(rules.AccessCodeError, match="Partner places need"):
        _book(booker, hidden, ("A", "a@example.org"), access_code=other_code)

    code = AccessCodeFactory(
        summit=open_summit, makes_free=False, ticket_types=[hidden]
    )
    assert _book(booker, hidden, ("A", "a@example.org"), access_code=code)


def test_a_code_is_counted_per_place_and_stops_at_its_limit(booker, ticket_type):
    code = AccessCodeFactory(summit=ticket_type.summit, max_uses=2)

    _book(booker, ticket_type, ("A", "a@example.org"), access_code=code)
    with pytest.raises(rules.AccessCodeError, match="1 more place"):
        _book(
            booker,
            ticket_type,
            ("B", "b@example.org"),
            ("C", "c@example.org"),
            access_code=code,
        )
    _book(booker, ticket_type, ("B", "b@example.org"), access_code=code)
    with pytest.raises(rules.AccessCodeError, match="used for all the places"):
        _book(booker, ticket_type, ("D", "d@example.org"), access_code=code)

    code.refresh_from_db()
    assert code.uses == 2


def test_an_expired_code_is_refused(booker, ticket_type):
    code = AccessCodeFactory(
        summit=ticket_type.summit,
        valid_until=timezone.now() - datetime.timedelta(minutes=1),
    )

    with pytest.raises(rules.AccessCodeError, match="expired"):
        _book(booker, ticket_type, ("A", "a@example.org"), access_code=code)
    with pytest.raises(rules.AccessCodeError, match="expired"):
        rules.find_access_code(summit=ticket_type.summit, code=code.code.lower())


def test_find_access_code_ignores_case_and_refuses_unknown_codes(ticket_type):
    code = AccessCodeFactory(summit=ticket_type.summit, code="Partner-2026")

    assert code.code == "PARTNER-2026"
    assert rules.find_access_code(summit=code.summit, code=" partner-2026 ") == code
    with pytest.raises(rules.AccessCodeError, match="don't recognise"):
        rules.find_access_code(summit=code.summit, code="NOPE")


def test_workshops_have_their_own_capacity(booker, ticket_type):
    workshop = SessionFactory(
        summit=ticket_type.summit, session_type="workshop", capacity=1
    )
    ticket_type.workshops.set([workshop])

    _book(booker, ticket_type, ("A", "a@example.org"), workshops=[workshop])
    with pytest.raises(rules.SoldOut, match="workshop .* is full"):
        _book(booker, ticket_type, ("B", "b@example.org"), workshops=[workshop])


def test_workshops_must_be_offered_and_not_overlap(booker, ticket_type):
    summit = ticket_type.summit
    first = SessionFactory(summit=summit, session_type="workshop", at=(10, 0))
    clash = SessionFactory(summit=summit, session_type="workshop", at=(10, 30))
    not_offered = SessionFactory(summit=summit, session_type="workshop", at=(14, 0))
    ticket_type.workshops.set([first, clash])

    with pytest.raises(rules.BookingError, match="overlap"):
        _book(booker, ticket_type, ("A", "a@example.org"), workshops=[first, clash])
    with pytest.raises(rules.BookingError, match="isn't offered"):
        _book(booker, ticket_type, ("A", "a@example.org"), workshops=[not_offered])


def test_booking_emails_every_named_attendee_and_the_booker_when_needed(
    booker, ticket_type, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        order = _book(
            booker,
            ticket_type,
            ("Bea Booker", "booker@example.org"),
            ("Col League", "col@example.org"),
            None,
        )

    recipients = sorted(message.to[0] for message in mail.outbox)
    assert recipients == ["booker@example.org", "booker@example.org", "col@example.org"]
    summary = next(m for m in mail.outbox if m.subject.startswith("Booking"))
    unnamed = order.attendees.get(number=3)
    assert f"/tickets/claim/{unnamed.claim_token}/" in summary.body


def test_a_booker_holding_a_named_place_gets_no_separate_summary(
    booker, ticket_type, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _book(
            booker,
            ticket_type,
            ("Bea Booker", "booker@example.org"),
            ("Col League", "col@example.org"),
        )

    assert sorted(m.to[0] for m in mail.outbox) == [
        "booker@example.org",
        "col@example.org",
    ]
    own = next(m for m in mail.outbox if m.to == ["booker@example.org"])
    assert "Col League" in own.body  # the booker's ticket lists the other place


def test_cancel_frees_the_place_and_offers_it_to_the_waiting_list(
    booker, ticket_type, django_capture_on_commit_callbacks
):
    ticket_type.capacity = 1
    ticket_type.save()
    order = _book(booker, ticket_type, ("A", "a@example.org"))
    first = WaitingListEntryFactory(ticket_type=ticket_type, email="first@example.org")
    second = WaitingListEntryFactory(ticket_type=ticket_type)

    with django_capture_on_commit_callbacks(execute=True):
        changes.cancel_attendee(attendee=order.attendees.get(), by=booker)

    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == WaitingListStatus.OFFERED
    assert first.offer_expires_at > timezone.now() + datetime.timedelta(hours=23)
    assert second.status == WaitingListStatus.WAITING
    order.refresh_from_db()
    assert order.status == OrderStatus.CANCELLED
    subjects = {message.to[0]: message.subject for message in mail.outbox}
    assert "cancelled" in subjects["a@example.org"]
    assert subjects["first@example.org"].startswith("A place at")
    # The offer holds the place.
    assert ticket_type.count_places_taken() == 1
    change = StatusChange.objects.filter(attendee__isnull=False).last()
    assert (change.from_status, change.to_status, change.changed_by) == (
        "confirmed",
        "cancelled",
        booker,
    )


def test_cancel_gives_the_code_use_back(booker, ticket_type):
    code = AccessCodeFactory(summit=ticket_type.summit, max_uses=1)
    order = _book(booker, ticket_type, ("A", "a@example.org"), access_code=code)

    changes.cancel_order(order=order)

    code.refresh_from_db()
    assert code.uses == 0


def test_cancelling_twice_is_refused(booker, ticket_type):
    order = _book(booker, ticket_type, ("A", "a@example.org"))
    changes.cancel_order(order=order)

    with pytest.raises(rules.BookingError, match="already cancelled"):
        changes.cancel_order(order=order)
    with pytest.raises(rules.BookingError, match="already cancelled"):
        changes.cancel_attendee(attendee=order.attendees.get())


def test_claim_place_names_an_unnamed_place_and_closes_the_link(
    booker, ticket_type, django_capture_on_commit_callbacks
):
    order = _book(booker, ticket_type, None)
    place = order.attendees.get()

    with django_capture_on_commit_callbacks(execute=True):
        changes.claim_place(
            attendee=place, details=attendee_details("Col League", "col@example.org")
        )

    place.refresh_from_db()
    assert (place.name, place.claim_token) == ("Col League", None)
    assert sorted(m.to[0] for m in mail.outbox) == [
        "booker@example.org",
        "col@example.org",
    ]
    notice = next(m for m in mail.outbox if m.to == ["booker@example.org"])
    assert "Col League" in notice.body
    with pytest.raises(rules.BookingError, match="already been claimed"):
        changes.claim_place(attendee=place, details=attendee_details())


def test_transfer_rotates_the_tokens_and_tells_both_people(
    booker, ticket_type, django_capture_on_commit_callbacks
):
    order = _book(booker, ticket_type, ("Old Holder", "old@example.org"))
    place = order.attendees.get()
    old_tokens = (place.ticket_token, place.manage_token, place.calendar_token)

    with django_capture_on_commit_callbacks(execute=True):
        changes.transfer_attendee(
            attendee=place,
            details=attendee_details("New Holder", "new@example.org"),
            by=booker,
        )

    place.refresh_from_db()
    assert (place.name, place.email) == ("New Holder", "new@example.org")
    new_tokens = (place.ticket_token, place.manage_token, place.calendar_token)
    assert not set(old_tokens) & set(new_tokens)
    assert sorted(m.to[0] for m in mail.outbox) == [
        "booker@example.org",
        "new@example.org",
        "old@example.org",
    ]
    notice = next(m for m in mail.outbox if m.to == ["old@example.org"])
    assert "now belongs to New Holder" in notice.body
    to_booker = next(m for m in mail.outbox if m.to == ["booker@example.org"])
    assert "Old Holder" in to_booker.body and "New Holder" in to_booker.body


def test_transfer_refuses_an_email_that_holds_a_ticket(booker, ticket_type):
    AttendeeFactory(ticket_type=ticket_type, email="taken@example.org")
    place = _book(booker, ticket_type, ("A", "a@example.org")).attendees.get()

    with pytest.raises(rules.AlreadyBooked):
        changes.transfer_attendee(
            attendee=place, details=attendee_details("T", "taken@example.org")
        )


def test_changes_close_at_the_summits_cutoff(booker, ticket_type):
    place = _book(booker, ticket_type, ("A", "a@example.org")).attendees.get()
    summit = ticket_type.summit
    summit.attendee_changes_close_at = timezone.now() - datetime.timedelta(minutes=1)
    summit.save()

    with pytest.raises(rules.BookingError, match="Changes to bookings have closed"):
        changes.update_attendee(
            attendee=place, details=attendee_details("Renamed"), workshops=[]
        )
    with pytest.raises(rules.BookingError, match="Changes to bookings have closed"):
        changes.transfer_attendee(
            attendee=place, details=attendee_details("T", "t@example.org")
        )


def test_update_attendee_keeps_the_email_and_changes_workshops(booker, ticket_type):
    workshop = SessionFactory(
        summit=ticket_type.summit, session_type="workshop", capacity=1
    )
    ticket_type.workshops.set([workshop])
    place = _book(
        booker, ticket_type, ("A", "a@example.org"), workshops=[workshop]
    ).attendees.get()

    changes.update_attendee(
        attendee=place,
        details=attendee_details("Ada Renamed", "ignored@example.org"),
        workshops=[workshop],  # their own place in a full workshop stays theirs
    )

    place.refresh_from_db()
    assert (place.name, place.email) == ("Ada Renamed", "a@example.org")
    assert list(place.workshops.all()) == [workshop]


def test_join_waiting_list_only_when_sold_out_and_once(
    booker, ticket_type, django_capture_on_commit_callbacks, mailoutbox
):
    with pytest.raises(rules.BookingError, match="available: book one now"):
        waiting_list.join_waiting_list(
            ticket_type=ticket_type, name="W", email="w@example.org"
        )
    ticket_type.capacity = 0
    ticket_type.save()

    with django_capture_on_commit_callbacks(execute=True):
        waiting_list.join_waiting_list(
            ticket_type=ticket_type, name="W", email="W@example.org"
        )
        waiting_list.join_waiting_list(
            ticket_type=ticket_type, name="W", email="w@example.org"
        )

    entry = ticket_type.waiting_list.get()
    assert entry.email == "w@example.org"
    assert entry.position() == 1
    assert [message.to for message in mailoutbox] == [["w@example.org"]] * 2


def test_claim_offer_turns_the_offer_into_a_place(booker, ticket_type):
    ticket_type.capacity = 1
    ticket_type.save()
    order = _book(booker, ticket_type, ("A", "a@example.org"))
    entry = WaitingListEntryFactory(ticket_type=ticket_type, email="next@example.org")
    changes.cancel_order(order=order)
    entry.refresh_from_db()

    attendee = waiting_list.claim_offer(
        entry=entry, details=attendee_details("Next Person", "other@example.org")
    )

    entry.refresh_from_db()
    assert entry.status == WaitingListStatus.CLAIMED
    assert entry.attendee == attendee
    assert attendee.email == "next@example.org"  # the offer is personal
    assert attendee.status == AttendeeStatus.CONFIRMED
    assert ticket_type.count_places_taken() == 1


def test_process_waiting_list_expires_offers_and_moves_on(
    ticket_type, django_capture_on_commit_callbacks
):
    ticket_type.capacity = 1
    ticket_type.save()
    lapsed = WaitingListEntryFactory(
        ticket_type=ticket_type,
        status=WaitingListStatus.OFFERED,
        offer_expires_at=timezone.now() - datetime.timedelta(minutes=1),
    )
    following = WaitingListEntryFactory(ticket_type=ticket_type)

    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("process_waiting_list", stdout=out)
    assert out.getvalue().strip() == "Waiting lists: 1 offers expired, 1 made."
    assert waiting_list.process_waiting_list() == (0, 0)

    lapsed.refresh_from_db()
    following.refresh_from_db()
    assert lapsed.status == WaitingListStatus.EXPIRED
    assert following.status == WaitingListStatus.OFFERED
    assert {m.to[0]: m.subject for m in mail.outbox} == {
        lapsed.email: f"Your offer of a place at {ticket_type.summit.title} has expired",
        following.email: f"A place at {ticket_type.summit.title} is available for you",
    }


def test_an_expired_offer_cannot_be_claimed(ticket_type):
    entry = WaitingListEntryFactory(
        ticket_type=ticket_type,
        status=WaitingListStatus.OFFERED,
        offer_expires_at=timezone.now() - datetime.timedelta(seconds=1),
    )

    with pytest.raises(rules.BookingError, match="expired"):
        waiting_list.claim_offer(entry=entry, details=attendee_details())
    assert not Attendee.objects.exists()


def test_leaving_with_an_offer_passes_it_on(ticket_type):
    ticket_type.capacity = 1
    ticket_type.save()
    offered = WaitingListEntryFactory(
        ticket_type=ticket_type,
        status=WaitingListStatus.OFFERED,
        offer_expires_at=timezone.now() + datetime.timedelta(hours=1),
    )
    following = WaitingListEntryFactory(ticket_type=ticket_type)

    waiting_list.leave_waiting_list(entry=offered)

    following.refresh_from_db()
    assert following.status == WaitingListStatus.OFFERED
    assert WaitingListEntry.objects.get(pk=offered.pk).status == WaitingListStatus.LEFT


def test_speaker_tickets_are_issued_once_and_follow_the_programme(
    open_summit, django_capture_on_commit_callbacks
):
    ada = SpeakerFactory(name="Ada Speaker", email="Ada@example.org", role="Chair")
    bob = SpeakerFactory(email="bob@example.org")
    nobody = SpeakerFactory(email="")
    session = SessionFactory(summit=open_summit, speakers=[ada, bob, nobody])

    with django_capture_on_commit_callbacks(execute=True):
        assert speaker_tickets.issue_speaker_tickets(summit=open_summit) == (2, 0)
    assert speaker_tickets.issue_speaker_tickets(summit=open_summit) == (0, 0)
    session.speakers.set([ada])
    session.save()
    assert speaker_tickets.issue_speaker_tickets(summit=open_summit) == (0, 1)

    place = Attendee.objects.live().get()
    assert (place.name, place.email, place.job_title) == (
        "Ada Speaker",
        "ada@example.org",
        "Chair",
    )
    assert place.ticket_type.for_speakers
    assert place.order.booker is None
    assert sorted(m.to[0] for m in mail.outbox) == [
        "ada@example.org",
        "bob@example.org",
    ]


def test_changing_a_sessions_speakers_issues_tickets_after_commit(
    open_summit, django_capture_on_commit_callbacks
):
    speaker = SpeakerFactory(email="new.speaker@example.org")
    session = SessionFactory(summit=open_summit)

    with django_capture_on_commit_callbacks(execute=True):
        session.speakers.add(speaker)
        session.save()

    assert Attendee.objects.get().email == "new.speaker@example.org"


def test_a_speaker_place_the_speaker_cancelled_is_never_issued_again(open_summit):
    ada = SpeakerFactory(email="ada@example.org")
    bob = SpeakerFactory(email="bob@example.org")
    session = SessionFactory(summit=open_summit, speakers=[ada, bob])
    speaker_tickets.issue_speaker_tickets(summit=open_summit, notify=False)
    ada_place = Attendee.objects.live().get(email="ada@example.org")
    changes.cancel_places(attendees=[ada_place], note="I can't come.")
    session.speakers.set([ada])  # Bob no longer speaks: the sync cancels his
    session.save()
    assert speaker_tickets.issue_speaker_tickets(summit=open_summit) == (0, 1)

    session.speakers.set([ada, bob])  # Bob speaks again; Ada still can't come
    session.save()
    assert speaker_tickets.issue_speaker_tickets(summit=open_summit) == (1, 0)
    assert speaker_tickets.issue_speaker_tickets(summit=open_summit) == (0, 0)

    assert list(Attendee.objects.live().values_list("email", flat=True)) == [
        "bob@example.org"
    ]


def test_a_speaker_who_booked_keeps_that_ticket(booker, ticket_type):
    _book(booker, ticket_type, ("Ada", "ada@example.org"))
    SessionFactory(
        summit=ticket_type.summit, speakers=[SpeakerFactory(email="ada@example.org")]
    )

    assert speaker_tickets.issue_speaker_tickets(summit=ticket_type.summit) == (0, 0)
    assert Attendee.objects.get().ticket_type == ticket_type


def test_a_code_for_every_type_makes_them_free_but_unlocks_nothing(booker, ticket_type):
    ticket_type.price = 9500
    ticket_type.save()
    hidden = TicketTypeFactory(summit=ticket_type.summit, requires_code=True)
    code = AccessCodeFactory(summit=ticket_type.summit)  # no ticket types chosen

    order = _book(booker, ticket_type, ("A", "a@example.org"), access_code=code)
    assert order.attendees.get().price == 0
    with pytest.raises(rules.AccessCodeError, match="need an access code"):
        _book(booker, hidden, ("B", "b@example.org"), access_code=code)
