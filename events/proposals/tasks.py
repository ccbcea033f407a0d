"""Proposal emails, sent in the background: thin wrappers that load rows by id and
call `events.proposals.emails` (each email is sent at most once, so a task may run
twice)."""

from django.db.models import F
from django_tasks import task

from ..models import DecisionMessage, Proposal, ProposalSpeaker
from . import emails


def _proposal(proposal_id):
    return (
        Proposal.objects.select_related("call__summit", "proposer")
        .filter(pk=proposal_id)
        .first()
    )


@task()
def send_state_email(proposal_id, from_status, to_status):
    proposal = _proposal(proposal_id)
    if proposal is not None and proposal.status == to_status:
        emails.send_state_change(proposal, from_status=from_status)


@task()
def send_invitation_email(speaker_id):
    speaker = (
        ProposalSpeaker.objects.select_related("proposal__call__summit")
        .filter(pk=speaker_id, is_proposer=False)
        .first()
    )
    if speaker is not None:
        emails.send_invitation(speaker)


@task()
def send_co_speaker_answer_email(speaker_id):
    speaker = (
        ProposalSpeaker.objects.select_related(
            "proposal__call__summit", "proposal__proposer"
        )
        .filter(pk=speaker_id)
        .first()
    )
    if speaker is not None:
        emails.send_co_speaker_answer(speaker)


@task()
def send_co_speaker_dropped_email(proposal_id, speaker_id, email, name):
    proposal = _proposal(proposal_id)
    if proposal is not None:
        emails.send_co_speaker_dropped(
            proposal, speaker_id=speaker_id, email=email, name=name
        )


@task()
def send_decision_email(message_id):
    message = (
        DecisionMessage.objects.select_related("proposal__call__summit")
        # Still the proposal's state when the worker gets to it.
        .filter(pk=message_id, sent_at__isnull=False, proposal__status=F("decision"))
        .first()
    )
    if message is not None:
        emails.send_decision(message)
