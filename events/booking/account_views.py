"""My bookings, in the account area: the orders someone booked, the tickets they
hold from others and the waiting lists they are on. Another person's order is a
404."""

from allauth.account.decorators import verified_email_required
from django.contrib import messages
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ..choices import ACTIVE_WAITING_LIST_STATUSES
from ..models import Attendee, Order, WaitingListEntry
from ..models.orders import verified_emails_of
from ..payments import cancelling, refunds
from .rules import BookingError
from .ticket_views import refunded_text


@verified_email_required
def my_bookings(request):
    """The orders this person booked, and the tickets they hold from others."""
    orders = Order.objects.with_attendees().filter(booker=request.user)
    tickets = (
        Attendee.objects.live()
        .held_by(request.user)
        .exclude(order__booker=request.user)
        .select_related("order", "ticket_type", "summit")
        .order_by("-summit__start", "pk")
    )
    entries = (
        WaitingListEntry.objects.filter(status__in=ACTIVE_WAITING_LIST_STATUSES)
        .filter(Q(user=request.user) | Q(email__in=verified_emails_of(request.user)))
        .select_related("ticket_type__summit")
        .order_by("created_at")
    )
    return render(
        request,
        "events/account/bookings.html",
        {"orders": orders, "tickets": tickets, "entries": entries},
    )


def _own_order(request, reference):
    return get_object_or_404(
        Order.objects.with_attendees(), reference=reference, booker=request.user
    )


@verified_email_required
def booking_detail(request, reference):
    order = _own_order(request, reference)
    return render(
        request,
        "events/account/booking_detail.html",
        {"order": order, "summit": order.summit},
    )


@verified_email_required
@require_http_methods(["GET", "POST"])
def cancel_booking(request, reference):
    order = _own_order(request, reference)
    error = None
    live = order.live_attendees
    if request.method == "POST":
        try:
            if not live:
                raise BookingError(_("This booking is already cancelled."))
            _cancelled, made = cancelling.cancel_with_refund(
                attendees=live, by=request.user, note=_("Cancelled from My bookings.")
            )
        except BookingError as refusal:
            error = refusal.message
        else:
            messages.success(
                request,
                _("Booking %(reference)s is cancelled.")
                % {"reference": order.reference}
                + refunded_text(made),
            )
            return redirect(reverse("events:booking_detail", args=[order.reference]))
    return render(
        request,
        "events/account/cancel_booking.html",
        {
            "order": order,
            "summit": order.summit,
            "error": error,
            "refund": sum(refunds.refund_due(attendee) for attendee in live),
        },
        status=409 if error else 200,
    )
