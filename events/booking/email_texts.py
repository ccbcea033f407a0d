"""The booking emails whose subject and main paragraphs Event managers may edit
(`home.email_texts`, docs/emails.md#editing-email-texts): what each says by
default, its placeholders, and an invented person to preview it with.
`register_emails` runs from `events.apps.EventsConfig.ready`; `events.booking.emails`
asks for each text by key with `home.email_texts.Request`."""

from datetime import datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from home import email_texts
from home.email_texts import EditableEmail

from ..models import SummitPage

TICKET = "ticket"
CANCELLATION = "cancellation"
TRANSFER_NOTICE = "transfer-notice"
BOOKING_CONFIRM = "booking-confirm"
ORDER_SUMMARY = "order-summary"
PLACE_PASSED_ON = "place-passed-on"
PLACE_UPDATE = {
    "claimed": "place-update-claimed",
    "transferred": "place-update-transferred",
    "cancelled": "place-update-cancelled",
}
TICKET_LINKS = "ticket-links"
WAITING_LIST = {
    "joined": "waiting-list-joined",
    "offer": "waiting-list-offer",
    "expired": "waiting-list-expired",
}

LONDON = ZoneInfo("Europe/London")
SAMPLE_SITE = "https://example.org/sample"

_SAMPLE_SUMMIT = SimpleNamespace(
    title="Sample Summit",
    date_range_text="Thursday 1 October",
    start=datetime(2026, 10, 1, 9, 30, tzinfo=LONDON),
    end=datetime(2026, 10, 1, 16, 30, tzinfo=LONDON),
    venue_name="Sample Hall",
    venue_address="1 Example Street\nCambridge",
    venue_map_url="",
    location_text="Sample Hall, 1 Example Street, Cambridge",
)
_SAMPLE_TICKET_TYPE = SimpleNamespace(name="Standard")
_SAMPLE_ATTENDEE = SimpleNamespace(
    name="Alex Sample",
    reference="SAMPLE-1",
    ticket_type=_SAMPLE_TICKET_TYPE,
)
_SAMPLE_ORDER = SimpleNamespace(
    reference="SAMPLE-ORDER",
    hold_expires_at=datetime(2026, 9, 20, 18, 0, tzinfo=LONDON),
    attendees=SimpleNamespace(
        all=[
            SimpleNamespace(
                display_name="Alex Sample",
                ticket_type=_SAMPLE_TICKET_TYPE,
                reference="SAMPLE-1",
            )
        ]
    ),
)
_SAMPLE_ENTRY = SimpleNamespace(
    name="Alex Sample",
    offer_expires_at=datetime(2026, 9, 20, 18, 0, tzinfo=LONDON),
)

_PERSON = {"name": "The person's name"}
_SUMMIT = {
    "summit": "The summit's title",
    "dates": "The summit's dates, such as Thursday 1 October",
}
_SAMPLE_PERSON = {"name": "Alex Sample"}
_SAMPLE_SUMMIT_VALUES = {"summit": "Sample Summit", "dates": "Thursday 1 October"}


def summit_values(summit):
    return {"summit": summit.title, "dates": summit.date_range_text}


