"""Demo staff accounts and an About page, on top of what `setup_site` builds
(`home.site_setup`). Everything here is invented and says so."""

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.models import Group, User
from wagtail.models import Site

from .demo_clock import demo_date
from .models import HomePage, SiteChrome, StandardPage

DEMO_PASSWORD = "summit-demo-2026"
DEMO_ACCOUNTS = [
    # (username, email, groups, superuser)
    ("admin", "admin@example.org", [], True),
    ("editor", "editor@example.org", ["Editors"], False),
    ("moderator", "moderator@example.org", ["Moderators"], False),
    ("events", "events@example.org", ["Event managers"], False),
    ("checkin", "checkin@example.org", ["Check-in staff"], False),
    ("reviewer", "reviewer@example.org", ["Reviewers"], False),
]
DEMO_NOTE = (
    "<p><strong>Demo content.</strong> This site holds invented sample content "
    "for trying the product out. It is not an official publication.</p>"
)


def _paragraph(html):
    return ("paragraph", html)


def _heading(text):
    return ("heading", {"text": text, "level": "h2"})


def seed_accounts():
    """The demo staff, all with the published DEMO_PASSWORD: only while DEBUG is on
    (a development machine). With DEBUG off no account is made at all, so a server
    never has a login anyone could read in the README. Returns whether they exist."""
    if not settings.DEBUG:
        _lock_published_logins()
        return False
    for username, email, groups, superuser in DEMO_ACCOUNTS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"email": email, "is_staff": True, "is_superuser": superuser},
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.first_name = username.title()
            user.last_name = "(demo)"
            user.save()
        user.groups.add(*Group.objects.filter(name__in=groups))
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
    return True


def _lock_published_logins():
    """Earlier releases made the demo staff under any settings: on a server, a demo
    account still signing in with the published password can no longer do so."""
    for user in User.objects.filter(username__in=[a[0] for a in DEMO_ACCOUNTS]):
        if user.check_password(DEMO_PASSWORD):
            user.set_unusable_password()
            user.save(update_fields=["password"])


def seed_about_page(home):
    """An About page, unless there is one; returns the page it made."""
    if StandardPage.objects.child_of(home).filter(slug="about").exists():
        return None
    return home.add_child(
        instance=StandardPage(
            title="About the Shared Ambition",
            slug="about",
            introduction=(
                "A strategic framework to 2050, approved by the Combined Authority "
                "Board on 16 October 2024 after months of engagement across the "
                "region."
            ),
            body=[
                _heading("One statement, three values, four outcomes"),
                _paragraph(
                    "<p>The Shared Ambition is framed by a single statement. Three "
                    "values shape how partners act, four outcomes describe the region "
                    "we want by 2050 and fourteen commitments say how we will get "
                    "there.</p>"
                ),
                _heading("An annual summit"),
                _paragraph(
                    "<p>The Combined Authority convenes a summit every year to "
                    "champion delivery against the outcomes and commitments, "
                    "spotlight the work of a wide range of organisations and keep the "
                    "common focus relevant.</p>"
                ),
                _paragraph(DEMO_NOTE),
            ],
            last_reviewed=demo_date(2026, 9, 1),
        )
    )


def link_first_in_header(page, text):
    chrome = SiteChrome.for_site(Site.objects.get(is_default_site=True))
    chrome.header_links = [
        ("link", {"text": text, "page": page, "url": ""}),
        *((block.block_type, block.value) for block in chrome.header_links),
    ]
    chrome.save(update_fields=["header_links"])


def seed(*, stdout):
    seed_accounts()
    about = seed_about_page(HomePage.objects.get())
    if about:
        link_first_in_header(about, "About")
        stdout.write("Pages: demo About page added at /about/, first in the header.")


def finish(*, stdout):
    """Print the demo logins (or say why there are none)."""
    stdout.write("")
    if not settings.DEBUG:
        stdout.write(
            "No demo accounts: DEBUG is off, and they would have a published "
            "password. Create your own with `manage.py createsuperuser`."
        )
        return
    stdout.write(f"Demo accounts, all with the password {DEMO_PASSWORD}:")
    for _username, email, groups, superuser in DEMO_ACCOUNTS:
        role = "administrator" if superuser else ", ".join(groups)
        stdout.write(f"  {email:<24} {role}")
    stdout.write(
        f"Admin: http://127.0.0.1:8000/admin/ - sign in as admin@example.org / {DEMO_PASSWORD}"
    )
    if settings.STAFF_MFA_REQUIRED:
        stdout.write(
            "Staff set up two-step verification (an authenticator app) at first "
            "sign-in: STAFF_MFA_REQUIRED is on."
        )
    else:
        stdout.write(
            "Staff sign in without two-step verification in this demo "
            "(STAFF_MFA_REQUIRED is off; docs/accounts.md)."
        )
