"""Proposals' state machine, the deadline, co-speakers and the emails they send."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from events.models import Proposal, ProposalSpeaker, ProposalStateChange
from events.proposals import services

from .conftest import make_proposal

pytestmark = pytest.mark.django_db


def test_a_draft_is_saved_without_telling_anyone(call, proposer):
    proposal = make_proposal(call, proposer, submit=False, co_speakers=["a@b.example"])

    assert proposal.status == "draft"
    assert proposal.duration_minutes == 60
    assert proposal.speakers.get(is_proposer=True).name == "Pat Proposer"
    assert mail.outbox == []  # co-speakers hear once it is sent in


def test_submitting_emails_the_proposer_and_invites_co_speakers(call, proposer):
    proposal = make_proposal(call, proposer, co_speakers=["Cass@Ouse-Valley.example"])

    assert proposal.status == "submitted" and proposal.submitted_at
    subjects = sorted(message.subject for message in mail.outbox)
    assert any("Your proposal for" in s for s in subjects)
    invitation = next(m for m in mail.outbox if "invites you" in m.subject)
    speaker = proposal.speakers.get(is_proposer=False)
    assert invitation.to == ["cass@ouse-valley.example"]
    assert speaker.get_absolute_url() in invitation.body
    assert len(speaker.token) >= 40
    changes = list(
        ProposalStateChange.objects.filter(proposal=proposal).values_list(
            "from_status", "to_status"
        )
    )
    assert changes == [("", "draft"), ("draft", "submitted")]


def test_at_most_three_co_speakers(call, proposer):
    emails = [f"person{n}@x.example" for n in range(4)]
    with pytest.raises(services.ProposalError) as error:
        make_proposal(call, proposer, co_speakers=emails)
    assert error.value.status == 400
    assert not Proposal.objects.exists()  # nothing half written


def test_editing_after_the_deadline_is_refused(call, proposer, submitted):
    call.closes_at = timezone.now() - datetime.timedelta(minutes=1)
    call.save()

    with pytest.raises(services.ProposalError) as error:
        make_proposal(call, proposer, title="Changed", submit=False)
    assert error.value.status == 403
    assert "closed" in error.value.message
    submitted.refresh_from_db()
    assert submitted.title == "Retrofitting village halls"


def test_a_call_not_yet_open_refuses_proposals(call, proposer):
    call.opens_at = timezone.now() + datetime.timedelta(days=1)
    call.save()
    with pytest.raises(services.ProposalError, match="opens on"):
        make_proposal(call, proposer)


def test_a_format_not_on_offer_is_refused(call, proposer):
    with pytest.raises(services.ProposalError, match="formats on offer"):
        make_proposal(call, proposer, session_type="keynote")


def test_only_the_proposer_edits(call, submitted, co_speaker_user):
    with pytest.raises(services.ProposalError) as error:
        services.save_proposal(
            call=call,
            user=co_speaker_user,
            proposal=submitted,
            fields={"session_type": "panel", "title": "Mine now"},
        )
    assert error.value.status == 403


def test_withdrawing_is_logged_and_emailed(submitted, proposer):
    mail.outbox.clear()
    services.withdraw_proposal(proposal=submitted, user=proposer)

    submitted.refresh_from_db()
    assert submitted.status == "withdrawn"
    assert submitted.state_changes.last().to_status == "withdrawn"
    assert [m.subject for m in mail.outbox] == [
        "You withdrew your proposal: Retrofitting village halls"
    ]
    with pytest.raises(services.ProposalError, match="can't be withdrawn"):
        services.withdraw_proposal(proposal=submitted, user=proposer)


def test_the_state_machine_refuses_a_jump(submitted):
    services.change_state(proposal=submitted, to_status="rejected", user=None)
    # A decision may change (rejected → accepted), but no speaker answers a rejection.
    with pytest.raises(services.ProposalError, match="can't become"):
        services.change_state(proposal=submitted, to_status="confirmed", user=None)


def test_a_co_speaker_confirms_with_their_profile(call, proposer, co_speaker_user):
    proposal = make_proposal(call, proposer, co_speakers=["cass@ouse-valley.example"])
    speaker = proposal.speakers.get(is_proposer=False)
    mail.outbox.clear()

    services.respond_to_invitation(
        speaker=speaker,
        user=co_speaker_user,
        accept=True,
        profile={
            "name": "Cass Cospeaker",
            "pronouns": "she/her",
            "role": "",
            "organisation": "Ouse Valley Trust",
            "bio": "",
        },
    )

    speaker.refresh_from_db()
    assert speaker.status == "confirmed" and speaker.user == co_speaker_user
    assert speaker.organisation == "Ouse Valley Trust"
    assert mail.outbox[0].to == ["pat@fenland-futures.example"]
    assert "Cass Cospeaker has confirmed" in mail.outbox[0].body


def test_an_answered_invitation_belongs_to_its_account(call, proposer, co_speaker_user):
    proposal = make_proposal(call, proposer, co_speakers=["cass@ouse-valley.example"])
    speaker = proposal.speakers.get(is_proposer=False)
    services.respond_to_invitation(speaker=speaker, user=co_speaker_user, accept=False)

    with pytest.raises(services.ProposalError) as error:
        services.respond_to_invitation(speaker=speaker, user=proposer, accept=True)
    assert error.value.status == 403
    assert ProposalSpeaker.objects.get(pk=speaker.pk).status == "declined"


def test_dropping_a_co_speaker_removes_their_invitation(call, proposer, submitted):
    make_proposal(
        call, proposer, co_speakers=["one@x.example", "two@x.example"], submit=False
    )
    assert submitted.speakers.filter(is_proposer=False).count() == 0  # another proposal
    proposal = make_proposal(
        call, proposer, co_speakers=["one@x.example", "two@x.example"]
    )
    services.save_proposal(
        call=call,
        user=proposer,
        proposal=proposal,
        fields={"session_type": "panel", "title": "Retitled"},
        co_speaker_emails=["two@x.example"],
    )
    assert list(
        proposal.speakers.filter(is_proposer=False).values_list("email", flat=True)
    ) == ["two@x.example"]


def test_a_stranger_cannot_take_an_invitation(call, proposer, co_speaker_user):
    proposal = make_proposal(call, proposer, co_speakers=["invited@elsewhere.example"])
    speaker = proposal.speakers.get(is_proposer=False)

    with pytest.raises(services.ProposalError, match="another email address") as error:
        services.respond_to_invitation(
            speaker=speaker, user=co_speaker_user, accept=True
        )

    assert error.value.status == 403
    speaker.refresh_from_db()
    assert speaker.user is None and speaker.status == "invited"


def test_dropping_and_adding_a_co_speaker_again_invites_them_once(call, proposer):
    proposal = make_proposal(call, proposer, co_speakers=["Vic@Elsewhere.example"])

    def invitations():
        return [m for m in mail.outbox if m.to == ["vic@elsewhere.example"]]

    assert len(invitations()) == 1
    for emails in ([], ["vic@elsewhere.example"], [], ["VIC@elsewhere.example"]):
        services.save_proposal(
            call=call,
            user=proposer,
            proposal=proposal,
            fields={"title": "t", "abstract": "a", "session_type": "panel"},
            co_speaker_emails=emails,
            submit=True,
        )

    assert proposal.speakers.filter(is_proposer=False).count() == 1
    assert len(invitations()) == 1


def test_a_confirmed_co_speaker_who_is_dropped_is_told(call, proposer, co_speaker_user):
    proposal = make_proposal(call, proposer, co_speakers=["cass@ouse-valley.example"])
    speaker = proposal.speakers.get(is_proposer=False)
    services.respond_to_invitation(
        speaker=speaker, user=co_speaker_user, accept=True, profile={"name": "Cass"}
    )
    mail.outbox.clear()

    services.save_proposal(
        call=call,
        user=proposer,
        proposal=proposal,
        fields={"session_type": "panel", "title": "Retitled"},
        co_speaker_emails=[],
    )

    [email] = mail.outbox
    assert email.to == ["cass@ouse-valley.example"]
    assert "no longer a co-speaker" in email.subject
    assert "Dear Cass" in email.body and "Retitled" in email.body


def test_a_call_must_close_after_it_opens(call):
    call.closes_at = call.opens_at
    with pytest.raises(ValidationError) as error:
        call.full_clean()
    assert error.value.message_dict["closes_at"] == [
        "The call must close after it opens."
    ]
