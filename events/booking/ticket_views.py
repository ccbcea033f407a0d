"""Ticket pages at secret addresses (`/tickets/<manage_token>/...`): the ticket with
its QR code and calendar, changing, transferring or cancelling the place; claim links
for unnamed places; the holder's calendar feed; waiting-list places; and "find my
ticket" for a lost email. The token in the address is the only key, so each page is
private (never cached, indexed or passed on in the Referer header)."""

from functools import wraps

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from home.links import webcal_url
from home.models import SiteChrome
from home.private_pages import private_page
from home.ratelimit import ratelimit

from .. import qr
from ..choices import ACTIVE_WAITING_LIST_STATUSES, AttendeeStatus, WaitingListStatus
from ..details import AttendeeDetails, normalise_email
from ..models import Attendee, RetiredLink, WaitingListEntry
from ..money import format_pence
from ..payments import cancelling, refunds
from ..programme import agenda, ical
from ..programme.agenda_views import apply_star
from ..programme.listing import load_programme, programme_entries
from . import changes, tasks, waiting_list
from . import questions as registration_questions
from .forms import AttendeeForm, FindTicketForm, already_booked_message
from .rules import AlreadyBooked, BookingError, changes_open, check_changes_open


class LinkRetired(Exception):
    """The secret link followed has stopped working; `retired` says why."""

    def __init__(self, retired):
        super().__init__(retired.reason)
        self.retired = retired


def _attendee_by_token(token, *, field="manage_token", live_only=False):
    """The place whose `field` is `token`. A link that stopped working raises
    LinkRetired, so the page can say what happened; an unknown one is a 404."""
    attendees = Attendee.objects.for_ticket_page()
    if live_only:
        attendees = attendees.live()
    attendee = attendees.filter(**{field: token}).first()
    if attendee is not None:
        return attendee
    retired = RetiredLink.objects.filter(token=token).first()
    if retired is not None:
        raise LinkRetired(retired)
    raise Http404("No ticket at this link.")


def explains_retired_links(view):
    """Answer a link that stopped working (a claim link used, a ticket passed on)
    with a page saying so and what to do, as a 410."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except LinkRetired as gone:
            return render(
                request,
                "events/tickets/link_retired.html",
                {
                    "retired": gone.retired,
                    "summit": gone.retired.attendee.summit,
                    "contact_email": SiteChrome.for_request(request).contact_email,
                },
                status=410,
            )

    return wrapper


@private_page
@explains_retired_links
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
            # As the change form offers them: only workshops given a time.
            "offers_workshops": attendee.ticket_type.workshops.scheduled().exists(),
            "answers": registration_questions.answers_of(attendee),
            "calendar_feed_url": webcal_url(attendee.get_calendar_feed_url()),
            "changes_open": changes_open(attendee),
            "can_cancel": attendee.is_live and timezone.now() < summit.start,
        },
    )


@private_page
@explains_retired_links
def ticket_calendar(request, token):
    """The summit and the holder's workshops as a one-off .ics download."""
    attendee = _attendee_by_token(token)
    return ical.calendar_response(
        ical.attendee_calendar(attendee), f"{attendee.summit.slug}-summit"
    )


@private_page
def attendee_calendar_feed(request, token):
    """The holder's personal subscription feed (webcal://): it follows moved
    sessions (stable UIDs, SEQUENCE) and reminds them the day before."""
    attendee = get_object_or_404(
        Attendee.objects.live().select_related("summit"), calendar_token=token
    )
    return ical.calendar_response(
        ical.attendee_calendar(attendee, feed=True), f"{attendee.summit.slug}-summit"
    )


@private_page
@explains_retired_links
@require_http_methods(["GET", "HEAD", "POST"])
def ticket_agenda(request, token):
    """The holder's personal agenda through their ticket link: the sessions they
    starred and the workshops they booked, clashes flagged, and the whole
    programme with a star button per session (docs/programme.md#personal-agenda)."""
    attendee = _attendee_by_token(token)
    summit = attendee.summit
    status = 200
    error = ""
    if request.method == "POST":
        error = apply_star(request, attendee=attendee, summit=summit)
        if error is None:
            return redirect("events:ticket_agenda", token=token)
        status = 409 if not attendee.is_live else 400
    return render(
        request,
        "events/tickets/agenda.html",
        {
            "attendee": attendee,
            "summit": summit,
            "entries": agenda.build_agenda(attendee) if attendee.is_live else [],
            "programme": programme_entries(load_programme(summit))
            if attendee.is_live
            else [],
            "starred": agenda.starred_ids(attendee),
            "error": error,
            "star_url": request.path,
            "calendar_feed_url": webcal_url(attendee.get_calendar_feed_url()),
        },
        status=status,
    )


