"""Registration emails, each built from templates/events/emails/ and sent once
through `home.emails.send_templated_email_once`. The tasks in `events.booking.tasks`
call these after the transaction that caused them has committed.

Each email's key says what it is about, so a task run twice (after its worker died)
or two tasks queued for the same thing send it once: a ticket once per holder (its
ticket token changes on transfer), a cancellation once per place. Emails that answer
a request, which may be asked for again ("Find my ticket", joining a waiting list
you are on), are keyed by the request: the queued task's id, which a task run again
keeps."""

from email.mime.image import MIMEImage

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.timezone import localtime

from home.email_texts import Request
from home.emails import send_templated_email_once
from home.links import absolute_url, webcal_url

from .. import qr
from ..calendar_links import summit_calendar_links
from ..choices import WaitingListStatus
from ..details import normalise_email
from ..programme import ical
from . import email_texts

QR_CONTENT_ID = "ticket-qr"


def _ticket_links(attendee):
    return {
        "ticket_url": absolute_url(attendee.get_absolute_url()),
        "calendar_feed_url": webcal_url(attendee.get_calendar_feed_url()),
    }


def _qr_image(attendee):
    """The ticket's QR code as an inline PNG the HTML shows with `cid:ticket-qr`."""
    image = MIMEImage(qr.qr_png(qr.ticket_payload(attendee)), "png")
    image.add_header("Content-ID", f"<{QR_CONTENT_ID}>")
    image.add_header(
        "Content-Disposition", "inline", filename=f"ticket-{attendee.reference}.png"
    )
    return image


def booker_is_holder(order, attendee):
    return bool(order.booker_email) and order.booker_email == normalise_email(
        attendee.email
    )


def booker_needs_summary(order):
    """The booker gets a summary of the order unless their own ticket email already
    covers it: when they booked places for others only, or unnamed places whose
    claim links they must forward."""
    if not order.booker_email:
        return False
    places = order.live_attendees
    return any(not attendee.is_named for attendee in places) or not any(
        booker_is_holder(order, attendee) for attendee in places
    )


def send_ticket(attendee):
    """The holder's ticket: QR code, details, workshops, manage link, Google and
    Outlook links with the summit's .ics attached. A booker holding a place also
    sees the order's others.
    Sent once per holder: keyed by the place and its ticket token, which a transfer
    replaces."""
    order, summit = attendee.order, attendee.summit
    workshops = list(attendee.workshops.scheduled().select_related("room"))
    other_places, booked_by = [], order.booker_email
    if booker_is_holder(order, attendee):
        other_places = [
            place for place in order.live_attendees if place.pk != attendee.pk
        ]
        booked_by = ""
    send_templated_email_once(
        key=f"ticket:{attendee.pk}:{attendee.ticket_token}",
        template="events/emails/ticket",
        context={
            "attendee": attendee,
            "order": order,
            "summit": summit,
            "workshops": workshops,
            "other_places": other_places,
            "booked_by": booked_by,
            "qr_content_id": QR_CONTENT_ID,
            # The .ics is attached, and the feed is a link of its own.
            "calendar_links": [
                link for link in summit_calendar_links(summit) if link.external
            ],
            "bookings_url": absolute_url(reverse("events:my_bookings")),
            **_ticket_links(attendee),
        },
        to=[attendee.email],
        text=Request(
            key=email_texts.TICKET,
            page_id=summit.pk,
            values={
                **email_texts.summit_values(summit),
                "name": attendee.name,
                "ticket": attendee.ticket_type.name,
                "reference": attendee.reference,
            },
        ),
        attachments=[
            _qr_image(attendee),
            (
                f"{summit.slug}-summit.ics",
                ical.attendee_calendar(attendee),
                "text/calendar",
            ),
        ],
    )


def send_order_summary(order):
    """To the booker: the reference, each place, and the claim links of unnamed
    places to forward to colleagues."""
    send_templated_email_once(
        key=f"order-summary:{order.pk}",
        template="events/emails/order_summary",
        context={
            "order": order,
            "summit": order.summit,
            "places": [
                {
                    "attendee": attendee,
                    # A place passed on to someone holding a ticket reads like
                    # any other: its link went to them, not the booker.
                    "sent_to": attendee.email or attendee.intended_email,
                    "claim_url": ""
                    if attendee.is_named or attendee.intended_email
                    else absolute_url(attendee.get_claim_url()),
                }
                for attendee in order.live_attendees
            ],
            "bookings_url": absolute_url(order.get_absolute_url()),
        },
        to=[order.booker_email],
        text=Request(
            key=email_texts.ORDER_SUMMARY,
            page_id=order.summit_id,
            values={
                **email_texts.summit_values(order.summit),
                "reference": order.reference,
            },
        ),
    )


def send_booking_confirmation_request(order):
    """To a booker without an account: the link to confirm the booking (and later
    manage it), and until when its places are held."""
    send_templated_email_once(
        key=f"booking-confirm:{order.pk}",
        template="events/emails/booking_confirm",
        context={
            "order": order,
            "summit": order.summit,
            "manage_url": absolute_url(order.get_absolute_url()),
        },
        to=[order.booker_email],
        text=Request(
            key=email_texts.BOOKING_CONFIRM,
            page_id=order.summit.pk,
            values={
                **email_texts.summit_values(order.summit),
                "reference": order.reference,
            },
        ),
    )


