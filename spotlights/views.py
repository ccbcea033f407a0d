from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_GET, require_http_methods

from framework.models import Commitment, Outcome
from home.page_cache import shared_page
from home.ratelimit import is_rate_limited, rate_limited_response
from home.sections import page_view, render_page

from . import services
from .feeds import AtomStoriesFeed, StoriesFeed
from .forms import StoryFilterForm, StoryProposalForm
from .models import SpotlightIndexPage

STORIES_PER_PAGE = 12


@require_GET
@page_view(SpotlightIndexPage, argument="index")
@shared_page
def story_index(request, index):
    """The stories list: filters (a GET form), featured and newest first, in pages."""
    # Unfiltered (no query string), the filters and the first page of stories are
    # kept parts: nothing is loaded or counted for them unless they are made.
    outcomes = SimpleLazyObject(lambda: list(Outcome.objects.all()))
    commitments = SimpleLazyObject(lambda: list(Commitment.objects.all()))
    stories = index.stories()
    form = SimpleLazyObject(
        lambda: StoryFilterForm(
            request.GET or None, outcomes=outcomes, commitments=commitments
        )
    )
    status = 200
    selected = {}
    if request.GET and form.is_valid():
        data = form.cleaned_data
        selected = {
            "outcome": next((o for o in outcomes if o.slug == data["outcome"]), None),
            "commitment": next(
                (c for c in commitments if c.slug == data["commitment"]), None
            ),
            "district": data["district"],
            "organisation": data["organisation"],
        }
        stories = stories.filter_by(**selected)
    elif request.GET:
        status = 400

    paginator = Paginator(stories.for_cards(), STORIES_PER_PAGE)
    if request.GET:
        try:
            page_of_stories = paginator.page(request.GET.get("page") or 1)
        except (EmptyPage, PageNotAnInteger) as error:
            raise Http404(str(error)) from error
    else:
        page_of_stories = SimpleLazyObject(lambda: paginator.page(1))

    return render_page(
        request,
        index,
        status=status,
        context={
            "filter_form": form,
            "filter_invalid": status == 400,
            "filtered": any(selected.values()),
            "stories": page_of_stories,
            "paginator": paginator,
            "feed_commitment": selected.get("commitment"),
        },
    )


@require_http_methods(["GET", "POST"])
@page_view(SpotlightIndexPage, argument="index")
def propose_story(request, index):
    """The public proposal form; a valid proposal becomes a draft story."""
    status = 200
    if request.method == "POST":
        if is_rate_limited(request, "story-proposal"):
            return rate_limited_response(request, "story-proposal")
        form = StoryProposalForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            services.propose_story(
                index=index,
                title=data["title"],
                summary=data["summary"],
                organisation=data["organisation"],
                commitments=data["commitments"],
                contact_name=data["contact_name"],
                contact_email=data["contact_email"],
                image=data["image"],
                image_alt=data["image_alt"],
            )
            return redirect("spotlights:proposal_received")
        status = 400
    else:
        form = StoryProposalForm()
    return render_page(
        request,
        index,
        template="spotlights/propose_story.html",
        context={"form": form},
        status=status,
    )


@require_GET
@page_view(SpotlightIndexPage, argument="index")
def proposal_received(request, index):
    return render_page(request, index, template="spotlights/proposal_received.html")


@require_GET
@page_view(SpotlightIndexPage, argument="index")
@shared_page
def rss_feed(request, index):
    return StoriesFeed(index=index)(request)


@require_GET
@page_view(SpotlightIndexPage, argument="index")
@shared_page
def atom_feed(request, index):
    return AtomStoriesFeed(index=index)(request)
