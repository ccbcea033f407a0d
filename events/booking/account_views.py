"""The booker's pages: My bookings in the account area (the orders someone booked,
the tickets they hold from others, the waiting lists they are on), and each order's
page, reached from there or, booked without an account, through the secret link
emailed to the booker. Another person's order is a 404."""

from allauth.account.decorators import verified_email_required
from django.contrib import messages
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from home.private_pages import private_page
from home.ratelimit import ratelimit

from ..choices import ACTIVE_WAITING_LIST_STATUSES
from ..models import Attendee, Order, WaitingListEntry
from ..models.orders import verified_emails_of
from ..payments import cancelling, refunds
from . import orders
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


def _order_by_link(token):
    return get_object_or_404(Order.objects.with_attendees(), manage_token=token)


@verified_email_required
def booking_detail(request, reference):
    return _order_page(request, _own_order(request, reference))


@private_page
@ratelimit("booking-link", methods=("GET", "POST"))
@require_http_methods(["GET", "POST"])
def manage_booking(request, token):
    """The booker's page for an order, at the secret link emailed to them: the
    places and their claim links, payment, cancelling; and for a booking made
    without an account, "Confirm booking" (a button, since mail scanners follow
    links)."""
    order = _order_by_link(token)
    if request.method == "POST":
        try:
            orders.confirm_booking(order=order)
        except BookingError as refusal:
            messages.error(request, refusal.message)
        else:
            messages.success(
                request,
                _("Booking %(reference)s is confirmed. We have emailed the tickets.")
                % {"reference": order.reference},
            )
        return redirect(order.get_absolute_url())
    return _order_page(request, order)


def _order_page(request, order):
    return render(
        request,
        "events/bookings/order.html",
        {"order": order, "summit": order.summit},
    )


@verified_email_required
@require_http_methods(["GET", "POST"])
def cancel_booking(request, reference):
    return _cancel_page(request, _own_order(request, reference))


@private_page
@ratelimit("booking-link", methods=("GET", "POST"))
@require_http_methods(["GET", "POST"])
def cancel_booking_by_link(request, token):
    return _cancel_page(request, _order_by_link(token))


def _cancel_page(request, order):
    """Cancel every live place of `order`, refunding card payments when due."""
    error = None
    live = order.live_attendees
    if request.method == "POST":
        try:
            if not live:
                raise BookingError(_("This booking is already cancelled."))
            _cancelled, made = cancelling.cancel_with_refund(
                attendees=live, by=request.user, note=_("Cancelled by the booker.")
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
            return redirect(order.get_absolute_url())
    return render(
        request,
        "events/bookings/cancel.html",
        {
            "order": order,
            "summit": order.summit,
            "error": error,
            "refund": sum(refunds.refund_due(attendee) for attendee in live),
        },
        status=409 if error else 200,
    )
