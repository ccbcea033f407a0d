"""Pages and feeds under each summit (`/summit/<slug>/...`): the programme with its
filters, its JSON, PDF and iCalendar forms, the summit's own calendar entry, each
session, the summit's speakers and the programme's changes. Each fetches with `for_listing()` (a fixed
number of queries) and hands the sessions to a builder in this package."""

from functools import cache, partial

from django.core.paginator import Paginator
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from home.links import absolute_url
from home.page_cache import remember_slow, shared_page
from home.sections import render_page
from speakers.models import Speaker

from ..summit_pages import summit_page
from . import agenda, ical
from .changelog import release_entries
from .forms import ProgrammeFilterForm
from .listing import load_programme, programme_entries
from .pdf import programme_pdf
from .timetable import build_timetable, programme_data

# How long a request for the programme PDF waits for another that is making it
# (about 2.5 s at 300 sessions) before making it itself.
PDF_WAIT_SECONDS = 10
# A summit's speakers page lists this many at a time.
SPEAKERS_PER_PAGE = 24


@require_safe
@summit_page
@shared_page
def programme(request, summit):
    form = ProgrammeFilterForm(request.GET or None, summit=summit)
    sessions = summit.sessions.scheduled()
    if form.is_bound and form.is_valid():
        sessions = form.filter(sessions)

    @cache
    def timetable():
        programme = load_programme(summit, sessions)
        entries = programme_entries(programme)
        return entries, build_timetable(entries, tracks=programme.tracks)

    # Star buttons only for a signed-in holder: their request carries a session
    # cookie, so the page cache never keeps it (docs/caching.md); visitors who are
    # not signed in get the same shared page, with no stars and no form.
    place = agenda.place_for(user=request.user, summit=summit)
    response = render_page(
        request,
        summit,
        template="events/programme_page.html",
        context={
            "form": form,
            # Lazy: the unfiltered timetable is a kept part, which loads nothing.
            "sessions": SimpleLazyObject(lambda: timetable()[0]),
            "days": SimpleLazyObject(lambda: timetable()[1]),
            "agenda_place": place,
            "starred": agenda.starred_ids(place),
            "star_url": reverse("events:my_agenda", args=[summit.slug]),
            "timetable_varies": form.is_bound or place is not None,
        },
    )
    if form.is_bound and not form.is_valid():
        response.status_code = 400
    return response


@require_safe
@summit_page
@shared_page
def programme_json(request, summit):
    data = programme_data(summit, request=request)
    # Open data: any site may read the programme from a browser.
    return JsonResponse(
        data,
        json_dumps_params={"indent": 2, "ensure_ascii": False},
        headers={"Access-Control-Allow-Origin": "*"},
    )


@require_safe
@summit_page
@shared_page
def programme_pdf_download(request, summit):
    # Laying out 300 sessions takes seconds: kept until any content changes, for
    # every request (HEAD, any query string, signed in), made by one at a time
    # (docs/documents.md).
    content = remember_slow(
        request,
        f"programme-pdf:{summit.pk}",
        partial(programme_pdf, summit),
        wait_seconds=PDF_WAIT_SECONDS,
    )
    return HttpResponse(
        content,
        content_type="application/pdf",
        headers={
            "Content-Disposition": f'inline; filename="{summit.slug}-programme.pdf"'
        },
    )


@require_safe
@summit_page
@shared_page
def programme_calendar(request, summit):
    programme = load_programme(summit)
    content = ical.build_calendar(
        name=_("%(summit)s programme") % {"summit": summit.title},
        uid=ical.uid_for("programme", summit.pk),
        sessions=programme.sessions,
        speakers=programme.speakers,
        url=absolute_url(reverse("events:programme", args=[summit.slug])),
        refresh_hours=6,
    )
    return ical.calendar_response(content, f"{summit.slug}-programme")


@require_safe
@summit_page
@shared_page
def summit_calendar(request, summit):
    content = ical.build_calendar(
        name=summit.title,
        uid=ical.uid_for("summit-calendar", summit.pk),
        summits=[summit],
    )
    return ical.calendar_response(content, summit.slug)


@require_safe
@summit_page
@shared_page
def session(request, summit, slug):
    session = get_object_or_404(
        summit.sessions.scheduled().for_listing(speaker_photos=True), slug=slug
    )
    return render_page(
        request,
        summit,
        template="events/session_page.html",
        context={"session": session},
    )


@require_safe
@summit_page
@shared_page
def session_calendar(request, summit, slug):
    session = get_object_or_404(summit.sessions.scheduled().for_listing(), slug=slug)
    content = ical.build_calendar(
        name=session.title,
        uid=ical.uid_for("session-calendar", session.pk),
        sessions=[session],
    )
    return ical.calendar_response(content, f"{summit.slug}-{session.slug}")


@require_safe
@summit_page
@shared_page
def speakers(request, summit):
    everyone = Speaker.objects.filter(
        sessions__summit=summit, sessions__start__isnull=False
    ).distinct()
    paginator = Paginator(everyone.with_photos(), SPEAKERS_PER_PAGE)
    # Lazy: without a query string the list is a kept part, which loads nothing.
    page_obj = SimpleLazyObject(lambda: paginator.get_page(request.GET.get("page")))
    return render_page(
        request,
        summit,
        template="events/summit_speakers_page.html",
        context={
            "speakers": SimpleLazyObject(lambda: page_obj.object_list),
            "page_obj": page_obj,
        },
    )


@require_safe
@summit_page
def programme_changes(request, summit):
    """The summit's programme releases, newest first, with what each changed."""
    return render_page(
        request,
        summit,
        template="events/programme_changes_page.html",
        context={"releases": release_entries(summit)},
    )
