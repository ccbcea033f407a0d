"""The booking steps, under each summit (`/summit/<slug>/book/...`): choose tickets,
attendee details, review (or the invoice details), done; and joining a sold-out
type's waiting list. Each view parses its input, calls one service and renders the
answer; bad input gets the form back with its errors and a 400, a rule the booking
breaks (sold out, code used up) a 409. Anyone may book: the places chosen at the
first step are held for them (`events.booking.holds`) and the choices so far kept
in the session (`BookingState`) until the order is placed. Someone signed in with a
verified email books at once; anyone else is emailed a link to confirm (free and
invoice bookings) or proves their address by paying by card.
"""

import contextlib
from functools import partial

import stripe
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from home.accounts import has_verified_account
from home.models import SiteChrome
from home.ratelimit import (
    is_over_limit,
    is_rate_limited,
    rate_limited_response,
    ratelimit,
)

from ..choices import OrderStatus
from ..details import normalise_email
from ..models import Attendee, Order
from ..money import format_pence
from ..payments import PaymentError, card_payments_enabled, checkout
from ..payments.forms import BillingForm
from ..payments.invoices import book_with_invoice
from ..summit_pages import summit_page
from . import holds, orders, waiting_list
from . import questions as registration_questions
from .forms import (
    AccessCodeForm,
    AttendeeForm,
    BookerForm,
    TicketSelectionForm,
    WaitingListForm,
    already_booked_message,
    bookable_ticket_types,
)
from .pricing import invoice_allowed, price_places, total
from .rules import AlreadyBooked, BookingError
from .state import BookingState, placed_here, remember_placed


def step_url(name, summit, *args):
    return reverse(f"events:{name}", args=[summit.slug, *args])


def _registration_closed(request, summit):
    return render(
        request,
        "events/booking/closed.html",
        {
            "page": summit,
            "summit": summit,
            "opens_later": summit.registration_opens_later,
        },
        status=400 if request.method == "POST" else 200,
    )


@summit_page
@ratelimit("booking")
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
        if is_rate_limited(request, "booking-code"):
            return rate_limited_response(request, "booking-code")
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
        status = 400
        if form.is_valid():
            try:
                holds.hold_places(
                    summit=summit,
                    quantities=form.quantities(),
                    key=state.hold_key(),
                    access_code=code,
                )
            except BookingError as refusal:
                form.add_error(None, refusal.message)
                status = 409
            else:
                lines = [
                    [ticket_type.pk, count]
                    for ticket_type, count in form.quantities().items()
                ]
                if lines != state.data.get("lines"):
                    state.data["places"] = []
                state.data["lines"] = lines
                state.save()
                return redirect(step_url("book_details", summit))
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
            "contact_email": SiteChrome.for_request(request).contact_email,
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
        # Pairs, not a dict: the session's JSON would turn the ids into strings.
        "answers": [[pk, value] for pk, value in form.answers().items()],
    }


def _place_initial(place, questions):
    if not place:
        return {}
    if not place["named"]:
        return {"who": AttendeeForm.COLLEAGUE}
    return {
        "who": AttendeeForm.NAMED,
        **place["details"],
        "workshops": place.get("workshops", []),
        **registration_questions.initial_answers(
            questions, dict(map(tuple, place.get("answers", [])))
        ),
    }


