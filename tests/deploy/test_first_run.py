"""First run: `setup_site` builds the real site (and nothing invented) from a freshly
migrated database, leaves editors' work alone when run again on every deploy, and
`seed_demo` adds the demo on top only where it is safe to."""

from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from wagtail.models import Page, Site, WorkflowPage

from events.models import SummitIndexPage, SummitPage
from framework.models import Commitment, CommitmentsShowcasePage, Indicator
from home.demo import DEMO_ACCOUNTS, DEMO_PASSWORD
from home.models import HomePage, SiteChrome, StandardPage
from signatories.models import Signatory, SignatoryRegisterPage
from speakers.models import Speaker, SpeakersIndexPage
from spotlights.models import SpotlightIndexPage, SpotlightPage
from tests.factories import StaffUserFactory
from tests.seeding import seed_demo

SITE_URL = "https://summit.example.org"
HOST = {"headers": {"host": "summit.example.org"}, "secure": True}
# Each page of the real tree, at its address, with the heading a visitor sees.
REAL_PAGES = {
    "/": "Our Shared Ambition for 2050",
    "/accessibility/": "Accessibility statement",
    "/privacy/": "Privacy notice",
    "/showcase/": "Our commitments",
    "/summit/": "Shared Ambition Summit",
    "/summit/speakers/": "Speakers",
    "/signatories/": "Organisations supporting the Shared Ambition",
    "/stories/": "Delivery stories",
}


def setup_site():
    out = StringIO()
    call_command("setup_site", stdout=out)
    return out.getvalue()


@pytest.fixture
def real_site(db, settings):
    settings.SITE_URL = SITE_URL
    return setup_site()


def _tree():
    """Every page as editors see it: where, what, live or not, which revision."""
    return sorted(
        Page.objects.values_list(
            "path", "title", "slug", "live", "latest_revision_id", "draft_title"
        )
    )


def test_setup_site_on_an_empty_database_serves_every_page_of_the_real_tree(
    client, real_site
):
    for path, heading in REAL_PAGES.items():
        response = client.get(path, **HOST)

        assert response.status_code == 200, path
        assert heading in response.text, path
        assert "(demo)" not in response.text, path
        assert "Demo content" not in response.text, path
    home = client.get("/", **HOST).text
    for label, path in [
        ("Summit", "/summit/"),
        ("Commitments", "/showcase/"),
        ("Delivery stories", "/stories/"),
        ("Supporters", "/signatories/"),
    ]:
        assert f'<a class="site-nav__link" href="{path}">{label}</a>' in home
    assert '<a href="/accessibility/">Accessibility statement</a>' in home
    assert '<a href="/privacy/">Privacy notice</a>' in home
    assert "Welcome to your new Wagtail site" not in home


def test_setup_site_points_the_wagtail_site_at_site_url_and_the_home_page(
    client, real_site
):
    site = Site.objects.get(is_default_site=True)

    assert (site.hostname, site.port, site.root_page.specific) == (
        "summit.example.org",
        443,
        HomePage.objects.get(),
    )
    assert Site.objects.count() == 1
    sitemap = client.get("/sitemap.xml", **HOST).text
    assert "<loc>https://summit.example.org/summit/</loc>" in sitemap
    assert "localhost" not in sitemap


@pytest.mark.parametrize(
    "site_url, hostname, port",
    [
        ("http://127.0.0.1:8000", "127.0.0.1", 8000),
        ("http://summit.example.org", "summit.example.org", 80),
        ("https://Summit.Example.org:8443", "summit.example.org", 8443),
    ],
)
def test_the_site_record_takes_host_and_port_from_site_url(
    db, settings, site_url, hostname, port
):
    settings.SITE_URL = site_url

    setup_site()

    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == (hostname, port)


def test_setup_site_loads_the_framework_and_makes_no_demo_content(real_site):
    assert Commitment.objects.count() == 14
    assert not User.objects.exists()
    assert not Speaker.objects.exists()
    assert not SummitPage.objects.exists()
    assert not Signatory.objects.exists()
    assert not SpotlightPage.objects.exists()
    assert not Indicator.objects.exists()
    assert not StandardPage.objects.filter(slug="about").exists()


def test_legal_pages_say_they_are_a_starting_point_to_check(client, real_site):
    for path in ["/accessibility/", "/privacy/"]:
        text = client.get(path, **HOST).text

        assert "Before publishing, check this page." in text
        assert "lorem" not in text.lower()
    privacy = client.get("/privacy/", **HOST).text
    assert "card payments are taken by Stripe" in privacy


def test_staff_groups_can_do_their_jobs_on_the_pages_setup_site_made(client, real_site):
    summit_index = SummitIndexPage.objects.get()
    speakers = SpeakersIndexPage.objects.get()
    stories = SpotlightIndexPage.objects.get()
    privacy = StandardPage.objects.get(slug="privacy")
    events = StaffUserFactory(groups=["Event managers"])
    editor = StaffUserFactory(groups=["Editors"])
    moderator = StaffUserFactory(groups=["Moderators"])
    door = StaffUserFactory(groups=["Check-in staff"])

    on_summit = summit_index.permissions_for_user(events)
    assert on_summit.can_add_subpage() and on_summit.can_publish_subpage()
    assert speakers.permissions_for_user(events).can_edit()
    assert not privacy.permissions_for_user(events).can_edit()
    assert privacy.permissions_for_user(editor).can_edit()
    assert not privacy.permissions_for_user(editor).can_publish()
    assert privacy.permissions_for_user(moderator).can_publish()
    assert stories.permissions_for_user(editor).can_add_subpage()
    assert stories.permissions_for_user(moderator).can_publish_subpage()
    # Stories written under the index wait for a moderator's approval.
    assert WorkflowPage.objects.get(page=stories).workflow.name == "Moderators approve"
    assert not summit_index.permissions_for_user(door).can_edit()

    client.force_login(events)
    add_summit = f"/admin/pages/add/events/summitpage/{summit_index.pk}/"
    assert client.get(add_summit).status_code == 200
    assert client.get(f"/admin/pages/{privacy.pk}/edit/").status_code != 200


