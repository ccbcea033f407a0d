"""Review rules: conflicts (own, co-speaker, organisation's domain, declared),
hidden scores, anonymised review, the ranking's arithmetic and who may review."""

from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.urls import reverse

from events.models import Review
from events.proposals import review, rules
from tests.factories import StaffUserFactory

from .conftest import make_proposal, reviewer

pytestmark = pytest.mark.django_db


def scores(call, relevance, delivery):
    relevance_criterion, delivery_criterion = call.criteria.order_by("sort_order", "pk")
    return {relevance_criterion.pk: relevance, delivery_criterion.pk: delivery}


def test_weighted_average_and_ranking_math():
    criteria = [
        SimpleNamespace(pk=1, weight=2, scale_max=5),
        SimpleNamespace(pk=2, weight=1, scale_max=10),
    ]
    # 4 on 1–5 and 10 on 1–10 (5 on 1–5): (4*2 + 5*1) / 3
    assert rules.weighted_average({1: 4, 2: 10}, criteria) == Decimal(13) / 3
    assert rules.weighted_average({1: 4}, criteria) is None
    ranking = rules.Ranking(proposal=None, averages=[Decimal(3), Decimal(5)])
    assert ranking.score == Decimal("4.00")
    assert (ranking.lowest, ranking.highest) == (Decimal("3.00"), Decimal("5.00"))
    assert ranking.spread == Decimal("1.00")
    assert ranking.reviews == 2


def test_reviewers_cannot_review_their_own_or_a_co_speakers_proposal(call, proposer):
    co = reviewer("cass@ouse-valley.example")
    proposal = make_proposal(call, proposer, co_speakers=["cass@ouse-valley.example"])

    with pytest.raises(review.ReviewError, match="one of its speakers") as error:
        review.save_review(proposal=proposal, reviewer=co, scores=scores(call, 5, 5))
    assert error.value.status == 403
    assert not Review.objects.exists()


def test_a_colleague_at_the_same_domain_has_a_conflict(call, submitted):
    colleague = reviewer("sam@fenland-futures.example")
    with pytest.raises(review.ReviewError, match="fenland-futures.example"):
        review.save_review(
            proposal=submitted, reviewer=colleague, scores=scores(call, 5, 5)
        )


def test_public_email_providers_are_no_organisation(call, proposer):
    proposer.email = "pat@gmail.com"
    proposer.save()
    proposal = make_proposal(call, proposer, title="From a gmail address")
    stranger = reviewer("someone@gmail.com")
    review.save_review(proposal=proposal, reviewer=stranger, scores=scores(call, 3, 3))


def test_drafts_cannot_be_reviewed(call, proposer, reviewers):
    draft = make_proposal(call, proposer, submit=False)
    with pytest.raises(review.ReviewError) as error:
        review.save_review(
            proposal=draft, reviewer=reviewers[0], scores=scores(call, 3, 3)
        )
    assert error.value.status == 404


def test_scores_out_of_range_are_refused(call, submitted, reviewers):
    with pytest.raises(review.ReviewError, match="from 1 to 5"):
        review.save_review(
            proposal=submitted, reviewer=reviewers[0], scores=scores(call, 6, 3)
        )


def test_only_reviewers_review(call, submitted):
    editor = StaffUserFactory(email="ed@council.example", groups=["Editors"])
    with pytest.raises(review.ReviewError) as error:
        review.save_review(
            proposal=submitted, reviewer=editor, scores=scores(call, 3, 3)
        )
    assert error.value.status == 403


def test_the_review_page_refuses_alike_for_existing_and_missing_proposals(
    client, submitted, reviewers
):
    client.force_login(StaffUserFactory(groups=["Editors"]))
    for pk in (submitted.pk, 999999):
        response = client.get(reverse("proposal_review", args=[pk]))
        # Wagtail's admin answers a refusal with a redirect to its dashboard.
        assert (response.status_code, response.url) == (302, "/admin/"), pk
    client.force_login(reviewers[0])
    assert client.get(reverse("proposal_review", args=[999999])).status_code == 404


def test_declaring_a_conflict_drops_scores(call, submitted, reviewers):
    review.save_review(
        proposal=submitted, reviewer=reviewers[0], scores=scores(call, 5, 5)
    )
    review.declare_conflict(
        proposal=submitted, reviewer=reviewers[0], reason="Old colleague"
    )

    proposal = review.proposals_for_review(call).get()
    assert review.conflict_for(proposal, reviewers[0]) == "Old colleague"
    [ranking] = review.dashboard(call)
    assert ranking.reviews == 0 and ranking.conflicts == 1


def test_dashboard_ranks_by_mean_of_weighted_averages(call, proposer, reviewers):
    strong = make_proposal(call, proposer, title="Strong")
    weak = make_proposal(call, proposer, title="Weak", session_type="workshop")
    make_proposal(call, proposer, title="Draft", submit=False)
    first, second = reviewers
    review.save_review(proposal=strong, reviewer=first, scores=scores(call, 5, 2))  # 4
    review.save_review(proposal=strong, reviewer=second, scores=scores(call, 4, 4))  # 4
    review.save_review(proposal=weak, reviewer=first, scores=scores(call, 1, 4))  # 2

    rankings = review.dashboard(call)

    assert [r.proposal.title for r in rankings] == ["Strong", "Weak"]
    assert rankings[0].score == Decimal("4.00") and rankings[0].spread == Decimal(
        "0.00"
    )
    assert rankings[1].score == Decimal("2.00") and rankings[1].reviews == 1
    assert [
        r.proposal.title for r in review.dashboard(call, session_type="workshop")
    ] == ["Weak"]


def test_others_scores_hidden_until_scored(call, submitted, reviewers):
    first, second = reviewers
    review.save_review(proposal=submitted, reviewer=first, scores=scores(call, 5, 5))
    proposal = review.proposals_for_review(call).get()
    assert not review.may_see_scores(proposal, second)
    review.save_review(proposal=submitted, reviewer=second, scores=scores(call, 2, 2))
    proposal = review.proposals_for_review(call).get()
    assert review.may_see_scores(proposal, second)

    call.hide_scores_until_scored = False
    call.save()
    newcomer = reviewer("nia@panel-three.example")
    proposal = review.proposals_for_review(call).get()
    assert review.may_see_scores(proposal, newcomer)


def test_a_reviewer_never_sees_the_scores_of_their_own_proposal(call, reviewers):
    first, _second = reviewers
    own = reviewer("rory@gmail.com")
    proposal = make_proposal(call, own, title="Mine")
    review.save_review(proposal=proposal, reviewer=first, scores=scores(call, 5, 5))
    call.hide_scores_until_scored = False
    call.save()

    proposal = review.proposals_for_review(call).get()

    assert not review.may_see_scores(proposal, own)
    assert review.may_see_scores(proposal, first)
