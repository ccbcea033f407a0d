"""Decisions, the outbox and the speakers' confirmation, as staff and speakers
notice them (docs/proposals.md#decisions-and-the-outbox)."""

import pytest
from django.core import mail
from django.urls import reverse

from events.choices import ProposalStatus
from events.models import Attendee, DecisionMessage, Proposal, Session
from events.proposals import decisions, services
from speakers.models import Speaker
from tests.factories import StaffUserFactory
from tests.factories.events import SessionFactory
from tests.factories.speakers import SpeakerFactory

from .conftest import make_proposal

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(db):
    return StaffUserFactory(email="meg@events.example", groups=["Event managers"])


@pytest.fixture
def submitted(call, proposer):
    proposal = make_proposal(call, proposer)
    mail.outbox.clear()
    return proposal


@pytest.fixture
def with_co_speaker(call, proposer, co_speaker_user):
    proposal = make_proposal(call, proposer, co_speakers=["cass@ouse-valley.example"])
    speaker = proposal.speakers.get(is_proposer=False)
    services.respond_to_invitation(
        speaker=speaker,
        user=co_speaker_user,
        accept=True,
        profile={"name": "Cass Cospeaker", "organisation": "Ouse Valley"},
    )
    mail.outbox.clear()
    return proposal


def outbox_url(call):
    return reverse("proposal_outbox", args=[call.pk])


def answer_url(proposal):
    return reverse(
        "events:answer_decision", args=[proposal.call.summit.slug, proposal.pk]
    )


def accept_and_send(proposal, manager):
    [message] = decisions.decide(
        proposals=[proposal], decision=ProposalStatus.ACCEPTED, user=manager
    )
    decisions.send_messages(messages=[message], user=manager)
    return message


def test_a_decision_drafts_a_message_and_sends_nothing(with_co_speaker, manager):
    [message] = decisions.decide(
        proposals=[with_co_speaker], decision=ProposalStatus.ACCEPTED, user=manager
    )
    with_co_speaker.refresh_from_db()
    assert with_co_speaker.status == ProposalStatus.ACCEPTED
    assert mail.outbox == []
    assert decisions.recipients(with_co_speaker) == [
        "pat@fenland-futures.example",
        "cass@ouse-valley.example",
    ]
    assert "accepted" in message.subject
    assert "Retrofitting village halls" in message.body
    assert answer_url(with_co_speaker) in message.body


def test_sending_emails_each_speaker_once_and_keeps_the_message(
    with_co_speaker, manager
):
    message = accept_and_send(with_co_speaker, manager)
    assert sorted(m.to[0] for m in mail.outbox) == [
        "cass@ouse-valley.example",
        "pat@fenland-futures.example",
    ]
    assert mail.outbox[0].subject == message.subject
    message.refresh_from_db()
    assert message.sent_by == manager and message.sent_at is not None
    assert decisions.send_messages(messages=[message], user=manager) == 0
    assert len(mail.outbox) == 2


def test_changing_a_decision_before_sending_replaces_the_draft(submitted, manager):
    decisions.decide(
        proposals=[submitted], decision=ProposalStatus.ACCEPTED, user=manager
    )
    decisions.decide(
        proposals=[submitted], decision=ProposalStatus.REJECTED, user=manager
    )
    [draft] = DecisionMessage.objects.filter(proposal=submitted)
    assert draft.decision == ProposalStatus.REJECTED
    assert mail.outbox == []


def test_a_new_decision_after_sending_drafts_a_new_message(submitted, manager):
    decisions.decide(
        proposals=[submitted], decision=ProposalStatus.WAITLISTED, user=manager
    )
    decisions.send_all_drafted(call=submitted.call, user=manager)
    decisions.decide(
        proposals=[submitted], decision=ProposalStatus.ACCEPTED, user=manager
    )
    sent, draft = DecisionMessage.objects.filter(proposal=submitted)
    assert sent.is_sent and sent.decision == ProposalStatus.WAITLISTED
    assert not draft.is_sent and draft.decision == ProposalStatus.ACCEPTED


def test_bulk_decision_is_all_or_nothing(call, proposer, submitted, manager):
    withdrawn = make_proposal(call, proposer, title="Second")
    services.withdraw_proposal(proposal=withdrawn, user=proposer)
    with pytest.raises(decisions.DecisionError):
        decisions.decide(
            proposals=[submitted, withdrawn],
            decision=ProposalStatus.ACCEPTED,
            user=manager,
        )
    submitted.refresh_from_db()
    assert submitted.status == ProposalStatus.SUBMITTED
    assert not DecisionMessage.objects.exists()