def test_running_setup_site_again_changes_nothing(real_site):
    tree = _tree()
    site = list(Site.objects.values())
    chrome = list(SiteChrome.objects.values())

    output = setup_site()

    assert _tree() == tree
    assert list(Site.objects.values()) == site
    assert list(SiteChrome.objects.values()) == chrome
    assert "added" not in output


def test_running_setup_site_again_keeps_what_editors_changed(client, real_site):
    home = HomePage.objects.get()
    home.hero_heading = "Edited by an editor"
    home.save_revision().publish()
    privacy = StandardPage.objects.get(slug="privacy")
    privacy.body = [("paragraph", "<p>Our own privacy notice.</p>")]
    privacy.save_revision().publish()
    stories = SpotlightIndexPage.objects.get()
    stories.title = "What partners delivered"
    stories.save_revision().publish()
    SignatoryRegisterPage.objects.get().unpublish()
    chrome = SiteChrome.objects.get()
    chrome.header_links = [("link", {"text": "Stories", "page": stories, "url": ""})]
    chrome.contact_email = "hello@summit.example.org"
    chrome.footer_text = ""
    chrome.save()
    tree = _tree()

    setup_site()

    assert _tree() == tree
    page = client.get("/", **HOST).text
    assert "Edited by an editor" in page
    assert '<a class="site-nav__link" href="/stories/">Stories</a>' in page
    assert "Supporters" not in page
    assert "mailto:hello@summit.example.org" in page
    assert "Our own privacy notice." in client.get("/privacy/", **HOST).text
    assert client.get("/signatories/", **HOST).status_code == 404


def test_a_deleted_privacy_notice_is_made_again_and_linked(client, real_site):
    StandardPage.objects.get(slug="privacy").delete()

    output = setup_site()

    assert "added Privacy notice" in output
    assert '<a href="/privacy/">Privacy notice</a>' in client.get("/", **HOST).text


def test_a_new_site_url_moves_the_site_record_on_the_next_run(db, settings):
    settings.SITE_URL = "https://old.example.org"
    setup_site()
    settings.SITE_URL = "https://summit.example.org"

    setup_site()

    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("summit.example.org", 443)


# seed_demo


def test_seed_demo_refuses_with_debug_off_and_changes_nothing(db):
    pages = Page.objects.count()

    with pytest.raises(CommandError, match="DEBUG is off.*seed_demo --force"):
        call_command("seed_demo", stdout=StringIO())

    assert Page.objects.count() == pages
    assert not HomePage.objects.exists()


def test_seed_demo_forced_with_debug_off_adds_the_demo_but_no_accounts(client, db):
    out = StringIO()

    call_command("seed_demo", "--force", stdout=out)

    assert SummitPage.objects.count() == 2
    assert Speaker.objects.exists()
    assert not User.objects.exists()
    assert DEMO_PASSWORD not in out.getvalue()
    assert "No demo accounts: DEBUG is off" in out.getvalue()
    assert not client.login(username="admin@example.org", password=DEMO_PASSWORD)


def test_seed_demo_forced_locks_demo_logins_an_earlier_release_made(db):
    """Earlier releases ran the demo under production settings too: an admin account
    with the published password could be waiting on a server."""
    for username, email, _groups, superuser in DEMO_ACCOUNTS:
        User.objects.create_user(
            username, email, DEMO_PASSWORD, is_staff=True, is_superuser=superuser
        )

    call_command("seed_demo", "--force", stdout=StringIO())

    assert User.objects.count() == len(DEMO_ACCOUNTS)
    assert not any(
        user.check_password(DEMO_PASSWORD) or user.has_usable_password()
        for user in User.objects.all()
    )


def test_seed_demo_builds_on_setup_site_without_doubling_it(client, real_site):
    tree = {path: title for path, title, *_ in _tree()}

    output = seed_demo()

    for model in [
        HomePage,
        CommitmentsShowcasePage,
        SummitIndexPage,
        SpeakersIndexPage,
        SignatoryRegisterPage,
        SpotlightIndexPage,
    ]:
        assert model.objects.count() == 1, model
    assert {
        path: title for path, title, *_ in _tree() if path in tree
    } == tree  # the real pages are untouched
    assert (
        StandardPage.objects.filter(slug__in=["accessibility", "privacy"]).count() == 2
    )
    assert "admin@example.org" in output
    assert User.objects.get(username="admin").check_password(DEMO_PASSWORD)
    nav = client.get("/", **HOST).text
    assert '<a class="site-nav__link" href="/about/">About</a>' in nav
    assert '<a class="site-nav__link" href="/summit/">Summit</a>' in nav
