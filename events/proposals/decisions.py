"""Decisions on proposals, the outbox of decision emails, and the speakers'
confirmation (docs/proposals.md#decisions-and-the-outbox).

A decision emails nobody: it drafts a `DecisionMessage` from the decision's
editable email text (`events.proposals.email_texts`), which staff may edit and then
send. Confirmation turns an accepted proposal into an unscheduled `Session` with its
speakers; setting a session's speakers queues the speakers' tickets through the
existing path (`events.booking.signals` → `events.booking.speaker_tickets`)."""

import contextlib

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from home import email_texts
from home.links import absolute_url
from speakers.models import Speaker
from speakers.self_service import SelfServiceError, link_speaker_to_user

from ..choices import CoSpeakerStatus, ProposalStatus
from ..models import DecisionMessage, Proposal, Session
from . import services, tasks
from .email_texts import DECISION_EMAILS, decision_values

DECISIONS = (
    ProposalStatus.ACCEPTED,
    ProposalStatus.REJECTED,
    ProposalStatus.WAITLISTED,
)
# A decision may be changed until the speakers answer it.
DECIDABLE = {ProposalStatus.SUBMITTED, *DECISIONS}
# How many free slugs a new session or speaker tries when concurrent confirmations
# keep taking the one it chose (see `_save_with_free_slug`).
SLUG_ATTEMPTS = 5


class DecisionError(services.ProposalError):
    pass


def answer_url(proposal):
    """Where the speakers read the decision and, when accepted, confirm."""
    return reverse(
        "events:answer_decision", args=[proposal.call.summit.slug, proposal.pk]
    )


def recipients(proposal):
    """Whom a decision on `proposal` goes to now: the proposer and the co-speakers
    who confirmed, leaving out any whose data was erased (their address is at the
    reserved `invalid` domain: `events.proposals.personal_data`)."""
    return [
        speaker.email
        for speaker in proposal.speakers.all()
        if (speaker.is_proposer or speaker.status == CoSpeakerStatus.CONFIRMED)
        and not speaker.email.endswith("@invalid")
    ]


def _draft(proposal, decision, user):
    rendered = email_texts.render(
        email_texts.Request(
            key=DECISION_EMAILS[decision],
            page_id=proposal.call.summit_id,
            values=decision_values(
                proposal,
                confirm_url=absolute_url(answer_url(proposal)),
            ),
        )
    )
    # An unsent draft is replaced; sent messages are kept.
    proposal.decision_messages.filter(sent_at__isnull=True).delete()
    return DecisionMessage.objects.create(
        proposal=proposal,
        decision=decision,
        subject=rendered.subject[:200],
        body=rendered.text,
        drafted_by=user,
    )


def decide(*, proposals, decision, user):
    """Accept, reject or waitlist each of `proposals` (one or many, all or
    nothing) and draft the email telling its speakers. Returns the drafts."""
    if decision not in DECISIONS:
        raise DecisionError(_("Choose accept, reject or waiting list."), status=400)
    ids = sorted({proposal.pk for proposal in proposals})
    if not ids:
        raise DecisionError(_("Choose at least one proposal."), status=400)
    drafts = []
    with transaction.atomic():
        locked = list(
            Proposal.objects.select_for_update()
            .select_related("call__summit")
            .filter(pk__in=ids)
            .order_by("pk")
        )
        if len(locked) != len(ids):
            raise DecisionError(_("A proposal chosen no longer exists."), status=404)
        for proposal in locked:
            if proposal.status not in DECIDABLE:
                raise DecisionError(
                    _("“%(title)s” is %(status)s: it can't be decided now.")
                    % {
                        "title": proposal.title,
                        "status": proposal.get_status_display().lower(),
                    }
                )
            if proposal.status != decision:
                services.record_decision(proposal, decision, user=user)
            drafts.append(_draft(proposal, decision, user))
    return drafts


def edit_message(*, message, subject, body):
    """Change an unsent draft's wording."""
    with transaction.atomic():
        message = (
            DecisionMessage.objects.select_for_update().filter(pk=message.pk).first()
        )
        if message is None:  # replaced by a new decision meanwhile
            raise DecisionError(
                _("This draft was replaced by a newer one."), status=404
            )
        if message.is_sent:
            raise DecisionError(_("This message was sent already."))
        message.subject = " ".join(subject.split())[:200]
        message.body = body.strip()
        if not message.subject or not message.body:
            raise DecisionError(_("Write a subject and a text."), status=400)
        message.save(update_fields=["subject", "body"])
    return message


def send_messages(*, messages, user):
    """Mark each unsent message of `messages` sent by `user`, to its proposal's
    speakers as they are now, and queue its email. Returns how many were sent (a
    message sent already is left alone)."""
    ids = sorted({message.pk for message in messages})
    with transaction.atomic():
        # Proposals first, then their messages: the order `decide` locks them in.
        # The services that change its speakers lock it too: they hold still here.
        proposal_ids = set(
            DecisionMessage.objects.filter(pk__in=ids).values_list(
                "proposal_id", flat=True
            )
        )
        current = {
            proposal.pk: proposal
            for proposal in Proposal.objects.select_for_update()
            .filter(pk__in=proposal_ids)
            .order_by("pk")
            .prefetch_related("speakers")
        }
        locked = list(
            DecisionMessage.objects.select_for_update()
            .filter(pk__in=ids, sent_at__isnull=True)
            .order_by("pk")
        )
        # A draft whose proposal has moved on since (withdrawn, say) must not go.
        locked = [m for m in locked if current[m.proposal_id].status == m.decision]
        now = timezone.now()
        for message in locked:
            # Speakers may have come, gone or changed address since the draft.
            message.recipients = recipients(current[message.proposal_id])
            message.sent_at = now
            message.sent_by = user
            message.save(update_fields=["recipients", "sent_at", "sent_by"])
            pk = message.pk
            transaction.on_commit(lambda pk=pk: tasks.send_decision_email.enqueue(pk))
    return len(locked)


