"""Section pages and the addresses beneath them: the one way a page gets more URLs.

Some pages have addresses below them that are not pages of their own: a summit's
programme and booking steps, the stories' feeds, the register's sign-up form, a
commitment on the showcase. Those come from the app's URLconf, under the section
page's path, and Django routes them before Wagtail; each view loads the page it
belongs to with `page_view`, so a page model never imports a view. A section page
therefore keeps the slug its URLconf expects (`SectionPageMixin`).
"""

from functools import wraps

from django.core.exceptions import ValidationError
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from . import page_cache


class SectionPageMixin:
    """For a page whose sub-addresses an app's URLconf serves under
    `/<section_slug>/`: editors can't change its slug."""

    section_slug = None

    def get_context(self, request, *args, **kwargs):
        # Links into this section from its own pages need no lookup.
        _asked(request)[type(self)] = True
        return super().get_context(request, *args, **kwargs)

    def clean(self):
        super().clean()
        if self.slug != self.section_slug:
            raise ValidationError(
                {
                    "slug": _(
                        "This section's web address is fixed: keep the slug “%(slug)s”."
                    )
                    % {"slug": self.section_slug}
                }
            )


def section_is_live(model, request=None):
    """Whether `model`'s section page is published (so links into it may be shown),
    asked at most once per request however many links a page has."""
    asked = _asked(request)
    if model not in asked:
        asked[model] = model.objects.live().filter(slug=model.section_slug).exists()
    return asked[model]


def _asked(request):
    """What this request already knows about which sections are live."""
    if request is None:
        return {}
    if not hasattr(request, "_live_sections"):
        request._live_sections = {}
    return request._live_sections


def page_view(model, *, slug_kwarg=None, argument="page"):
    """Decorate a view to receive the live, public `model` page as `argument`:
    the one whose slug is the URL's `slug_kwarg`, or for a section page the one at
    its `section_slug`. 404 when there is none. The page found is kept until content
    next changes (a made-up slug keeps nothing)."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            slug = kwargs.pop(slug_kwarg) if slug_kwarg else model.section_slug
            page = page_cache.remember(
                request,
                f"section-page:{model._meta.label}:{slug}",
                lambda: model.objects.live().public().filter(slug=slug).first(),
            )
            if page is None:
                raise Http404(f"No {model._meta.verbose_name} at this address.")
            return view(request, *args, **{argument: page, **kwargs})

        return wrapper

    return decorator


def render_page(request, page, *, template=None, context=None, status=None):
    """Render an address beneath `page` as Wagtail renders the page itself: with
    the page's own context (`page`, `self`, `request`), plus `context`."""
    return TemplateResponse(
        request,
        template or page.get_template(request),
        {**page.get_context(request), **(context or {})},
        status=status,
    )
