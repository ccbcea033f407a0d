import pytest
from playwright.sync_api import expect

from tests.browser.helpers import assert_accessible
from tests.browser.test_events import summit  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def viewport(any_viewport):
    return any_viewport


@pytest.mark.parametrize(
    "path, heading",
    [
        ("/summit/speakers/", "Speakers"),
        ("/summit/speakers/ada-example/", "Ada Example"),
    ],
)
def test_speaker_pages_are_accessible(page, summit, path, heading):  # noqa: F811
    page.goto(path)

    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    assert_accessible(page)


def test_speaker_page_lists_sessions_under_the_summit_year(page, summit):  # noqa: F811
    page.goto("/summit/speakers/ada-example/")

    year = page.get_by_role("heading", level=3)
    expect(year).to_contain_text(f"{summit.start.year}: This year's summit")
    page.get_by_role("link", name="Opening keynote").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Opening keynote")
    # Let the new page's images load, so no request outlives the live server.
    page.wait_for_load_state("networkidle")