def changeable_place(view):
    """Load the place from its token, and answer "this booking can't be changed"
    (409) unless its holder may still change it."""

    @wraps(view)
    def wrapper(request, token):
        attendee = _attendee_by_token(token)
        try:
            check_changes_open(attendee)
        except BookingError as refusal:
            return render(
                request,
                "events/tickets/changes_closed.html",
                {
                    "attendee": attendee,
                    "summit": attendee.summit,
                    "reason": refusal.message,
                },
                status=409,
            )
        return view(request, attendee)

    return wrapper


@private_page
@explains_retired_links
@ratelimit("ticket-change")
@changeable_place
def edit_ticket(request, attendee):
    asked = registration_questions.questions_for(
        registration_questions.summit_questions(attendee.summit), attendee.ticket_type
    )
    form = AttendeeForm(
        request.POST or None,
        summit=attendee.summit,
        ticket_type=attendee.ticket_type,
        fixed_email=attendee.email,
        exclude_attendee=attendee,
        questions=asked,
        initial={
            **AttendeeDetails.of_holder(attendee).as_data(),
            "workshops": [session.pk for session in attendee.workshops.all()],
            **registration_questions.initial_answers(
                asked, registration_questions.stored_answers(attendee)
            ),
        },
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                changes.update_attendee(
                    attendee=attendee,
                    details=form.details(),
                    workshops=form.chosen_workshops(),
                    answers=form.answers(),
                    by=request.user,
                )
            except BookingError as refusal:
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
@explains_retired_links
@ratelimit("ticket-change")
@changeable_place
def transfer_ticket(request, attendee):
    """Give the place to a colleague: the old QR code and links stop working."""
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
                attendee = changes.transfer_attendee(
                    attendee=attendee, details=form.details(), by=request.user
                )
            except AlreadyBooked as refusal:
                form.add_error("email", already_booked_message(refusal))
            except BookingError as refusal:
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
@explains_retired_links
@require_http_methods(["GET", "POST"])
@ratelimit("ticket-change")
def cancel_ticket(request, token):
    attendee = _attendee_by_token(token)
    error = None
    if request.method == "POST":
        try:
            _cancelled, made = cancelling.cancel_with_refund(
                attendees=[attendee],
                by=request.user,
                note=_("Cancelled from the ticket page."),
                tell_booker=True,
            )
        except BookingError as refusal:
            error = refusal.message
        else:
            messages.success(
                request, _("The place is cancelled.") + refunded_text(made)
            )
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


def refunded_text(made):
    total = sum(refund.amount for refund in made)
    if not total:
        return ""
    return " " + _(
        "%(amount)s will be refunded to the card you paid with within 5 to 10 "
        "working days."
    ) % {"amount": format_pence(total)}


@private_page
@explains_retired_links
@ratelimit("claim-place")
def claim_place(request, token):
    """A colleague fills in an unnamed place from the link the booker sent them."""
    attendee = _attendee_by_token(token, field="claim_token", live_only=True)
    initial = {}
    if request.user.is_authenticated:
        initial = {"name": request.user.get_full_name(), "email": request.user.email}
    form = AttendeeForm(
        request.POST or None,
        summit=attendee.summit,
        ticket_type=attendee.ticket_type,
        questions=registration_questions.questions_for(
            registration_questions.summit_questions(attendee.summit),
            attendee.ticket_type,
        ),
        initial=initial,
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                attendee = changes.claim_place(
                    attendee=attendee,
                    details=form.details(),
                    workshops=form.chosen_workshops(),
                    answers=form.answers(),
                    user=request.user,
                )
            except AlreadyBooked as refusal:
                form.add_error("email", already_booked_message(refusal))
            except BookingError as refusal:
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
@ratelimit("find-ticket")
def find_ticket(request):
    """Lost your ticket email? We send the links again to the address, if it has
    any, and say the same either way so nobody learns who has booked."""
    form = FindTicketForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            email = normalise_email(form.cleaned_data["email"])
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
            waiting_list.leave_waiting_list(entry=entry)
        except BookingError as refusal:
            messages.error(request, refusal.message)
        else:
            messages.success(request, _("You have left the waiting list."))
        return redirect("events:waiting_list_entry", token=entry.token)
    if request.method == "POST" and form is not None and form.is_bound:
        if form.is_valid():
            try:
                attendee = waiting_list.claim_offer(
                    entry=entry,
                    details=form.details(),
                    workshops=form.chosen_workshops(),
                    user=request.user,
                )
            except AlreadyBooked as refusal:
                form.add_error(None, already_booked_message(refusal))
            except BookingError as refusal:
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