def test_outbox_pages_decide_edit_and_send(client, with_co_speaker, manager):
    call = with_co_speaker.call
    client.force_login(manager)
    response = client.post(
        outbox_url(call),
        {"action": "decide", "proposals": [with_co_speaker.pk], "decision": "accepted"},
    )
    assert response.status_code == 302
    message = DecisionMessage.objects.get()
    page = client.get(outbox_url(call))
    assert "Send the drafted message" in page.content.decode()
    edit = reverse("proposal_decision_message", args=[message.pk])
    assert client.get(edit).status_code == 200
    response = client.post(edit, {"subject": "Good news", "body": "Yes.\n\nThanks."})
    assert response.status_code == 302
    assert mail.outbox == []
    response = client.post(outbox_url(call), {"action": "send_all"})
    assert response.status_code == 302
    assert {m.subject for m in mail.outbox} == {"Good news"}
    assert "Thanks." in mail.outbox[0].body


@pytest.mark.parametrize(
    "data",
    [
        {"action": "decide", "proposals": ["999999"], "decision": "accepted"},
        {"action": "decide", "decision": "accepted"},
        {"action": "decide", "proposals": ["x"], "decision": "maybe"},
        {"action": "send", "message": "abc"},
        {"action": "send", "message": "99999999999999999999"},
        {"action": "explode"},
    ],
)
def test_bad_outbox_posts_are_refused_and_write_nothing(
    client, submitted, manager, data
):
    client.force_login(manager)
    response = client.post(outbox_url(submitted.call), data)
    assert 400 <= response.status_code < 500
    assert not DecisionMessage.objects.exists()
    submitted.refresh_from_db()
    assert submitted.status == ProposalStatus.SUBMITTED


def test_bad_message_edit_is_refused(client, submitted, manager):
    [message] = decisions.decide(
        proposals=[submitted], decision=ProposalStatus.ACCEPTED, user=manager
    )
    client.force_login(manager)
    url = reverse("proposal_decision_message", args=[message.pk])
    response = client.post(url, {"subject": "", "body": ""})
    assert response.status_code == 400
    message.refresh_from_db()
    assert message.subject and not message.is_sent


def test_reviewers_and_proposers_can_not_decide(client, submitted, reviewers, proposer):
    for user in (reviewers[0], proposer):
        client.force_login(user)
        response = client.post(
            outbox_url(submitted.call),
            {"action": "decide", "proposals": [submitted.pk], "decision": "accepted"},
        )
        # Refused: a proposer can't reach the admin at all.
        assert response.status_code in (302, 403)
    submitted.refresh_from_db()
    assert submitted.status == ProposalStatus.SUBMITTED


@pytest.mark.parametrize("route", ["proposal_outbox", "proposal_decision_message"])
def test_outbox_pages_refuse_without_the_permission_for_any_id(
    client, submitted, manager, reviewers, route
):
    [message] = decisions.decide(
        proposals=[submitted], decision=ProposalStatus.ACCEPTED, user=manager
    )
    existing = submitted.call.pk if route == "proposal_outbox" else message.pk
    client.force_login(reviewers[0])
    for pk in (existing, 999999):
        url = reverse(route, args=[pk])
        # Wagtail's admin answers a refusal (PermissionDenied) with a redirect to
        # its dashboard, whether or not the id exists.
        for response in (client.get(url), client.post(url, {"action": "send_all"})):
            assert (response.status_code, response.url) == (302, "/admin/"), pk
    client.force_login(manager)
    assert client.get(reverse(route, args=[existing])).status_code == 200
    assert client.get(reverse(route, args=[999999])).status_code == 404
    message.refresh_from_db()
    assert not message.is_sent


def test_confirming_makes_an_unscheduled_session_speakers_and_tickets_once(
    client, with_co_speaker, manager, proposer
):
    accept_and_send(with_co_speaker, manager)
    client.force_login(proposer)
    url = answer_url(with_co_speaker)
    page = client.get(url)
    assert "Confirm the session" in page.content.decode()
    for _click in range(2):  # a double click
        response = client.post(url, {"action": "confirm"})
        assert response.status_code == 302
    with_co_speaker.refresh_from_db()
    assert with_co_speaker.status == ProposalStatus.CONFIRMED
    [session] = Session.objects.filter(summit=with_co_speaker.call.summit)
    assert with_co_speaker.session == session
    assert session.start is None and session.room is None
    assert session.title == "Retrofitting village halls"
    assert session.session_type == "panel"
    assert session.commitments.count() == 2
    names = sorted(s.name for s in session.speakers.all())
    assert names == ["Cass Cospeaker", "Pat Proposer"]
    assert Speaker.objects.get(name="Pat Proposer").user == proposer
    tickets = Attendee.objects.filter(
        summit=with_co_speaker.call.summit, ticket_type__for_speakers=True
    )
    assert sorted(tickets.values_list("email", flat=True)) == [
        "cass@ouse-valley.example",
        "pat@fenland-futures.example",
    ]
    # The unscheduled session is on no public page.
    assert not Session.objects.public().filter(pk=session.pk).exists()
    summit = with_co_speaker.call.summit
    programme = client.get(reverse("events:programme", args=[summit.slug]))
    assert "Retrofitting village halls" not in programme.content.decode()
    page = client.get(reverse("events:session", args=[summit.slug, session.slug]))
    assert page.status_code == 404
    json = client.get(reverse("events:programme_json", args=[summit.slug]))
    assert "Retrofitting village halls" not in json.content.decode()


