"""The emails a signatory's contact receives. Links are signed when the email is sent,
so no working link ever sits in the task queue."""

from django.conf import settings

from home.email_texts import Request
from home.emails import send_templated_email_once

from . import email_texts, links
from .models import Signatory

# kind: (template, link purpose or None)
EMAILS = {
    "confirm": ("signatories/emails/confirm", links.CONFIRM),
    "manage": ("signatories/emails/manage", links.MANAGE),
    "approved": ("signatories/emails/approved", links.MANAGE),
    "rejected": ("signatories/emails/rejected", None),
    "withdrawn": ("signatories/emails/withdrawn", None),
}


def send_signatory_email(*, signatory_id, kind, request_id, reason="", update=False):
    """Send the `kind` email once per `request_id` (the queued task's id): each of
    these may rightly be sent again (a link asked for twice, a second update
    approved), but a task run again after a crash sends nothing twice."""
    signatory = Signatory.objects.filter(pk=signatory_id).first()
    if signatory is None:  # deleted by a moderator before the email went
        return
    template, purpose = EMAILS[kind]
    context = {
        "signatory": signatory,
        "reason": reason,
        "update": update,
        "entry_url": settings.SITE_URL + signatory.get_absolute_url(),
    }
    if purpose:
        context["link"] = settings.SITE_URL + links.link_path(signatory, purpose)
        context["link_days"] = links.MAX_AGE[purpose].days
    text_key = email_texts.KEYS.get(kind)
    send_templated_email_once(
        key=f"signatory-{kind}:{signatory.pk}:{request_id}",
        template=template,
        context=context,
        to=[signatory.contact_email],
        # Approved or rejected changes to an entry keep the code's wording (no
        # text asked for).
        text=None
        if text_key is None or (update and kind in ("approved", "rejected"))
        else Request(
            key=text_key,
            page_id=None,
            values={
                "name": signatory.contact_name,
                "organisation": signatory.name,
                **({"link_days": context["link_days"]} if purpose else {}),
            },
        ),
    )
