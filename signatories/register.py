"""Reading the public register: the cached supporter count, filters and paging."""

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models.functions import Substr, Upper
from django.utils.functional import SimpleLazyObject

from .forms import LETTERS, RegisterFilterForm
from .models import Signatory

PER_PAGE = 24
SUMMARY_CACHE_KEY = "signatories:register-summary"
# Invalidation keeps the summary exact; the timeout only bounds a missed one.
SUMMARY_TIMEOUT = 60 * 60


def _compute_summary():
    public = Signatory.objects.public()
    initials = public.annotate(initial=Upper(Substr("normalised_name", 1, 1)))
    letters = sorted(
        {
            letter if letter.isalpha() else "#"
            for letter in initials.values_list("initial", flat=True).distinct()
        },
        key=LETTERS.index,
    )
    return {"count": public.count(), "letters": letters}


def register_summary():
    """The number of public signatories and their initials, counted once per change
    rather than once per request, so a burst of visitors costs no extra queries."""
    return cache.get_or_set(SUMMARY_CACHE_KEY, _compute_summary, SUMMARY_TIMEOUT)


def forget_summary():
    cache.delete(SUMMARY_CACHE_KEY)


def register_context(request):
    """Everything the register page shows, in a fixed number of queries. Without a
    query string the filters and the first page are kept parts (the template's
    `{% kept %}`), so the form and the entries are made only when those are."""
    summary = register_summary()
    form = SimpleLazyObject(lambda: RegisterFilterForm(request.GET or None))
    queryset = Signatory.objects.public().only(
        "name",
        "slug",
        "normalised_name",
        "organisation_type",
        "district",
        "logo",
        "logo_width",
        "logo_height",
    )
    filtered = False
    valid = bool(request.GET) and form.is_valid()
    if valid:
        queryset, filtered = form.filter(queryset)
    paginator = Paginator(queryset, PER_PAGE)
    if not filtered:
        # cached_property: set it and the paginator never counts the rows itself.
        paginator.count = summary["count"]
    page_obj = SimpleLazyObject(lambda: paginator.get_page(request.GET.get("page")))
    return {
        "filter_form": form,
        "filter_invalid": bool(request.GET) and not valid,
        "filtered": filtered,
        "supporter_count": summary["count"],
        "letters": summary["letters"],
        "all_letters": LETTERS,
        "current_letter": form.cleaned_data["letter"] if valid else "",
        "page_obj": page_obj,
        "signatories": SimpleLazyObject(lambda: list(page_obj.object_list)),
    }