def test_confirming_links_an_existing_profile(with_co_speaker, manager, proposer):
    mine = SpeakerFactory(name="Pat P.", user=proposer)
    accept_and_send(with_co_speaker, manager)
    decisions.respond_to_acceptance(
        proposal=with_co_speaker, user=proposer, accept=True
    )
    session = Proposal.objects.get(pk=with_co_speaker.pk).session
    assert mine in session.speakers.all()
    assert Speaker.objects.filter(user=proposer).count() == 1


def _taken_first(monkeypatch, name, taken):
    """Make `decisions.<name>` answer `taken` once, as a concurrent confirmation
    would have seen it before the other committed, then look again."""
    real = getattr(decisions, name)
    answers = iter([taken])
    monkeypatch.setattr(
        decisions, name, lambda *args: next(answers, None) or real(*args)
    )


def test_slugs_taken_by_a_concurrent_confirmation_are_chosen_again(
    submitted, manager, proposer, monkeypatch
):
    summit = submitted.call.summit
    other = SpeakerFactory(name="Pat Proposer", slug="pat-proposer")
    SessionFactory(summit=summit, slug="retrofitting-village-halls")
    _taken_first(monkeypatch, "_unique_speaker_slug", "pat-proposer")
    _taken_first(monkeypatch, "_unique_slug", "retrofitting-village-halls")
    accept_and_send(submitted, manager)

    decisions.respond_to_acceptance(proposal=submitted, user=proposer, accept=True)

    session = Proposal.objects.get(pk=submitted.pk).session
    assert session.slug == "retrofitting-village-halls-2"
    [speaker] = session.speakers.all()
    assert speaker != other and speaker.slug == "pat-proposer-2"
    assert speaker.user == proposer


def test_slugs_that_stay_taken_end_in_a_clear_refusal(
    submitted, manager, proposer, monkeypatch
):
    SessionFactory(summit=submitted.call.summit, slug="always-taken")
    monkeypatch.setattr(decisions, "_unique_slug", lambda *args: "always-taken")
    accept_and_send(submitted, manager)

    with pytest.raises(decisions.DecisionError) as refusal:
        decisions.respond_to_acceptance(proposal=submitted, user=proposer, accept=True)

    assert refusal.value.status == 409
    submitted.refresh_from_db()
    assert submitted.status == ProposalStatus.ACCEPTED and submitted.session is None


def test_declining_makes_no_session(client, submitted, manager, proposer):
    accept_and_send(submitted, manager)
    client.force_login(proposer)
    response = client.post(answer_url(submitted), {"action": "decline"})
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == ProposalStatus.DECLINED
    assert not Session.objects.exists()


def test_no_answer_before_the_acceptance_is_sent(client, submitted, manager, proposer):
    decisions.decide(
        proposals=[submitted], decision=ProposalStatus.ACCEPTED, user=manager
    )
    client.force_login(proposer)
    response = client.post(answer_url(submitted), {"action": "confirm"})
    assert response.status_code == 409
    assert not Session.objects.exists()


def test_only_the_speakers_may_answer(client, submitted, manager, co_speaker_user):
    accept_and_send(submitted, manager)
    client.force_login(co_speaker_user)
    response = client.post(answer_url(submitted), {"action": "confirm"})
    assert response.status_code == 404
    response = client.post(answer_url(submitted), {"action": "confirm"})
    submitted.refresh_from_db()
    assert submitted.status == ProposalStatus.ACCEPTED


def test_a_bad_answer_is_refused(client, submitted, manager, proposer):
    accept_and_send(submitted, manager)
    client.force_login(proposer)
    response = client.post(answer_url(submitted), {"action": "maybe"})
    assert response.status_code == 400
    submitted.refresh_from_db()
    assert submitted.status == ProposalStatus.ACCEPTED


def test_a_draft_whose_proposal_was_withdrawn_is_not_sent(
    submitted, manager, proposer, django_capture_on_commit_callbacks
):
    decisions.decide(
        proposals=[submitted], decision=ProposalStatus.ACCEPTED, user=manager
    )
    services.withdraw_proposal(proposal=submitted, user=proposer)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        sent = decisions.send_all_drafted(call=submitted.call, user=manager)

    assert sent == 0
    assert not any("accepted" in message.subject for message in mail.outbox)
    assert not DecisionMessage.objects.get(proposal=submitted).is_sent


