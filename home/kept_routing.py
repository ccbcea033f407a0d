"""Which Wagtail site a request is for and which page its path reaches, kept until
the site's content next changes rather than looked up by queries on every request:
Wagtail asks for the site on every page (routing, settings, the chrome, each page's
URL) and routes a path with two queries for each of its parts."""

from wagtail import views as wagtail_views
from wagtail.models import Page, Site

from . import page_cache


class KeptRoutingMiddleware:
    """Hand Wagtail the request's site, and the page a Wagtail page's address
    reaches, from the cache when they are there. After the host check
    (CommonMiddleware), so only hosts we serve are kept; only pages found are kept,
    so any number of made-up addresses keeps nothing."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        host = page_cache.request_host(request)
        if host:
            request._wagtail_site = page_cache.remember(
                request,
                f"site:{host}:{request.get_port()}",
                lambda: _site_with_home(request),
            )
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        host = page_cache.request_host(request)
        if view_func is wagtail_views.serve and host:
            path = view_args[0]
            # Wagtail's serve() uses the route it finds on the request.
            request._wagtail_route_for_request = page_cache.remember(
                request,
                f"route:{host}:{request.get_port()}:{path}",
                lambda: Page.route_for_request(request, path),
            )


def _site_with_home(request):
    # Wagtail's own lookup (hostname, port, then the default site), with the home
    # page loaded as routing asks for it (`root_page.localized.specific`).
    site = Site._find_for_request(request)
    if site is not None:
        site.root_page.localized.specific  # noqa: B018  (loaded to be kept with it)
    return site
