"""Every cookie this website sets, why, and for how long: the one list the privacy
notice shows (`{% cookie_table %}`, on the page picked as the privacy notice in the
header and footer settings). A test follows bookings, sign-ups and staff sign-in and
fails when a cookie appears that is not listed here, so the notice stays true.

Names and lifetimes come from the settings that decide them.
"""

from dataclasses import dataclass

from allauth.mfa import app_settings as mfa_settings
from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext


@dataclass(frozen=True)
class Cookie:
    name: str
    who: str  # who it is set for: everyone, or only staff
    purpose: str
    lifetime: str


@dataclass(frozen=True)
class OtherSite:
    """A site we send people to (or load only when asked) that sets its own cookies."""

    name: str
    when: str
    policy_url: str


def _duration(seconds):
    days = round(seconds / 86400)
    if days % 365 == 0 or days in (364, 366):
        years = max(1, round(days / 365))
        return ngettext("%(n)d year", "%(n)d years", years) % {"n": years}
    if days % 7 == 0:
        weeks = days // 7
        return ngettext("%(n)d week", "%(n)d weeks", weeks) % {"n": weeks}
    return ngettext("%(n)d day", "%(n)d days", days) % {"n": days}


UNTIL_CLOSED = _("until you close your browser")


def site_cookies():
    """The cookies set on this website's own address, in the order people meet them."""
    cookies = [
        Cookie(
            name=settings.CSRF_COOKIE_NAME,
            who=_("anyone who opens a page with a form"),
            purpose=_(
                "Protects our forms (bookings, sign-ups, signing in) from being sent "
                "by another website in your name."
            ),
            lifetime=_duration(settings.CSRF_COOKIE_AGE)
            if settings.CSRF_COOKIE_AGE
            else UNTIL_CLOSED,
        ),
        Cookie(
            name=settings.SESSION_COOKIE_NAME,
            who=_("anyone who books, signs in or fills in a form"),
            purpose=_(
                "Keeps you signed in, remembers a booking while you make it and the "
                "bookings made on this device without an account."
            ),
            lifetime=UNTIL_CLOSED
            if settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
            else _duration(settings.SESSION_COOKIE_AGE),
        ),
        Cookie(
            name=CookieStorage.cookie_name,
            who=_("anyone shown a message"),
            purpose=_(
                "Carries a short message to the next page you see, such as a "
                "confirmation that you have signed in; removed once shown."
            ),
            lifetime=UNTIL_CLOSED,
        ),
    ]
    if "allauth.mfa" in settings.INSTALLED_APPS and getattr(
        settings, "MFA_TRUST_ENABLED", False
    ):
        cookies.append(
            Cookie(
                name=mfa_settings.TRUST_COOKIE_NAME,
                who=_("people who choose to trust this browser at two-step sign-in"),
                purpose=_("Lets you sign in on this browser without a second code."),
                lifetime=_duration(mfa_settings.TRUST_COOKIE_AGE.total_seconds()),
            )
        )
    cookies.append(
        Cookie(
            name="wagtail_sidebar_collapsed",
            who=_("staff using the admin"),
            purpose=_("Remembers whether the admin's menu is folded away."),
            lifetime=UNTIL_CLOSED,
        )
    )
    return cookies


OTHER_SITES = [
    OtherSite(
        name="Stripe",
        when=_(
            "when you pay by card, on Stripe's own payment page (checkout.stripe.com)"
        ),
        policy_url="https://stripe.com/privacy",
    ),
    OtherSite(
        name="YouTube",
        when=_(
            "only once you press Play on a YouTube video, from youtube-nocookie.com"
        ),
        policy_url="https://policies.google.com/privacy",
    ),
    OtherSite(
        name="Vimeo",
        when=_("only once you press Play on a Vimeo video, asked not to track you"),
        policy_url="https://vimeo.com/cookie_policy",
    ),
]
