"""An open call for proposals on the demo's upcoming summit: a dozen invented
proposals from invented people at invented organisations, in several states, and
two demo reviewers' scores (docs/proposals.md#demo). Dates are relative to today:
the call opened three weeks ago and closes in ten days."""

import datetime

from django.contrib.auth.models import Group, User
from django.utils import timezone

from framework.models import Commitment

from ..choices import CoSpeakerStatus, ProposalStatus, SessionType
from ..models import (
    CallForProposals,
    CallQuestion,
    CallSessionType,
    Proposal,
    ProposalSpeaker,
    ProposalStateChange,
    Review,
    ReviewCriterion,
    ReviewScore,
)

CALL_TEXT = (
    "<p><b>Demo content.</b> Partners: show the region what you are delivering. We "
    "are looking for sessions that spotlight work under way against the Shared "
    "Ambition's commitments, led by the people doing it.</p>"
    "<h2>Who should propose</h2><p>Any organisation on the register, and any group "
    "working with one. Sessions led with communities are especially welcome.</p>"
)
OFFERS = [
    (SessionType.PANEL, 60),
    (SessionType.WORKSHOP, 90),
    (SessionType.BREAKOUT, 45),
]
CRITERIA = [
    ("Relevance to the commitments", "Does it speak to what the region agreed?", 2),
    ("Delivery shown", "Is there work under way, with results to share?", 2),
    ("Audience value", "Will people leave able to do something?", 1),
]
DOMAIN = "demo.invalid"
# (title, type, state, proposer, organisation, organisation type, co-speakers, commitment index)
PROPOSALS = [
    ("Evening buses for market towns: a year in", SessionType.PANEL, ProposalStatus.SUBMITTED, "Amara Okafor (demo)", "Fenland Transport Partnership", "public-sector", ["confirmed"], 0),
    ("Retrofitting village halls together", SessionType.WORKSHOP, ProposalStatus.SUBMITTED, "Bryn Hughes (demo)", "Ouse Valley Community Energy", "voluntary", ["invited"], 1),
    ("Life-science apprenticeships beyond Cambridge", SessionType.PANEL, ProposalStatus.SUBMITTED, "Chen Wei (demo)", "Huntingdon College", "education", [], 2),
    ("Cutting GP waits with community pharmacies", SessionType.BREAKOUT, ProposalStatus.SUBMITTED, "Dara Byrne (demo)", "North Fens Health Alliance", "health", ["confirmed", "declined"], 3),
    ("Peat, carbon and farming: a field report", SessionType.WORKSHOP, ProposalStatus.SUBMITTED, "Esi Mensah (demo)", "Black Fen Growers", "business", [], 4),
    ("Start-ups that stay: scale-up space in Peterborough", SessionType.PANEL, ProposalStatus.SUBMITTED, "Farid Rahimi (demo)", "Nene Enterprise Hub", "business", [], 5),
    ("Flood-ready high streets", SessionType.BREAKOUT, ProposalStatus.SUBMITTED, "Gwen Price (demo)", "Great Ouse Resilience Forum", "public-sector", [], 6),
    ("Safe cycling routes to school", SessionType.WORKSHOP, ProposalStatus.SUBMITTED, "Hamza Ali (demo)", "St Neots Streets for People", "voluntary", [], 7),
    ("Warm homes on low incomes: what worked", SessionType.PANEL, ProposalStatus.DRAFT, "Ines Duarte (demo)", "Peterborough Warm Homes", "voluntary", [], 8),
    ("Open data for local transport", SessionType.BREAKOUT, ProposalStatus.DRAFT, "Jonas Berg (demo)", "Fen Data Co-op", "business", [], 9),
    ("Chalk streams and new homes", SessionType.PANEL, ProposalStatus.WITHDRAWN, "Kemi Adeyemi (demo)", "Cam Valley Water Trust", "voluntary", [], 10),
    ("Research parks open to schools", SessionType.WORKSHOP, ProposalStatus.WITHDRAWN, "Lior Cohen (demo)", "Fen Science Park", "business", [], 11),
]  # fmt: skip
REVIEWERS = [
    ("demo-reviewer-1", "Rowan Reviewer (demo)", f"rowan@reviewers-one.{DOMAIN}"),
    ("demo-reviewer-2", "Remi Reviewer (demo)", f"remi@reviewers-two.{DOMAIN}"),
]
# Scores per reviewer for the first six submitted proposals (one per criterion).
SCORES = [
    [(5, 4, 4), (4, 3, 5), (3, 4, 3), (5, 5, 4), (2, 3, 3), (4, 2, 3)],
    [(4, 5, 4), (4, 4, 4), (2, 3, 4), None, (3, 2, 2), (4, 3, 4)],
]


def _slug(text):
    return "".join(ch for ch in text.lower() if ch.isalnum())[:30]


def _user(username, name, email):
    """An invented person with no way to sign in."""
    user, created = User.objects.get_or_create(
        username=username, defaults={"email": email}
    )
    if created:
        first, _space, last = name.partition(" ")
        user.first_name, user.last_name = first, last
        user.set_unusable_password()
        user.save()
    return user