@summit_page
@ratelimit("booking")
def attendee_details(request, summit):
    """Step 2: for each place, the holder's details or "a colleague will fill this
    in"; and who is booking, for someone without a verified account."""
    if not summit.registration_is_open():
        return _registration_closed(request, summit)
    state = BookingState(request, summit)
    ticket_types = state.ticket_types()
    if not ticket_types:
        return redirect(step_url("book", summit))
    saved = state.data.get("places") or []
    questions = registration_questions.summit_questions(summit)
    forms = []
    for index, ticket_type in enumerate(ticket_types):
        asked = registration_questions.questions_for(questions, ticket_type)
        initial = _place_initial(saved[index] if index < len(saved) else None, asked)
        if index == 0 and not initial:
            initial = _booker_initial(request.user, summit)
        forms.append(
            AttendeeForm(
                request.POST if request.method == "POST" else None,
                prefix=f"place-{index + 1}",
                summit=summit,
                ticket_type=ticket_type,
                allow_unnamed=True,
                tell_if_booked=False,
                questions=asked,
                initial=initial,
            )
        )
    booker_form = None
    if not has_verified_account(request.user):
        booker_form = BookerForm(
            request.POST if request.method == "POST" else None,
            prefix="booker",
            initial=_booker_form_initial(request.user, state),
        )
    status = 200
    if request.method == "POST":
        # Validate every place, so all the mistakes show at once.
        results = [form.is_valid() for form in forms]
        results.append(_check_distinct_emails(forms))
        if booker_form is not None:
            results.append(booker_form.is_valid())
        if all(results):
            state.data["places"] = [_place_data(form) for form in forms]
            if booker_form is not None:
                state.data["booker"] = {
                    "name": booker_form.cleaned_data["booker_name"].strip(),
                    "email": normalise_email(booker_form.cleaned_data["booker_email"]),
                }
            state.save()
            return redirect(step_url("book_review", summit))
        status = 400
    return render(
        request,
        "events/booking/details.html",
        {
            "page": summit,
            "summit": summit,
            "places": list(zip(forms, ticket_types, strict=True)),
            "forms": forms,
            "booker_form": booker_form,
            "has_errors": any(form.errors for form in forms)
            or bool(booker_form and booker_form.errors),
            "hold_ends": holds.hold_ends(state.hold_key()),
            "step": 2,
        },
        status=status,
    )


def _booker_initial(user, summit):
    """A signed-in booker's own details for the first place, unless they hold a
    ticket (their own address: telling them is no leak)."""
    if not user.is_authenticated:
        return {}
    email = normalise_email(user.email)
    if Attendee.objects.live().filter(summit=summit, email=email).exists():
        return {}
    return {"name": user.get_full_name(), "email": email}


def _booker_form_initial(user, state):
    booker = state.booker()
    if booker:
        return {"booker_name": booker["name"], "booker_email": booker["email"]}
    if user.is_authenticated:
        return {"booker_name": user.get_full_name(), "booker_email": user.email}
    return {}


def _booker(request, state):
    """(the booking's account or None, the address we tell, whether that address
    still needs proving by an emailed link)."""
    if has_verified_account(request.user):
        return request.user, request.user.email, False
    user = request.user if request.user.is_authenticated else None
    return user, state.booker().get("email", ""), True


def _check_distinct_emails(forms):
    """Each named place needs its own email address; False if one is repeated."""
    seen = {}
    distinct = True
    for number, form in enumerate(forms, 1):
        if not form.is_named:
            continue
        email = normalise_email(form.cleaned_data.get("email"))
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


@summit_page
@ratelimit("booking")
def review_booking(request, summit):
    """Step 3: everything on one page, then "Confirm booking", or for paid places
    "Pay by card" (to Stripe Checkout) or "Pay by invoice"."""
    if not summit.registration_is_open():
        return _registration_closed(request, summit)
    state = BookingState(request, summit)
    places = state.place_requests()
    booker, booker_email, confirm_by_email = _booker(request, state)
    if not places or not booker_email:
        return redirect(step_url("book", summit))
    code = state.access_code()
    priced = price_places(places, code)
    error = None
    status = 200
    if request.method == "POST":
        booking = {
            "booker": booker,
            "booker_email": booker_email,
            "summit": summit,
            "places": places,
            "access_code": code,
            "hold_key": state.hold_key(),
        }
        try:
            if total(priced) and request.POST.get("pay") == "card":
                order = checkout.start_card_booking(
                    **booking,
                    return_urls=partial(_checkout_return_urls, request, summit),
                )
            else:
                order = orders.place_order(**booking, confirm_by_email=confirm_by_email)
        except PaymentError as refusal:
            error, status = refusal.message, 503
        except AlreadyBooked as refusal:
            error, status = already_booked_message(refusal), 409
        except BookingError as refusal:
            error, status = refusal.message, 409
        else:
            state.clear()
            remember_placed(request, order)
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
            "total": total(priced),
            "total_text": format_pence(total(priced)),
            "pay_by_card": card_payments_enabled(),
            "pay_by_invoice": invoice_allowed(priced),
            "access_code": code,
            "booker_email": booker_email,
            "confirm_by_email": confirm_by_email,
            "contact_email": SiteChrome.for_request(request).contact_email,
            "hold_ends": holds.hold_ends(state.hold_key()),
            "error": error,
            "step": 3,
        },
        status=status,
    )


