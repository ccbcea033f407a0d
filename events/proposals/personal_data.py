"""What the call for proposals holds about a person, for their download and
erasure (home/personal_data.py): the proposals they are a speaker on, by address
or through their account, with the profile they gave, and on a proposal they lead
its access needs and answers to the call's questions. Erasure blanks their speaker
profile and address on each, and on a proposal they lead its access needs and
answers; the proposal itself (its title and abstract, written for the programme)
stays, and a proposal they lead is withdrawn if it was still open.

The decisions outbox holds the messages sent to them (and the drafts that would
go to them): erasure takes their address off a sent message and blanks its text,
and deletes an unsent draft on a proposal they lead. Its holder runs before the
speakers' one, which erases the addresses it finds drafts through."""

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from home.personal_data import Erased, Holder, record

from ..choices import CoSpeakerStatus, ProposalStatus
from ..models import DecisionMessage, ProposalSpeaker
from .services import WITHDRAWABLE

FIELDS = ("email", "name", "pronouns", "role", "organisation", "bio", "status")


def _speakers(email):
    return (
        ProposalSpeaker.objects.filter(
            Q(email__iexact=email) | Q(user__email__iexact=email)
        )
        .select_related("proposal")
        .order_by("pk")
    )


def _lead_only(speaker):
    """What a proposal holds about the speaker who leads it."""
    if not speaker.is_proposer:
        return {}
    return {
        "Access needs": speaker.proposal.access_needs,
        "Answers to the call's questions": speaker.proposal.answers,
    }


def find_proposal_speakers(email):
    return [
        record(
            speaker,
            FIELDS,
            Proposal=speaker.proposal.title,
            **{"Proposal status": speaker.proposal.get_status_display()},
            **_lead_only(speaker),
        )
        for speaker in _speakers(email)
    ]


def erase_proposal_speakers(email, *, now):
    count = 0
    for speaker in _speakers(email):
        proposal = speaker.proposal
        if speaker.is_proposer:
            previous = proposal.status
            if previous in WITHDRAWABLE:
                proposal.status = ProposalStatus.WITHDRAWN
                proposal.state_changes.create(
                    from_status=previous, to_status=ProposalStatus.WITHDRAWN
                )
            proposal.access_needs = ""
            proposal.answers = {}
            proposal.save(
                update_fields=["status", "access_needs", "answers", "updated_at"]
            )
        speaker.email = f"erased-{speaker.pk}@invalid"
        speaker.user = None
        for name in ("name", "pronouns", "role", "organisation", "bio"):
            setattr(speaker, name, "")
        speaker.save()
        count += 1
    return Erased(count=count)


def _addresses(email, speakers):
    """`email` and the addresses its account's speaker records use."""
    return {email.lower(), *(speaker.email.lower() for speaker in speakers)}


def _decision_messages(email):
    """(message, whether they lead its proposal) for each message sent to any of
    the person's addresses or drafted to a proposal they would hear about."""
    speakers = list(_speakers(email))
    addresses = _addresses(email, speakers)
    heard = {
        speaker.proposal_id: speaker.is_proposer
        for speaker in speakers
        if speaker.is_proposer or speaker.status == CoSpeakerStatus.CONFIRMED
    }
    sent_to = Q()
    for address in addresses:
        sent_to |= Q(recipients__icontains=address)
    found = (
        DecisionMessage.objects.filter(
            Q(sent_at__isnull=True, proposal_id__in=heard)
            | Q(sent_to, sent_at__isnull=False)
        )
        .select_related("proposal")
        .order_by("pk")
    )
    return [
        (message, heard.get(message.proposal_id, False))
        for message in found
        # icontains also matched addresses that merely contain theirs.
        if not message.is_sent
        or addresses & {address.lower() for address in message.recipients}
    ], addresses


def find_decision_messages(email):
    messages = _decision_messages(email)[0]
    return [
        record(
            message,
            ("decision", "subject", "body", "sent_at"),
            **{_("Proposal"): message.proposal.title},
        )
        for message, _leads in messages
    ]


def erase_decision_messages(email, *, now):
    messages, addresses = _decision_messages(email)
    for message, leads in messages:
        if not message.is_sent:
            if leads:  # to them above all; their proposal is withdrawn if open
                message.delete()
            # A co-speaker's draft holds nothing of theirs: it is addressed when
            # sent, leaving out erased speakers (decisions.recipients).
            continue
        message.recipients = [
            address
            for address in message.recipients
            if address.lower() not in addresses
        ]
        message.body = ""
        message.save(update_fields=["recipients", "body"])
    return Erased(
        count=sum(1 for message, leads in messages if message.is_sent or leads)
    )


HOLDERS = (
    # First: it finds drafts through the speaker records the next one erases.
    Holder(
        "events.decisionmessage",
        gettext_lazy("Decisions on proposals emailed to you"),
        find_decision_messages,
        erase_decision_messages,
    ),
    Holder(
        "events.proposalspeaker",
        gettext_lazy("Proposals for summit sessions"),
        find_proposal_speakers,
        erase_proposal_speakers,
    ),
)
