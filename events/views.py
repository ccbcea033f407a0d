"""Registration pages. Each view parses its input, calls one service from
`events.services` and renders the answer; bad input gets the form back with its
errors and a 400, a rule the booking breaks (sold out, already booked) a 409.

- Booking, under a summit page (`SummitPage` routes `book/...`): choose tickets,
  attendee details, review, done. Signed-in people with a verified email only; the
  choices so far are kept in the session until the booking is made.
- Ticket pages at secret addresses (`/tickets/<manage_token>/...`): the ticket with
  its QR code, calendar, and changing, transferring or cancelling the place; claim
  links for unnamed places; a personal calendar feed; waiting-list offers.
- My bookings in the account area: the orders someone booked and the tickets they
  hold. Another person's order is a 404.
"""

import contextlib
from functools import partial, wraps

import stripe
from allauth.account.decorators import verified_email_required
from django.contrib import messages
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from home.ratelimit import is_rate_limited, rate_limited_response

from . import ical, payments, qr, services, tasks
from .choices import (
    ACTIVE_WAITING_LIST_STATUSES,
    AttendeeStatus,
    OrderStatus,
    WaitingListStatus,
)
from .models import AccessCode, Attendee, Order, Session, WaitingListEntry
from .models.orders import verified_emails_of
from .models.tickets import format_pence
from .payments import checkout, refunds
from .registration_forms import (
    AccessCodeForm,
    AttendeeForm,
    FindTicketForm,
    TicketSelectionForm,
    WaitingListForm,
    already_booked_message,
    bookable_ticket_types,
)

RATE_PERIOD = 600  # seconds


def private_page(view):
    """For pages reached through a secret link: never cached, never indexed, and
    the link is not passed on to other sites in the Referer header."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        add_never_cache_headers(response)
        response["Referrer-Policy"] = "same-origin"
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    return wrapper


def _limited(request, scope, limit):
    return request.method == "POST" and is_rate_limited(
        request, scope, limit=limit, period=RATE_PERIOD
    )


# The booking steps, kept in the session between requests.


class BookingState:
    """What someone has chosen so far for one summit: an access code, how many
    places of each type, and each place's details."""

    def __init__(self, request, summit):
        self.request = request
        self.summit = summit
        self.key = f"events.booking.{summit.pk}"
        self.data = request.session.get(self.key, {})

    def save(self):
        self.request.session[self.key] = self.data

    def clear(self):
        self.request.session.pop(self.key, None)

    def access_code(self):
        """The code applied, if it is still usable; otherwise it is dropped."""
        code_id = self.data.get("code_id")
        if code_id is None:
            return None
        code = AccessCode.objects.filter(pk=code_id, summit=self.summit).first()
        try:
            if code is None:
                raise services.AccessCodeError(_("That code no longer exists."))
            services.find_access_code(summit=self.summit, code=code.code)
        except services.AccessCodeError as error:
            self.data.pop("code_id", None)
            self.save()
            messages.warning(self.request, error.message)
            return None
        return code

    def ticket_types(self):
        """One ticket type per place chosen, in order; [] until chosen."""
        lines = self.data.get("lines", [])
        by_id = self.summit.ticket_types.for_sale().in_bulk(
            [ticket_type_id for ticket_type_id, _count in lines]
        )
        places = []
        for ticket_type_id, count in lines:
            ticket_type = by_id.get(ticket_type_id)
            if ticket_type is None:
                return []
            ticket_type.summit = self.summit
            places += [ticket_type] * count
        return places


def _registration_closed(request, summit):
    return render(
        request,
        "events/booking/closed.html",
        {
            "page": summit,
            "summit": summit,
            "opens_later": bool(summit.registration_opens_at)
            and timezone.now() < summit.registration_opens_at,
        },
        status=400 if request.method == "POST" else 200,
    )


