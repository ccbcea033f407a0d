"""My agenda (`/summit/<slug>/my-agenda/`): a signed-in ticket holder's starred
sessions and booked workshops, with clashes flagged, and the POST that stars or
unstars a session from the programme. Personal, so never cached
(docs/programme.md#personal-agenda); the ticket link's agenda is
`events.booking.ticket_views.ticket_agenda`."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from home.links import webcal_url
from home.private_pages import private_page
from home.sections import render_page

from ..summit_pages import summit_page
from . import agenda
from .forms import StarForm


def apply_star(request, *, attendee, summit):
    """Parse a star form and call the service. Returns an error message, or None
    when the star was given or taken."""
    form = StarForm(request.POST, summit=summit)
    if not form.is_valid():
        return " ".join(
            message for errors in form.errors.values() for message in errors
        )
    session = form.cleaned_data["session"]
    try:
        if form.cleaned_data["action"] == "star":
            agenda.star_session(attendee=attendee, session=session)
            messages.success(
                request, _("“%(title)s” is on your agenda.") % {"title": session.title}
            )
        else:
            agenda.unstar_session(attendee=attendee, session=session)
            messages.success(
                request,
                _("“%(title)s” is off your agenda.") % {"title": session.title},
            )
    except agenda.AgendaError as refusal:
        return refusal.message
    return None


def safe_next(request, fallback):
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


@login_required
@private_page
@require_http_methods(["GET", "HEAD", "POST"])
@summit_page
def my_agenda(request, summit):
    attendee = agenda.place_for(user=request.user, summit=summit)
    here = reverse("events:my_agenda", args=[summit.slug])
    status = 200
    error = ""
    if request.method == "POST":
        if attendee is None:
            error = _("You need a place at this summit to keep an agenda for it.")
            status = 403
        else:
            error = apply_star(request, attendee=attendee, summit=summit)
            if error is None:
                return redirect(safe_next(request, here))
            status = 400
    return render_page(
        request,
        summit,
        template="events/agenda_page.html",
        status=status,
        context={
            "attendee": attendee,
            "entries": agenda.build_agenda(attendee) if attendee else [],
            "error": error,
            "star_url": here,
            "calendar_feed_url": (
                webcal_url(attendee.get_calendar_feed_url()) if attendee else ""
            ),
        },
    )
