"""Pages reached through a secret link (a ticket, a manage link): never cached,
never indexed, and the link is not passed on to other sites in the Referer header."""

from functools import wraps

from django.utils.cache import add_never_cache_headers


def private_page(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        add_never_cache_headers(response)
        response["Referrer-Policy"] = "same-origin"
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    return wrapper