@verified_email_required
def choose_tickets(request, summit):
    """Step 1: an access code (optional), then how many places of each type."""
    if not summit.registration_is_open():
        return _registration_closed(request, summit)
    state = BookingState(request, summit)
    code = state.access_code()
    code_form = AccessCodeForm(summit=summit)
    form = None
    status = 200
    if request.method == "POST" and "apply_code" in request.POST:
        if _limited(request, "booking-code", 20):
            return rate_limited_response(request, RATE_PERIOD)
        code_form = AccessCodeForm(request.POST, summit=summit)
        if code_form.is_valid():
            state.data["code_id"] = code_form.access_code.pk
            state.save()
            messages.success(
                request,
                _("Code %(code)s applied.") % {"code": code_form.access_code.code},
            )
            return redirect(request.path)
        status = 400
    elif request.method == "POST" and "remove_code" in request.POST:
        state.data.pop("code_id", None)
        state.save()
        return redirect(request.path)
    ticket_types = bookable_ticket_types(summit, code)
    if request.method == "POST" and status == 200:
        form = TicketSelectionForm(
            request.POST, ticket_types=ticket_types, access_code=code
        )
        if form.is_valid():
            lines = [
                [ticket_type.pk, count]
                for ticket_type, count in form.quantities().items()
            ]
            if lines != state.data.get("lines"):
                state.data["places"] = []
            state.data["lines"] = lines
            state.save()
            return redirect(summit.url + summit.reverse_subpage("book_details"))
        status = 400
    if form is None:
        chosen = dict(map(tuple, state.data.get("lines", [])))
        form = TicketSelectionForm(
            ticket_types=ticket_types,
            access_code=code,
            initial={
                f"{TicketSelectionForm.field_prefix}{pk}": count
                for pk, count in chosen.items()
            },
        )
    return render(
        request,
        "events/booking/choose.html",
        {
            "page": summit,
            "summit": summit,
            "form": form,
            "code_form": code_form,
            "access_code": code,
            "ticket_types": ticket_types,
            "step": 1,
        },
        status=status,
    )


def _place_data(form):
    if not form.is_named:
        return {"named": False}
    details = form.details()
    return {
        "named": True,
        "details": details.as_data(),
        "workshops": [session.pk for session in form.chosen_workshops()],
    }


def _place_initial(place):
    if not place:
        return {}
    if not place["named"]:
        return {"who": AttendeeForm.COLLEAGUE}
    return {
        "who": AttendeeForm.NAMED,
        **place["details"],
        "workshops": place.get("workshops", []),
    }


@verified_email_required
def attendee_details(request, summit):
    """Step 2: for each place, the holder's details or "a colleague will fill this
    in"."""
    if not summit.registration_is_open():
        return _registration_closed(request, summit)
    state = BookingState(request, summit)
    ticket_types = state.ticket_types()
    if not ticket_types:
        return redirect(summit.url + summit.reverse_subpage("book"))
    saved = state.data.get("places") or []
    forms = []
    for index, ticket_type in enumerate(ticket_types):
        initial = _place_initial(saved[index] if index < len(saved) else None)
        if index == 0 and not initial:
            initial = _booker_initial(request.user, summit)
        forms.append(
            AttendeeForm(
                request.POST if request.method == "POST" else None,
                prefix=f"place-{index + 1}",
                summit=summit,
                ticket_type=ticket_type,
                allow_unnamed=True,
                initial=initial,
            )
        )
    status = 200
    if request.method == "POST":
        # Validate every place, so all the mistakes show at once.
        results = [form.is_valid() for form in forms]
        results.append(_check_distinct_emails(forms))
        if all(results):
            state.data["places"] = [_place_data(form) for form in forms]
            state.save()
            return redirect(summit.url + summit.reverse_subpage("book_review"))
        status = 400
    return render(
        request,
        "events/booking/details.html",
        {
            "page": summit,
            "summit": summit,
            "places": list(zip(forms, ticket_types, strict=True)),
            "forms": forms,
            "has_errors": any(form.errors for form in forms),
            "step": 2,
        },
        status=status,
    )


def _booker_initial(user, summit):
    """The booker's own details for the first place, unless they hold a ticket."""
    email = services.normalise_email(user.email)
    if Attendee.objects.live().filter(summit=summit, email=email).exists():
        return {}
    return {"name": user.get_full_name(), "email": email}


