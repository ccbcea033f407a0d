"""A summit's ambition postcards (`/summit/<slug>/postcards/...`): the form, the
wall with its filters, the big screen for the venue and the open data; and the
short address printed on badges (docs/postcards.md)."""

import csv
import io
import json

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from home.exports import spreadsheet_safe
from home.page_cache import shared_page
from home.ratelimit import ratelimit
from home.sections import render_page

from ..models import Postcard
from ..summit_pages import summit_page
from . import opendata, services
from .forms import PostcardForm, WallFilterForm

PER_PAGE = 24
# The big screen shows the newest cards and asks again this often (seconds).
SCREEN_CARDS = 12
SCREEN_REFRESH_SECONDS = 30


@require_safe
@summit_page
def short_link(request, summit):
    """The address printed (and QR-coded) on badges: on to the form."""
    return redirect("events:write_postcard", summit.slug)


@require_http_methods(["GET", "HEAD", "POST"])
@ratelimit("postcards")
@summit_page
def write(request, summit):
    if request.method != "POST":
        closed = services.postcards_closed_message(summit)
        return _write_page(request, summit, form=PostcardForm(), closed=closed)
    form = PostcardForm(request.POST)
    if not form.is_valid():
        return _write_page(request, summit, form=form, status=400)
    try:
        postcard = services.write_postcard(summit=summit, **form.postcard_fields())
    except services.PostcardError as error:  # the summit takes no postcards now
        return _write_page(request, summit, form=form, closed=error.message, status=409)
    name = "postcard_on_wall" if postcard.is_public else "postcard_held"
    return redirect(f"events:{name}", summit.slug)


def _write_page(request, summit, *, form, closed="", status=200):
    return render_page(
        request,
        summit,
        template="events/postcards/write.html",
        context={"form": form, "closed": closed},
        status=status,
    )


def message(template):
    """A page that only says something, such as 'your card is on the wall'."""

    @require_safe
    @summit_page
    def view(request, summit):
        return render_page(request, summit, template=template)

    return view


@require_safe
@summit_page
@shared_page
def wall(request, summit):
    form = WallFilterForm(request.GET or None)
    postcards = Postcard.objects.for_wall().filter(summit=summit)
    valid = form.is_bound and form.is_valid()
    if valid:
        postcards = form.filter(postcards)
    page_obj = Paginator(postcards, PER_PAGE).get_page(request.GET.get("page"))
    return render_page(
        request,
        summit,
        template="events/postcards/wall.html",
        context={
            "filter_form": form,
            "filter_invalid": form.is_bound and not valid,
            "filtered": valid and any(form.cleaned_data.values()),
            "page_obj": page_obj,
            "postcards": list(page_obj.object_list),
        },
        status=400 if form.is_bound and not valid else 200,
    )


@require_safe
@summit_page
@shared_page
def screen(request, summit):
    """The venue's big screen: the newest cards, large; its script asks for the
    page again every SCREEN_REFRESH_SECONDS and swaps the cards in."""
    postcards = Postcard.objects.for_wall().filter(summit=summit)[:SCREEN_CARDS]
    return render_page(
        request,
        summit,
        template="events/postcards/screen.html",
        context={"postcards": list(postcards), "refresh": SCREEN_REFRESH_SECONDS},
    )


def _open_data_response(body, content_type, summit, extension):
    """No Cache-Control of its own: the page cache's (max-age=0, revalidated by
    ETag) lets a card taken down leave browsers' copies at once (a CDN's within
    PAGE_CACHE_CDN_SECONDS)."""
    response = HttpResponse(body, content_type=content_type)
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = (
        f'inline; filename="ambitions-{summit.slug}-{stamp}.{extension}"'
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_safe
@summit_page
@shared_page
def open_data_csv(request, summit):
    out = io.StringIO()
    out.write("\ufeff")  # so spreadsheet programs read the file as UTF-8
    writer = csv.DictWriter(out, fieldnames=opendata.FIELDS)
    writer.writeheader()
    for row in opendata.records(summit):
        writer.writerow({key: spreadsheet_safe(value) for key, value in row.items()})
    return _open_data_response(out.getvalue(), "text/csv; charset=utf-8", summit, "csv")


@require_safe
@summit_page
@shared_page
def open_data_json(request, summit):
    records = list(opendata.records(summit))
    body = {
        "title": f"Ambitions for the region: {summit.title}",
        "summit": summit.slug,
        "count": len(records),
        "fields": opendata.FIELDS,
        "postcards": records,
    }
    return _open_data_response(
        json.dumps(body, ensure_ascii=False, indent=1),
        "application/json; charset=utf-8",
        summit,
        "json",
    )
