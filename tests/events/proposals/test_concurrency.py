"""Speakers confirm accepted proposals to two summits' calls at the same moment,
each on their own database connection (confirmations to one call wait for each
other: locking a proposal locks its call too): every confirmation makes its
session, two people with one name get two profiles at two addresses, and one
person gets one profile."""

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
from tests.factories.events import SummitPageFactory

from .conftest import make_proposal, open_call

pytestmark = [
    pytest.mark.postgres_only,
    # Restores the migrations' rows (Wagtail's root page) that an earlier
    # transactional test flushed.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def calls(call):
    """`call` and another summit's."""
    return [call, open_call(SummitPageFactory(parent=call.summit.get_parent()))]


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


def test_two_people_with_one_name_confirm_at_once(calls):
    people = [VerifiedUserFactory(email=f"pat{n}@example.org") for n in (1, 2)]
    # make_proposal names every proposer "Pat Proposer".
    proposals = [make_proposal(c, p) for c, p in zip(calls, people, strict=True)]
    _accepted(proposals)

    assert (
        _confirm_at_once(list(zip(proposals, people, strict=True))) == ["confirmed"] * 2
    )

    speakers = Speaker.objects.filter(user__in=people).order_by("slug")
    assert [s.slug for s in speakers] == ["pat-proposer", "pat-proposer-2"]


def test_one_person_confirming_two_proposals_at_once_gets_one_profile(calls):
    pat = VerifiedUserFactory(email="pat@example.org")
    proposals = [make_proposal(call, pat) for call in calls]
    _accepted(proposals)

    assert _confirm_at_once([(p, pat) for p in proposals]) == ["confirmed"] * 2

    [speaker] = Speaker.objects.all()
    assert speaker.user == pat
    for proposal in proposals:
        session = Proposal.objects.get(pk=proposal.pk).session
        assert list(session.speakers.all()) == [speaker]
