"""The call for proposals in the Wagtail admin (docs/proposals.md): editing a
summit's call, the proposals list with filters and exports, the per-call
statistics, and the review pages (the reviewers' list, scoring a proposal and the
ranking dashboard). Registered in `events.wagtail_hooks`."""

import django_filters
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.permissions import register_permission_policy
from wagtail.snippets.views.snippets import SnippetViewSet

from framework.models import Commitment
from home.filters import IdChoiceFilter

from ..choices import ProposalStatus, SessionType
from ..models import CallForProposals, DecisionMessage, Proposal
from ..viewsets import LoggedInspectView, UKTimeIndexView, ViewOnlyPermissionPolicy
from . import decisions, review, statistics
from .forms import (
    ConflictForm,
    DashboardFilterForm,
    DecisionForm,
    DecisionMessageForm,
    ReviewForm,
)

MANAGE_CALLS = "events.change_callforproposals"
VIEW_PROPOSALS = "events.view_proposal"


class CallForProposalsViewSet(SnippetViewSet):
    model = CallForProposals
    icon = "doc-full"
    menu_label = _("Calls for proposals")
    list_display = ["summit", "opens_at", "closes_at"]
    ordering = ["-closes_at"]


class ProposalFilterSet(WagtailFilterSet):
    call = IdChoiceFilter(
        queryset=CallForProposals.objects.select_related("summit").order_by(
            "-closes_at"
        ),
        label=_("Call"),
    )
    status = django_filters.ChoiceFilter(
        choices=ProposalStatus.choices, label=_("Status")
    )
    session_type = django_filters.ChoiceFilter(
        choices=SessionType.choices, label=_("Format")
    )
    commitments = IdChoiceFilter(
        queryset=Commitment.objects.all(), label=_("Commitment")
    )

    class Meta:
        model = Proposal
        fields = ["call", "status", "session_type", "commitments", "organisation_type"]


class ProposalIndexView(UKTimeIndexView):
    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .select_related("call__summit")
            .prefetch_related("speakers", "commitments")
            .distinct()
        )


class ProposalViewSet(SnippetViewSet):
    """Read-only: proposals change through their proposers and the services."""

    model = Proposal
    icon = "doc-full-inverse"
    menu_label = _("Proposals")
    index_view_class = ProposalIndexView
    inspect_view_class = LoggedInspectView
    inspect_view_enabled = True
    filterset_class = ProposalFilterSet
    list_display = [
        "title",
        "proposer_name",
        "session_type",
        "status",
        "call",
        "submitted_at",
    ]
    list_per_page = 50
    ordering = ["-submitted_at", "-created_at"]
    search_fields = [
        "title",
        "abstract",
        "speakers__name",
        "speakers__email",
        "speakers__organisation",
    ]
    search_backend_name = None
    list_export = [
        "call",
        "title",
        "get_status_display",
        "get_session_type_display",
        "duration_minutes",
        "proposer_name",
        "proposer_email",
        "proposer_organisation",
        "get_organisation_type_display",
        "co_speakers",
        "commitment_names",
        "abstract",
        "audience",
        "access_needs",
        "submitted_at",
    ]
    export_headings = {
        "get_status_display": _("Status"),
        "get_session_type_display": _("Format"),
        "proposer_name": _("Proposer"),
        "proposer_email": _("Proposer's email"),
        "proposer_organisation": _("Organisation"),
        "get_organisation_type_display": _("Organisation type"),
        "co_speakers": _("Co-speakers"),
        "commitment_names": _("Commitments"),
    }
    export_filename = "proposals"
    inspect_view_fields = [
        "title",
        "status",
        "session_type",
        "duration_minutes",
        "abstract",
        "description",
        "audience",
        "access_needs",
        "organisation_type",
        "proposer_name",
        "proposer_email",
        "proposer_organisation",
        "co_speakers",
        "commitment_names",
        "submitted_at",
    ]


# Registered before the viewset asks for a policy (Wagtail 8 requires that order).
register_permission_policy(Proposal, ViewOnlyPermissionPolicy(Proposal))


# Review pages -----------------------------------------------------------------


