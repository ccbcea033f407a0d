"""Staff reach the admin and the door only with a second factor (allauth.mfa).

Anyone who can do staff work (a superuser, `is_staff`, a member of any group, or
anyone given a permission of their own) must have an authenticator app and must
have used it in this session. `staff_mfa_redirect_url` is the one check: the
middleware below applies it to every admin address and every account page (where
a second factor and the password are managed), and the door's views call it
(`events.door.views.door_staff_only`). Staff can't turn their own second factor
off (`StaffMFAAdapter`): a superuser resets it, audited. Everyone else may turn
two-step verification on and off from their account pages, and is never asked.

- No authenticator yet: sent to set one up, then back (`mfa_activate_totp`; the
  address they wanted is kept in the session and offered on the recovery codes
  page that follows).
- An authenticator, but this session never used it (signed in through a way with
  no second step): asked for a code (`mfa_reauthenticate`), then back.

`STAFF_MFA_REQUIRED = False` (the demo of `make run`, the tests) lets staff through
without it; the sign-in page then says so.
"""

from urllib.parse import urlencode

from allauth.account.authentication import get_authentication_records
from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from allauth.mfa.signals import authenticator_added
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.db import transaction
from django.dispatch import receiver
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from wagtail.log_actions import log

NEXT_SESSION_KEY = "staff_mfa_next"
# Where site/urls.py puts allauth's account pages.
ACCOUNTS = "/accounts/"
# Wagtail's audit log action (registered in home/wagtail_hooks.py).
RESET_ACTION = "home.reset_second_factor"
ADMIN_ACCESS_PERMISSION = "wagtailadmin.access_admin"
# Addresses a signed-in person must reach whatever the check says: signing out, and
# the steps of giving or setting up a second factor.
_EXEMPT_URL_NAMES = (
    "wagtailadmin_logout",
    "wagtailadmin_login",
    "account_logout",
    "account_reauthenticate",
    "mfa_reauthenticate",
    "mfa_activate_totp",
)


def is_required():
    return settings.STAFF_MFA_REQUIRED


def is_staff_member(user):
    """Whether `user` does staff work: the people who must use a second factor."""
    return user.is_authenticated and (
        user.is_superuser
        or user.is_staff
        or user.groups.exists()
        or user.user_permissions.exists()
        or user.has_perm(ADMIN_ACCESS_PERMISSION)
    )


def session_used_mfa(request):
    """Whether the signed-in person gave a second factor in this session."""
    return any(
        record.get("method") == "mfa"
        for record in get_authentication_records(request, request.user)
    )


def staff_mfa_redirect_url(request):
    """Where a staff member must go before this request may go on, or None.

    The session is asked first, so staff who used their second factor cost no
    query (the door counts every query of a scan)."""
    user = request.user
    if not is_required() or not user.is_authenticated or session_used_mfa(request):
        return None
    if not is_staff_member(user):
        return None
    next_url = request.get_full_path()
    if is_mfa_enabled(user):
        return f"{reverse('mfa_reauthenticate')}?{urlencode({'next': next_url})}"
    if request.method == "GET":  # not the door's JSON: a page to come back to
        request.session[NEXT_SESSION_KEY] = next_url
    return reverse("mfa_activate_totp")


def continue_url(request):
    """The address a staff member was on their way to when sent to set up two-step
    verification, once this session has used it; else None."""
    next_url = request.session.get(NEXT_SESSION_KEY)
    if not next_url or not session_used_mfa(request):
        return None
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts=None):
        return None
    return next_url


def reset_second_factor(*, person, by):
    """Removes every second factor of `person` (authenticator app, recovery codes,
    any security key) and writes RESET_ACTION to Wagtail's audit log as done by
    `by`, in one transaction. Staff then set up a new authenticator at their next
    visit to the admin or the door. Returns how many authenticators went."""
    with transaction.atomic():
        removed, _by_model = Authenticator.objects.filter(user=person).delete()
        log(instance=person, action=RESET_ACTION, user=by, data={"removed": removed})
    return removed


@receiver(authenticator_added, dispatch_uid="home.staff_mfa.count_activation")
def count_activation_as_mfa(sender, request, user, authenticator, **kwargs):
    """Setting up an authenticator app proves it with a code, in a session that has
    just proved the password (allauth asks again when it is older): that is both
    factors, so the session counts as having used MFA and staff go straight on."""
    if request is not None and authenticator.type == Authenticator.Type.TOTP:
        record_authentication(
            request, user, "mfa", id=authenticator.pk, type=authenticator.type
        )


class StaffMFAAdapter(DefaultMFAAdapter):
    """Staff keep their second factor: with only a stolen password, turning it off
    would let the thief set up their own."""

    def can_delete_authenticator(self, authenticator):
        if is_required() and is_staff_member(authenticator.user):
            return False
        return super().can_delete_authenticator(authenticator)


class StaffMFAMiddleware:
    """Applies `staff_mfa_redirect_url` to every address under the Wagtail admin
    and the account pages."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not request.path_info.startswith((reverse("wagtailadmin_home"), ACCOUNTS)):
            return None
        match = request.resolver_match
        if match is not None and match.url_name in _EXEMPT_URL_NAMES:
            return None
        url = staff_mfa_redirect_url(request)
        return redirect(url) if url else None
