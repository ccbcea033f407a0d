"""What the stories hold about a person: the stories they proposed through the
public form, as its contact. Erasure blanks the contact; the story is the
organisation's."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from home.personal_data import Erased, Holder, record

from .models import StoryProposal


def _proposals(email):
    return StoryProposal.objects.filter(contact_email__iexact=email)


def find_proposals(email):
    return [
        record(
            proposal,
            ("organisation", "contact_name", "contact_email", "submitted_at"),
            **{_("Story"): proposal.page.title},
        )
        for proposal in _proposals(email).select_related("page").order_by("pk")
    ]


def erase_proposals(email, *, now):
    return Erased(_proposals(email).update(contact_name="", contact_email=""))


HOLDERS = (
    Holder(
        "spotlights.storyproposal",
        gettext_lazy("Stories you proposed"),
        find_proposals,
        erase_proposals,
    ),
)
