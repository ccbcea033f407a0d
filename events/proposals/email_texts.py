"""The proposal emails whose subject and main paragraphs Event managers may edit
(`home.email_texts`, docs/emails.md#editing-email-texts): to proposers and the
co-speakers they name, and the decision messages. `register_emails` runs from
`events.apps.EventsConfig.ready`; `events.proposals.emails` asks for each text by
key. A decision drafts its message from its text (`events.proposals.decisions`);
staff may still edit the draft in the outbox before sending it."""

from datetime import datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from django.utils import dateformat, timezone

from home import email_texts
from home.email_texts import EditableEmail

from ..choices import ProposalStatus

SUBMITTED = "proposal-submitted"
WITHDRAWN = "proposal-withdrawn"
STATE_CHANGED = "proposal-state-changed"
INVITATION = "proposal-invitation"
CO_SPEAKER_ANSWER = "proposal-co-speaker-answer"

LONDON = ZoneInfo("Europe/London")
SAMPLE_URL = "https://example.org/sample/proposals/1/"


def closes_text(closes_at):
    """When a call closes, as the emails say it: 1 November 2026, 18:00."""
    return dateformat.format(timezone.localtime(closes_at), "j F Y, H:i")


_PROPOSAL = {
    "title": "The proposal's title",
    "summit": "The summit's title",
}
_SAMPLE_PROPOSAL = {
    "title": "Sample session on shared ambition",
    "summit": "Sample Summit",
}
_SAMPLE_SPEAKER = SimpleNamespace(name="Sam Example", email="sam@example.org")
_SAMPLE_CONTEXT = {
    "proposal": SimpleNamespace(
        title=_SAMPLE_PROPOSAL["title"],
        get_status_display="Accepted",
        call=SimpleNamespace(closes_at=datetime(2026, 6, 1, 17, 0, tzinfo=LONDON)),
    ),
    "summit": SimpleNamespace(title="Sample Summit"),
    "speaker": _SAMPLE_SPEAKER,
    "proposer": SimpleNamespace(name="Alex Sample", email="alex@example.org"),
    "proposal_url": SAMPLE_URL,
    "invitation_url": "https://example.org/sample/proposals/speaker/1/",
}
_WHY = "The heading, the link to the proposal and the footer."

ACCEPTED = "proposal-accepted"
REJECTED = "proposal-rejected"
WAITLISTED = "proposal-waitlisted"
DECISION_EMAILS = {
    ProposalStatus.ACCEPTED: ACCEPTED,
    ProposalStatus.REJECTED: REJECTED,
    ProposalStatus.WAITLISTED: WAITLISTED,
}

_DECISION_PLACEHOLDERS = {
    "title": "The proposal's title",
    "summit": "The summit's title",
    "dates": "The summit's dates, such as Thursday 1 October",
    "link": "The address of the proposal's page (to confirm, when accepted)",
}
_DECISION_SAMPLE = {
    "title": "Sample session on shared services",
    "summit": "Sample Summit",
    "dates": "Thursday 1 October",
    "link": "https://example.org/sample/call/proposals/1/",
}
_DECISION_SAMPLE_CONTEXT = {
    "summit": SimpleNamespace(title="Sample Summit"),
    "proposal_url": _DECISION_SAMPLE["link"],
}
_DECISION_FIXED = "The heading, the link to the proposal's page and the footer."


def decision_values(proposal, *, confirm_url):
    summit = proposal.call.summit
    return {
        "title": proposal.title,
        "summit": summit.title,
        "dates": summit.date_range_text,
        "link": confirm_url,
    }


