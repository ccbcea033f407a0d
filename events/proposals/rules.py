"""The review's pure rules: who may not review what, and the ranking's arithmetic
(docs/proposals.md#review). No database writes; the services and views share them."""

import statistics
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from ..models.proposals import DEFAULT_SCALE

# Addresses at these providers say nothing about someone's organisation: sharing
# one is no conflict of interest.
PUBLIC_EMAIL_DOMAINS = frozenset(
    {
        "gmail.com",
        "googlemail.com",
        "hotmail.com",
        "hotmail.co.uk",
        "outlook.com",
        "live.com",
        "live.co.uk",
        "yahoo.com",
        "yahoo.co.uk",
        "icloud.com",
        "me.com",
        "aol.com",
        "btinternet.com",
        "proton.me",
        "protonmail.com",
        "example.com",
    }
)


def email_domain(email):
    return (email or "").rpartition("@")[2].strip().lower()


def organisation_domain(email):
    """The organisation an address stands for: its domain, unless it is a public
    provider's (then None)."""
    domain = email_domain(email)
    if not domain or domain in PUBLIC_EMAIL_DOMAINS:
        return None
    return domain


def conflict_reason(*, reviewer, speakers):
    """Why `reviewer` may not review a proposal with `speakers` (ProposalSpeaker
    rows), or "". The User model has no organisation, so an organisation is the
    domain of an email address: the reviewer's own against each speaker's."""
    reviewer_email = (reviewer.email or "").lower()
    for speaker in speakers:
        if speaker.user_id == reviewer.pk or speaker.email.lower() == reviewer_email:
            return _("You are one of its speakers.")
    domain = organisation_domain(reviewer_email)
    if domain and any(organisation_domain(s.email) == domain for s in speakers):
        return _(
            "A speaker's email address is at your organisation's domain (%(domain)s)."
        ) % {"domain": domain}
    return ""


def weighted_average(scores, criteria):
    """One review's score out of DEFAULT_SCALE: each criterion's score brought to a
    1–DEFAULT_SCALE scale, weighted by the criterion's weight. `scores` maps a
    criterion's id to its score; None when a criterion has no score."""
    total = Decimal(0)
    weights = 0
    for criterion in criteria:
        score = scores.get(criterion.pk)
        if score is None:
            return None
        total += Decimal(score) * DEFAULT_SCALE / criterion.scale_max * criterion.weight
        weights += criterion.weight
    if not weights:
        return None
    return total / weights


def rounded(value):
    if value is None:
        return None
    return Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@dataclass
class Ranking:
    """A proposal's place on the review dashboard."""

    proposal: object
    averages: list = field(default_factory=list)  # each reviewer's weighted average
    conflicts: int = 0

    @property
    def reviews(self):
        return len(self.averages)

    @property
    def score(self):
        """The mean of the reviewers' weighted averages."""
        return rounded(statistics.fmean(self.averages)) if self.averages else None

    @property
    def lowest(self):
        return rounded(min(self.averages)) if self.averages else None

    @property
    def highest(self):
        return rounded(max(self.averages)) if self.averages else None

    @property
    def spread(self):
        """The population standard deviation of the reviewers' averages."""
        return rounded(statistics.pstdev(self.averages)) if self.averages else None


def rank(proposals, criteria):
    """`proposals` (with `reviews` and their `scores` prefetched) as Rankings, best
    first; unscored proposals last, newest first among equals."""
    rankings = []
    for proposal in proposals:
        ranking = Ranking(proposal=proposal)
        for review in proposal.reviews.all():
            if review.conflict:
                ranking.conflicts += 1
                continue
            scores = {score.criterion_id: score.score for score in review.scores.all()}
            average = weighted_average(scores, criteria)
            if average is not None:
                ranking.averages.append(average)
        rankings.append(ranking)
    rankings.sort(
        key=lambda r: (r.score is None, -(r.score or 0), -r.reviews, r.proposal.pk)
    )
    return rankings
