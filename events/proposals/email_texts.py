"""The editable texts of the decision emails
(`home.email_texts`, docs/emails.md#editing-email-texts). A decision drafts its
message from these (`events.proposals.decisions`); staff may still edit the draft
in the outbox before sending it."""

from types import SimpleNamespace

from home import email_texts
from home.email_texts import EditableEmail

from ..choices import ProposalStatus

ACCEPTED = "proposal-accepted"
REJECTED = "proposal-rejected"
WAITLISTED = "proposal-waitlisted"
DECISION_EMAILS = {
    ProposalStatus.ACCEPTED: ACCEPTED,
    ProposalStatus.REJECTED: REJECTED,
    ProposalStatus.WAITLISTED: WAITLISTED,
}

_PLACEHOLDERS = {
    "title": "The proposal's title",
    "summit": "The summit's title",
    "dates": "The summit's dates, such as Thursday 1 October",
    "link": "The address of the proposal's page (to confirm, when accepted)",
}
_SAMPLE = {
    "title": "Sample session on shared services",
    "summit": "Sample Summit",
    "dates": "Thursday 1 October",
    "link": "https://example.org/sample/call/proposals/1/",
}
_SAMPLE_CONTEXT = {
    "summit": SimpleNamespace(title="Sample Summit"),
    "proposal_url": _SAMPLE["link"],
}
_FIXED = "The heading, the link to the proposal's page and the footer."


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
        placeholders=_PLACEHOLDERS,
        sample_values=_SAMPLE,
        sample_context=_SAMPLE_CONTEXT,
        per_summit=True,
        fixed=_FIXED,
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
        placeholders=_PLACEHOLDERS,
        sample_values=_SAMPLE,
        sample_context=_SAMPLE_CONTEXT,
        per_summit=True,
        fixed=_FIXED,
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
        placeholders=_PLACEHOLDERS,
        sample_values=_SAMPLE,
        sample_context=_SAMPLE_CONTEXT,
        per_summit=True,
        fixed=_FIXED,
    ),
]


def register_emails():
    email_texts.register(*EMAILS)
