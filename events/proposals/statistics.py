"""A call's figures for the admin: submissions per format, per commitment and per
organisation type (docs/proposals.md#statistics). Three grouped queries."""

from django.db.models import Count

from signatories.choices import OrganisationType

from ..choices import REVIEWABLE_PROPOSAL_STATUSES, ProposalStatus, SessionType
from ..models import Proposal


def call_statistics(call):
    sent_in = Proposal.objects.filter(
        call=call, status__in=REVIEWABLE_PROPOSAL_STATUSES
    )
    by_status = dict(
        Proposal.objects.filter(call=call)
        .values_list("status")
        .annotate(count=Count("pk"))
        .values_list("status", "count")
    )
    by_type = dict(
        sent_in.values_list("session_type")
        .annotate(count=Count("pk"))
        .values_list("session_type", "count")
    )
    by_commitment = list(
        sent_in.filter(commitments__isnull=False)
        .values("commitments__name", "commitments__outcome__name")
        .annotate(count=Count("pk"))
        .order_by("-count", "commitments__name")
    )
    by_organisation = dict(
        sent_in.values_list("organisation_type")
        .annotate(count=Count("pk"))
        .values_list("organisation_type", "count")
    )
    return {
        "submitted": sum(by_status.get(s, 0) for s in REVIEWABLE_PROPOSAL_STATUSES),
        "drafts": by_status.get(ProposalStatus.DRAFT, 0),
        "withdrawn": by_status.get(ProposalStatus.WITHDRAWN, 0),
        "by_type": [
            (label, by_type.get(value, 0))
            for value, label in SessionType.choices
            if value in by_type
        ],
        "by_commitment": [
            (row["commitments__name"], row["commitments__outcome__name"], row["count"])
            for row in by_commitment
        ],
        "by_organisation": [
            (label, by_organisation.get(value, 0))
            for value, label in [*OrganisationType.choices, ("", "Not given")]
            if by_organisation.get(value)
        ],
    }
