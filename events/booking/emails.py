"""Registration emails, each built from templates/events/emails/ and sent through
`home.emails.send_templated_email`. The tasks in `events.booking.tasks` call these after the
transaction that caused them has committed."""

from email.mime.image import MIMEImage

from django.urls import reverse

from home.emails import send_templated_email
from home.links import absolute_url, webcal_url

from .. import qr
from ..choices import WaitingListStatus
from ..details import normalise_email
from ..programme import ical

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
    booker = order.booker
    return booker is not None and normalise_email(booker.email) == attendee.email


def booker_needs_summary(order):
    """The booker gets a summary of the order unless their own ticket email already
    covers it: when they booked places for others only, or unnamed places whose
    claim links they must forward."""
    if order.booker is None or not order.booker.email:
        return False
    places = order.live_attendees
    return any(not attendee.is_named for attendee in places) or not any(
        booker_is_holder(order, attendee) for attendee in places
    )


def send_ticket(attendee):
    """The holder's ticket: QR code, details, workshops, manage link, and the
    summit's .ics attached. A booker holding a place also sees the order's others."""
    order, summit = attendee.order, attendee.summit
    workshops = list(attendee.workshops.select_related("room"))
    other_places = []
    if booker_is_holder(order, attendee):
        other_places = [
            place for place in order.live_attendees if place.pk != attendee.pk
        ]
    send_templated_email(
        template="events/emails/ticket",
        context={
            "attendee": attendee,
            "order": order,
            "summit": summit,
            "workshops": workshops,
            "other_places": other_places,
            "qr_content_id": QR_CONTENT_ID,
            "bookings_url": absolute_url(reverse("events:my_bookings")),
            **_ticket_links(attendee),
        },
        to=[attendee.email],
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
    send_templated_email(
        template="events/emails/order_summary",
        context={
            "order": order,
            "summit": order.summit,
            "places": [
                {
                    "attendee": attendee,
                    "claim_url": ""
                    if attendee.is_named
                    else absolute_url(attendee.get_claim_url()),
                }
                for attendee in order.live_attendees
            ],
            "bookings_url": absolute_url(
                reverse("events:booking_detail", args=[order.reference])
            ),
        },
        to=[order.booker.email],
    )


def send_cancellation(attendee):
    send_templated_email(
        template="events/emails/cancellation",
        context={"attendee": attendee, "summit": attendee.summit},
        to=[attendee.email],
    )


def send_transfer_notice(attendee, *, previous_name, previous_email):
    """To the previous holder: their ticket now belongs to someone else."""
    send_templated_email(
        template="events/emails/transfer_notice",
        context={
            "attendee": attendee,
            "summit": attendee.summit,
            "previous_name": previous_name,
        },
        to=[previous_email],
    )


def send_waiting_list_message(entry, kind):
    """`kind` is "joined", "offer" or "expired"."""
    ticket_type = entry.ticket_type
    send_templated_email(
        template=f"events/emails/waiting_list_{kind}",
        context={
            "entry": entry,
            "ticket_type": ticket_type,
            "summit": ticket_type.summit,
            "entry_url": absolute_url(
                reverse("events:waiting_list_entry", args=[entry.token])
            ),
        },
        to=[entry.email],
    )


def send_ticket_links(email, attendees, entries):
    """Everything `email` holds for upcoming summits, for someone who lost their
    ticket email: ticket links and waiting-list links."""
    send_templated_email(
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
    )
