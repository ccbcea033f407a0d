"""Site-wide search: one query across every kind of public content, grouped by kind.

To make another kind of content searchable, add a `SearchKind` to `SEARCH_KINDS`.
A page type needs nothing else (live, public pages are searched); any other model
must be `wagtail.search.index.Indexed`, define a classmethod `site_search_queryset()`
returning what visitors may see (fetching what its URL and summary need), and
`get_absolute_url()`. Either may offer a `search_summary` attribute, shown under the
result's title.
"""

from dataclasses import dataclass

from django import forms
from django.apps import apps
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from .ratelimit import ratelimit

RESULTS_PER_GROUP = 5
RESULTS_PER_PAGE = 20


@dataclass(frozen=True)
class SearchKind:
    slug: str
    label: str
    model: str  # "app_label.ModelName"

    @property
    def model_class(self):
        return apps.get_model(self.model)

    def queryset(self):
        model = self.model_class
        if not issubclass(model, Page):
            return model.site_search_queryset()
        pages = model.objects.live().public()
        if model is Page:
            # Page types with a kind of their own are listed there, not here.
            others = [kind.model_class for kind in SEARCH_KINDS if kind is not self]
            pages = pages.not_type(*(m for m in others if issubclass(m, Page)))
        return pages.specific()


# In the order the groups appear.
SEARCH_KINDS = [
    SearchKind("stories", _("Delivery stories"), "spotlights.SpotlightPage"),
    SearchKind("sessions", _("Summit sessions"), "events.Session"),
    SearchKind("speakers", _("Speakers"), "speakers.Speaker"),
    SearchKind("organisations", _("Supporting organisations"), "signatories.Signatory"),
    SearchKind("pages", _("Pages"), "wagtailcore.Page"),
]


@dataclass(frozen=True)
class SearchResult:
    title: str
    url: str
    summary: str


def describe(item, request):
    if isinstance(item, Page):
        summary = getattr(item, "search_summary", "") or item.search_description
        return SearchResult(item.title, item.get_url(request), summary)
    return SearchResult(
        str(item), item.get_absolute_url(), getattr(item, "search_summary", "")
    )


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search this site"),
        max_length=200,
        required=False,
        widget=forms.SearchInput,
    )
    kind = forms.ChoiceField(
        required=False,
        choices=[("", "")] + [(kind.slug, kind.label) for kind in SEARCH_KINDS],
        widget=forms.HiddenInput,
    )


@ratelimit("search", methods=("GET",))
def search(request):
    """Every kind's best few matches, or with `kind`, that kind's matches in pages."""
    form = SearchForm(request.GET)
    if not form.is_valid():
        if form.has_error("kind"):
            raise Http404("Unknown kind of search result.")
        return render(request, "search/search.html", {"form": form}, status=400)
    # A double quote means nothing in a plain-text search, and SQLite's full-text
    # index reads one as the end of a quoted term (a 500 on `"><b>`).
    query = " ".join(form.cleaned_data["q"].replace('"', " ").split())
    kind = next((k for k in SEARCH_KINDS if k.slug == form.cleaned_data["kind"]), None)
    context = {"form": form, "query": query, "kind": kind}
    if query:
        backend = get_search_backend()
        if kind:
            paginator = Paginator(
                backend.search(query, kind.queryset()), RESULTS_PER_PAGE
            )
            try:
                page_obj = paginator.page(request.GET.get("page") or 1)
            except (EmptyPage, PageNotAnInteger) as error:
                raise Http404(str(error)) from error
            context.update(
                page_obj=page_obj,
                results=[describe(item, request) for item in page_obj],
            )
        else:
            groups = []
            for search_kind in SEARCH_KINDS:
                found = backend.search(query, search_kind.queryset())
                first = list(found[:RESULTS_PER_GROUP])
                count = found.count() if len(first) == RESULTS_PER_GROUP else len(first)
                groups.append(
                    {
                        "kind": search_kind,
                        "results": [describe(item, request) for item in first],
                        "count": count,
                    }
                )
            context.update(groups=groups, total=sum(g["count"] for g in groups))
    return render(request, "search/search.html", context)
