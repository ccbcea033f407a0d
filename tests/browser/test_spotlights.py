import pytest
from django.core import mail
from playwright.sync_api import expect

from home.demo_images import demo_image
from spotlights.models import SpotlightPage, SpotlightPartner
from tests.browser.helpers import assert_accessible
from tests.factories import StaffUserFactory
from tests.factories.accounts import DEFAULT_PASSWORD
from tests.factories.spotlights import SpotlightIndexPageFactory, SpotlightPageFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def viewport(any_viewport):
    return any_viewport


@pytest.fixture
def stories(site_pages, framework):
    from framework.models import Commitment
    from framework.site_setup import setup_showcase

    setup_showcase()
    index = SpotlightIndexPageFactory(parent=site_pages)
    commitments = list(Commitment.objects.all())
    for number in range(3):
        SpotlightPageFactory(
            parent=index,
            title=f"Village bus link {number}",
            featured=number == 0,
            hero_image=demo_image(
                f"Browser test {number}", seed=number, width=640, height=360
            ),
            hero_image_alt="Abstract shapes standing in for a photo.",
            commitments=commitments[number : number + 2],
            partners=[("Community Transport (test)", "https://transport.example.org/")],
            districts=["fenland"],
            body=[
                ("paragraph", "<p>Evening buses now run every half hour.</p>"),
                (
                    "key_figures",
                    {
                        "heading": "In numbers",
                        "figures": [{"figure": "2x", "label": "journeys"}],
                    },
                ),
                (
                    "quote",
                    {
                        "quote": "It changed my week.",
                        "attribution": "A rider",
                        "role": "",
                    },
                ),
            ],
        )
    return index


@pytest.fixture
def linked_story(stories):
    """A story whose partner is on the register, presented at a summit."""
    from tests.factories.events import SummitIndexPageFactory, SummitPageFactory
    from tests.factories.signatories import SignatoryFactory

    summits = SummitIndexPageFactory(parent=stories.get_parent())
    summit = SummitPageFactory(parent=summits, title="Summit (test)", slug="2025")
    partner = SignatoryFactory(name="Fen Energy (test)", slug="fen-energy-test")
    story = SpotlightPage.objects.get(title="Village bus link 0")
    story.summit = summit
    story.partners.add(SpotlightPartner(name=partner.name, signatory=partner))
    story.save()
    return story


@pytest.mark.parametrize(
    "path, heading, link",
    [
        ("/stories/village-bus-link-0/", "Village bus link 0", "Fen Energy (test)"),
        ("/signatories/fen-energy-test/", "Fen Energy (test)", "Village bus link 0"),
        ("/summit/2025/", "Summit (test)", "Village bus link 0"),
    ],
)
def test_stories_on_signatory_and_summit_pages_are_accessible(
    page, linked_story, path, heading, link
):
    page.goto(path)

    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    expect(page.get_by_role("main").get_by_role("link", name=link)).to_be_visible()
    assert_accessible(page)


def test_story_links_its_partner_and_summit(page, linked_story):
    page.goto("/stories/village-bus-link-0/")
    facts = page.get_by_role("complementary", name="About this story")

    facts.get_by_role("link", name="Fen Energy (test)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Fen Energy (test)")
    page.go_back()
    facts.get_by_role("link", name="Summit (test)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Summit (test)")


