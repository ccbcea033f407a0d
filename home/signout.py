"""Signing out clears what the browser keeps for this site: the door page's copy
of a summit's ticket list (names and organisations) lives in the device's storage,
and a shared or lost phone must not keep it after its holder signs out.

Django's `logout()` (allauth's and Wagtail's sign-out both call it) sends
`user_logged_out`; the receiver marks the request and the middleware adds
`Clear-Site-Data`, which browsers honour on secure (HTTPS) responses.
"""

from django.contrib.auth.signals import user_logged_out
from django.dispatch import receiver


@receiver(user_logged_out, dispatch_uid="home.signout.mark_signed_out")
def mark_signed_out(sender, request, **kwargs):
    if request is not None:
        request.signed_out = True


class ClearSiteDataOnSignOutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, "signed_out", False):
            # "storage" takes localStorage, the service worker and its caches.
            response["Clear-Site-Data"] = '"storage"'
        return response
