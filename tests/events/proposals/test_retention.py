"""Speakers' data on proposals that never made the programme is erased 12 months
after the summit; the rest stays."""

import datetime

import pytest
from django.utils import timezone

from events.models import Proposal
from events.proposals import personal_data, services
from events.proposals.retention import erase_unused_proposals

from .conftest import make_proposal

pytestmark = pytest.mark.django_db


def test_withdrawn_proposals_lose_speakers_data_a_year_after_the_summit(
    call, proposer, summit
):
    kept = make_proposal(call, proposer, title="Accepted")
    services.change_state(proposal=kept, to_status="accepted", user=None)
    gone = make_proposal(call, proposer, title="Withdrawn", co_speakers=["c@x.example"])
    services.withdraw_proposal(proposal=gone, user=proposer)
    ended = timezone.now() - datetime.timedelta(days=400)
    type(summit).objects.filter(pk=summit.pk).update(
        start=ended - datetime.timedelta(hours=8), end=ended
    )

    assert erase_unused_proposals(policy=None, now=timezone.now(), dry_run=True) == 1
    assert erase_unused_proposals(policy=None, now=timezone.now()) == 1

    gone = Proposal.objects.get(title="Withdrawn")
    assert gone.proposer is None and gone.anonymised_at
    assert all(s.email.endswith("@invalid") and not s.name for s in gone.speakers.all())
    kept = Proposal.objects.get(title="Accepted")
    assert kept.speakers.get(is_proposer=True).name == "Pat Proposer"
    assert erase_unused_proposals(policy=None, now=timezone.now()) == 0


def test_a_recent_summit_keeps_everything(call, proposer):
    services.withdraw_proposal(proposal=make_proposal(call, proposer), user=proposer)
    assert erase_unused_proposals(policy=None, now=timezone.now()) == 0


def test_a_person_finds_and_erases_their_speaker_records(call, proposer):
    proposal = make_proposal(call, proposer)
    [found] = personal_data.find_proposal_speakers("PAT@fenland-futures.example")
    assert found["Name"] == "Pat Proposer"

    erased = personal_data.erase_proposal_speakers(
        "pat@fenland-futures.example", now=timezone.now()
    )

    assert erased.count == 1
    proposal.refresh_from_db()
    assert proposal.status == "withdrawn"
    assert personal_data.find_proposal_speakers("pat@fenland-futures.example") == []
