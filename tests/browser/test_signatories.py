import io
import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from tests.browser.helpers import assert_accessible
from tests.factories import StaffUserFactory
from tests.factories.accounts import DEFAULT_PASSWORD

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def register(site_pages, framework):
    from signatories.site_setup import setup_register_page

    return setup_register_page()


@pytest.fixture
def demo_register(register):
    from signatories.demo import seed
    from tests.conftest import _NullWriter

    seed(stdout=_NullWriter())


def png_bytes():
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (160, 160), "#0b6464").save(buffer, format="PNG")
    return buffer.getvalue()


def link_in(message, path):
    return re.search(rf"http://testserver({re.escape(path)}\S+/)", message.body).group(
        1
    )


def heading(page):
    return page.get_by_role("heading", level=1)


def test_sign_confirm_approve_publish_and_withdraw(page, live_server, register):
    page.goto("/signatories/")
    assert_accessible(page)
    page.get_by_role("link", name="Add your organisation").click()

    expect(heading(page)).to_have_text("Add your organisation to the register")
    assert_accessible(page)
    page.get_by_label("Organisation name").fill("Wisbech Test Growers")
    page.get_by_label("Voluntary or community").check()
    page.get_by_label("Fenland").check()
    page.get_by_label("Website").fill("https://wisbech-growers.example.org")
    page.get_by_label("Logo").set_input_files(
        files=[{"name": "logo.png", "mimeType": "image/png", "buffer": png_bytes()}]
    )
    page.get_by_label("Your pledge").fill("We will grow food for local schools.")
    page.get_by_label("Pioneer Agri-Tech & Sustainable Food").check()
    page.get_by_label("Your full name").fill("Robin Example")
    page.get_by_label("Your role in the organisation").fill("Chair")
    page.get_by_label("Your work email address").fill("robin@example.org")
    page.get_by_label("I am authorised to sign on behalf of this organisation").check()
    page.get_by_role("button", name="Sign for your organisation").click()

    expect(heading(page)).to_have_text("Check your email")
    assert_accessible(page)
    [confirmation] = mail.outbox
    page.goto(link_in(confirmation, "/signatories/confirm/"))
    expect(heading(page)).to_have_text("Confirm your signature")
    assert_accessible(page)
    page.get_by_role("button", name="Confirm and send for approval").click()

    expect(heading(page)).to_contain_text("awaiting approval")
    assert_accessible(page)
    page.goto("/signatories/")
    expect(page.get_by_role("main")).not_to_contain_text("Wisbech Test Growers")

    StaffUserFactory(username="test-moderator", groups=["Moderators"])
    page.goto("/admin/login/")
    assert_accessible(page)
    page.get_by_label("Username").fill("test-moderator")
    page.get_by_label("Password").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto("/admin/signatories/?awaiting=on")
    assert_accessible(page)
    page.get_by_role("link", name="Wisbech Test Growers").click()
    expect(page.get_by_role("main")).to_contain_text("robin@example.org")
    assert_accessible(page)
    page.get_by_role("main").get_by_role("link", name="Approve").click()
    expect(page.get_by_role("button", name="Yes, approve")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Yes, approve").click()
    expect(page.locator(".messages")).to_contain_text("approved")
    # The admin fades its messages in; check colours once the fade is over.
    page.locator(".messages").evaluate(
        "el => Promise.all(el.getAnimations({subtree: true}).map(a => a.finished))"
    )
    assert_accessible(page)

    page.goto("/signatories/")
    card = page.get_by_role("link", name="Wisbech Test Growers")
    expect(card).to_be_visible()
    expect(page.locator(".register-count")).to_contain_text("1 organisation supports")
    assert_accessible(page)
    card.click()
    expect(heading(page)).to_have_text("Wisbech Test Growers")
    expect(page.get_by_role("main")).to_contain_text("Pioneer Agri-Tech")
    expect(page.get_by_role("main")).not_to_contain_text("robin@example.org")
    assert_accessible(page)
    csv = page.request.get("/signatories/register.csv").text()
    assert "Wisbech Test Growers" in csv and "E07000010" in csv

    approval = mail.outbox[-1]
    assert approval.to == ["robin@example.org"]
    page.goto(link_in(approval, "/signatories/manage/"))
    expect(heading(page)).to_have_text("Manage Wisbech Test Growers's entry")
    assert_accessible(page)
    page.get_by_role("link", name="Withdraw our signature").click()
    expect(page.get_by_role("button", name="Withdraw our signature")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Withdraw our signature").click()

    expect(heading(page)).to_have_text("Your signature has been withdrawn")
    assert_accessible(page)
    page.goto("/signatories/")
    expect(page.get_by_role("main")).not_to_contain_text("Wisbech Test Growers")
    assert (
        "Wisbech Test Growers"
        not in page.request.get("/signatories/register.csv").text()
    )


def test_register_filters_work_without_javascript(browser, live_server, demo_register):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    context.set_default_timeout(15_000)
    tab = context.new_page()
    tab.goto("/signatories/")
    expect(tab.locator(".register-count")).to_contain_text("31 organisations support")

    tab.get_by_label("Area").select_option(label="Fenland")
    tab.get_by_role("button", name="Apply filters").click()

    results = tab.get_by_role("region", name=re.compile("matching organisation"))
    expect(results).to_contain_text("Fenland Community Energy (demo)")
    expect(results).not_to_contain_text("Cam Valley Robotics (demo)")

    tab.get_by_role("navigation", name="Organisations by first letter").get_by_role(
        "link", name="W", exact=True
    ).click()
    expect(results).to_contain_text("Wisbech Growers Co-operative (demo)")
    expect(results).not_to_contain_text("Fenland Community Energy (demo)")
    assert "district=fenland" in tab.url and "letter=W" in tab.url
    context.close()


@pytest.mark.parametrize("viewport", ["phone", "desktop"], indirect=True)
@pytest.mark.parametrize(
    "query", ["", "?district=fenland&commitment=secure-water-energy", "?page=2"]
)
def test_register_is_accessible_on_phones_and_desktops(page, demo_register, query):
    page.goto(f"/signatories/{query}")

    expect(page.locator("#results-heading")).to_be_visible()
    expect(page.locator(".signatory-grid").first).to_be_visible()
    assert_accessible(page)


@pytest.mark.parametrize(
    "path, title",
    [
        ("/signatories/fenland-community-energy-demo/", "Fenland Community Energy"),
        ("/signatories/manage/", "Update or withdraw your entry"),
        ("/signatories/confirm/not-a-real-token/", "This link is not valid"),
        ("/signatories/sign/check-your-email/", "Check your email"),
    ],
)
def test_register_pages_are_accessible(page, demo_register, path, title):
    page.goto(path)

    expect(heading(page)).to_contain_text(title)
    assert_accessible(page)


def test_sign_form_errors_and_duplicates_are_accessible(page, demo_register):
    page.goto("/signatories/sign/")
    page.get_by_role("button", name="Sign for your organisation").click()

    expect(page.get_by_role("alert")).to_contain_text("There is a problem")
    expect(page.get_by_label("Organisation name")).to_have_attribute(
        "aria-invalid", "true"
    )
    assert_accessible(page)

    page.get_by_label("Organisation name").fill("fenland community energy (demo)")
    page.get_by_label("Business").check()
    page.get_by_label("Cambridge", exact=True).check()
    page.get_by_label("Your pledge").fill("Again.")
    page.get_by_label("Homes for All").check()
    page.get_by_label("Your full name").fill("Kim")
    page.get_by_label("Your role in the organisation").fill("Officer")
    page.get_by_label("Your work email address").fill("kim@example.org")
    page.get_by_label("I am authorised to sign on behalf of this organisation").check()
    page.get_by_role("button", name="Sign for your organisation").click()

    expect(heading(page)).to_have_text("Your organisation has already signed")
    assert_accessible(page)
    page.get_by_role("button", name="Email them a link to update the entry").click()
    expect(heading(page)).to_have_text("Check the contact's email")
    assert mail.outbox[-1].to == ["fenland-community-energy-demo@example.org"]


def test_register_does_not_scroll_sideways_at_320px(
    browser, live_server, demo_register
):
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 320, "height": 640}
    )
    tab = context.new_page()
    for path in [
        "/signatories/",
        "/signatories/sign/",
        "/signatories/cam-valley-robotics-demo/",
    ]:
        tab.goto(path)
        overflow = tab.evaluate("document.documentElement.scrollWidth - innerWidth")
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at 320px"
    context.close()