class RefuseFirstMixin(WagtailAdminTemplateMixin):
    """A page that asks `may_open(user)` before it `load`s the row it is about from
    the URL's arguments: someone refused is refused alike for every id, never told
    by a 404 which ids exist."""

    def dispatch(self, request, *args, **kwargs):
        if not self.may_open(request.user):
            raise PermissionDenied
        self.load(**kwargs)
        return super().dispatch(request, *args, **kwargs)

    def load(self, **kwargs):
        """Pages about no one row load nothing here."""

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]


class ReviewMixin(RefuseFirstMixin):
    """Pages for reviewers and those who manage calls."""

    header_icon = "doc-full-inverse"

    def may_open(self, user):
        return review.can_review(user) or user.has_perm(MANAGE_CALLS)


def default_review(request):
    """The newest call's list."""
    if not (review.can_review(request.user) or request.user.has_perm(MANAGE_CALLS)):
        raise PermissionDenied
    call = CallForProposals.objects.order_by("-closes_at").first()
    if call is None:
        raise Http404(_("There is no call for proposals yet."))
    return redirect("proposal_review_list", call.pk)


class ReviewListView(ReviewMixin, TemplateView):
    template_name = "events/admin/proposals/review_list.html"
    page_title = _("Review proposals")

    def get_context_data(self, **kwargs):
        call = get_object_or_404(
            CallForProposals.objects.select_related("summit"), pk=self.kwargs["call_id"]
        )
        user = self.request.user
        rows = []
        for proposal in review.proposals_for_review(call):
            mine = review.own_review(proposal, user)
            rows.append(
                {
                    "proposal": proposal,
                    "conflict": review.conflict_for(proposal, user),
                    "reviewed": mine is not None and not mine.conflict,
                }
            )
        return super().get_context_data(
            call=call,
            calls=CallForProposals.objects.select_related("summit").order_by(
                "-closes_at"
            ),
            rows=rows,
            **kwargs,
        )


class ReviewProposalView(ReviewMixin, TemplateView):
    template_name = "events/admin/proposals/review.html"
    page_title = _("Review a proposal")

    def load(self, *, pk):
        proposal = (
            review.proposals_for_review(
                CallForProposals.objects.filter(proposals__pk=pk).first()
            )
            .filter(pk=pk)
            .first()
        )
        if proposal is None:
            raise Http404(_("No proposal to review at this address."))
        self.proposal = proposal
        self.criteria = list(proposal.call.criteria.all())

    def get_page_subtitle(self):
        return self.proposal.title

    def get(self, request, *args, **kwargs):
        mine = review.own_review(self.proposal, request.user)
        initial = {}
        if mine and not mine.conflict:
            initial = {
                f"criterion_{s.criterion_id}": s.score for s in mine.scores.all()
            }
            initial["comment"] = mine.comment
        return self.render(ReviewForm(criteria=self.criteria, initial=initial))

    def post(self, request, *args, **kwargs):
        if request.POST.get("action") == "conflict":
            conflict = ConflictForm(request.POST)
            if not conflict.is_valid():
                return self.render(
                    ReviewForm(criteria=self.criteria),
                    conflict_form=conflict,
                    status=400,
                )
            try:
                review.declare_conflict(
                    proposal=self.proposal,
                    reviewer=request.user,
                    reason=conflict.cleaned_data["reason"],
                )
            except review.ReviewError as error:
                raise PermissionDenied(error.message) from error
            messages.success(request, _("You have stepped aside from this proposal."))
            return redirect("proposal_review_list", self.proposal.call_id)
        form = ReviewForm(request.POST, criteria=self.criteria)
        if not form.is_valid():
            return self.render(form, status=400)
        try:
            review.save_review(
                proposal=self.proposal,
                reviewer=request.user,
                scores=form.scores(),
                comment=form.cleaned_data["comment"].strip(),
            )
        except review.ReviewError as error:
            form.add_error(None, error.message)
            return self.render(form, status=error.status)
        messages.success(request, _("Your review is saved."))
        return redirect("proposal_review_list", self.proposal.call_id)

    def render(self, form, *, conflict_form=None, status=200):
        proposal = self.proposal
        user = self.request.user
        call = proposal.call
        conflict = review.conflict_for(proposal, user)
        others = [r for r in proposal.reviews.all() if r.reviewer_id != user.pk]
        context = self.get_context_data(
            proposal=proposal,
            call=call,
            form=form,
            conflict_form=conflict_form or ConflictForm(),
            conflict=conflict,
            can_review=review.can_review(user),
            manager=user.has_perm(MANAGE_CALLS),
            anonymised=call.anonymised_review and not user.has_perm(MANAGE_CALLS),
            speakers=list(proposal.speakers.all()),
            commitments=list(proposal.commitments.all()),
            answers=[
                (q.label, proposal.answers.get(str(q.pk), ""))
                for q in call.questions.all()
            ],
            others=others,
            show_scores=review.may_see_scores(proposal, user)
            or (user.has_perm(MANAGE_CALLS) and not conflict),
        )
        return self.render_to_response(context, status=status)


