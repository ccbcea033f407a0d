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


def register_emails():
    email_texts.register(*EMAILS)
    email_texts.register_summit_pages(
        lambda: SummitPage.objects.order_by("-start", "title")
    )