EMAILS = [
    EditableEmail(
        key=SUBMITTED,
        name="Proposal: sent in",
        recipient="The person who proposed a session",
        sent_when="They send their proposal in",
        template="events/proposals/emails/submitted",
        subject="Your proposal for {summit} is in: {title}",
        body=(
            "Thank you: your proposal “{title}” for {summit} has been sent in.\n\n"
            "Reviewers will read it after the call closes. We will email you with "
            "the decision.\n\n"
            "You can change it until the call closes on {closes} (UK time), or "
            "withdraw it:"
        ),
        placeholders={
            **_PROPOSAL,
            "closes": "When the call closes, such as 1 June 2026, 17:00",
        },
        sample_values={**_SAMPLE_PROPOSAL, "closes": "1 June 2026, 17:00"},
        sample_context=_SAMPLE_CONTEXT,
        per_summit=True,
        fixed=_WHY,
    ),
    EditableEmail(
        key=WITHDRAWN,
        name="Proposal: withdrawn",
        recipient="The person who proposed a session",
        sent_when="They withdraw their proposal",
        template="events/proposals/emails/withdrawn",
        subject="You withdrew your proposal: {title}",
        body=(
            "Your proposal “{title}” for {summit} is withdrawn. Reviewers will not "
            "see it.\n\n"
            "If this is a mistake, reply to this email or contact the events team."
        ),
        placeholders=_PROPOSAL,
        sample_values=_SAMPLE_PROPOSAL,
        sample_context=_SAMPLE_CONTEXT,
        per_summit=True,
        fixed="The heading and the footer.",
    ),
    EditableEmail(
        key=STATE_CHANGED,
        name="Proposal: its state changed",
        recipient="The person who proposed a session",
        sent_when=(
            "Their proposal moves to another state than sent in or withdrawn, "
            "such as accepted"
        ),
        template="events/proposals/emails/state_changed",
        subject="Your proposal {title}: {status}",
        body="Your proposal “{title}” for {summit} is now: {state}.",
        placeholders={
            **_PROPOSAL,
            "status": "The proposal's new state, such as Accepted",
            "state": "The same in lower case, such as accepted",
        },
        sample_values={**_SAMPLE_PROPOSAL, "status": "Accepted", "state": "accepted"},
        sample_context=_SAMPLE_CONTEXT,
        per_summit=True,
        fixed="The heading (which names the new state), the link and the footer.",
    ),
    EditableEmail(
        key=INVITATION,
        name="Proposal: invitation to co-present",
        recipient="A co-speaker named on a proposal",
        sent_when="The proposer names them",
        template="events/proposals/emails/invitation",
        subject="{proposer} invites you to speak at {summit}",
        body=(
            "{proposer} has proposed a session for {summit}, “{title}”, and named "
            "you as a co-speaker.\n\n"
            "Please confirm or decline, and add your speaker details:"
        ),
        placeholders={
            **_PROPOSAL,
            "proposer": "The proposer's name (their email address if no name)",
        },
        sample_values={**_SAMPLE_PROPOSAL, "proposer": "Alex Sample"},
        sample_context=_SAMPLE_CONTEXT,
        per_summit=True,
        fixed=(
            "The heading, the invitation link, the paragraph after it (sign in "
            "first; the link is theirs alone) and the footer."
        ),
    ),
    EditableEmail(
        key=CO_SPEAKER_ANSWER,
        name="Proposal: a co-speaker answered",
        recipient="The person who proposed a session",
        sent_when="A co-speaker they named confirms or declines",
        template="events/proposals/emails/co_speaker_answer",
        subject="{speaker} {answer}: {title}",
        body="{speaker} has {answer} as a co-speaker on “{title}”.",
        placeholders={
            **_PROPOSAL,
            "speaker": "The co-speaker's name (their email address if no name)",
            "answer": "What they answered, such as confirmed or declined",
        },
        sample_values={
            **_SAMPLE_PROPOSAL,
            "speaker": "Sam Example",
            "answer": "confirmed",
        },
        sample_context=_SAMPLE_CONTEXT,
        per_summit=True,
        fixed=_WHY,
    ),
    EditableEmail(
        key=ACCEPTED,
        name="Proposal: accepted",
        recipient="The proposal's speakers",
        sent_when="Staff send an acceptance from the decisions outbox",
        template="events/proposals/emails/decision",
        subject="Your proposal for {summit} is accepted: {title}",
        body=(
            "We are delighted to tell you that your proposal “{title}” has been "
            "accepted for {summit} ({dates}).\n\n"
            "Please confirm that you will give it, or tell us that you can't, on "
            "your proposal's page: {link}\n\n"
            "Once you confirm, we will give the session a room and a time, and "
            "each speaker will get a ticket."
        ),
        placeholders=_DECISION_PLACEHOLDERS,
        sample_values=_DECISION_SAMPLE,
        sample_context=_DECISION_SAMPLE_CONTEXT,
        per_summit=True,
        fixed=_DECISION_FIXED,
    ),
    EditableEmail(
        key=REJECTED,
        name="Proposal: not accepted",
        recipient="The proposal's speakers",
        sent_when="Staff send a rejection from the decisions outbox",
        template="events/proposals/emails/decision",
        subject="Your proposal for {summit}: {title}",
        body=(
            "Thank you for proposing “{title}” for {summit}. We had many more "
            "proposals than places, and we are sorry that we can't include yours "
            "in this year's programme.\n\n"
            "We hope to see you at the summit, and to hear from you next year."
        ),
        placeholders=_DECISION_PLACEHOLDERS,
        sample_values=_DECISION_SAMPLE,
        sample_context=_DECISION_SAMPLE_CONTEXT,
        per_summit=True,
        fixed=_DECISION_FIXED,
    ),
    EditableEmail(
        key=WAITLISTED,
        name="Proposal: waiting list",
        recipient="The proposal's speakers",
        sent_when="Staff send a waiting-list decision from the decisions outbox",
        template="events/proposals/emails/decision",
        subject="Your proposal for {summit} is on our waiting list: {title}",
        body=(
            "Thank you for proposing “{title}” for {summit} ({dates}). We can't "
            "offer it a place yet, but it is on our waiting list: if a place "
            "opens, we will write to you again."
        ),
        placeholders=_DECISION_PLACEHOLDERS,
        sample_values=_DECISION_SAMPLE,
        sample_context=_DECISION_SAMPLE_CONTEXT,
        per_summit=True,
        fixed=_DECISION_FIXED,
    ),
]


def register_emails():
    email_texts.register(*EMAILS)