def _check_distinct_emails(forms):
    """Each named place needs its own email address; False if one is repeated."""
    seen = {}
    distinct = True
    for number, form in enumerate(forms, 1):
        if not form.is_named:
            continue
        email = services.normalise_email(form.cleaned_data.get("email"))
        if email in seen:
            form.add_error(
                "email",
                _(
                    "You gave this email address for place %(number)s too. Each "
                    "person needs their own."
                )
                % {"number": seen[email]},
            )
            distinct = False
        elif email:
            seen[email] = number
    return distinct


def place_requests(state, ticket_types):
    places = state.data.get("places") or []
    if len(places) != len(ticket_types):
        return None
    session_ids = {pk for place in places for pk in place.get("workshops", [])}
    sessions = Session.objects.in_bulk(session_ids)
    return [
        services.PlaceRequest(
            ticket_type=ticket_type,
            details=services.AttendeeDetails(**place["details"])
            if place["named"]
            else None,
            workshops=tuple(
                sessions[pk] for pk in place.get("workshops", []) if pk in sessions
            ),
        )
        for ticket_type, place in zip(ticket_types, places, strict=True)
    ]


def priced_places(places, code):
    """Each PlaceRequest with what it costs: dicts of `place`, `free_with_code`
    and `price` (pence)."""
    code_type_ids = {tt.pk for tt in code.ticket_types.all()} if code else set()
    priced = []
    for place in places:
        free = bool(
            code and code.makes_free and code.covers(place.ticket_type, code_type_ids)
        )
        priced.append(
            {
                "place": place,
                "free_with_code": free,
                "price": 0 if free else place.ticket_type.price,
            }
        )
    return priced


@verified_email_required
def review_booking(request, summit):
    """Step 3: everything on one page, then "Confirm booking", or for paid places
    "Pay by card" (to Stripe Checkout) or "Pay by invoice"."""
    if not summit.registration_is_open():
        return _registration_closed(request, summit)
    state = BookingState(request, summit)
    ticket_types = state.ticket_types()
    places = place_requests(state, ticket_types) if ticket_types else None
    if not places:
        return redirect(summit.url + summit.reverse_subpage("book"))
    code = state.access_code()
    priced = priced_places(places, code)
    total = sum(item["price"] for item in priced)
    error = None
    status = 200
    if request.method == "POST":
        try:
            if total and request.POST.get("pay") == "card":
                order = checkout.start_card_booking(
                    booker=request.user,
                    summit=summit,
                    places=places,
                    access_code=code,
                    return_urls=partial(_checkout_return_urls, request, summit),
                )
            else:
                order = services.place_order(
                    booker=request.user, summit=summit, places=places, access_code=code
                )
        except payments.PaymentError as refusal:
            error, status = refusal.message, 503
        except services.AlreadyBooked as refusal:
            error, status = already_booked_message(refusal), 409
        except services.BookingError as refusal:
            error, status = refusal.message, 409
        else:
            state.clear()
            if order.status == OrderStatus.PENDING:
                return redirect(order.card_payment.checkout_url)
            return redirect(done_url(summit, order))
    return render(
        request,
        "events/booking/review.html",
        {
            "page": summit,
            "summit": summit,
            "places": priced,
            "total": total,
            "total_text": format_pence(total),
            "pay_by_card": payments.card_payments_enabled(),
            "pay_by_invoice": all(
                item["place"].ticket_type.allows_invoice
                for item in priced
                if item["price"]
            ),
            "access_code": code,
            "error": error,
            "step": 3,
        },
        status=status,
    )


def done_url(summit, order):
    return summit.url + summit.reverse_subpage(
        "book_done", kwargs={"reference": order.reference}
    )


def _checkout_return_urls(request, summit, order):
    """Where Stripe Checkout sends the booker back: the done page (which checks
    the session itself) or, if they cancel, their booking, to pay or cancel."""
    success = request.build_absolute_uri(done_url(summit, order))
    cancel = request.build_absolute_uri(
        reverse("events:booking_detail", args=[order.reference])
    )
    return f"{success}?session_id={{CHECKOUT_SESSION_ID}}", cancel


