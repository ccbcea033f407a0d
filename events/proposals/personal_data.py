"""What the call for proposals holds about a person, for their download and
erasure (home/personal_data.py): the proposals they are a speaker on, by address
or through their account, with the profile they gave, and on a proposal they lead
its access needs and answers to the call's questions. Erasure blanks their speaker
profile and address on each, and on a proposal they lead its access needs and
answers; the proposal itself (its title and abstract, written for the programme)
stays, and a proposal they lead is withdrawn if it was still open."""

from django.db.models import Q
from django.utils.translation import gettext_lazy

from home.personal_data import Erased, Holder, record

from ..choices import ProposalStatus
from ..models import ProposalSpeaker
from .services import WITHDRAWABLE

FIELDS = ("email", "name", "pronouns", "role", "organisation", "bio", "status")


def _speakers(email):
    return (
        ProposalSpeaker.objects.filter(
            Q(email__iexact=email) | Q(user__email__iexact=email)
        )
        .select_related("proposal")
        .order_by("pk")
    )


def _lead_only(speaker):
    """What a proposal holds about the speaker who leads it."""
    if not speaker.is_proposer:
        return {}
    return {
        "Access needs": speaker.proposal.access_needs,
        "Answers to the call's questions": speaker.proposal.answers,
    }


def find_proposal_speakers(email):
    return [
        record(
            speaker,
            FIELDS,
            Proposal=speaker.proposal.title,
            **{"Proposal status": speaker.proposal.get_status_display()},
            **_lead_only(speaker),
        )
        for speaker in _speakers(email)
    ]


def erase_proposal_speakers(email, *, now):
    count = 0
    for speaker in _speakers(email):
        proposal = speaker.proposal
        if speaker.is_proposer:
            previous = proposal.status
            if previous in WITHDRAWABLE:
                proposal.status = ProposalStatus.WITHDRAWN
                proposal.state_changes.create(
                    from_status=previous, to_status=ProposalStatus.WITHDRAWN
                )
            proposal.access_needs = ""
            proposal.answers = {}
            proposal.save(
                update_fields=["status", "access_needs", "answers", "updated_at"]
            )
        speaker.email = f"erased-{speaker.pk}@invalid"
        speaker.user = None
        for name in ("name", "pronouns", "role", "organisation", "bio"):
            setattr(speaker, name, "")
        speaker.save()
        count += 1
    return Erased(count=count)


HOLDERS = (
    Holder(
        "events.proposalspeaker",
        gettext_lazy("Proposals for summit sessions"),
        find_proposal_speakers,
        erase_proposal_speakers,
    ),
)