def done_url(summit, order):
    return step_url("book_done", summit, order.reference)


def _checkout_return_urls(request, summit, order):
    """Where Stripe Checkout sends the booker back: the done page (which checks
    the session itself) or, if they cancel, their booking, to pay or cancel."""
    success = request.build_absolute_uri(done_url(summit, order))
    cancel = request.build_absolute_uri(order.get_absolute_url())
    return f"{success}?session_id={{CHECKOUT_SESSION_ID}}", cancel


@summit_page
def booking_done(request, summit, reference):
    """Step 4: the booking made, with claim links to forward for unnamed places.
    Back from Stripe Checkout, the payment may not be confirmed yet: the page reads
    the session from Stripe itself (as the webhook does; whichever comes first
    confirms) and says "payment processing" until it is."""
    order = get_object_or_404(
        Order.objects.with_attendees(), summit=summit, reference=reference
    )
    if not (
        placed_here(request, order)
        or (request.user.is_authenticated and order.booker_id == request.user.pk)
    ):
        raise Http404("Not a booking made from this browser.")
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


@summit_page
@ratelimit("waiting-list")
def join_waiting_list(request, summit, ticket_type_id):
    """A sold-out ticket type's waiting list: name and email, no account needed."""
    ticket_type = get_object_or_404(summit.ticket_types.for_sale(), pk=ticket_type_id)
    ticket_type.summit = summit
    code = BookingState(request, summit).access_code()
    if ticket_type.requires_code and not (code and code.unlocks(ticket_type)):
        raise Http404("This ticket type needs an access code.")
    initial = {}
    if request.user.is_authenticated:
        initial = {"name": request.user.get_full_name(), "email": request.user.email}
    form = WaitingListForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            email = normalise_email(form.cleaned_data["email"])
            try:
                # Past a few emails an hour to one address, the page says the same
                # and sends nothing, so the form can't be used to flood a mailbox.
                if not is_over_limit("waiting-list-email", email):
                    waiting_list.join_waiting_list(
                        ticket_type=ticket_type,
                        name=form.cleaned_data["name"],
                        email=email,
                        user=request.user,
                    )
            except BookingError as refusal:
                form.add_error(None, refusal.message)
            else:
                return render(
                    request,
                    "events/booking/waiting_list_check_email.html",
                    {
                        "page": summit,
                        "summit": summit,
                        "ticket_type": ticket_type,
                        "email": form.cleaned_data["email"],
                    },
                )
        status = 400
    return render(
        request,
        "events/booking/waiting_list_join.html",
        {"page": summit, "summit": summit, "ticket_type": ticket_type, "form": form},
        status=status,
    )


@summit_page
@ratelimit("booking")
def invoice_details(request, summit):
    """Step 3b: who to invoice, then "Confirm booking": tickets are issued and the
    invoice emailed at once, or once a booker without an account confirms."""
    state = BookingState(request, summit)
    places = state.place_requests()
    booker, booker_email, confirm_by_email = _booker(request, state)
    if not summit.registration_is_open() or not places or not booker_email:
        return redirect(step_url("book", summit))
    code = state.access_code()
    first = places[0].details
    form = BillingForm(
        request.POST if request.method == "POST" else None,
        initial={
            "organisation": first.organisation if first else "",
            "contact": state.booker().get("name")
            or (request.user.is_authenticated and request.user.get_full_name())
            or "",
            "email": booker_email,
        },
    )
    error = None
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                order = book_with_invoice(
                    booker=booker,
                    booker_email=booker_email,
                    summit=summit,
                    places=places,
                    access_code=code,
                    billing=form.billing(),
                    hold_key=state.hold_key(),
                    confirm_by_email=confirm_by_email,
                )
            except AlreadyBooked as refusal:
                error, status = already_booked_message(refusal), 409
            except BookingError as refusal:
                error, status = refusal.message, 409
            else:
                state.clear()
                remember_placed(request, order)
                return redirect(done_url(summit, order))
    return render(
        request,
        "events/booking/invoice.html",
        {
            "page": summit,
            "summit": summit,
            "form": form,
            "total_text": format_pence(total(price_places(places, code))),
            "error": error,
            "step": 3,
        },
        status=status,
    )
