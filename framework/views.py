"""The showcase's outcome and commitment pages (beneath the showcase page), and the
framework as JSON for partners."""

import hashlib
import json
from functools import partial

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.functional import SimpleLazyObject
from django.utils.http import quote_etag
from django.views.decorators.http import require_safe

from home.page_cache import shared_page
from home.sections import page_view, render_page

from .api import framework_document
from .models import (
    Commitment,
    CommitmentsShowcasePage,
    Outcome,
    outcome_sections,
    showcase_sections,
)

# Partners poll this; five minutes keeps load low and edits still show up promptly.
CACHE_SECONDS = 300


@require_safe
@shared_page
def framework_json(request):
    body = json.dumps(framework_document(request), ensure_ascii=False).encode()
    response = HttpResponse(body, content_type="application/json")
    patch_cache_control(response, public=True, max_age=CACHE_SECONDS)
    response["Access-Control-Allow-Origin"] = "*"
    etag = quote_etag(hashlib.sha256(body).hexdigest()[:32])
    response["ETag"] = etag
    return get_conditional_response(request, etag=etag, response=response)


@require_safe
@page_view(CommitmentsShowcasePage)
@shared_page
def outcome(request, page, outcome_slug):
    outcome = get_object_or_404(Outcome, slug=outcome_slug)
    return render_page(
        request,
        page,
        template="framework/outcome_page.html",
        context={
            "outcome": outcome,
            "commitments": outcome.commitments.all(),
            "indicators": outcome.indicators.prefetch_related("observations"),
            # Worked out only when the page's kept copy of them is out of date.
            "sections": SimpleLazyObject(partial(outcome_sections, outcome, request)),
        },
    )


@require_safe
@page_view(CommitmentsShowcasePage)
@shared_page
def commitment(request, page, outcome_slug, commitment_slug):
    commitment = get_object_or_404(
        Commitment, outcome__slug=outcome_slug, slug=commitment_slug
    )
    return render_page(
        request,
        page,
        template="framework/commitment_page.html",
        context={
            "commitment": commitment,
            "indicators": commitment.indicators.prefetch_related("observations"),
            "sections": SimpleLazyObject(
                partial(showcase_sections, commitment, request)
            ),
            "related": Commitment.objects.filter(outcome=commitment.outcome).exclude(
                pk=commitment.pk
            ),
        },
    )
