from wagtail import hooks

from . import page_cache


@hooks.register("before_serve_page")
def pages_are_shared(page, request, serve_args, serve_kwargs):
    # A page is the same for every visitor who is not signed in. Restricted pages
    # never reach the cache: their password form sets the CSRF cookie and their
    # login check redirects (home/page_cache.py keeps only cookie-free 200s).
    page_cache.mark_shared(request)