def test_stories_index_is_accessible_and_filters_without_javascript(page, stories):
    page.goto("/stories/")

    expect(page.get_by_role("heading", level=1)).to_have_text("Delivery stories")
    expect(page.get_by_role("heading", name="3 stories")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("combobox", name="Commitment").select_option(label="Homes for All")
    page.get_by_role("button", name="Show stories").click()

    expect(page.get_by_role("heading", name="2 matching stories")).to_be_visible()
    expect(page.get_by_role("link", name="Clear filters")).to_be_visible()
    assert_accessible(page)


def test_story_page_is_accessible(page, stories):
    page.goto("/stories/")
    page.get_by_role("link", name="Village bus link 1").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Village bus link 1")
    expect(
        page.get_by_role("img", name="Abstract shapes standing in for a photo.")
    ).to_be_visible()
    expect(page.get_by_role("heading", name="Related stories")).to_be_visible()
    assert_accessible(page)


def test_proposal_form_explains_errors_then_thanks_the_partner(page, stories, tmp_path):
    page.goto("/stories/")
    page.get_by_role("link", name="Propose a story").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Propose a delivery story"
    )
    assert_accessible(page)

    page.get_by_role("button", name="Send your proposal").click()
    expect(page.get_by_role("alert")).to_contain_text("There is a problem")
    assert_accessible(page)

    picture = tmp_path / "volunteers.png"
    picture.write_bytes(
        demo_image("Upload source", seed=7, width=320, height=180).file.read()
    )
    page.get_by_label("Story title").fill("Repair cafés in twelve towns")
    page.get_by_label("What happened?").fill("Volunteers fixed 900 things this year.")
    page.get_by_label("Your organisation").fill("Repair Cafés East (test)")
    page.get_by_label("Thriving, Inclusive Communities").check()
    page.get_by_label("Your name").fill("Sam Proposer")
    page.get_by_label("Your email address").fill("sam@example.org")
    page.get_by_label("A picture").set_input_files(picture)
    page.get_by_label("Describe the picture").fill("Volunteers at a repair bench.")
    page.get_by_role("button", name="Send your proposal").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Thank you: we have your story proposal"
    )
    assert_accessible(page)
    draft = SpotlightPage.objects.get(title="Repair cafés in twelve towns")
    assert not draft.live
    assert draft.hero_image_alt == "Volunteers at a repair bench."


def test_stories_pages_do_not_scroll_sideways_at_320px(browser, live_server, stories):
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 320, "height": 640}
    )
    tab = context.new_page()
    for path in ["/stories/", "/stories/village-bus-link-1/", "/stories/propose/"]:
        tab.goto(path)
        overflow = tab.evaluate(
            "document.documentElement.scrollWidth - window.innerWidth"
        )
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at 320px"
    context.close()


def sign_in_to_admin(page, user):
    page.goto("/admin/login/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("link", name="Dashboard")).to_be_attached()


@pytest.mark.parametrize("any_viewport", ["desktop"], indirect=True)
def test_editor_writes_a_story_and_a_moderator_approves_it(
    browser, live_server, stories, viewport
):
    editor = StaffUserFactory(email="story.editor@example.org", groups=["Editors"])
    moderator = StaffUserFactory(
        email="story.moderator@example.org", groups=["Moderators"]
    )

    editing = browser.new_context(base_url=live_server.url, viewport=viewport)
    page = editing.new_page()
    sign_in_to_admin(page, editor)
    page.goto(f"/admin/pages/add/spotlights/spotlightpage/{stories.pk}/")
    page.locator("#id_title").fill("Library cafés teach digital skills")
    page.get_by_role("textbox", name="Standfirst").fill(
        "Weekly cafés help residents get online."
    )
    page.get_by_label("Digital Connectivity for All").check()
    page.get_by_label("Peterborough").check()
    page.get_by_role("button", name="Add partner").click()
    page.locator("#id_partners-0-name").fill("Libraries Trust (test)")
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Submit to Moderators approve").click()
    expect(page.get_by_text("submitted for moderation")).to_be_visible()
    editing.close()

    story = SpotlightPage.objects.get(title="Library cafés teach digital skills")
    assert not story.live
    assert "story.moderator@example.org" in [a for m in mail.outbox for a in m.to]

    moderating = browser.new_context(base_url=live_server.url, viewport=viewport)
    page = moderating.new_page()
    sign_in_to_admin(page, moderator)
    page.goto(f"/admin/pages/{story.pk}/edit/")
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Approve and Publish", exact=True).click()
    expect(
        page.get_by_role("row", name="Library cafés teach digital skills").get_by_role(
            "link", name="Current page status: live"
        )
    ).to_be_visible()
    moderating.close()

    visiting = browser.new_context(base_url=live_server.url, viewport=viewport)
    page = visiting.new_page()
    page.goto("/stories/")
    page.get_by_role("link", name="Library cafés teach digital skills").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Library cafés teach digital skills"
    )
    expect(page.get_by_text("Libraries Trust (test)")).to_be_visible()
    feed = page.request.get("/stories/feed/")
    assert "Library cafés teach digital skills" in feed.text()

    facts = page.get_by_role("complementary", name="About this story")
    facts.get_by_role("link", name="Digital Connectivity for All").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Digital Connectivity for All"
    )
    stories_section = page.get_by_role("region", name="Delivery stories")
    expect(
        stories_section.get_by_role("link", name="Library cafés teach digital skills")
    ).to_be_visible()
    assert_accessible(page)
    visiting.close()
