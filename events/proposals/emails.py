"""Proposal emails, from templates/events/proposals/emails/, each sent once
through `home.emails.send_templated_email_once` (docs/emails.md)."""

from django.template.defaultfilters import linebreaksbr
from django.urls import reverse

from home import email_texts
from home.emails import send_templated_email_once
from home.links import absolute_url

from ..choices import ProposalStatus

TEMPLATES = "events/proposals/emails"


def _proposer_email(proposal):
    lead = proposal.speakers.filter(is_proposer=True).first()
    if lead:
        return lead.email
    return proposal.proposer.email if proposal.proposer else ""


def send_state_change(proposal, *, from_status):
    """To the proposer: their proposal was submitted, withdrawn or decided."""
    to = _proposer_email(proposal)
    if not to:
        return
    template = (
        "submitted"
        if proposal.status == ProposalStatus.SUBMITTED
        else "withdrawn"
        if proposal.status == ProposalStatus.WITHDRAWN
        else "state_changed"
    )
    send_templated_email_once(
        key=f"proposal-state:{proposal.pk}:{from_status}:{proposal.status}",
        template=f"{TEMPLATES}/{template}",
        context={
            "proposal": proposal,
            "summit": proposal.call.summit,
            "proposal_url": absolute_url(proposal.get_absolute_url()),
        },
        to=[to],
    )


def send_invitation(speaker):
    proposal = speaker.proposal
    send_templated_email_once(
        # Once per proposal and address: dropping and adding someone again never
        # sends them a second invitation.
        key=f"proposal-invitation:{proposal.pk}:{speaker.email.casefold()}"[:255],
        template=f"{TEMPLATES}/invitation",
        context={
            "speaker": speaker,
            "proposal": proposal,
            "summit": proposal.call.summit,
            "proposer": proposal.speakers.filter(is_proposer=True).first(),
            "invitation_url": absolute_url(speaker.get_absolute_url()),
        },
        to=[speaker.email],
    )


def send_co_speaker_answer(speaker):
    """To the proposer: a co-speaker confirmed or declined."""
    proposal = speaker.proposal
    to = _proposer_email(proposal)
    if not to:
        return
    send_templated_email_once(
        key=f"proposal-co-speaker:{speaker.pk}:{speaker.status}",
        template=f"{TEMPLATES}/co_speaker_answer",
        context={
            "speaker": speaker,
            "proposal": proposal,
            "summit": proposal.call.summit,
            "proposal_url": absolute_url(proposal.get_absolute_url()),
        },
        to=[to],
    )


def send_co_speaker_dropped(proposal, *, speaker_id, email, name):
    """To a confirmed co-speaker the proposer took off the proposal (their
    `ProposalSpeaker` row is gone: what the email needs comes with it)."""
    send_templated_email_once(
        key=f"proposal-co-speaker-dropped:{speaker_id}",
        template=f"{TEMPLATES}/co_speaker_dropped",
        context={
            "name": name,
            "proposal": proposal,
            "summit": proposal.call.summit,
        },
        to=[email],
    )


def send_decision(message):
    """A decision message from the outbox, as staff left it, to its recipients
    (each address once, `decision:<message pk>:<address>`)."""
    proposal = message.proposal
    paragraphs = [p.strip() for p in message.body.replace("\r\n", "\n").split("\n\n")]
    email_text = email_texts.Rendered(
        subject=message.subject,
        paragraphs=[linebreaksbr(p) for p in paragraphs if p],
        text="\n\n".join(p for p in paragraphs if p),
    )
    context = {
        "proposal": proposal,
        "summit": proposal.call.summit,
        "proposal_url": absolute_url(
            reverse(
                "events:answer_decision", args=[proposal.call.summit.slug, proposal.pk]
            )
        ),
        "email_text": email_text,
    }
    for address in message.recipients:
        send_templated_email_once(
            key=f"decision:{message.pk}:{address.lower()}",
            template=f"{TEMPLATES}/decision",
            context=context,
            to=[address],
        )
