import pytest
from django.urls import reverse

from spotlights.models import StoryProposal
from tests.factories import StaffUserFactory
from tests.factories.spotlights import SpotlightPageFactory


@pytest.fixture
def proposal(index):
    page = SpotlightPageFactory(parent=index, title="Proposed story", live=False)
    return StoryProposal.objects.create(
        page=page,
        organisation="Repair Cafés East (test)",
        contact_name="Sam Proposer",
        contact_email="sam@example.org",
    )


@pytest.mark.parametrize("group", ["Editors", "Moderators"])
def test_staff_see_who_proposed_a_story(client, proposal, group):
    client.force_login(StaffUserFactory(groups=[group]))

    listing = client.get("/admin/story_proposals/")
    edit_page = client.get(reverse("wagtailadmin_pages:edit", args=[proposal.page_id]))

    assert "sam@example.org" in listing.text
    assert "Proposed through the website" in edit_page.text
    assert "Sam Proposer" in edit_page.text


def test_proposal_contacts_are_not_for_other_staff(client, proposal):
    client.force_login(StaffUserFactory(groups=["Event managers"]))

    response = client.get("/admin/story_proposals/")

    assert response.status_code == 302
    assert "sam@example.org" not in response.text


def test_proposals_cannot_be_added_in_the_admin(client, proposal, admin_user):
    client.force_login(admin_user)

    assert client.get("/admin/story_proposals/new/").status_code == 302
    assert (
        "/admin/story_proposals/new/" not in client.get("/admin/story_proposals/").text
    )


def test_story_edit_page_has_no_proposal_panel_for_ordinary_stories(client, index):
    story = SpotlightPageFactory(parent=index)
    client.force_login(StaffUserFactory(groups=["Editors"]))

    response = client.get(reverse("wagtailadmin_pages:edit", args=[story.pk]))

    assert response.status_code == 200
    assert "Proposed through the website" not in response.text