EMAILS = [
    EditableEmail(
        key=TICKET,
        name="Ticket",
        recipient="The person holding a place",
        sent_when="A named place is confirmed, claimed or passed on",
        template="events/emails/ticket",
        subject="Your ticket for {summit} ({reference})",
        body=(
            "You have a place at {summit}. Show the QR code in this email at the "
            "door, on your phone or printed."
        ),
        placeholders={
            **_PERSON,
            **_SUMMIT,
            "ticket": "The ticket type, such as Standard",
            "reference": "The ticket's reference",
        },
        sample_values={
            **_SAMPLE_PERSON,
            **_SAMPLE_SUMMIT_VALUES,
            "ticket": "Standard",
            "reference": "SAMPLE-1",
        },
        sample_context={
            "attendee": _SAMPLE_ATTENDEE,
            "summit": _SAMPLE_SUMMIT,
            "workshops": [],
            "other_places": [],
            "booked_by": "",
            "qr_content_id": "ticket-qr",
            "calendar_links": [],
            "bookings_url": f"{SAMPLE_SITE}/bookings/",
            "ticket_url": f"{SAMPLE_SITE}/ticket/",
            "calendar_feed_url": f"{SAMPLE_SITE}/calendar.ics",
        },
        per_summit=True,
        fixed=(
            "The greeting, the QR code and reference, the place's details, "
            "workshops, the manage button, the calendar links and the footer."
        ),
    ),
    EditableEmail(
        key=CANCELLATION,
        name="Place cancelled",
        recipient="The person whose place is cancelled",
        sent_when="A place is cancelled, by its holder, the booker or staff",
        template="events/emails/cancellation",
        subject="Your place at {summit} is cancelled ({reference})",
        body=(
            "Your {ticket} place at {summit} ({dates}), reference {reference}, has "
            "been cancelled. Your ticket and its QR code no longer work.\n\n"
            "If this is a mistake, reply to this email or contact the events team."
        ),
        placeholders={
            **_PERSON,
            **_SUMMIT,
            "ticket": "The ticket type, such as Standard",
            "reference": "The place's reference",
        },
        sample_values={
            **_SAMPLE_PERSON,
            **_SAMPLE_SUMMIT_VALUES,
            "ticket": "Standard",
            "reference": "SAMPLE-1",
        },
        sample_context={"attendee": _SAMPLE_ATTENDEE, "summit": _SAMPLE_SUMMIT},
        per_summit=True,
        fixed="The greeting and the footer.",
    ),
    EditableEmail(
        key=TRANSFER_NOTICE,
        name="Ticket transferred",
        recipient="The person who held a place until it was passed on",
        sent_when="A ticket is given to someone else",
        template="events/emails/transfer_notice",
        subject="Your ticket for {summit} has been transferred",
        body=(
            "Your {ticket} place at {summit} ({dates}) now belongs to {new_holder}, "
            "who has been sent a new ticket. Your QR code and ticket links no "
            "longer work.\n\n"
            "If you did not expect this, contact the events team."
        ),
        placeholders={
            "name": "The previous holder's name",
            **_SUMMIT,
            "ticket": "The ticket type, such as Standard",
            "new_holder": "The name of the person who has the place now",
        },
        sample_values={
            **_SAMPLE_PERSON,
            **_SAMPLE_SUMMIT_VALUES,
            "ticket": "Standard",
            "new_holder": "Sam Example",
        },
        sample_context={
            "attendee": SimpleNamespace(
                name="Sam Example", ticket_type=_SAMPLE_TICKET_TYPE
            ),
            "summit": _SAMPLE_SUMMIT,
            "previous_name": "Alex Sample",
        },
        per_summit=True,
        fixed="The greeting and the footer.",
    ),
    EditableEmail(
        key=BOOKING_CONFIRM,
        name="Confirm your booking",
        recipient="Someone who books without an account",
        sent_when="They book, before their places are confirmed",
        template="events/emails/booking_confirm",
        subject="Confirm your booking {reference}: {summit}",
        body=(
            "Thank you for booking {summit} ({dates}). To confirm booking "
            '{reference}, open this link and press "Confirm booking":'
        ),
        placeholders={**_SUMMIT, "reference": "The booking's reference"},
        sample_values={**_SAMPLE_SUMMIT_VALUES, "reference": "SAMPLE-ORDER"},
        sample_context={
            "order": _SAMPLE_ORDER,
            "summit": _SAMPLE_SUMMIT,
            "manage_url": f"{SAMPLE_SITE}/booking/",
        },
        per_summit=True,
        fixed=(
            "The heading, the Confirm your booking button, how long the places "
            "are held, the list of places, the paragraph after it and the footer."
        ),
    ),
    EditableEmail(
        key=WAITING_LIST["joined"],
        name="Waiting list: joined",
        recipient="The person joining a waiting list",
        sent_when="Someone joins a ticket type's waiting list",
        template="events/emails/waiting_list_joined",
        subject="You are on the waiting list for {summit}",
        body=(
            "You are on the waiting list for a {ticket} place at {summit} "
            "({dates}). If a place comes free we will email you a link to claim "
            "it; you then have a limited time before it goes to the next person."
        ),
        placeholders={**_PERSON, **_SUMMIT, "ticket": "The ticket type waited for"},
        sample_values={
            **_SAMPLE_PERSON,
            **_SAMPLE_SUMMIT_VALUES,
            "ticket": "Standard",
        },
        sample_context={
            "entry": _SAMPLE_ENTRY,
            "ticket_type": _SAMPLE_TICKET_TYPE,
            "summit": _SAMPLE_SUMMIT,
            "entry_url": f"{SAMPLE_SITE}/waiting-list/",
        },
        per_summit=True,
        fixed="The greeting, the link to the place in the queue, and the footer.",
    ),
    EditableEmail(
        key=WAITING_LIST["offer"],
        name="Waiting list: a place is offered",
        recipient="The next person on a waiting list",
        sent_when="A place comes free and is held for them",
        template="events/emails/waiting_list_offer",
        subject="A place at {summit} is available for you",
        body=(
            "A {ticket} place at {summit} ({dates}) has come free and we are "
            "holding it for you until {expires} (UK time)."
        ),
        placeholders={
            **_PERSON,
            **_SUMMIT,
            "ticket": "The ticket type offered",
            "expires": "When the offer runs out, such as Sunday 20 September 2026, 18:00",
        },
        sample_values={
            **_SAMPLE_PERSON,
            **_SAMPLE_SUMMIT_VALUES,
            "ticket": "Standard",
            "expires": "Sunday 20 September 2026, 18:00",
        },
        sample_context={
            "entry": _SAMPLE_ENTRY,
            "ticket_type": _SAMPLE_TICKET_TYPE,
            "summit": _SAMPLE_SUMMIT,
            "entry_url": f"{SAMPLE_SITE}/waiting-list/",
        },
        per_summit=True,
        fixed=(
            "The greeting, the Claim your place button, the paragraph after it "
            "(what happens if the place is not claimed) and the footer."
        ),
    ),
    EditableEmail(
        key=WAITING_LIST["expired"],
        name="Waiting list: offer expired",
        recipient="A person whose offer ran out",
        sent_when="An offered place is not claimed in time",
        template="events/emails/waiting_list_expired",
        subject="Your offer of a place at {summit} has expired",
        body=(
            "The {ticket} place we held for you at {summit} was not claimed in "
            "time, so it has gone to the next person on the waiting list. You are "
            "no longer on the list; you can join it again from the booking page if "
            "places are still sold out."
        ),
        placeholders={**_PERSON, **_SUMMIT, "ticket": "The ticket type offered"},
        sample_values={
            **_SAMPLE_PERSON,
            **_SAMPLE_SUMMIT_VALUES,
            "ticket": "Standard",
        },
        sample_context={
            "entry": _SAMPLE_ENTRY,
            "ticket_type": _SAMPLE_TICKET_TYPE,
            "summit": _SAMPLE_SUMMIT,
            "entry_url": f"{SAMPLE_SITE}/waiting-list/",
        },
        per_summit=True,
        fixed="The greeting and the footer.",
    ),
]

