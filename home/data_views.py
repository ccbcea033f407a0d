"""People's own data on the public site: asking for a link, then reading,
downloading and erasing what we hold (home/data_requests.py does the work)."""

import json

from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from . import data_requests
from .data_forms import DataLinkForm, ErasureForm
from .models import DataRequest
from .private_pages import private_page
from .ratelimit import is_over_limit, rate_limited_response, ratelimit
from .tasks import send_data_link_email


@private_page
@ratelimit("data-link")
def request_link(request):
    """Anyone may ask; the answer is the same whether or not we hold anything, and
    the link goes only to the address given."""
    form = DataLinkForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if not form.is_valid():
            return render(request, "home/data/request.html", {"form": form}, status=400)
        email = data_requests.normalise(form.cleaned_data["email"])
        if is_over_limit("data-link-email", email):
            return rate_limited_response(request, "data-link-email")
        send_data_link_email.enqueue(email)
        return render(request, "home/data/sent.html", {"email": email})
    return render(request, "home/data/request.html", {"form": form})


@private_page
@ratelimit("data-link-use", methods=("GET", "POST"))
def by_link(request, token):
    try:
        email = data_requests.read_link_token(token)
    except data_requests.BadLink:
        return render(request, "home/data/bad_link.html", status=404)
    return _answer(request, email=email, channel=DataRequest.Channel.EMAILED_LINK)


@private_page
@login_required
def signed_in(request):
    return _answer(
        request, email=request.user.email, channel=DataRequest.Channel.ACCOUNT
    )


def _answer(request, *, email, channel):
    """The person's data as a page, or as JSON with ?format=json (a download, which
    is recorded); a POST with the box ticked erases it."""
    form = ErasureForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if not form.is_valid():
            return _page(request, email=email, form=form, status=400)
        counts, kept = data_requests.erase(email=email, channel=channel)
        if request.user.is_authenticated:
            request.user.refresh_from_db()
            if not request.user.is_active:  # their own account was erased
                logout(request)
        return render(
            request,
            "home/data/erased.html",
            {"erased": sum(counts.values()), "kept": kept},
        )
    if request.GET.get("format") == "json":
        return json_attachment(data_requests.download(email=email, channel=channel))
    return _page(request, email=email, form=form)


def json_attachment(data):
    """Someone's data (`data_requests.gather`) as a JSON file to save."""
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False),
        content_type="application/json; charset=utf-8",
    )
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = (
        f'attachment; filename="shared-ambition-personal-data-{stamp}.json"'
    )
    return response


def _page(request, *, email, form, status=200):
    return render(
        request,
        "home/data/yours.html",
        {"data": data_requests.gather(email=email), "form": form},
        status=status,
    )