def send_all_drafted(*, call, user):
    return send_messages(
        messages=DecisionMessage.objects.filter(
            proposal__call=call, sent_at__isnull=True
        ),
        user=user,
    )


def may_answer(proposal, user):
    """Whether `user` is a speaker on `proposal` who may confirm or decline it."""
    if not user.is_authenticated:
        return False
    return any(
        speaker.user_id == user.pk
        and (speaker.is_proposer or speaker.status == CoSpeakerStatus.CONFIRMED)
        for speaker in proposal.speakers.all()
    )


def respond_to_acceptance(*, proposal, user, accept):
    """A speaker on an accepted proposal confirms it (it becomes an unscheduled
    session with its speakers) or declines it. Confirming twice, or a double click,
    makes one session."""
    with transaction.atomic():
        proposal = (
            Proposal.objects.select_for_update()
            .select_related("call__summit")
            .get(pk=proposal.pk)
        )
        if not may_answer(proposal, user):
            raise DecisionError(
                _("Only the proposal's speakers can answer."), status=403
            )
        wanted = ProposalStatus.CONFIRMED if accept else ProposalStatus.DECLINED
        if proposal.status == wanted:
            return proposal  # answered already
        # Only the latest decision counts: an acceptance sent before the proposal
        # was rejected and accepted again waits for the new message to go out.
        latest = proposal.decision_messages.order_by("-created_at", "-pk").first()
        sent = (
            latest is not None
            and latest.decision == ProposalStatus.ACCEPTED
            and latest.is_sent
        )
        if proposal.status != ProposalStatus.ACCEPTED or not sent:
            raise DecisionError(_("This proposal is not waiting for your answer."))
        services.change_state_locked(proposal, wanted, user=user)
        if accept:
            proposal.session = _make_session(proposal)
            proposal.save(update_fields=["session", "updated_at"])
    return proposal


def _unique_slug(summit, title):
    base = slugify(title)[:90] or "session"
    slug, n = base, 2
    while Session.objects.filter(summit=summit, slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _save_with_free_slug(instance, free_slug):
    """Save the new `instance` at `free_slug()`. A concurrent confirmation may take
    that slug between the check and the save: the unique constraint refuses the
    second, and a savepoint lets it choose again."""
    for _attempt in range(SLUG_ATTEMPTS):
        instance.slug = free_slug()
        try:
            with transaction.atomic():
                instance.save()
            return instance
        except IntegrityError:
            continue
    raise DecisionError(
        _("Many confirmations are arriving at once. Please try again."), status=409
    )


def _make_session(proposal):
    summit = proposal.call.summit
    description = proposal.abstract
    if proposal.description:
        description = f"{proposal.abstract}\n\n{proposal.description}"
    session = _save_with_free_slug(
        Session(
            summit=summit,
            title=proposal.title,
            session_type=proposal.session_type,
            description=description,
        ),
        lambda: _unique_slug(summit, proposal.title),
    )
    session.commitments.set(proposal.commitments.all())
    answering = [
        speaker
        for speaker in proposal.speakers.all()
        if speaker.is_proposer or speaker.status == CoSpeakerStatus.CONFIRMED
    ]
    # Another confirmation by the same people (their other proposals) waits here,
    # then finds the speaker profiles this one made instead of making a second.
    list(
        get_user_model()
        .objects.select_for_update()
        .filter(pk__in=[speaker.user_id for speaker in answering if speaker.user_id])
        .order_by("pk")
    )
    session.speakers.set([_speaker_for(speaker) for speaker in answering])
    # Parental relations are written on save; writing the speakers queues their
    # tickets (events.booking.signals → events.booking.speaker_tickets).
    session.save()
    return session


def _speaker_for(proposal_speaker):
    """The speaker profile of the user behind `proposal_speaker`, or a new one made
    from the proposal's speaker fields (and linked to the user)."""
    user = proposal_speaker.user
    if user is not None:
        existing = Speaker.objects.filter(user=user).first()
        if existing is not None:
            return existing
    existing = Speaker.objects.filter(
        email__iexact=proposal_speaker.email, user__isnull=True
    ).first()
    if existing is not None:
        speaker = existing
    else:
        name = proposal_speaker.name or proposal_speaker.email.split("@")[0]
        speaker = _save_with_free_slug(
            Speaker(
                name=name,
                pronouns=proposal_speaker.pronouns[:40],
                role=proposal_speaker.role,
                organisation=proposal_speaker.organisation,
                email=proposal_speaker.email,
                bio=proposal_speaker.bio,
            ),
            lambda: _unique_speaker_slug(name),
        )
    if user is not None:
        # Refused when either is linked to someone else: an editor links it by hand.
        with contextlib.suppress(SelfServiceError):
            speaker = link_speaker_to_user(speaker=speaker, user=user)
    return speaker


def _unique_speaker_slug(name):
    base = slugify(name)[:150] or "speaker"
    slug, n = base, 2
    while Speaker.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug
