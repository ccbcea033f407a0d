"""How long proposals keep what their speakers gave (docs/privacy.md#retention).

Registered from `EventsConfig.ready()`. Proposals that never made the programme
(drafts, withdrawn, not accepted, declined) lose their speakers' personal data
`ERASE_AFTER_MONTHS` months after their summit ends: names, addresses, profiles,
access needs and the decision emails' addresses and text are erased and the accounts unlinked; the title, abstract, format,
commitments and reviews stay for the statistics. A fixed period, not a setting:
a change is a decision for the privacy notice as well as the code.
"""

from django.db import transaction

from home.retention_registry import months_before, register_rule

from ..choices import ProposalStatus
from ..models import DecisionMessage, Proposal, ProposalSpeaker

ERASE_AFTER_MONTHS = 12
NOT_ON_THE_PROGRAMME = (
    ProposalStatus.DRAFT,
    ProposalStatus.WITHDRAWN,
    ProposalStatus.REJECTED,
    ProposalStatus.DECLINED,
)


def erase_unused_proposals(*, policy, now, dry_run=False):
    """Erase the speakers' data of proposals that never made the programme."""
    proposals = Proposal.objects.filter(
        status__in=NOT_ON_THE_PROGRAMME,
        anonymised_at__isnull=True,
        call__summit__end__lt=months_before(now, ERASE_AFTER_MONTHS),
    )
    with transaction.atomic():
        if dry_run:
            return proposals.count()
        ids = list(proposals.select_for_update().values_list("pk", flat=True))
        for speaker in ProposalSpeaker.objects.filter(proposal_id__in=ids):
            speaker.email = f"erased-{speaker.pk}@invalid"
            speaker.user = None
            for name in ("name", "pronouns", "role", "organisation", "bio"):
                setattr(speaker, name, "")
            speaker.save()
        # The decision emails name the speakers too.
        DecisionMessage.objects.filter(proposal_id__in=ids).update(
            recipients=[], body=""
        )
        Proposal.objects.filter(pk__in=ids).update(
            proposer=None, access_needs="", anonymised_at=now
        )
    return len(ids)


def register_rules():
    register_rule(
        "events.unused_proposals",
        erase_unused_proposals,
        description="Speakers' data on proposals that never made the programme, erased",
    )