class DashboardView(ReviewMixin, TemplateView):
    template_name = "events/admin/proposals/dashboard.html"
    page_title = _("Review dashboard")

    def get(self, request, *args, **kwargs):
        call = get_object_or_404(
            CallForProposals.objects.select_related("summit"), pk=kwargs["call_id"]
        )
        form = DashboardFilterForm(request.GET or None, call=call)
        filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
        rankings = review.dashboard(
            call,
            commitment=filters.get("commitment"),
            session_type=filters.get("session_type", ""),
            status=filters.get("status", ""),
        )
        user = request.user
        manager = user.has_perm(MANAGE_CALLS)
        rows = [
            {
                "ranking": ranking,
                # Nobody sees the scores of a proposal they have a conflict with.
                "visible": review.may_see_scores(ranking.proposal, user)
                or (manager and not review.conflict_for(ranking.proposal, user)),
            }
            for ranking in rankings
        ]
        context = self.get_context_data(
            call=call,
            form=form,
            rows=rows,
            anonymised=call.anonymised_review and not manager,
            manager=manager,
            decision_form=DecisionForm(call=call) if manager else None,
        )
        status = 400 if form.is_bound and not form.is_valid() else 200
        return self.render_to_response(context, status=status)


class StatisticsView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "events/admin/proposals/statistics.html"
    page_title = _("Call for proposals: statistics")
    header_icon = "doc-full-inverse"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(VIEW_PROPOSALS):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        call = get_object_or_404(
            CallForProposals.objects.select_related("summit"), pk=self.kwargs["call_id"]
        )
        return super().get_context_data(
            call=call, figures=statistics.call_statistics(call), **kwargs
        )


# Decisions and the outbox ------------------------------------------------------


class ManagerMixin(RefuseFirstMixin):
    """Pages for those who manage calls (Event managers)."""

    header_icon = "mail"

    def may_open(self, user):
        return user.has_perm(MANAGE_CALLS)


def _addressed_now(draft):
    """`draft` showing whom it would go to if sent now (sending looks again)."""
    draft.recipients = decisions.recipients(draft.proposal)
    return draft