@verified_email_required
def booking_done(request, summit, reference):
    """Step 4: the booking made, with claim links to forward for unnamed places.
    Back from Stripe Checkout, the payment may not be confirmed yet: the page reads
    the session from Stripe itself (as the webhook does; whichever comes first
    confirms) and says "payment processing" until it is."""
    order = get_object_or_404(
        Order.objects.with_attendees(),
        summit=summit,
        reference=reference,
        booker=request.user,
    )
    payment = getattr(order, "card_payment", None)
    session_id = request.GET.get("session_id", "")
    if (
        order.status == OrderStatus.PENDING
        and payment is not None
        and session_id
        and session_id == payment.checkout_session_id
    ):
        # If Stripe can't be asked, the webhook or stripe_reconcile confirms it.
        with contextlib.suppress(stripe.StripeError):
            checkout.sync_checkout(session_id=session_id)
        order = Order.objects.with_attendees().get(pk=order.pk)
        payment = order.card_payment
    return render(
        request,
        "events/booking/done.html",
        {
            "page": summit,
            "summit": summit,
            "order": order,
            "payment": payment,
            "invoice": getattr(order, "invoice", None),
            "step": 4,
        },
    )


def join_waiting_list(request, summit, ticket_type_id):
    """A sold-out ticket type's waiting list: name and email, no account needed."""
    ticket_type = get_object_or_404(summit.ticket_types.for_sale(), pk=ticket_type_id)
    ticket_type.summit = summit
    code = BookingState(request, summit).access_code()
    if ticket_type.requires_code and not (code and code.unlocks(ticket_type)):
        raise Http404("This ticket type needs an access code.")
    if _limited(request, "waiting-list", 10):
        return rate_limited_response(request, RATE_PERIOD)
    initial = {}
    if request.user.is_authenticated:
        initial = {"name": request.user.get_full_name(), "email": request.user.email}
    form = WaitingListForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                entry = services.join_waiting_list(
                    ticket_type=ticket_type,
                    name=form.cleaned_data["name"],
                    email=form.cleaned_data["email"],
                    user=request.user,
                )
            except services.AlreadyBooked as refusal:
                form.add_error("email", already_booked_message(refusal))
            except services.BookingError as refusal:
                form.add_error(None, refusal.message)
            else:
                return redirect("events:waiting_list_entry", token=entry.token)
        status = 400
    return render(
        request,
        "events/booking/waiting_list_join.html",
        {"page": summit, "summit": summit, "ticket_type": ticket_type, "form": form},
        status=status,
    )


# Ticket pages at secret addresses


def _attendee_by_token(token):
    return get_object_or_404(Attendee.objects.for_ticket_page(), manage_token=token)


@private_page
def ticket(request, token):
    """The ticket: QR code (SVG) for phones and printing, details, calendar links
    and what can still be changed."""
    attendee = _attendee_by_token(token)
    summit = attendee.summit
    qr_code = ""
    # A held place has no ticket until its payment is confirmed.
    if attendee.status == AttendeeStatus.CONFIRMED and attendee.is_named:
        qr_code = qr.qr_svg(
            qr.ticket_payload(attendee),
            label=_("QR code for ticket %(reference)s")
            % {"reference": attendee.reference},
        )
    return render(
        request,
        "events/tickets/ticket.html",
        {
            "attendee": attendee,
            "summit": summit,
            "qr_code": qr_code,
            "workshops": attendee.workshops.all(),
            "calendar_feed_url": ical.webcal_url(attendee.get_calendar_feed_url()),
            "changes_open": attendee.is_live
            and attendee.is_named
            and summit.attendee_changes_are_open(),
            "can_cancel": attendee.is_live and timezone.now() < summit.start,
        },
    )


def _calendar_response(content, filename):
    return HttpResponse(
        content,
        content_type="text/calendar; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}.ics"'},
    )


@private_page
def ticket_calendar(request, token):
    """The summit and the holder's workshops as a one-off .ics download."""
    attendee = _attendee_by_token(token)
    return _calendar_response(
        ical.attendee_calendar(attendee), f"{attendee.summit.slug}-summit"
    )