_UPDATE_PLACEHOLDERS = {
    **_SUMMIT,
    "booking": "The booking's reference",
    "reference": "The place's reference",
    "ticket": "The ticket type, such as Standard",
}
_UPDATE_SAMPLE_VALUES = {
    **_SAMPLE_SUMMIT_VALUES,
    "booking": "SAMPLE-ORDER",
    "reference": "SAMPLE-1",
    "ticket": "Standard",
}
_UPDATE_SAMPLE_CONTEXT = {
    "attendee": SimpleNamespace(
        name="Sam Example",
        display_name="Sam Example",
        reference="SAMPLE-1",
        ticket_type=_SAMPLE_TICKET_TYPE,
    ),
    "order": _SAMPLE_ORDER,
    "summit": _SAMPLE_SUMMIT,
    "previous_name": "Alex Sample",
    "manage_url": f"{SAMPLE_SITE}/booking/",
}


def _place_update(kind, sent_when, subject, body, placeholders, sample_values):
    return EditableEmail(
        key=PLACE_UPDATE[kind],
        name=f"Booking update: place {kind.replace('transferred', 'passed on')}",
        recipient="The booker",
        sent_when=sent_when,
        template="events/emails/place_update",
        subject=subject,
        body=body,
        placeholders={**_UPDATE_PLACEHOLDERS, **placeholders},
        sample_values={**_UPDATE_SAMPLE_VALUES, **sample_values},
        sample_context={**_UPDATE_SAMPLE_CONTEXT, "kind": kind},
        per_summit=True,
        fixed="The heading, the greeting, the See your booking button and the footer.",
    )