class OutboxView(ManagerMixin, TemplateView):
    """A call's decision messages: drafts to edit and send, and those sent. Posts
    take decisions (one proposal or many, from the dashboard) and send."""

    template_name = "events/admin/proposals/outbox.html"
    page_title = _("Decisions outbox")

    def load(self, *, call_id):
        self.call = get_object_or_404(
            CallForProposals.objects.select_related("summit"), pk=call_id
        )

    def get_page_subtitle(self):
        return str(self.call.summit)

    def render(self, *, errors=(), status=200):
        messages_qs = (
            DecisionMessage.objects.filter(proposal__call=self.call)
            .select_related("proposal", "sent_by")
            .prefetch_related("proposal__speakers")
        )
        context = self.get_context_data(
            call=self.call,
            drafts=[_addressed_now(m) for m in messages_qs if not m.is_sent],
            sent=sorted(
                (m for m in messages_qs if m.is_sent),
                key=lambda m: m.sent_at,
                reverse=True,
            ),
            errors=errors,
        )
        return self.render_to_response(context, status=status)

    def get(self, request, *args, **kwargs):
        return self.render()

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action")
        try:
            if action == "decide":
                form = DecisionForm(request.POST, call=self.call)
                if not form.is_valid():
                    errors = [e for field in form.errors.values() for e in field]
                    return self.render(errors=errors, status=400)
                drafts = decisions.decide(
                    proposals=form.cleaned_data["proposals"],
                    decision=form.cleaned_data["decision"],
                    user=request.user,
                )
                messages.success(
                    request,
                    _("Decided. %(count)s message(s) drafted: nothing is sent yet.")
                    % {"count": len(drafts)},
                )
            elif action == "send":
                raw = request.POST.get("message", "")
                message = (
                    DecisionMessage.objects.filter(
                        proposal__call=self.call, pk=int(raw)
                    ).first()
                    if raw.isdigit() and len(raw) < 12
                    else None
                )
                if message is None:
                    return self.render(
                        errors=[_("Choose a message to send.")], status=400
                    )
                sent = decisions.send_messages(messages=[message], user=request.user)
                if not sent:
                    return self.render(
                        errors=[_("This message was sent already.")], status=409
                    )
                messages.success(request, _("The message is sent."))
            elif action == "send_all":
                sent = decisions.send_all_drafted(call=self.call, user=request.user)
                messages.success(
                    request, _("%(count)s message(s) sent.") % {"count": sent}
                )
            else:
                return self.render(errors=[_("Choose what to do.")], status=400)
        except decisions.DecisionError as error:
            return self.render(errors=[error.message], status=error.status)
        return redirect("proposal_outbox", self.call.pk)


class DecisionMessageView(ManagerMixin, TemplateView):
    """Edit an unsent decision message, then save it or save and send it."""

    template_name = "events/admin/proposals/message.html"
    page_title = _("Decision message")

    def load(self, *, pk):
        self.message = get_object_or_404(
            DecisionMessage.objects.select_related("proposal__call__summit"), pk=pk
        )

    def get_page_subtitle(self):
        return self.message.proposal.title

    def render(self, form, status=200):
        message = self.message
        if not message.is_sent:
            message = _addressed_now(message)
        context = self.get_context_data(message=message, form=form)
        return self.render_to_response(context, status=status)

    def get(self, request, *args, **kwargs):
        message = self.message
        return self.render(
            DecisionMessageForm(
                initial={"subject": message.subject, "body": message.body}
            )
        )

    def post(self, request, *args, **kwargs):
        form = DecisionMessageForm(request.POST)
        if not form.is_valid():
            return self.render(form, status=400)
        try:
            message = decisions.edit_message(
                message=self.message,
                subject=form.cleaned_data["subject"],
                body=form.cleaned_data["body"],
            )
        except decisions.DecisionError as error:
            form.add_error(None, error.message)
            return self.render(form, status=error.status)
        if request.POST.get("action") == "send":
            decisions.send_messages(messages=[message], user=request.user)
            messages.success(request, _("The message is sent."))
        else:
            messages.success(request, _("The draft is saved; it is not sent yet."))
        return redirect("proposal_outbox", message.proposal.call_id)


def admin_urls():
    return [
        path(
            "proposals-review/<id:call_id>/outbox/",
            OutboxView.as_view(),
            name="proposal_outbox",
        ),
        path(
            "proposals-review/outbox/<id:pk>/",
            DecisionMessageView.as_view(),
            name="proposal_decision_message",
        ),
        path("proposals-review/", default_review, name="proposal_review_default"),
        path(
            "proposals-review/<id:call_id>/",
            ReviewListView.as_view(),
            name="proposal_review_list",
        ),
        path(
            "proposals-review/<id:call_id>/dashboard/",
            DashboardView.as_view(),
            name="proposal_review_dashboard",
        ),
        path(
            "proposals-review/<id:call_id>/statistics/",
            StatisticsView.as_view(),
            name="proposal_statistics",
        ),
        path(
            "proposals-review/proposal/<id:pk>/",
            ReviewProposalView.as_view(),
            name="proposal_review",
        ),
    ]


class ReviewMenuItem(MenuItem):
    def is_shown(self, request):
        return review.can_review(request.user) or request.user.has_perm(MANAGE_CALLS)


def review_menu_item():
    return ReviewMenuItem(
        _("Review proposals"),
        reverse("proposal_review_default"),
        name="review-proposals",
        icon_name="doc-full-inverse",
        order=255,
    )
