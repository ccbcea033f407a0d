from django import forms
from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from wagtail.admin import messages
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import Button
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.views.snippets import SnippetViewSet

from . import self_service
from .choices import ChangeStatus
from .models import Speaker, SpeakerProfileChange


class SpeakerViewSet(SnippetViewSet):
    model = Speaker
    icon = "user"
    menu_label = _("Speakers")
    list_display = ["name", "role", "organisation"]
    list_per_page = 50
    search_fields = ["name", "organisation", "role"]
    search_backend_name = None
    list_export = ["name", "pronouns", "role", "organisation", "slug"]
    export_filename = "summit-speakers"


# --- Speakers' own changes, waiting for an editor ----------------------------------

MODERATE = "speakers.change_speaker"


class ProfileChangePermissionPolicy(ModelPermissionPolicy):
    """Whoever may change speakers may look at, approve and reject their changes;
    nobody adds, edits or deletes them in the admin (they come from the speaker)."""

    def user_has_permission(self, user, action):
        if action in ("add", "change", "delete"):
            return False
        return user.is_active and user.has_perm(MODERATE)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


class ProposedField:
    def __init__(self, label, now, proposed):
        self.label, self.now, self.proposed = label, now, proposed
        self.changed = now != proposed


def proposed_fields(change):
    speaker = change.speaker
    links_now = "\n".join(block.value["url"] for block in speaker.links)
    return [
        ProposedField(_("Name"), speaker.name, change.name),
        ProposedField(_("Pronouns"), speaker.pronouns, change.pronouns),
        ProposedField(_("Job title"), speaker.role, change.role),
        ProposedField(_("Organisation"), speaker.organisation, change.organisation),
        ProposedField(_("Biography"), speaker.bio, change.bio),
        ProposedField(_("Links"), links_now, "\n".join(change.links)),
    ]


class ProfileChangeFilterSet(WagtailFilterSet):
    class Meta:
        model = SpeakerProfileChange
        fields = ["status"]


class ProfileChangeInspectView(generic.InspectView):
    template_name = "speakers/admin/change_inspect.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["proposed_fields"] = proposed_fields(self.object)
        context["waiting"] = self.object.status == ChangeStatus.PENDING
        return context


class ChangeDecisionView(generic.base.WagtailAdminTemplateMixin, FormView):
    """Approve or reject one waiting change: a page showing it, then a POST."""

    header_icon = "user"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(MODERATE):
            raise PermissionDenied
        self.object = get_object_or_404(
            SpeakerProfileChange.objects.select_related("speaker"), pk=kwargs["pk"]
        )
        if self.object.status != ChangeStatus.PENDING:
            messages.error(request, _("These changes are no longer waiting."))
            return redirect("speaker_changes:index")
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return str(self.object)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["object"] = self.object
        context["proposed_fields"] = proposed_fields(self.object)
        context["cancel_url"] = reverse(
            "speaker_changes:inspect", args=[quote(self.object.pk)]
        )
        return context

    def form_valid(self, form):
        try:
            self.decide(form)
        except self_service.SelfServiceError as error:
            messages.error(self.request, error.message)
        return redirect("speaker_changes:index")


class ApproveChangeView(ChangeDecisionView):
    page_title = _("Approve")
    template_name = "speakers/admin/change_approve.html"
    form_class = forms.Form

    def decide(self, form):
        self_service.approve_change(change=self.object, by=self.request.user)
        messages.success(
            self.request,
            _("%(name)s's profile is updated; they have been emailed.")
            % {"name": self.object.speaker.name},
        )


class RejectChangeForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Sent to the speaker in the email telling them."),
        error_messages={"required": _("Give the speaker a reason.")},
    )


class RejectChangeView(ChangeDecisionView):
    page_title = _("Reject")
    template_name = "speakers/admin/change_reject.html"
    form_class = RejectChangeForm

    def decide(self, form):
        self_service.reject_change(
            change=self.object, by=self.request.user, reason=form.cleaned_data["reason"]
        )
        messages.success(
            self.request,
            _("Changes to %(name)s's profile rejected; they have been emailed why.")
            % {"name": self.object.speaker.name},
        )


class ProfileChangeIndexView(generic.IndexView):
    def get_list_more_buttons(self, instance):
        buttons = list(super().get_list_more_buttons(instance))
        if instance.status == ChangeStatus.PENDING:
            pk = quote(instance.pk)
            buttons[:0] = [
                Button(
                    _("Approve"),
                    url=reverse("speaker_changes:approve", args=[pk]),
                    icon_name="check",
                    priority=5,
                ),
                Button(
                    _("Reject"),
                    url=reverse("speaker_changes:reject", args=[pk]),
                    icon_name="cross",
                    priority=6,
                ),
            ]
        return buttons


class SpeakerProfileChangeViewSet(ModelViewSet):
    """Summits > Speaker profile changes: the moderation list."""

    model = SpeakerProfileChange
    icon = "user"
    menu_label = _("Speaker profile changes")
    menu_order = 251
    add_to_admin_menu = True
    url_prefix = "speaker-changes"
    index_view_class = ProfileChangeIndexView
    inspect_view_class = ProfileChangeInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    ordering = ["-created_at"]
    list_display = [
        TitleColumn(
            "speaker",
            label=_("Speaker"),
            get_url=lambda change: reverse(
                "speaker_changes:inspect", args=[quote(change.pk)]
            ),
        ),
        Column("status", label=_("Status"), accessor="get_status_display"),
        DateColumn("created_at", label=_("Sent"), sort_key="created_at"),
    ]
    filterset_class = ProfileChangeFilterSet
    inspect_view_fields = ["speaker", "status", "created_at", "decided_at", "reason"]
    # Never shown: the permission policy refuses adding and editing.
    form_fields = ["reason"]

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("approve/<id:pk>/", ApproveChangeView.as_view(), name="approve"),
            path("reject/<id:pk>/", RejectChangeView.as_view(), name="reject"),
        ]
