"""Proposal emails, from templates/events/proposals/emails/, each sent once
through `home.emails.send_templated_email_once` (docs/emails.md), their subject
and main paragraphs editable (`events.proposals.email_texts`)."""

from django.template.defaultfilters import linebreaksbr
from django.urls import reverse

from home.email_texts import Rendered, Request
from home.emails import send_templated_email_once
from home.links import absolute_url

from ..choices import ProposalStatus
from . import email_texts

TEMPLATES = "events/proposals/emails"


def _proposer_email(proposal):
    lead = proposal.speakers.filter(is_proposer=True).first()
    if lead:
        return lead.email
    return proposal.proposer.email if proposal.proposer else ""


def _text(key, proposal, **values):
    summit = proposal.call.summit
    return Request(
        key=key,
        page_id=summit.pk,
        values={"title": proposal.title, "summit": summit.title, **values},
    )


def send_state_change(proposal, *, from_status):
    """To the proposer: their proposal was submitted, withdrawn or decided."""
    to = _proposer_email(proposal)
    if not to:
        return
    if proposal.status == ProposalStatus.SUBMITTED:
        template = "submitted"
        text = _text(
            email_texts.SUBMITTED,
            proposal,
            closes=email_texts.closes_text(proposal.call.closes_at),
        )
    elif proposal.status == ProposalStatus.WITHDRAWN:
        template = "withdrawn"
        text = _text(email_texts.WITHDRAWN, proposal)
    else:
        template = "state_changed"
        status = proposal.get_status_display()
        text = _text(
            email_texts.STATE_CHANGED, proposal, status=status, state=status.lower()
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
        text=text,
    )


def send_invitation(speaker):
    proposal = speaker.proposal
    proposer = proposal.speakers.filter(is_proposer=True).first()
    send_templated_email_once(
        # Once per proposal and address: dropping and adding someone again never
        # sends them a second invitation.
        key=f"proposal-invitation:{proposal.pk}:{speaker.email.casefold()}"[:255],
        template=f"{TEMPLATES}/invitation",
        context={
            "speaker": speaker,
            "proposal": proposal,
            "summit": proposal.call.summit,
            "proposer": proposer,
            "invitation_url": absolute_url(speaker.get_absolute_url()),
        },
        to=[speaker.email],
        text=_text(
            email_texts.INVITATION,
            proposal,
            proposer=(proposer.name or proposer.email) if proposer else "A colleague",
        ),
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
        text=_text(
            email_texts.CO_SPEAKER_ANSWER,
            proposal,
            speaker=speaker.name or speaker.email,
            answer=speaker.get_status_display().lower(),
        ),
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
    email_text = Rendered(
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
