import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import GroupPagePermission, Revision, Workflow, WorkflowPage
from wagtail.test.utils.form_data import querydict_from_html

from spotlights.models import SpotlightPage
from tests.factories import StaffUserFactory
from tests.factories.spotlights import SpotlightPageFactory


@pytest.fixture
def editor(db):
    return StaffUserFactory(email="editor@example.org", groups=["Editors"])


@pytest.fixture
def moderator(db):
    return StaffUserFactory(email="moderator@example.org", groups=["Moderators"])


def admin_form(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    data = querydict_from_html(response.text, form_id="page-edit-form")
    # The body's StreamField is drawn by JavaScript; an empty body posts a count.
    data["body-count"] = "0"
    return data


def post(client, url, data):
    # A QueryDict's items() keep only the last value of each field.
    return client.post(url, dict(data.lists()))


def write_story(client, index, commitments, *, action="action-submit", **fields):
    """Fill in the admin's new-story form as an editor would and press `action`."""
    url = reverse(
        "wagtailadmin_pages:add", args=["spotlights", "spotlightpage", index.pk]
    )
    data = admin_form(client, url)
    data.update(
        {
            "title": "Library cafés teach digital skills",
            "slug": "library-cafes",
            "standfirst": "Weekly cafés help residents get online.",
            "date": "2026-09-01",
            action: "1",
            **fields,
        }
    )
    data.setlist("commitments", [str(commitments["digital-connectivity-for-all"].pk)])
    data.setlist("districts", ["peterborough", "fenland"])
    data.update(
        {
            "partners-TOTAL_FORMS": "1",
            "partners-0-name": "Libraries Trust (test)",
            "partners-0-website": "",
            "partners-0-ORDER": "1",
            "partners-0-id": "",
            "partners-0-DELETE": "",
        }
    )
    response = post(client, url, data)
    assert response.status_code == 302, response.context["form"].errors
    return SpotlightPage.objects.get(slug="library-cafes")


def approve(client, page):
    task_state = page.current_workflow_task_state
    response = client.post(
        reverse(
            "wagtailadmin_pages:workflow_action",
            args=[page.pk, "approve", task_state.pk],
        ),
        {"comment": ""},
    )
    assert response.status_code in (200, 302)
    page.refresh_from_db()
    return page


def test_new_stories_index_goes_through_the_moderators_workflow(index):
    workflow = Workflow.objects.get(name="Moderators approve")

    assert WorkflowPage.objects.get(page=index).workflow == workflow
    [task] = workflow.tasks
    assert [g.name for g in task.specific.groups.all()] == ["Moderators"]
    rights = {
        (p.group.name, p.permission.codename)
        for p in GroupPagePermission.objects.filter(page=index)
    }
    assert ("Editors", "change_page") in rights
    assert ("Editors", "publish_page") not in rights
    assert ("Moderators", "publish_page") in rights


def test_editors_cannot_publish_stories_but_moderators_can(index, editor, moderator):
    story = SpotlightPageFactory(parent=index)

    assert story.permissions_for_user(editor).can_edit()
    assert not story.permissions_for_user(editor).can_publish()
    assert story.permissions_for_user(moderator).can_publish()


def test_editor_submits_and_moderator_approves(
    client, index, commitments, editor, moderator, django_capture_on_commit_callbacks
):
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        story = write_story(client, index, commitments)

    assert not story.live
    assert story.current_workflow_state.status == "in_progress"
    assert story.districts == ["peterborough", "fenland"]
    assert [p.name for p in story.partners.all()] == ["Libraries Trust (test)"]
    assert "moderator@example.org" in [address for m in mail.outbox for address in m.to]
    assert client.get(story.url or "/stories/library-cafes/").status_code == 404

    client.force_login(moderator)
    story = approve(client, story)

    assert story.live
    client.logout()
    response = client.get("/stories/library-cafes/")
    assert response.status_code == 200
    assert "Weekly cafés help residents get online." in response.text
    assert "Library cafés teach digital skills" in client.get("/stories/").text


def test_editor_pressing_publish_only_saves_a_draft(client, index, commitments, editor):
    client.force_login(editor)

    story = write_story(client, index, commitments, action="action-publish")

    assert not story.live


def test_approved_story_with_a_go_live_date_waits_for_publish_scheduled(
    client, index, commitments, editor, moderator
):
    go_live = timezone.localtime() + datetime.timedelta(days=2)
    client.force_login(editor)
    story = write_story(
        client, index, commitments, go_live_at=go_live.strftime("%Y-%m-%d %H:%M")
    )
    client.force_login(moderator)
    story = approve(client, story)

    assert not story.live
    scheduled = Revision.page_revisions.get(
        object_id=str(story.pk), approved_go_live_at__isnull=False
    )

    # Time passes: move the go-live time a minute into the past, then run the job.
    past = timezone.now() - datetime.timedelta(minutes=1)
    scheduled.approved_go_live_at = past
    scheduled.content["go_live_at"] = past.isoformat()
    scheduled.save(update_fields=["approved_go_live_at", "content"])
    call_command("publish_scheduled")

    story.refresh_from_db()
    assert story.live


def test_editor_can_preview_a_draft_and_edits_keep_revisions(
    client, index, commitments, editor
):
    client.force_login(editor)
    story = write_story(client, index, commitments, action="action-save")
    edit_url = reverse("wagtailadmin_pages:edit", args=[story.pk])
    data = admin_form(client, edit_url)
    data["standfirst"] = "A second draft of the standfirst."
    assert post(client, edit_url, data).status_code == 302

    preview_url = reverse("wagtailadmin_pages:preview_on_edit", args=[story.pk])
    data["standfirst"] = "An unsaved preview of the standfirst."
    assert post(client, preview_url, data).json()["is_valid"]
    preview = client.get(preview_url)

    assert "An unsaved preview of the standfirst." in preview.text
    story.refresh_from_db()
    assert story.revisions.count() == 2
    assert "A second draft" in str(story.get_latest_revision().content)
