"""What the call for proposals holds about a person, for their download and
erasure (home/personal_data.py): the proposals they are a speaker on, with the
profile they gave. Erasure blanks their speaker profile and address on each; the
proposal itself (its title and abstract, written for the programme) stays, and a
proposal they made alone is withdrawn if it was still open."""

from django.utils.translation import gettext_lazy

from home.personal_data import Erased, Holder, record

from ..choices import ProposalStatus
from ..models import ProposalSpeaker
from .services import WITHDRAWABLE

FIELDS = ("email", "name", "pronouns", "role", "organisation", "bio", "status")


def _speakers(email):
    return ProposalSpeaker.objects.filter(email__iexact=email).select_related(
        "proposal"
    )


def find_proposal_speakers(email):
    return [
        record(
            speaker,
            FIELDS,
            Proposal=speaker.proposal.title,
            **{"Proposal status": speaker.proposal.get_status_display()},
        )
        for speaker in _speakers(email)
    ]


def erase_proposal_speakers(email, *, now):
    count = 0
    for speaker in _speakers(email):
        proposal = speaker.proposal
        if speaker.is_proposer and proposal.status in WITHDRAWABLE:
            previous = proposal.status
            proposal.status = ProposalStatus.WITHDRAWN
            proposal.save(update_fields=["status", "updated_at"])
            proposal.state_changes.create(
                from_status=previous, to_status=ProposalStatus.WITHDRAWN
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