def seed_call(summit, *, stdout):
    """Open a call on `summit` with the demo's proposals, unless it has a call."""
    if CallForProposals.objects.filter(summit=summit).exists():
        return
    now = timezone.now()
    closes = timezone.localtime(now + datetime.timedelta(days=10)).replace(
        hour=17, minute=0, second=0, microsecond=0
    )
    call = CallForProposals.objects.create(
        summit=summit,
        opens_at=now - datetime.timedelta(days=21),
        closes_at=closes,
        text=CALL_TEXT,
    )
    for order, (session_type, minutes) in enumerate(OFFERS):
        CallSessionType.objects.create(
            call=call,
            session_type=session_type,
            duration_minutes=minutes,
            sort_order=order,
        )
    CallQuestion.objects.create(
        call=call,
        label="Have you presented this work before?",
        kind="yes_no",
        required=True,
    )
    criteria = [
        ReviewCriterion.objects.create(
            call=call, name=name, description=text, weight=weight, sort_order=n
        )
        for n, (name, text, weight) in enumerate(CRITERIA)
    ]
    commitments = list(Commitment.objects.all())
    submitted = []
    for number, spec in enumerate(PROPOSALS):
        title, session_type, state, name, organisation, org_type, co, index = spec
        proposal = _proposal(call, number, spec, now=now)
        if commitments:
            proposal.commitments.set([commitments[index % len(commitments)]])
        if state == ProposalStatus.SUBMITTED:
            submitted.append(proposal)
    reviewers = [_user(*spec) for spec in REVIEWERS]
    group = Group.objects.filter(name="Reviewers").first()
    for reviewer in reviewers:
        if group:
            reviewer.groups.add(group)
    for reviewer, rows in zip(reviewers, SCORES, strict=True):
        for proposal, scores in zip(submitted, rows, strict=False):
            if scores is None:
                Review.objects.create(
                    proposal=proposal,
                    reviewer=reviewer,
                    conflict=True,
                    conflict_reason="I used to work with the proposer (demo).",
                )
                continue
            review = Review.objects.create(
                proposal=proposal, reviewer=reviewer, comment="Demo review."
            )
            ReviewScore.objects.bulk_create(
                ReviewScore(review=review, criterion=criterion, score=score)
                for criterion, score in zip(criteria, scores, strict=True)
            )
    stdout.write(f"Call for proposals: {len(PROPOSALS)} demo proposals, 2 reviewers.")


def _proposal(call, number, spec, *, now):
    title, session_type, state, name, organisation, org_type, co, _index = spec
    email_domain = f"{_slug(organisation)}.{DOMAIN}"
    proposer = _user(
        f"demo-proposer-{number + 1}", name, f"{_slug(name)}@{email_domain}"
    )
    offer = call.session_types.get(session_type=session_type)
    created = now - datetime.timedelta(days=20 - number)
    proposal = Proposal.objects.create(
        call=call,
        proposer=proposer,
        title=title,
        abstract=f"Demo content. {title}: what we set out to do, what happened, and "
        "what others in the region can take from it.",
        description="Demo content: how the session would run, who speaks, and what "
        "participants will leave with.",
        session_type=session_type,
        duration_minutes=offer.duration_minutes,
        audience="Councils, partners and community groups.",
        organisation_type=org_type,
        answers={str(call.questions.get().pk): "no"},
        status=state,
        submitted_at=None if state == ProposalStatus.DRAFT else created,
    )
    ProposalStateChange.objects.create(
        proposal=proposal, to_status=ProposalStatus.DRAFT, user=proposer
    )
    if state != ProposalStatus.DRAFT:
        ProposalStateChange.objects.create(
            proposal=proposal,
            from_status=ProposalStatus.DRAFT,
            to_status=ProposalStatus.SUBMITTED,
            user=proposer,
        )
    if state == ProposalStatus.WITHDRAWN:
        ProposalStateChange.objects.create(
            proposal=proposal,
            from_status=ProposalStatus.SUBMITTED,
            to_status=ProposalStatus.WITHDRAWN,
            user=proposer,
        )
    ProposalSpeaker.objects.create(
        proposal=proposal,
        user=proposer,
        email=proposer.email,
        is_proposer=True,
        status=CoSpeakerStatus.CONFIRMED,
        name=name,
        role="Programme lead",
        organisation=organisation,
        bio=f"{name.removesuffix(' (demo)')} is an invented person for the demo.",
        responded_at=created,
    )
    for n, status in enumerate(co, start=1):
        ProposalSpeaker.objects.create(
            proposal=proposal,
            email=f"colleague{n}@{email_domain}",
            status=status,
            name=f"Colleague {n} (demo)" if status == CoSpeakerStatus.CONFIRMED else "",
            organisation=organisation if status == CoSpeakerStatus.CONFIRMED else "",
            responded_at=None if status == CoSpeakerStatus.INVITED else created,
        )
    return proposal
