"""What the summit side holds about a person, for their download and erasure
(home/personal_data.py): the places they hold or were given, the orders they made,
waiting-list places and invoices addressed to them.

Erasure anonymises with the same helpers as the retention policy
(events/retention.py), so an erased place still counts in the summit's figures. Two
things stay: a live place at a summit still to come (the person cancels it first,
or it would turn into an anonymous ticket at the door), and invoices, which tax law
keeps for the policy's years after the summit.
"""

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from home.personal_data import Erased, Holder, record

from .choices import LIVE_ATTENDEE_STATUSES
from .details import HOLDER_FIELDS
from .feedback.retention import anonymise_feedback
from .models import (
    Attendee,
    FeedbackInvitation,
    FeedbackResponse,
    Invoice,
    Order,
    WaitingListEntry,
)
from .retention import anonymise_attendees, anonymise_bookers

# What the holder told us, then what the site recorded about the place.
ATTENDEE_FIELDS = (
    *HOLDER_FIELDS,
    "status",
    "intended_name",
    "intended_email",
    "created_at",
)


def _attendees(email):
    return Attendee.objects.filter(
        Q(email__iexact=email)
        | Q(intended_email__iexact=email)
        | Q(user__email__iexact=email)
    )


def _still_to_come(now):
    return Q(status__in=LIVE_ATTENDEE_STATUSES, summit__end__gte=now)


def find_places(email):
    places = _attendees(email).select_related("order", "summit", "ticket_type")
    return [
        record(
            place,
            ATTENDEE_FIELDS,
            **{
                _("Summit"): place.summit.title,
                _("Ticket"): place.ticket_type.name,
                _("Reference"): place.reference,
                _("Checked in at"): [
                    check_in.checked_in_at for check_in in place.check_ins.all()
                ],
                _("Registration answers"): {
                    answer.question.label: answer.text for answer in place.answers.all()
                },
            },
        )
        for place in places.prefetch_related("check_ins", "answers__question").order_by(
            "pk"
        )
    ]


def erase_places(email, *, now):
    places = _attendees(email)
    kept = [
        _(
            "Your place at %(summit)s (%(reference)s) stays until the summit is over: "
            "cancel it from your ticket first if you will not come."
        )
        % {"summit": place.summit.title, "reference": place.reference}
        for place in places.filter(_still_to_come(now)).select_related(
            "order", "summit"
        )
    ]
    return Erased(anonymise_attendees(places.exclude(_still_to_come(now))), kept)


def find_feedback(email):
    responses = (
        FeedbackResponse.objects.filter(invitation__attendee__in=_attendees(email))
        .select_related("summit")
        .prefetch_related("session_ratings__session", "answers")
        .order_by("pk")
    )
    return [
        record(
            response,
            ("overall", "come_again", "comments", "show_name", "submitted_at"),
            **{
                _("Summit"): response.summit.title,
                _("Session ratings"): [
                    f"{rating.session.title}: {rating.score}"
                    for rating in response.session_ratings.all()
                ],
                _("Answers"): [
                    f"{answer.question_text}: "
                    f"{answer.text or answer.score or answer.yes_no}"
                    for answer in response.answers.all()
                ],
            },
        )
        for response in responses
    ]


def erase_feedback(email, *, now):
    """Feedback stays, unlinked from the person (as the retention policy does)."""
    return Erased(
        anonymise_feedback(
            FeedbackInvitation.objects.filter(attendee__in=_attendees(email))
        )
    )


def _orders(email):
    return Order.objects.filter(
        Q(booker_email__iexact=email) | Q(booker__email__iexact=email)
    )


def find_orders(email):
    return [
        record(
            order,
            ("reference", "booker_email", "status", "created_at"),
            **{_("Summit"): order.summit.title},
        )
        for order in _orders(email).select_related("summit").order_by("pk")
    ]


def erase_orders(email, *, now):
    orders = _orders(email)
    upcoming = Q(attendees__status__in=LIVE_ATTENDEE_STATUSES, summit__end__gte=now)
    kept = [
        _(
            "Your booking %(reference)s stays until its summit is over, so that you "
            "can still manage its places."
        )
        % {"reference": order.reference}
        for order in orders.filter(upcoming).distinct()
    ]
    return Erased(anonymise_bookers(orders.exclude(upcoming)), kept)


def _entries(email):
    return WaitingListEntry.objects.filter(
        Q(email__iexact=email) | Q(user__email__iexact=email)
    )


def find_waiting_list_places(email):
    return [
        record(
            entry,
            ("name", "email", "status", "created_at"),
            **{
                _("Summit"): entry.ticket_type.summit.title,
                _("Ticket"): entry.ticket_type.name,
            },
        )
        for entry in _entries(email)
        .select_related("ticket_type__summit")
        .order_by("pk")
    ]


def erase_waiting_list_places(email, *, now):
    deleted, _by_model = _entries(email).delete()
    return Erased(deleted)


def _invoices(email):
    return Invoice.objects.filter(billing_email__iexact=email)


def find_invoices(email):
    return [
        record(
            invoice,
            (
                "number",
                "billing_organisation",
                "billing_contact",
                "billing_email",
                "billing_address",
                "purchase_order",
                "amount",
                "status",
                "issued_at",
            ),
        )
        for invoice in _invoices(email).order_by("pk")
    ]


def erase_invoices(email, *, now):
    # Kept by law; the retention policy anonymises them when their years are up.
    numbers = list(_invoices(email).values_list("number", flat=True))
    kept = [
        _(
            "Invoice %(number)s is kept for the years tax law requires, then "
            "anonymised (see our privacy notice)."
        )
        % {"number": number}
        for number in numbers
    ]
    return Erased(0, kept)


HOLDERS = (
    # Before the places: their feedback is found through the places' addresses.
    Holder(
        "events.feedbackresponse",
        gettext_lazy("Feedback after a summit"),
        find_feedback,
        erase_feedback,
    ),
    Holder(
        "events.attendee", gettext_lazy("Places at summits"), find_places, erase_places
    ),
    Holder(
        "events.order", gettext_lazy("Bookings you made"), find_orders, erase_orders
    ),
    Holder(
        "events.waitinglistentry",
        gettext_lazy("Waiting-list places"),
        find_waiting_list_places,
        erase_waiting_list_places,
    ),
    Holder("events.invoice", gettext_lazy("Invoices"), find_invoices, erase_invoices),
)
