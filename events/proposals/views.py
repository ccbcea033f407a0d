"""A summit's call for proposals (`/summit/<slug>/call/...`): the call, the form,
the proposer's own proposals, withdrawing, and a co-speaker's invitation
(docs/proposals.md). Signed-in pages; the call page itself is public."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods, require_safe

from home.ratelimit import ratelimit
from home.sections import render_page

from ..choices import CoSpeakerStatus, ProposalStatus
from ..models import CallForProposals, Proposal, ProposalSpeaker
from ..summit_pages import summit_page
from . import decisions, services
from .forms import CoSpeakerForm, ProposalForm

TEMPLATES = "events/proposals"


def _call(summit):
    call = (
        CallForProposals.objects.filter(summit=summit)
        .prefetch_related("session_types", "questions")
        .first()
    )
    if call is None:
        raise Http404("This summit has no call for proposals.")
    return call


@require_safe
@summit_page
def call_page(request, summit):
    call = _call(summit)
    return render_page(
        request,
        summit,
        template=f"{TEMPLATES}/call.html",
        context={
            "call": call,
            "closed": services.call_closed_message(call),
            "offers": list(call.session_types.all()),
        },
    )


def _form_page(request, summit, *, call, form, proposal=None, closed="", status=200):
    return render_page(
        request,
        summit,
        template=f"{TEMPLATES}/form.html",
        context={"call": call, "form": form, "proposal": proposal, "closed": closed},
        status=status,
    )


def _save(request, summit, call, form, proposal=None):
    """Parse the posted form and call the service: a redirect, or the form again
    with what went wrong (400 for bad input, 403 after the deadline)."""
    if not form.is_valid():
        return _form_page(
            request, summit, call=call, form=form, proposal=proposal, status=400
        )
    submit = request.POST.get("action") == "submit"
    try:
        proposal = services.save_proposal(
            call=call,
            user=request.user,
            proposal=proposal,
            fields=form.proposal_fields(),
            commitments=form.cleaned_data["commitments"],
            co_speaker_emails=form.co_speaker_emails(),
            profile=form.profile(),
            answers=form.answers(),
            submit=submit,
        )
    except services.ProposalError as error:
        form.add_error(None, error.message)
        return _form_page(
            request,
            summit,
            call=call,
            form=form,
            proposal=proposal,
            closed=error.message if error.status == 403 else "",
            status=error.status,
        )
    if submit:
        messages.success(
            request, "Your proposal is sent in. We have emailed you a copy."
        )
    else:
        messages.success(request, "Your proposal is saved.")
    return redirect("events:my_proposals", summit.slug)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
@ratelimit("proposals")
@summit_page
def propose(request, summit):
    call = _call(summit)
    closed = services.call_closed_message(call)
    if request.method != "POST":
        initial = {"name": request.user.get_full_name()}
        form = ProposalForm(call=call, initial=initial)
        return _form_page(request, summit, call=call, form=form, closed=closed)
    form = ProposalForm(request.POST, call=call)
    return _save(request, summit, call, form)


def _own_proposal(request, call, pk):
    proposal = Proposal.objects.filter(call=call, pk=pk, proposer=request.user).first()
    if proposal is None:
        raise Http404("No proposal of yours at this address.")
    return proposal


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
@ratelimit("proposals")
@summit_page
def edit_proposal(request, summit, pk):
    call = _call(summit)
    proposal = _own_proposal(request, call, pk)
    closed = services.call_closed_message(call)
    if request.method != "POST":
        if closed or not proposal.is_editable_state:
            return _proposal_page(request, summit, proposal, closed=closed)
        form = ProposalForm(call=call, initial=ProposalForm.initial_for(proposal))
        return _form_page(request, summit, call=call, form=form, proposal=proposal)
    form = ProposalForm(request.POST, call=call)
    return _save(request, summit, call, form, proposal)


def _proposal_page(
    request, summit, proposal, *, closed="", speaker=None, form=None, status=200
):
    return render_page(
        request,
        summit,
        template=f"{TEMPLATES}/proposal.html",
        context={
            "proposal": proposal,
            "speakers": list(proposal.speakers.all()),
            "commitments": list(proposal.commitments.all()),
            "closed": closed,
            "invitation": speaker,
            "form": form,
            # Someone who declined sees their answer, not the proposal any more.
            "show_proposal": speaker is None
            or speaker.status != CoSpeakerStatus.DECLINED,
        },
        status=status,
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
@summit_page
def withdraw_proposal(request, summit, pk):
    call = _call(summit)
    proposal = _own_proposal(request, call, pk)
    if request.method != "POST":
        return render_page(
            request,
            summit,
            template=f"{TEMPLATES}/withdraw.html",
            context={
                "proposal": proposal,
                "can_withdraw": proposal.status in services.WITHDRAWABLE,
            },
        )
    try:
        services.withdraw_proposal(proposal=proposal, user=request.user)
    except services.ProposalError as error:
        return render_page(
            request,
            summit,
            template=f"{TEMPLATES}/withdraw.html",
            context={"proposal": proposal, "error": error.message},
            status=error.status,
        )
    messages.success(request, "Your proposal is withdrawn.")
    return redirect("events:my_proposals", summit.slug)


@require_safe
@login_required
@summit_page
def my_proposals(request, summit):
    call = _call(summit)
    proposals = (
        Proposal.objects.filter(call=call)
        .filter(Q(proposer=request.user) | Q(speakers__user=request.user))
        .distinct()
        .order_by("-updated_at", "-pk")
    )
    invitations = ProposalSpeaker.objects.filter(
        proposal__call=call, user=request.user, is_proposer=False
    )
    invitations = {invitation.proposal_id: invitation for invitation in invitations}
    return render_page(
        request,
        summit,
        template=f"{TEMPLATES}/mine.html",
        context={
            "call": call,
            "rows": [
                (proposal, invitations.get(proposal.pk)) for proposal in proposals
            ],
            "closed": services.call_closed_message(call),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
@ratelimit("proposals")
@summit_page
def co_speaker(request, summit, token):
    """An invitation's link: the proposal read-only, and the co-speaker's answer."""
    speaker = (
        ProposalSpeaker.objects.select_related("proposal__call")
        .filter(token=token, proposal__call__summit=summit, is_proposer=False)
        .first()
    )
    if speaker is None or (speaker.user_id and speaker.user_id != request.user.pk):
        raise Http404("No invitation at this address.")
    if refusal := services.invitation_refusal(speaker=speaker, user=request.user):
        return render_page(
            request,
            summit,
            template=f"{TEMPLATES}/invitation_refused.html",
            context={"message": refusal},
            status=403,
        )
    proposal = speaker.proposal
    if closed := services.invitation_closed_message(proposal):
        return _proposal_page(
            request,
            summit,
            proposal,
            closed=closed,
            speaker=speaker,
            status=200 if request.method != "POST" else 409,
        )
    if request.method != "POST":
        form = CoSpeakerForm(initial=CoSpeakerForm.initial_for(speaker))
        return _proposal_page(request, summit, proposal, speaker=speaker, form=form)
    accept = request.POST.get("action") != "decline"
    form = CoSpeakerForm(request.POST)
    if accept and not form.is_valid():
        return _proposal_page(
            request, summit, proposal, speaker=speaker, form=form, status=400
        )
    try:
        services.respond_to_invitation(
            speaker=speaker,
            user=request.user,
            accept=accept,
            profile=form.profile() if accept else None,
        )
    except services.ProposalError as error:
        form.add_error(None, error.message)
        return _proposal_page(
            request, summit, proposal, speaker=speaker, form=form, status=error.status
        )
    messages.success(
        request,
        "Thank you: you are a co-speaker on this proposal."
        if accept
        else "You have declined this invitation.",
    )
    return redirect("events:my_proposals", summit.slug)


def _answer_page(request, summit, proposal, *, error="", status=200):
    return render_page(
        request,
        summit,
        template=f"{TEMPLATES}/answer.html",
        context={
            "proposal": proposal,
            "speakers": list(proposal.speakers.all()),
            "waiting": proposal.status == ProposalStatus.ACCEPTED
            and proposal.decision_messages.filter(
                decision=ProposalStatus.ACCEPTED, sent_at__isnull=False
            ).exists(),
            "error": error,
        },
        status=status,
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
@ratelimit("proposals")
@summit_page
def answer_decision(request, summit, pk):
    """An accepted proposal's speakers confirm they will give it, or decline."""
    call = _call(summit)
    proposal = (
        Proposal.objects.filter(call=call, pk=pk).prefetch_related("speakers").first()
    )
    if proposal is None or not decisions.may_answer(proposal, request.user):
        raise Http404("No proposal of yours at this address.")
    if request.method != "POST":
        return _answer_page(request, summit, proposal)
    action = request.POST.get("action")
    if action not in ("confirm", "decline"):
        return _answer_page(
            request,
            summit,
            proposal,
            error="Choose whether you will give this session.",
            status=400,
        )
    try:
        decisions.respond_to_acceptance(
            proposal=proposal, user=request.user, accept=action == "confirm"
        )
    except services.ProposalError as error:
        return _answer_page(
            request, summit, proposal, error=error.message, status=error.status
        )
    messages.success(
        request,
        "Thank you: your session is confirmed. We will give it a room and a time, "
        "and each speaker will get a ticket."
        if action == "confirm"
        else "You have declined. Thank you for letting us know.",
    )
    return redirect("events:my_proposals", summit.slug)
