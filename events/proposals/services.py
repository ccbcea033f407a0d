"""Writing, submitting and withdrawing proposals, and co-speakers' answers
(docs/proposals.md). Each function opens one transaction, locks the proposal it
changes, re-checks the deadline and state, writes a `ProposalStateChange` for every
change of state, and queues its emails once the transaction has committed."""

from allauth.account.models import EmailAddress
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..choices import CoSpeakerStatus, ProposalStatus
from ..models import Proposal, ProposalSpeaker, ProposalStateChange
from ..models.proposals import MAX_CO_SPEAKERS
from . import tasks

# The state machine: from each state, where a proposal may go. Phase one uses the
# first two lines; the decision states are reached by the review's outcome.
TRANSITIONS = {
    ProposalStatus.DRAFT: {ProposalStatus.SUBMITTED, ProposalStatus.WITHDRAWN},
    ProposalStatus.SUBMITTED: {
        ProposalStatus.WITHDRAWN,
        ProposalStatus.ACCEPTED,
        ProposalStatus.REJECTED,
        ProposalStatus.WAITLISTED,
    },
    ProposalStatus.WAITLISTED: {
        ProposalStatus.ACCEPTED,
        ProposalStatus.REJECTED,
        ProposalStatus.WITHDRAWN,
    },
    # A decision may change until the speakers answer (events.proposals.decisions).
    ProposalStatus.ACCEPTED: {
        ProposalStatus.CONFIRMED,
        ProposalStatus.DECLINED,
        ProposalStatus.WITHDRAWN,
        ProposalStatus.REJECTED,
        ProposalStatus.WAITLISTED,
    },
    # A confirmed proposal is a session with speakers and their tickets: taking it
    # back is for the events team (the page says so), not a button.
    ProposalStatus.CONFIRMED: set(),
    ProposalStatus.REJECTED: {ProposalStatus.ACCEPTED, ProposalStatus.WAITLISTED},
    ProposalStatus.DECLINED: set(),
    ProposalStatus.WITHDRAWN: set(),
}
# States a proposer may withdraw from.
WITHDRAWABLE = {
    status
    for status, targets in TRANSITIONS.items()
    if ProposalStatus.WITHDRAWN in targets
}


class ProposalError(Exception):
    def __init__(self, message, *, status=409):
        super().__init__(message)
        self.message = message
        self.status = status


def call_closed_message(call, now=None):
    """Why `call` takes no proposals or changes now, or ""."""
    now = now or timezone.now()
    if call.has_closed(now):
        return _("This call for proposals closed on %(date)s.") % {
            "date": timezone.localtime(call.closes_at).strftime("%-d %B %Y at %H:%M")
        }
    if not call.is_open(now):
        return _("This call for proposals opens on %(date)s.") % {
            "date": timezone.localtime(call.opens_at).strftime("%-d %B %Y at %H:%M")
        }
    return ""


def _transition(proposal, to_status, *, user, notify=True):
    if to_status not in TRANSITIONS[proposal.status]:
        raise ProposalError(
            _("A proposal that is %(from)s can't become %(to)s.")
            % {
                "from": proposal.get_status_display().lower(),
                "to": ProposalStatus(to_status).label.lower(),
            }
        )
    from_status = proposal.status
    proposal.status = to_status
    if to_status == ProposalStatus.SUBMITTED:
        proposal.submitted_at = timezone.now()
    proposal.save(update_fields=["status", "submitted_at", "updated_at"])
    ProposalStateChange.objects.create(
        proposal=proposal, from_status=from_status, to_status=to_status, user=user
    )
    if not notify:
        return
    pk = proposal.pk
    transaction.on_commit(
        lambda: tasks.send_state_email.enqueue(pk, str(from_status), str(to_status))
    )


def record_decision(proposal, to_status, *, user):
    """Move a proposal locked by the caller to a decision state, emailing nobody:
    the decision's email waits in the outbox (`events.proposals.decisions`)."""
    _transition(proposal, to_status, user=user, notify=False)


def change_state_locked(proposal, to_status, *, user):
    """`change_state` for a proposal the caller has locked, in its transaction."""
    _transition(proposal, to_status, user=user)


def change_state(*, proposal, to_status, user):
    """Move `proposal` to `to_status` if the state machine allows it (the review's
    decisions use this)."""
    with transaction.atomic():
        proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
        _transition(proposal, to_status, user=user)
    return proposal


def _sync_co_speakers(proposal, emails, proposer_email):
    """Keep the co-speakers listed in `emails`, invite the new ones, drop the rest."""
    wanted = []
    for email in emails:
        email = email.strip().lower()
        if email and email != proposer_email.lower() and email not in wanted:
            wanted.append(email)
    if len(wanted) > MAX_CO_SPEAKERS:
        raise ProposalError(
            _("Invite at most %(count)s co-speakers.") % {"count": MAX_CO_SPEAKERS},
            status=400,
        )
    existing = {s.email.lower(): s for s in proposal.speakers.filter(is_proposer=False)}
    for email, speaker in existing.items():
        if email not in wanted:
            if speaker.status == CoSpeakerStatus.CONFIRMED:
                # They agreed to speak: they hear that they no longer do.
                args = (proposal.pk, speaker.pk, speaker.email, speaker.name)
                transaction.on_commit(
                    lambda args=args: tasks.send_co_speaker_dropped_email.enqueue(*args)
                )
            speaker.delete()
    invited = []
    for email in wanted:
        if email not in existing:
            invited.append(
                ProposalSpeaker.objects.create(proposal=proposal, email=email)
            )
    return invited