EMAILS += [
    EditableEmail(
        key=ORDER_SUMMARY,
        name="Booking summary",
        recipient="The booker",
        sent_when=(
            "A booking is confirmed and the booker's own ticket doesn't cover it "
            "(places for others, claim links)"
        ),
        template="events/emails/order_summary",
        subject="Booking {reference} confirmed: {summit}",
        body="Your booking {reference} for {summit} ({dates}) is confirmed.",
        placeholders={**_SUMMIT, "reference": "The booking's reference"},
        sample_values={**_SAMPLE_SUMMIT_VALUES, "reference": "SAMPLE-ORDER"},
        sample_context={
            "order": _SAMPLE_ORDER,
            "summit": _SAMPLE_SUMMIT,
            "places": [
                {
                    "attendee": _SAMPLE_ORDER.attendees.all[0],
                    "sent_to": "alex@example.org",
                    "claim_url": "",
                }
            ],
            "bookings_url": f"{SAMPLE_SITE}/booking/",
        },
        per_summit=True,
        fixed=(
            "The heading, the greeting, the list of places with their claim links, "
            "the warning to send each claim link only to its person, the manage "
            "button and the footer."
        ),
    ),
    EditableEmail(
        key=PLACE_PASSED_ON,
        name="A place to pass on",
        recipient="Someone named by a booker who holds a ticket already",
        sent_when="A booker names someone who already holds a ticket",
        template="events/emails/place_passed_on",
        subject="A place at {summit} to pass on",
        body=(
            "{booker} booked you a place at {summit} ({dates}), but you already "
            "hold a ticket for it, which still stands. This extra place ({ticket}, "
            "{reference}) is yours to pass on: send this link to a colleague, who "
            "fills in their own details and gets their ticket:"
        ),
        placeholders={
            "name": "The name the booker gave",
            "booker": "The booker's email address",
            **_SUMMIT,
            "ticket": "The ticket type, such as Standard",
            "reference": "The place's reference",
        },
        sample_values={
            **_SAMPLE_PERSON,
            "booker": "booker@example.org",
            **_SAMPLE_SUMMIT_VALUES,
            "ticket": "Standard",
            "reference": "SAMPLE-2",
        },
        sample_context={
            "attendee": SimpleNamespace(
                intended_name="Alex Sample",
                reference="SAMPLE-2",
                ticket_type=_SAMPLE_TICKET_TYPE,
            ),
            "order": SimpleNamespace(
                reference="SAMPLE-ORDER", booker_email="booker@example.org"
            ),
            "summit": _SAMPLE_SUMMIT,
            "claim_url": f"{SAMPLE_SITE}/claim/",
            "manage_url": f"{SAMPLE_SITE}/ticket/",
        },
        per_summit=True,
        fixed=(
            "The greeting, the claim link, the paragraph after it (with the link "
            "to cancel the place) and the footer."
        ),
    ),
    _place_update(
        "claimed",
        "Someone claims a place of their booking",
        "A place was claimed: booking {booking}",
        "{name} has claimed place {reference} ({ticket}) of your booking "
        "{booking} for {summit}, and has their ticket.",
        {"name": "The name of the person who claimed the place"},
        {"name": "Sam Example"},
    ),
    _place_update(
        "transferred",
        "A place of their booking is passed on to someone else",
        "A place was passed on: booking {booking}",
        "Place {reference} ({ticket}) of your booking {booking} for {summit} has "
        "been passed on from {previous_name} to {name}.",
        {
            "name": "The name of the person who has the place now",
            "previous_name": "The name of the person who held it",
        },
        {"name": "Sam Example", "previous_name": "Alex Sample"},
    ),
    _place_update(
        "cancelled",
        "Someone else cancels a place of their booking",
        "A place was cancelled: booking {booking}",
        "Place {reference} ({ticket}, {name}) of your booking {booking} for "
        "{summit} has been cancelled.",
        {"name": "The name on the place (or who it was for)"},
        {"name": "Sam Example"},
    ),
    EditableEmail(
        key=TICKET_LINKS,
        name="Your ticket links",
        recipient="Someone who asks for their tickets again",
        sent_when='They use "Find my ticket"',
        template="events/emails/ticket_links",
        subject="Your summit ticket links",
        body="You asked for the links to your summit tickets.",
        placeholders={"email": "The address the links are sent to"},
        sample_values={"email": "alex@example.org"},
        sample_context={
            "tickets": [
                {
                    "attendee": SimpleNamespace(
                        summit=_SAMPLE_SUMMIT,
                        ticket_type=_SAMPLE_TICKET_TYPE,
                        reference="SAMPLE-1",
                    ),
                    "ticket_url": f"{SAMPLE_SITE}/ticket/",
                }
            ],
            "entries": [],
        },
        fixed=(
            "The heading, the greeting, the list of ticket and waiting-list links, "
            "the paragraph after it (keep the links to yourself) and the footer."
        ),
    ),
]


def register_emails():
    email_texts.register(*EMAILS)
    email_texts.register_summit_pages(
        lambda: SummitPage.objects.order_by("-start", "title")
    )
