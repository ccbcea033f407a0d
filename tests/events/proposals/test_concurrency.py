"""Speakers confirm accepted proposals at the same moment, each on their own
database connection: every confirmation makes its session, two people with one
name get two profiles at two addresses, and one person gets one profile."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from events.choices import ProposalStatus
from events.models import Proposal
from events.proposals import decisions
from speakers.models import Speaker
from tests.factories import StaffUserFactory
from tests.factories.accounts import VerifiedUserFactory

from .conftest import make_proposal

pytestmark = [
    pytest.mark.postgres_only,
    # Restores the migrations' rows (Wagtail's root page) that an earlier
    # transactional test flushed.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _accepted(proposals):
    manager = StaffUserFactory(groups=["Event managers"])
    messages = decisions.decide(
        proposals=proposals, decision=ProposalStatus.ACCEPTED, user=manager
    )
    decisions.send_messages(messages=messages, user=manager)


def _confirm_at_once(answers):
    """Each (proposal, user) confirms on its own connection, all at one moment."""
    all_ready = threading.Barrier(len(answers))

    def confirm(answer):
        proposal, user = answer
        try:
            all_ready.wait()
            decisions.respond_to_acceptance(proposal=proposal, user=user, accept=True)
            return "confirmed"
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(answers)) as pool:
        return list(pool.map(confirm, answers))


def test_two_people_with_one_name_and_title_confirm_at_once(call):
    people = [VerifiedUserFactory(email=f"pat{n}@example.org") for n in (1, 2)]
    # make_proposal names every proposer "Pat Proposer".
    proposals = [make_proposal(call, person) for person in people]
    _accepted(proposals)

    assert _confirm_at_once(list(zip(proposals, people))) == ["confirmed"] * 2

    sessions = [Proposal.objects.get(pk=p.pk).session for p in proposals]
    assert sorted(s.slug for s in sessions) == [
        "retrofitting-village-halls",
        "retrofitting-village-halls-2",
    ]
    speakers = Speaker.objects.filter(user__in=people).order_by("slug")
    assert [s.slug for s in speakers] == ["pat-proposer", "pat-proposer-2"]


def test_one_person_confirming_two_proposals_at_once_gets_one_profile(call):
    pat = VerifiedUserFactory(email="pat@example.org")
    proposals = [
        make_proposal(call, pat, title=title) for title in ("Bus routes", "Heat")
    ]
    _accepted(proposals)

    assert _confirm_at_once([(p, pat) for p in proposals]) == ["confirmed"] * 2

    [speaker] = Speaker.objects.all()
    assert speaker.user == pat
    for proposal in proposals:
        session = Proposal.objects.get(pk=proposal.pk).session
        assert list(session.speakers.all()) == [speaker]
