"""A speaker's public profile, beneath the speakers page."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe

from home.page_cache import shared_page
from home.sections import page_view, render_page

from .models import Speaker, SpeakersIndexPage


@require_safe
@page_view(SpeakersIndexPage)
@shared_page
def speaker(request, page, slug):
    speaker = get_object_or_404(Speaker.objects.with_photos(), slug=slug)
    sessions = list(
        speaker.sessions.public()
        .select_related("summit", "room", "track")
        .order_by("-summit__start", "start")
    )
    if not sessions:
        raise Http404("This speaker has no published sessions.")
    return render_page(
        request,
        page,
        template="speakers/speaker.html",
        context={"speaker": speaker, "sessions": sessions},
    )
