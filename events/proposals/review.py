"""Reviewing proposals: scores, comments and conflicts of interest, and what a
reviewer may see (docs/proposals.md#review). The rules themselves are in `rules`."""

from django.db import transaction
from django.db.models import Prefetch
from django.utils.translation import gettext as _

from ..choices import REVIEWABLE_PROPOSAL_STATUSES
from ..models import Proposal, ProposalSpeaker, Review, ReviewScore
from . import rules

REVIEW_PERMISSION = "events.review_proposal"


class ReviewError(Exception):
    def __init__(self, message, *, status=409):
        super().__init__(message)
        self.message = message
        self.status = status


def can_review(user):
    return user.is_authenticated and user.has_perm(REVIEW_PERMISSION)


def proposals_for_review(call):
    """A call's proposals as reviewers see them: sent in (no drafts, nothing
    withdrawn), with speakers, commitments, reviews and scores in a fixed number of
    queries."""
    return (
        Proposal.objects.filter(call=call, status__in=REVIEWABLE_PROPOSAL_STATUSES)
        .select_related("call__summit")
        .prefetch_related(
            "commitments",
            Prefetch(
                "speakers",
                queryset=ProposalSpeaker.objects.order_by("-is_proposer", "pk"),
            ),
            Prefetch(
                "reviews",
                queryset=Review.objects.select_related("reviewer").prefetch_related(
                    "scores"
                ),
            ),
        )
    )


def conflict_for(proposal, reviewer):
    """Why `reviewer` can't review `proposal` (a rule, or their own declaration)."""
    reason = rules.conflict_reason(reviewer=reviewer, speakers=proposal.speakers.all())
    if reason:
        return reason
    for review in proposal.reviews.all():
        if review.reviewer_id == reviewer.pk and review.conflict:
            return review.conflict_reason or _("You declared a conflict of interest.")
    return ""


def own_review(proposal, reviewer):
    for review in proposal.reviews.all():
        if review.reviewer_id == reviewer.pk:
            return review
    return None


def may_see_scores(proposal, reviewer):
    """Whether `reviewer` sees other reviewers' scores on `proposal`: never with
    a conflict (their own proposal, their organisation's, or one they stepped
    aside from), otherwise always unless the call hides them until the reviewer
    has scored it."""
    if conflict_for(proposal, reviewer):
        return False
    if not proposal.call.hide_scores_until_scored:
        return True
    review = own_review(proposal, reviewer)
    return review is not None and not review.conflict and review.scores.exists()


def _check(proposal, reviewer):
    if not can_review(reviewer):
        raise ReviewError(
            _("You don't have permission to review proposals."), status=403
        )
    if proposal.status not in REVIEWABLE_PROPOSAL_STATUSES:
        raise ReviewError(_("Only proposals sent in can be reviewed."), status=404)
    reason = rules.conflict_reason(reviewer=reviewer, speakers=proposal.speakers.all())
    if reason:
        raise ReviewError(reason, status=403)


def save_review(*, proposal, reviewer, scores, comment=""):
    """Record `reviewer`'s `scores` ({criterion id: score}, one for every criterion
    of the call, each from 1 to the criterion's highest) and comment; a second call
    replaces the first."""
    criteria = list(proposal.call.criteria.all())
    for criterion in criteria:
        score = scores.get(criterion.pk)
        if not isinstance(score, int) or not 1 <= score <= criterion.scale_max:
            raise ReviewError(
                _("Score %(criterion)s from 1 to %(max)s.")
                % {"criterion": criterion.name, "max": criterion.scale_max},
                status=400,
            )
    with transaction.atomic():
        proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
        _check(proposal, reviewer)
        review, _created = Review.objects.update_or_create(
            proposal=proposal,
            reviewer=reviewer,
            defaults={"comment": comment, "conflict": False, "conflict_reason": ""},
        )
        review.scores.all().delete()
        ReviewScore.objects.bulk_create(
            ReviewScore(review=review, criterion=criterion, score=scores[criterion.pk])
            for criterion in criteria
        )
    return review


def declare_conflict(*, proposal, reviewer, reason=""):
    """`reviewer` steps aside from `proposal`: any scores they gave are dropped."""
    with transaction.atomic():
        proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
        if not can_review(reviewer):
            raise ReviewError(
                _("You don't have permission to review proposals."), status=403
            )
        review, _created = Review.objects.update_or_create(
            proposal=proposal,
            reviewer=reviewer,
            defaults={
                "comment": "",
                "conflict": True,
                "conflict_reason": reason.strip()
                or _("You declared a conflict of interest."),
            },
        )
        review.scores.all().delete()
    return review


def dashboard(call, *, commitment=None, session_type="", status=""):
    """The call's proposals ranked by weighted score (`rules.rank`), filtered."""
    proposals = proposals_for_review(call)
    if commitment:
        proposals = proposals.filter(commitments=commitment)
    if session_type:
        proposals = proposals.filter(session_type=session_type)
    if status:
        proposals = proposals.filter(status=status)
    return rules.rank(proposals.distinct(), list(call.criteria.all()))
