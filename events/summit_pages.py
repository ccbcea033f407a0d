"""Views under a summit page (`/summit/<slug>/...`) receive the summit itself."""

from home.sections import page_view

from .models import SummitPage

summit_page = page_view(SummitPage, slug_kwarg="summit_slug", argument="summit")
