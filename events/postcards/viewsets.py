"""Moderating ambition postcards in the Wagtail admin, in the shape of the
register's moderation (signatories/viewsets.py): a list with the cards awaiting
approval first to hand, an inspect page with the card's history, and a page per
decision. Nobody adds or edits a card here: they are the writers' own words."""

from django import forms
from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from wagtail.admin import messages
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import Button
from wagtail.permission_policies import ModelPermissionPolicy

from signatories.viewsets import ModerationTitleColumn

from ..choices import PostcardStatus
from ..models import Postcard
from . import services

MODERATE = "events.moderate_postcard"


class PostcardPermissionPolicy(ModelPermissionPolicy):
    def user_has_permission(self, user, action):
        if action in ("add", "change"):
            return False
        return super().user_has_permission(user, action)


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Kept in the card's history for other moderators."),
    )


class PostcardFilterSet(WagtailFilterSet):
    class Meta:
        model = Postcard
        fields = ["status", "summit", "outcome", "district"]


# (url name, label, icon, the status a card must have)
DECISIONS = [
    ("approve", _("Approve"), "check", PostcardStatus.HELD),
    ("reject", _("Reject"), "cross", PostcardStatus.HELD),
    ("take_down", _("Take down"), "cross", PostcardStatus.PUBLISHED),
]


def _decision_buttons(view, instance):
    if not view.request.user.has_perm(MODERATE):
        return []
    return [
        Button(
            label,
            url=reverse(f"postcard:{name}", args=[quote(instance.pk)]),
            icon_name=icon,
            priority=5 + number,
        )
        for number, (name, label, icon, status) in enumerate(DECISIONS)
        if instance.status == status
    ]


class PostcardIndexView(generic.IndexView):
    @cached_property
    def columns(self):
        title = ModerationTitleColumn("ambition", view=self, label=_("Ambition"))
        return [title, *super().columns[1:]]

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("outcome", "summit")

    def get_list_more_buttons(self, instance):
        return [
            *_decision_buttons(self, instance),
            *super().get_list_more_buttons(instance),
        ]


class PostcardInspectView(generic.InspectView):
    template_name = "events/admin/postcard_inspect.html"

    @cached_property
    def header_more_buttons(self):
        return [*_decision_buttons(self, self.object), *super().header_more_buttons]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["log_entries"] = self.object.log_entries.select_related("user")
        context["decisions"] = _decision_buttons(self, self.object)
        return context


class DecisionView(generic.base.WagtailAdminTemplateMixin, FormView):
    """Approve, reject or take down one card: a page showing it, then a POST."""

    status = None
    header_icon = "comment"
    template_name = "events/admin/postcard_decision.html"
    form_class = ReasonForm
    done = ""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(MODERATE):
            raise PermissionDenied
        self.object = get_object_or_404(Postcard, pk=kwargs["pk"])
        if self.object.status != self.status:
            messages.error(request, _("This card has already been dealt with."))
            return redirect("postcard:inspect", quote(self.object.pk))
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return str(self.object)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("postcard:index"), "label": _("Ambition postcards")},
            {
                "url": reverse("postcard:inspect", args=[quote(self.object.pk)]),
                "label": str(self.object),
            },
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["object"] = self.object
        context["question"] = self.question
        context["button"] = self.page_title
        context["cancel_url"] = reverse(
            "postcard:inspect", args=[quote(self.object.pk)]
        )
        return context

    def form_valid(self, form):
        try:
            self.decide(form.cleaned_data.get("reason", ""))
        except services.PostcardError as error:
            messages.error(self.request, error.message)
            return redirect("postcard:inspect", quote(self.object.pk))
        messages.success(self.request, self.done)
        return redirect("postcard:index")


class ApproveView(DecisionView):
    status = PostcardStatus.HELD
    page_title = _("Approve")
    question = _("Put this card on the wall?")
    form_class = forms.Form
    done = _("The card is on the wall.")

    def decide(self, reason):
        services.approve_postcard(postcard=self.object, user=self.request.user)


class RejectView(DecisionView):
    status = PostcardStatus.HELD
    page_title = _("Reject")
    question = _("Reject this card? It never shows; nobody is told.")
    done = _("The card has been rejected.")

    def decide(self, reason):
        services.reject_postcard(
            postcard=self.object, user=self.request.user, reason=reason
        )


class TakeDownView(DecisionView):
    status = PostcardStatus.PUBLISHED
    page_title = _("Take down")
    question = _(
        "Take this card down? It leaves the wall, the outcome page, the big screen "
        "and the open data at once."
    )
    done = _("The card has been taken down.")

    def decide(self, reason):
        services.take_down_postcard(
            postcard=self.object, user=self.request.user, reason=reason
        )


class PostcardViewSet(ModelViewSet):
    model = Postcard
    icon = "comment"
    menu_label = _("Ambition postcards")
    menu_order = 260
    add_to_admin_menu = True
    url_prefix = "postcards"
    index_view_class = PostcardIndexView
    inspect_view_class = PostcardInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    ordering = ["-created_at"]
    list_display = [
        "ambition",
        Column("outcome"),
        Column("district", accessor="get_district_display"),
        Column("status", accessor="get_status_display", sort_key="status"),
        Column("suspect_reasons", label=_("Held because")),
        Column("summit"),
        DateColumn("created_at", label=_("Written"), sort_key="created_at"),
    ]
    filterset_class = PostcardFilterSet
    search_fields = ["ambition", "first_name"]
    search_backend_name = None
    inspect_view_fields = [
        "ambition",
        "outcome",
        "first_name",
        "district",
        "status",
        "suspect_reasons",
        "summit",
        "created_at",
        "published_at",
        "moderated_at",
    ]
    form_fields = ["ambition"]

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("approve/<id:pk>/", ApproveView.as_view(), name="approve"),
            path("reject/<id:pk>/", RejectView.as_view(), name="reject"),
            path("take-down/<id:pk>/", TakeDownView.as_view(), name="take_down"),
        ]
