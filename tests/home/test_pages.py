import pytest
from django.contrib.auth.models import Group
from wagtail.models import Site

from framework.models import Statement
from home.models import HomePage, SiteChrome, StandardPage


@pytest.fixture
def client_pages(client, site_pages, framework):
    return client


def test_home_page_shows_the_statement_held_in_the_framework(client_pages):
    statement = Statement.current()
    statement.text = "A reworded statement an editor saved in the admin."
    statement.save()

    response = client_pages.get("/")

    assert response.status_code == 200
    assert "A reworded statement an editor saved in the admin." in response.text


def test_home_page_links_to_the_summit_call_to_action_page(client_pages):
    home = HomePage.objects.get()
    about = StandardPage.objects.get(slug="about")
    home.summit_page = about
    home.summit_button_label = "Book your place"
    home.save_revision().publish()

    response = client_pages.get("/")

    assert (
        '<a class="button button--light" href="/about/">Book your place</a>'
        in response.text
    )


def test_footer_links_the_accessibility_statement_and_privacy_notice(client_pages):
    response = client_pages.get("/about/")

    assert '<a href="/accessibility/">Accessibility statement</a>' in response.text
    assert '<a href="/privacy/">Privacy notice</a>' in response.text


def test_header_links_come_from_settings_and_mark_the_current_page(client_pages):
    chrome = SiteChrome.for_site(Site.objects.get(is_default_site=True))
    about = StandardPage.objects.get(slug="about")
    chrome.header_links = [("link", {"text": "About us", "page": about, "url": ""})]
    chrome.save()

    response = client_pages.get("/about/")

    assert (
        '<a class="site-nav__link" href="/about/" aria-current="page">About us</a>'
        in response.text
    )


def test_unknown_page_gets_the_templated_404(client_pages):
    response = client_pages.get("/no-such-page/")

    assert response.status_code == 404
    assert "Page not found" in response.text
    assert 'class="site-footer"' in response.text


def test_staff_groups_exist_with_admin_access(db):
    names = set(Group.objects.values_list("name", flat=True))
    assert {"Editors", "Moderators", "Event managers", "Check-in staff"} <= names

    for name in ["Editors", "Moderators", "Event managers"]:
        group = Group.objects.get(name=name)
        assert group.permissions.filter(codename="access_admin").exists(), name
    assert (
        not Group.objects.get(name="Check-in staff")
        .permissions.filter(codename="access_admin")
        .exists()
    )


def test_demo_admin_reaches_the_wagtail_admin(client, site_pages):
    assert client.login(username="admin@example.org", password="summit-demo-2026")

    response = client.get("/admin/")

    assert response.status_code == 200
    assert "Dashboard" in response.text


def test_staff_without_a_group_cannot_reach_the_admin(client, site_pages):
    from tests.factories import StaffUserFactory
    from tests.factories.accounts import DEFAULT_PASSWORD

    user = StaffUserFactory()
    client.login(username=user.email, password=DEFAULT_PASSWORD)

    response = client.get("/admin/")

    assert response.status_code == 302