def send_passed_on_place(attendee):
    """To someone the booker named who holds a ticket already: this place is
    theirs to pass on (its claim link) or cancel."""
    send_templated_email_once(
        key=f"passed-on:{attendee.pk}",
        template="events/emails/place_passed_on",
        context={
            "attendee": attendee,
            "order": attendee.order,
            "summit": attendee.summit,
            "claim_url": absolute_url(attendee.get_claim_url()),
            "manage_url": absolute_url(attendee.get_absolute_url()),
        },
        to=[attendee.intended_email],
        text=Request(
            key=email_texts.PLACE_PASSED_ON,
            page_id=attendee.summit_id,
            values={
                **email_texts.summit_values(attendee.summit),
                "name": attendee.intended_name,
                "booker": attendee.order.booker_email,
                "ticket": attendee.ticket_type.name,
                "reference": attendee.reference,
            },
        ),
    )


def send_place_update(attendee, kind, *, previous_name=""):
    """To the booker: a place of their order was "claimed", "transferred" or
    "cancelled" by someone else."""
    order = attendee.order
    send_templated_email_once(
        key=f"place-{kind}:{attendee.pk}:{attendee.ticket_token}",
        template="events/emails/place_update",
        context={
            "attendee": attendee,
            "order": order,
            "summit": attendee.summit,
            "kind": kind,
            "previous_name": previous_name,
            "manage_url": absolute_url(order.get_absolute_url()),
        },
        to=[order.booker_email],
        text=Request(
            key=email_texts.PLACE_UPDATE[kind],
            page_id=attendee.summit_id,
            values={
                **email_texts.summit_values(attendee.summit),
                "booking": order.reference,
                "reference": attendee.reference,
                "ticket": attendee.ticket_type.name,
                "name": attendee.name if kind != "cancelled" else attendee.display_name,
                "previous_name": previous_name,
            },
        ),
    )


def send_cancellation(attendee):
    summit = attendee.summit
    send_templated_email_once(
        key=f"cancellation:{attendee.pk}",
        template="events/emails/cancellation",
        context={"attendee": attendee, "summit": summit},
        to=[attendee.email],
        text=Request(
            key=email_texts.CANCELLATION,
            page_id=summit.pk,
            values={
                **email_texts.summit_values(summit),
                "name": attendee.name,
                "ticket": attendee.ticket_type.name,
                "reference": attendee.reference,
            },
        ),
    )


def send_transfer_notice(attendee, *, previous_name, previous_email, ticket_token=""):
    """To the previous holder: their ticket now belongs to someone else. Once per
    transfer: `ticket_token` is the one the transfer gave the place (tasks queued
    before it was passed key the notice by the previous address)."""
    send_templated_email_once(
        key=f"transfer-notice:{attendee.pk}:{ticket_token or previous_email}",
        template="events/emails/transfer_notice",
        context={
            "attendee": attendee,
            "summit": attendee.summit,
            "previous_name": previous_name,
        },
        to=[previous_email],
        text=Request(
            key=email_texts.TRANSFER_NOTICE,
            page_id=attendee.summit.pk,
            values={
                **email_texts.summit_values(attendee.summit),
                "name": previous_name,
                "ticket": attendee.ticket_type.name,
                "new_holder": attendee.name,
            },
        ),
    )


def send_waiting_list_message(entry, kind, *, request_id):
    """`kind` is "joined", "offer" or "expired". An entry expires once; "joined"
    and "offer" are sent again when someone joins a list they are on, so they are
    sent once per `request_id` (the queued task's id)."""
    ticket_type = entry.ticket_type
    summit = ticket_type.summit
    values = {
        **email_texts.summit_values(summit),
        "name": entry.name,
        "ticket": ticket_type.name,
    }
    if kind == "offer":
        values["expires"] = date_format(
            localtime(entry.offer_expires_at), "l j F Y, H:i"
        )
    key = f"waiting-list-{kind}:{entry.pk}"
    if kind != "expired":
        key = f"{key}:{request_id}"
    send_templated_email_once(
        key=key,
        template=f"events/emails/waiting_list_{kind}",
        context={
            "entry": entry,
            "ticket_type": ticket_type,
            "summit": summit,
            "entry_url": absolute_url(
                reverse("events:waiting_list_entry", args=[entry.token])
            ),
        },
        to=[entry.email],
        text=Request(
            key=email_texts.WAITING_LIST[kind], page_id=summit.pk, values=values
        ),
    )


def send_ticket_links(email, attendees, entries, *, request_id):
    """Everything `email` holds for upcoming summits, for someone who lost their
    ticket email: ticket links and waiting-list links. Once per `request_id` (the
    queued task's id): each request is answered."""
    send_templated_email_once(
        key=f"ticket-links:{request_id}",
        template="events/emails/ticket_links",
        context={
            "tickets": [
                {"attendee": attendee, **_ticket_links(attendee)}
                for attendee in attendees
            ],
            "entries": [
                {
                    "entry": entry,
                    "url": absolute_url(
                        reverse("events:waiting_list_entry", args=[entry.token])
                    ),
                    "offered": entry.status == WaitingListStatus.OFFERED,
                }
                for entry in entries
            ],
        },
        to=[email],
        text=Request(
            key=email_texts.TICKET_LINKS, page_id=None, values={"email": email}
        ),
    )
