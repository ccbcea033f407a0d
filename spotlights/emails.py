"""Emails about story proposals, sent by `spotlights.tasks`."""

from django.conf import settings
from django.contrib.auth.models import User
from django.urls import reverse

from home.emails import send_templated_email_once, site_contact_email

from .models import StoryProposal


def send_proposal_notification(*, proposal_id):
    """Email every active editor (or, with none, the site's contact address) that a
    story proposal is waiting, with a link to the draft in the admin. Once per
    proposal."""
    proposal = (
        StoryProposal.objects.select_related("page").filter(pk=proposal_id).first()
    )
    if proposal is None:  # deleted before the worker got to it
        return
    recipients = list(
        User.objects.filter(groups__name="Editors", is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
        .distinct()
    )
    if not recipients:
        contact = site_contact_email()
        recipients = [contact] if contact else []
    if not recipients:
        return
    edit_url = settings.WAGTAILADMIN_BASE_URL + reverse(
        "wagtailadmin_pages:edit", args=[proposal.page_id]
    )
    send_templated_email_once(
        key=f"story-proposal:{proposal.pk}",
        template="spotlights/email/proposal_received",
        context={"proposal": proposal, "page": proposal.page, "edit_url": edit_url},
        to=recipients,
        reply_to=[proposal.contact_email],
    )
