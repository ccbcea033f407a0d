"""Which Wagtail site a request is for and which page its path reaches, kept until
the site's content next changes rather than looked up by queries on every request:
Wagtail asks for the site on every page (routing, settings, each page's URL) and
routes a path with two queries for each of its parts."""

from wagtail import views as wagtail_views
from wagtail.models import Page, Site

from . import page_cache


def find_site_for_request(request):
    """`Site.find_for_request` (which this replaces, see `HomeConfig.ready`), kept
    per host and port. Only hosts we serve are kept: others are answered 400."""
    if request is None:
        return None
    if not hasattr(request, "_wagtail_site"):
        host = page_cache.request_host(request)
        find = Site._find_for_request
        request._wagtail_site = (
            page_cache.remember(
                request, f"site:{host}:{request.get_port()}", lambda: find(request)
            )
            if host
            else find(request)
        )
    return request._wagtail_site


class KeptRouteMiddleware:
    """Hand Wagtail's page view the page its address reaches, from the cache when it
    is there. Only pages found are kept, so made-up addresses keep nothing."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
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
