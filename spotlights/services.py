"""Changes to stories that span several rows: public proposals, moderation set-up."""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils.html import escape, linebreaks
from django.utils.text import Truncator, slugify
from django.utils.translation import gettext as _
from wagtail.coreutils import find_available_slug
from wagtail.images import get_image_model
from wagtail.models import GroupPagePermission, Page, Workflow, WorkflowPage

from .models import SpotlightPage, SpotlightPartner, StoryProposal
from .tasks import notify_editors_of_proposal

#: Made by migration 0002; stories under each index page go through it.
WORKFLOW_NAME = "Moderators approve"
# Editors write and submit; Moderators also publish (and so approve) and lock.
INDEX_PAGE_PERMISSIONS = {
    "Editors": ["add_page", "change_page"],
    "Moderators": [
        "add_page",
        "change_page",
        "publish_page",
        "lock_page",
        "unlock_page",
    ],
}


def propose_story(
    *,
    index,
    title,
    summary,
    organisation,
    commitments,
    contact_name,
    contact_email,
    image=None,
    image_alt="",
):
    """Turn a public proposal into a draft story under `index` for editors to develop.

    Saves the picture (already checked and re-encoded) to the image library, creates
    the page as a draft that is never live, names `organisation` as its partner and
    keeps the contact details in a private `StoryProposal`. Once committed, queues an
    email telling the editors. Returns the proposal.
    """
    with transaction.atomic():
        # Proposals arriving together would otherwise race for the same tree
        # position and slug under the index.
        index = Page.objects.select_for_update().get(pk=index.pk)
        hero_image = None
        if image is not None:
            hero_image = get_image_model().objects.create(
                title=Truncator(_("Proposed: %s") % title).chars(255), file=image
            )
        page = SpotlightPage(
            title=title,
            slug=find_available_slug(index, slugify(title)[:200] or "story"),
            standfirst=Truncator(" ".join(summary.split())).chars(300),
            body=[("paragraph", linebreaks(escape(summary)))],
            hero_image=hero_image,
            hero_image_alt=image_alt if hero_image else "",
            live=False,
        )
        page.commitments = list(commitments)
        page.partners = [SpotlightPartner(name=organisation)]
        index.add_child(instance=page)
        page.save_revision(log_action=True)
        proposal = StoryProposal.objects.create(
            page=page,
            organisation=organisation,
            contact_name=contact_name,
            contact_email=contact_email,
        )
        transaction.on_commit(
            lambda: notify_editors_of_proposal.enqueue(proposal_id=proposal.pk)
        )
    return proposal


def configure_moderation(*, index):
    """Send stories under `index` through the "Moderators approve" workflow and give
    Editors and Moderators their rights there. Safe to repeat."""
    with transaction.atomic():
        workflow = Workflow.objects.filter(name=WORKFLOW_NAME, active=True).first()
        if workflow:
            WorkflowPage.objects.update_or_create(
                page=index, defaults={"workflow": workflow}
            )
        for group_name, codenames in INDEX_PAGE_PERMISSIONS.items():
            group = Group.objects.filter(name=group_name).first()
            if group is None:
                continue
            for permission in Permission.objects.filter(
                content_type__app_label="wagtailcore", codename__in=codenames
            ):
                GroupPagePermission.objects.get_or_create(
                    group=group, page=index, permission=permission
                )
