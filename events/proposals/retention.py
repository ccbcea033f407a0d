"""How long proposals keep what their speakers gave (docs/privacy.md#retention).

Registered from `EventsConfig.ready()`. Once its summit has ended, a proposal that
is not confirmed never made the programme (drafts, submitted, waiting list,
accepted but never confirmed, withdrawn, not accepted, declined): its speakers'
personal data goes `ERASE_AFTER_MONTHS` months after the summit ends: names,
addresses, profiles, access needs, answers to the call's questions and the
decision emails' addresses and text are erased
and the accounts unlinked; the title, abstract, format, commitments and reviews
stay for the statistics. A fixed period, not a setting: a change is a decision for
the privacy notice as well as the code. Access needs go sooner, from every
proposal: `access_needs_days` after the summit, as attendees' needs do.
"""

import datetime

from django.db import transaction

from home.retention_registry import months_before, register_rule

from ..choices import ProposalStatus
from ..models import DecisionMessage, Proposal, ProposalSpeaker

ERASE_AFTER_MONTHS = 12
# The one state that put a proposal on the programme; every other is unused once
# the summit is over.
ON_THE_PROGRAMME = ProposalStatus.CONFIRMED


def erase_unused_proposals(*, policy, now, dry_run=False):
    """Erase the speakers' data of proposals that never made the programme."""
    proposals = Proposal.objects.exclude(status=ON_THE_PROGRAMME).filter(
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
            proposer=None, access_needs="", answers={}, anonymised_at=now
        )
    return len(ids)


def erase_access_needs_after_summit(*, policy, now, dry_run=False):
    """Blank the speakers' access needs on every proposal (confirmed or not) of
    summits that ended more than `policy.access_needs_days` ago."""
    cutoff = now - datetime.timedelta(days=policy.access_needs_days)
    proposals = Proposal.objects.filter(call__summit__end__lt=cutoff).exclude(
        access_needs=""
    )
    with transaction.atomic():
        if dry_run:
            return proposals.count()
        return proposals.update(access_needs="")


def register_rules():
    register_rule(
        "events.unused_proposals",
        erase_unused_proposals,
        description="Speakers' data on proposals that never made the programme, erased",
    )
    register_rule(
        "events.proposal_access_needs",
        erase_access_needs_after_summit,
        description="Speakers' access needs on proposals, erased",
    )