def test_a_confirmed_proposal_can_not_be_withdrawn(
    client, submitted, manager, proposer
):
    accept_and_send(submitted, manager)
    decisions.respond_to_acceptance(proposal=submitted, user=proposer, accept=True)

    with pytest.raises(services.ProposalError, match="can't be withdrawn"):
        services.withdraw_proposal(proposal=submitted, user=proposer)
    submitted.refresh_from_db()
    assert submitted.status == ProposalStatus.CONFIRMED
    assert submitted.session is not None


def test_an_acceptance_overtaken_by_a_later_decision_can_not_be_confirmed(
    submitted, manager, proposer
):
    accept_and_send(submitted, manager)
    decisions.decide(
        proposals=[submitted], decision=ProposalStatus.REJECTED, user=manager
    )
    decisions.decide(
        proposals=[submitted], decision=ProposalStatus.ACCEPTED, user=manager
    )  # drafted, not sent yet

    with pytest.raises(decisions.DecisionError, match="not waiting for your answer"):
        decisions.respond_to_acceptance(proposal=submitted, user=proposer, accept=True)
    assert not Session.objects.filter(title=submitted.title).exists()


def test_editing_a_draft_replaced_meanwhile_says_so(submitted, manager):
    [first] = decisions.decide(
        proposals=[submitted], decision=ProposalStatus.ACCEPTED, user=manager
    )
    decisions.decide(
        proposals=[submitted], decision=ProposalStatus.REJECTED, user=manager
    )

    with pytest.raises(decisions.DecisionError, match="replaced") as refused:
        decisions.edit_message(message=first, subject="Hello", body="Text")
    assert refused.value.status == 404


def test_a_message_goes_to_the_speakers_as_they_are_when_sent(
    client, with_co_speaker, manager
):
    [message] = decisions.decide(
        proposals=[with_co_speaker], decision=ProposalStatus.ACCEPTED, user=manager
    )
    # Between drafting and sending: one co-speaker's address changes, another
    # confirms (an editor's fix, say).
    with_co_speaker.speakers.filter(is_proposer=False).update(
        email="cass@new-address.example"
    )
    with_co_speaker.speakers.create(
        email="dev@ouse-valley.example", status="confirmed", name="Dev"
    )
    client.force_login(manager)
    outbox = client.get(outbox_url(with_co_speaker.call)).content.decode()
    assert "cass@new-address.example" in outbox
    assert "cass@ouse-valley.example" not in outbox

    decisions.send_messages(messages=[message], user=manager)

    expected = [
        "cass@new-address.example",
        "dev@ouse-valley.example",
        "pat@fenland-futures.example",
    ]
    assert sorted(m.to[0] for m in mail.outbox) == expected
    message.refresh_from_db()
    assert sorted(message.recipients) == expected


def test_a_co_speaker_dropped_before_sending_is_not_told(with_co_speaker, manager):
    [message] = decisions.decide(
        proposals=[with_co_speaker], decision=ProposalStatus.REJECTED, user=manager
    )
    with_co_speaker.speakers.filter(is_proposer=False).delete()

    decisions.send_messages(messages=[message], user=manager)

    assert [m.to[0] for m in mail.outbox] == ["pat@fenland-futures.example"]


@pytest.mark.parametrize("decision", ["accepted", "rejected", "withdrawn"])
def test_an_invitation_can_not_be_answered_once_decided(
    client, call, proposer, co_speaker_user, manager, decision
):
    proposal = make_proposal(call, proposer, co_speakers=["cass@ouse-valley.example"])
    if decision == "withdrawn":
        services.withdraw_proposal(proposal=proposal, user=proposer)
    else:
        decisions.decide(proposals=[proposal], decision=decision, user=manager)
    mail.outbox.clear()
    speaker = proposal.speakers.get(is_proposer=False)
    url = speaker.get_absolute_url()
    client.force_login(co_speaker_user)

    page = client.get(url)
    response = client.post(url, {"action": "confirm", "name": "Cass Cospeaker"})

    assert page.status_code == 200
    assert "can no longer be answered" in page.content.decode()
    assert "Confirm as co-speaker" not in page.content.decode()
    assert response.status_code == 409
    assert "can no longer be answered" in response.content.decode()
    speaker.refresh_from_db()
    assert speaker.status == "invited" and speaker.user is None
    assert speaker.name == ""
    assert mail.outbox == []
    with pytest.raises(services.ProposalError, match="can no longer be answered"):
        services.respond_to_invitation(
            speaker=speaker, user=co_speaker_user, accept=False
        )