def save_proposal(
    *,
    call,
    user,
    fields,
    commitments=(),
    co_speaker_emails=(),
    profile=None,
    answers=None,
    submit=False,
    proposal=None,
    now=None,
):
    """Create (or, given `proposal`, update) a proposal by `user` for `call`, and
    submit it when `submit`. `fields` are the proposal's own (title, abstract,
    description, session_type, audience, access_needs, organisation_type);
    `profile` the proposer's speaker fields (name, pronouns, role, organisation,
    bio). Refused after the deadline, and for a proposal that is no longer a draft
    or submitted."""
    if message := call_closed_message(call, now):
        raise ProposalError(message, status=403)
    offer = call.session_types.filter(session_type=fields.get("session_type")).first()
    if offer is None:
        raise ProposalError(_("Choose one of the formats on offer."), status=400)
    with transaction.atomic():
        if proposal is None:
            proposal = Proposal(call=call, proposer=user)
        else:
            proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
            if proposal.proposer_id != user.pk:
                raise ProposalError(_("Only the proposer can change it."), status=403)
            if not proposal.is_editable_state:
                raise ProposalError(
                    _("A proposal that is %(status)s can't be changed.")
                    % {"status": proposal.get_status_display().lower()}
                )
        for name, value in fields.items():
            setattr(proposal, name, value)
        proposal.duration_minutes = offer.duration_minutes
        proposal.answers = answers or {}
        creating = proposal.pk is None
        proposal.save()
        if creating:
            ProposalStateChange.objects.create(
                proposal=proposal, to_status=ProposalStatus.DRAFT, user=user
            )
        proposal.commitments.set(commitments)
        lead, _created = ProposalSpeaker.objects.get_or_create(
            proposal=proposal,
            is_proposer=True,
            defaults={
                "email": user.email,
                "user": user,
                "status": CoSpeakerStatus.CONFIRMED,
                "responded_at": timezone.now(),
            },
        )
        for name, value in (profile or {}).items():
            setattr(lead, name, value)
        lead.save()
        invited = _sync_co_speakers(proposal, co_speaker_emails, user.email)
        if submit and proposal.status == ProposalStatus.DRAFT:
            _transition(proposal, ProposalStatus.SUBMITTED, user=user)
        # Co-speakers hear of a proposal once it is sent in, not while it is a draft.
        if proposal.status == ProposalStatus.SUBMITTED:
            to_invite = proposal.speakers.filter(
                is_proposer=False, status=CoSpeakerStatus.INVITED
            ).values_list("pk", flat=True)
            if not submit:
                to_invite = [speaker.pk for speaker in invited]
            for pk in list(to_invite):
                transaction.on_commit(
                    lambda pk=pk: tasks.send_invitation_email.enqueue(pk)
                )
    return proposal


def withdraw_proposal(*, proposal, user):
    """The proposer takes their proposal back; it is kept, marked withdrawn."""
    with transaction.atomic():
        proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
        if proposal.proposer_id != user.pk:
            raise ProposalError(_("Only the proposer can withdraw it."), status=403)
        if proposal.status not in WITHDRAWABLE:
            raise ProposalError(_("This proposal can't be withdrawn."))
        _transition(proposal, ProposalStatus.WITHDRAWN, user=user)
    return proposal


def invitation_refusal(*, speaker, user):
    """Why `user` may not answer `speaker`'s invitation, or "": only an account
    holding the invited address, verified, may (a forwarded or leaked link is
    no use to anyone else)."""
    if speaker.user_id and speaker.user_id != user.pk:
        return _("Another account has answered this invitation.")
    if not EmailAddress.objects.filter(
        user=user, email__iexact=speaker.email, verified=True
    ).exists():
        return _(
            "This invitation was sent to another email address. Sign in with the "
            "account that uses it, or add that address to your account and confirm "
            "it, then follow the link again."
        )
    return ""


def invitation_closed_message(proposal):
    """Why invitations to `proposal` can no longer be answered, or "": once it is
    decided or withdrawn its speakers are settled (a decision's message goes to
    those who had confirmed)."""
    if proposal.is_editable_state:
        return ""
    return _(
        "This proposal is now “%(status)s”, so its invitations can no longer be "
        "answered. Ask its proposer if something should change."
    ) % {"status": proposal.get_status_display().lower()}


def respond_to_invitation(*, speaker, user, accept, profile=None):
    """A co-speaker, signed in as `user` (an account with the invited address
    verified), confirms (with their profile fields) or declines, while the proposal
    is a draft or submitted. Their account is linked to the invitation either
    way."""
    with transaction.atomic():
        # The proposal first: the order deciding and sending lock in.
        proposal = Proposal.objects.select_for_update().get(pk=speaker.proposal_id)
        speaker = ProposalSpeaker.objects.select_for_update().get(pk=speaker.pk)
        if speaker.is_proposer:
            raise ProposalError(_("The proposer needs no invitation."), status=400)
        if refusal := invitation_refusal(speaker=speaker, user=user):
            raise ProposalError(refusal, status=403)
        if closed := invitation_closed_message(proposal):
            raise ProposalError(closed)
        speaker.user = user
        speaker.status = (
            CoSpeakerStatus.CONFIRMED if accept else CoSpeakerStatus.DECLINED
        )
        speaker.responded_at = timezone.now()
        if accept:
            for name, value in (profile or {}).items():
                setattr(speaker, name, value)
        speaker.save()
        pk = speaker.pk
        transaction.on_commit(lambda: tasks.send_co_speaker_answer_email.enqueue(pk))
    return speaker