@private_page
def attendee_calendar_feed(request, token):
    """The holder's personal subscription feed (webcal://): it follows moved
    sessions (stable UIDs, SEQUENCE) and reminds them the day before."""
    attendee = get_object_or_404(
        Attendee.objects.live().select_related("summit"), calendar_token=token
    )
    return _calendar_response(
        ical.attendee_calendar(attendee, feed=True), f"{attendee.summit.slug}-summit"
    )


def _changes_closed(request, attendee):
    return render(
        request,
        "events/tickets/changes_closed.html",
        {"attendee": attendee, "summit": attendee.summit},
        status=409,
    )


@private_page
def edit_ticket(request, token):
    attendee = _attendee_by_token(token)
    if not (
        attendee.is_live
        and attendee.is_named
        and attendee.summit.attendee_changes_are_open()
    ):
        return _changes_closed(request, attendee)
    form = AttendeeForm(
        request.POST or None,
        summit=attendee.summit,
        ticket_type=attendee.ticket_type,
        fixed_email=attendee.email,
        exclude_attendee=attendee,
        initial={
            **{
                name: getattr(attendee, name)
                for name in (
                    "name",
                    "organisation",
                    "organisation_type",
                    "district",
                    "job_title",
                    "accessibility_needs",
                    "dietary_requirements",
                    "consent_attendee_list",
                    "consent_updates",
                )
            },
            "privacy_accepted": attendee.privacy_accepted_at is not None,
            "workshops": [session.pk for session in attendee.workshops.all()],
        },
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.update_attendee(
                    attendee=attendee,
                    details=form.details(),
                    workshops=form.chosen_workshops(),
                    by=request.user,
                )
            except services.BookingError as refusal:
                form.add_error(None, refusal.message)
            else:
                messages.success(request, _("Your changes are saved."))
                return redirect(attendee.get_absolute_url())
        status = 400
    return render(
        request,
        "events/tickets/edit.html",
        {"attendee": attendee, "summit": attendee.summit, "form": form},
        status=status,
    )


@private_page
def transfer_ticket(request, token):
    """Give the place to a colleague: the old QR code and links stop working."""
    attendee = _attendee_by_token(token)
    if not (
        attendee.is_live
        and attendee.is_named
        and attendee.summit.attendee_changes_are_open()
    ):
        return _changes_closed(request, attendee)
    form = AttendeeForm(
        request.POST or None,
        summit=attendee.summit,
        ticket_type=attendee.ticket_type,
        with_workshops=False,
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            previous_name = attendee.name
            try:
                attendee = services.transfer_attendee(
                    attendee=attendee, details=form.details(), by=request.user
                )
            except services.AlreadyBooked as refusal:
                form.add_error("email", already_booked_message(refusal))
            except services.BookingError as refusal:
                form.add_error(None, refusal.message)
            else:
                return render(
                    request,
                    "events/tickets/transferred.html",
                    {
                        "attendee": attendee,
                        "summit": attendee.summit,
                        "previous_name": previous_name,
                    },
                )
        status = 400
    return render(
        request,
        "events/tickets/transfer.html",
        {"attendee": attendee, "summit": attendee.summit, "form": form},
        status=status,
    )


@private_page
@require_http_methods(["GET", "POST"])
def cancel_ticket(request, token):
    attendee = _attendee_by_token(token)
    error = None
    if request.method == "POST":
        try:
            _cancelled, made = refunds.cancel_with_refund(
                attendees=[attendee],
                by=request.user,
                note=_("Cancelled from the ticket page."),
            )
        except services.BookingError as refusal:
            error = refusal.message
        else:
            messages.success(request, _("The place is cancelled.") + _refunded(made))
            return redirect(attendee.get_absolute_url())
    return render(
        request,
        "events/tickets/cancel.html",
        {
            "attendee": attendee,
            "summit": attendee.summit,
            "error": error,
            "refund": refunds.refund_due(attendee),
        },
        status=409 if error else 200,
    )


def _refunded(made):
    total = sum(refund.amount for refund in made)
    if not total:
        return ""
    return " " + _(
        "%(amount)s will be refunded to the card you paid with within 5 to 10 "
        "working days."
    ) % {"amount": format_pence(total)}


@private_page
def claim_place(request, token):
    """A colleague fills in an unnamed place from the link the booker sent them."""
    attendee = get_object_or_404(
        Attendee.objects.live().for_ticket_page(), claim_token=token
    )
    if _limited(request, "claim-place", 20):
        return rate_limited_response(request, RATE_PERIOD)
    initial = {}
    if request.user.is_authenticated:
        initial = {"name": request.user.get_full_name(), "email": request.user.email}
    form = AttendeeForm(
        request.POST or None,
        summit=attendee.summit,
        ticket_type=attendee.ticket_type,
        initial=initial,
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                attendee = services.claim_place(
                    attendee=attendee,
                    details=form.details(),
                    workshops=form.chosen_workshops(),
                    user=request.user,
                )
            except services.AlreadyBooked as refusal:
                form.add_error("email", already_booked_message(refusal))
            except services.BookingError as refusal:
                form.add_error(None, refusal.message)
            else:
                messages.success(
                    request, _("Your place is confirmed. We have emailed your ticket.")
                )
                return redirect(attendee.get_absolute_url())
        status = 400
    return render(
        request,
        "events/tickets/claim.html",
        {"attendee": attendee, "summit": attendee.summit, "form": form},
        status=status,
    )


@private_page
def find_ticket(request):
    """Lost your ticket email? We send the links again to the address, if it has
    any, and say the same either way so nobody learns who has booked."""
    if _limited(request, "find-ticket", 5):
        return rate_limited_response(request, RATE_PERIOD)
    form = FindTicketForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            email = services.normalise_email(form.cleaned_data["email"])
            tasks.send_ticket_links_email.enqueue(email)
            return render(request, "events/tickets/find_sent.html", {"email": email})
        return render(request, "events/tickets/find.html", {"form": form}, status=400)
    return render(request, "events/tickets/find.html", {"form": form})


@private_page
def waiting_list_entry(request, token):
    """A waiting-list place: its position, or the offer to claim, or leaving."""
    entry = get_object_or_404(
        WaitingListEntry.objects.select_related("ticket_type__summit", "attendee"),
        token=token,
    )
    ticket_type = entry.ticket_type
    summit = ticket_type.summit
    form = None
    status = 200
    if entry.offer_is_open:
        form = AttendeeForm(
            request.POST if "claim" in request.POST else None,
            summit=summit,
            ticket_type=ticket_type,
            fixed_email=entry.email,
            initial={"name": entry.name},
        )
    if request.method == "POST" and "leave" in request.POST:
        try:
            services.leave_waiting_list(entry=entry)
        except services.BookingError as refusal:
            messages.error(request, refusal.message)
        else:
            messages.success(request, _("You have left the waiting list."))
        return redirect("events:waiting_list_entry", token=entry.token)
    if request.method == "POST" and form is not None and form.is_bound:
        if form.is_valid():
            try:
                attendee = services.claim_offer(
                    entry=entry,
                    details=form.details(),
                    workshops=form.chosen_workshops(),
                    user=request.user,
                )
            except services.AlreadyBooked as refusal:
                form.add_error(None, already_booked_message(refusal))
            except services.BookingError as refusal:
                form.add_error(None, refusal.message)
            else:
                messages.success(
                    request, _("Your place is confirmed. We have emailed your ticket.")
                )
                return redirect(attendee.get_absolute_url())
        status = 400
    elif request.method == "POST":
        status = 409
    return render(
        request,
        "events/tickets/waiting_list_entry.html",
        {
            "entry": entry,
            "ticket_type": ticket_type,
            "summit": summit,
            "form": form,
            "is_active": entry.status in ACTIVE_WAITING_LIST_STATUSES,
            "position": entry.position()
            if entry.status == WaitingListStatus.WAITING
            else None,
        },
        status=status,
    )


# My bookings (account area)


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
                raise services.BookingError(_("This booking is already cancelled."))
            _cancelled, made = refunds.cancel_with_refund(
                attendees=live, by=request.user, note=_("Cancelled from My bookings.")
            )
        except services.BookingError as refusal:
            error = refusal.message
        else:
            messages.success(
                request,
                _("Booking %(reference)s is cancelled.")
                % {"reference": order.reference}
                + _refunded(made),
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
