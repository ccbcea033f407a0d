import io

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import expect

from framework.demo import seed_indicators
from framework.site_setup import setup_showcase
from tests.browser.helpers import assert_accessible, open_main_menu

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

HOMES = "/showcase/equitable/homes-for-all/"


@pytest.fixture
def viewport(any_viewport):
    return any_viewport


@pytest.fixture
def showcase(site_pages, framework):
    seed_indicators()
    return setup_showcase()


@pytest.mark.parametrize(
    "path, heading",
    [
        ("/showcase/", "Our commitments"),
        ("/showcase/equitable/", "Equitable"),
        (HOMES, "Homes for All"),
    ],
)
def test_showcase_pages_are_accessible(page, showcase, path, heading):
    page.goto(path)

    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    assert_accessible(page)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{path} scrolls sideways by {overflow}px"


def test_commitment_page_chart_has_a_text_alternative_and_a_data_table(page, showcase):
    page.goto(HOMES)

    chart = page.get_by_role("img", name="Trend chart: Affordable homes completed")
    expect(chart).to_be_visible()
    page.get_by_text("Show the figures as a table").click()
    table = page.get_by_role("table", name="Affordable homes completed (demo)")
    expect(table.get_by_role("row")).to_have_count(7)
    expect(table).to_contain_text("2,410 homes")
    assert_accessible(page)


def test_visitor_reaches_a_commitment_from_the_header(page, showcase):
    from home.site_setup import finish

    finish(stdout=io.StringIO())
    page.goto("/")
    open_main_menu(page).get_by_role("link", name="Commitments").click()
    page.get_by_role("link", name="Homes for All").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Homes for All")
    expect(page.get_by_role("main")).to_contain_text("Wording to be confirmed.")


@pytest.mark.parametrize("any_viewport", ["desktop"], indirect=True)
def test_renaming_a_commitment_in_the_admin_renames_it_everywhere(
    page, live_server, showcase
):
    User.objects.create_superuser("boss", "boss@example.org", "a-long-test-password")
    page.goto("/admin/login/")
    page.get_by_label("Username").fill("boss")
    page.get_by_label("Password").fill("a-long-test-password")
    page.get_by_role("button", name="Sign in").click()
    page.goto("/admin/snippets/framework/commitment/?q=homes")
    page.get_by_role("link", name="Homes for All").click()

    page.get_by_role("textbox", name="Name").fill("Homes for Everyone")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("'Homes for Everyone' updated")).to_be_visible()

    page.goto("/showcase/")
    expect(page.get_by_role("link", name="Homes for Everyone")).to_be_visible()
    page.goto(HOMES)
    expect(page.get_by_role("heading", level=1)).to_have_text("Homes for Everyone")
    feed = page.request.get(f"{live_server.url}/api/framework.json").json()
    names = {c["slug"]: c["name"] for c in feed["commitments"]}
    assert names["homes-for-all"] == "Homes for Everyone"
