"""Speakers' data on proposals that never made the programme (every one not
confirmed) is erased 12 months after the summit; access needs go from every
proposal after the policy's `access_needs_days`; the rest stays."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from events.choices import ProposalStatus
from events.models import DecisionMessage, Proposal
from events.proposals import decisions, personal_data, services
from events.proposals.retention import (
    erase_access_needs_after_summit,
    erase_unused_proposals,
)
from home.models import RetentionPolicy
from home.retention_registry import registered_rules
from tests.factories import StaffUserFactory

from .conftest import make_proposal

pytestmark = pytest.mark.django_db


def _summit_ended(summit, days_ago):
    ended = timezone.now() - datetime.timedelta(days=days_ago)
    type(summit).objects.filter(pk=summit.pk).update(
        start=ended - datetime.timedelta(hours=8), end=ended
    )


def test_proposals_not_confirmed_lose_speakers_data_a_year_after_the_summit(
    call, proposer, summit
):
    kept = make_proposal(call, proposer, title="Confirmed", access_needs="Ramp")
    services.change_state(proposal=kept, to_status="accepted", user=None)
    services.change_state(proposal=kept, to_status="confirmed", user=None)
    accepted = make_proposal(call, proposer, title="Accepted")
    services.change_state(proposal=accepted, to_status="accepted", user=None)
    make_proposal(call, proposer, title="Submitted", access_needs="A quiet room nearby")
    waitlisted = make_proposal(call, proposer, title="Waiting list")
    services.change_state(proposal=waitlisted, to_status="waitlisted", user=None)
    gone = make_proposal(call, proposer, title="Withdrawn", co_speakers=["c@x.example"])
    services.withdraw_proposal(proposal=gone, user=proposer)
    _summit_ended(summit, days_ago=400)

    assert erase_unused_proposals(policy=None, now=timezone.now(), dry_run=True) == 4
    assert erase_unused_proposals(policy=None, now=timezone.now()) == 4

    for title in ("Accepted", "Submitted", "Waiting list", "Withdrawn"):
        gone = Proposal.objects.get(title=title)
        assert gone.proposer is None and gone.anonymised_at
        assert gone.access_needs == "" and gone.answers == {}
        assert all(
            s.email.endswith("@invalid") and not s.name for s in gone.speakers.all()
        )
    kept = Proposal.objects.get(title="Confirmed")
    assert kept.speakers.get(is_proposer=True).name == "Pat Proposer"
    assert kept.anonymised_at is None
    assert erase_unused_proposals(policy=None, now=timezone.now()) == 0


def test_access_needs_go_from_every_proposal_with_the_attendees_needs(
    call, proposer, summit
):
    policy = RetentionPolicy.load()
    policy.access_needs_days = 30
    confirmed = make_proposal(call, proposer, title="Confirmed", access_needs="Ramp")
    services.change_state(proposal=confirmed, to_status="accepted", user=None)
    services.change_state(proposal=confirmed, to_status="confirmed", user=None)
    make_proposal(call, proposer, title="Submitted", access_needs="Step-free")
    _summit_ended(summit, days_ago=29)

    assert erase_access_needs_after_summit(policy=policy, now=timezone.now()) == 0

    _summit_ended(summit, days_ago=31)
    assert (
        erase_access_needs_after_summit(policy=policy, now=timezone.now(), dry_run=True)
        == 2
    )
    assert erase_access_needs_after_summit(policy=policy, now=timezone.now()) == 2

    assert not Proposal.objects.exclude(access_needs="").exists()
    confirmed.refresh_from_db()
    assert confirmed.status == "confirmed" and confirmed.anonymised_at is None
    assert confirmed.speakers.get(is_proposer=True).name == "Pat Proposer"
    assert "events.proposal_access_needs" in {r.name for r in registered_rules()}


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


def test_a_download_and_erasure_include_access_needs_answers_and_account(
    call, proposer, co_speaker_user
):
    proposal = make_proposal(
        call, proposer, access_needs="Step-free access", co_speakers=["old@x.example"]
    )
    # The co-speaker answered from an account whose address has changed since.
    speaker = proposal.speakers.get(is_proposer=False)
    speaker.user = co_speaker_user
    speaker.save()

    [lead] = personal_data.find_proposal_speakers("pat@fenland-futures.example")
    assert lead["Access needs"] == "Step-free access"
    assert lead["Answers to the call's questions"] == proposal.answers != {}
    [co] = personal_data.find_proposal_speakers("cass@ouse-valley.example")
    assert co["Email address"] == "old@x.example" and "Access needs" not in co

    personal_data.erase_proposal_speakers(
        "pat@fenland-futures.example", now=timezone.now()
    )
    erased = personal_data.erase_proposal_speakers(
        "cass@ouse-valley.example", now=timezone.now()
    )

    assert erased.count == 1
    proposal.refresh_from_db()
    assert proposal.access_needs == "" and proposal.answers == {}
    assert not proposal.speakers.filter(user__isnull=False).exists()
    assert personal_data.find_proposal_speakers("cass@ouse-valley.example") == []


def test_decision_messages_are_in_the_download_and_erased(
    call, proposer, co_speaker_user
):
    manager = StaffUserFactory(groups=["Event managers"])
    proposal = make_proposal(call, proposer, co_speakers=["cass@ouse-valley.example"])
    services.respond_to_invitation(
        speaker=proposal.speakers.get(is_proposer=False),
        user=co_speaker_user,
        accept=True,
        profile={"name": "Cass Cospeaker"},
    )
    [sent] = decisions.decide(
        proposals=[proposal], decision=ProposalStatus.WAITLISTED, user=manager
    )
    decisions.send_messages(messages=[sent], user=manager)
    [draft] = decisions.decide(
        proposals=[proposal], decision=ProposalStatus.ACCEPTED, user=manager
    )
    # Someone else's message, to an address that merely contains Pat's.
    other = make_proposal(call, co_speaker_user, title="Another")
    [elsewhere] = decisions.decide(
        proposals=[other], decision=ProposalStatus.REJECTED, user=manager
    )
    decisions.send_messages(messages=[elsewhere], user=manager)
    DecisionMessage.objects.filter(pk=elsewhere.pk).update(
        recipients=["xpat@fenland-futures.example"]
    )

    found = personal_data.find_decision_messages("PAT@fenland-futures.example")
    assert [(m["id"], m["Decision"]) for m in found] == [
        (sent.pk, "Waiting list"),
        (draft.pk, "Accepted"),
    ]
    assert found[0]["Proposal"] == "Retrofitting village halls"
    assert "Retrofitting village halls" in found[0]["Text"]
    cass = personal_data.find_decision_messages("cass@ouse-valley.example")
    assert [m["id"] for m in cass] == [sent.pk, draft.pk]

    # Cass first: her address leaves the sent message, the draft still goes to Pat.
    erased = personal_data.erase_decision_messages(
        "cass@ouse-valley.example", now=timezone.now()
    )
    assert erased.count == 1
    sent.refresh_from_db()
    assert sent.recipients == ["pat@fenland-futures.example"] and sent.body == ""
    assert DecisionMessage.objects.filter(pk=draft.pk).exists()

    erased = personal_data.erase_decision_messages(
        "pat@fenland-futures.example", now=timezone.now()
    )
    assert erased.count == 2
    sent.refresh_from_db()
    assert sent.recipients == [] and sent.body == ""
    assert not DecisionMessage.objects.filter(pk=draft.pk).exists()
    assert personal_data.find_decision_messages("pat@fenland-futures.example") == []
    elsewhere.refresh_from_db()
    assert elsewhere.recipients == ["xpat@fenland-futures.example"]
    assert elsewhere.body != ""


def test_a_draft_skips_a_co_speaker_whose_data_was_erased(
    call, proposer, co_speaker_user
):
    manager = StaffUserFactory(groups=["Event managers"])
    proposal = make_proposal(call, proposer, co_speakers=["cass@ouse-valley.example"])
    services.respond_to_invitation(
        speaker=proposal.speakers.get(is_proposer=False),
        user=co_speaker_user,
        accept=True,
        profile={"name": "Cass Cospeaker"},
    )
    [draft] = decisions.decide(
        proposals=[proposal], decision=ProposalStatus.ACCEPTED, user=manager
    )
    for holder in personal_data.HOLDERS:
        holder.erase("cass@ouse-valley.example", now=timezone.now())
    mail.outbox.clear()

    decisions.send_messages(messages=[draft], user=manager)

    assert [m.to[0] for m in mail.outbox] == ["pat@fenland-futures.example"]
