"""Moderating signatories in the Wagtail admin.

Editors may look at entries; Moderators (the `moderate_signatory` permission) also
see the private contact, approve, reject, edit and delete. New entries come only
through the public form, so that every contact has confirmed their address.
"""

from dataclasses import dataclass

import django_filters
from django import forms
from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from wagtail.admin import messages
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import ButtonsColumnMixin, Column, DateColumn, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.views.generic import chooser as chooser_views
from wagtail.admin.viewsets.chooser import ChooserViewSet
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import Button
from wagtail.permission_policies import ModelPermissionPolicy

from framework.panels import commitments_panel
from home.exports import SpreadsheetSafeExportMixin

from . import services
from .choices import District, OrganisationType
from .forms import RejectForm
from .links import new_nonce
from .logos import process_logo
from .models import Signatory

MODERATE = "signatories.moderate_signatory"
CONTACT_FIELDS = ["contact_name", "contact_role", "contact_email", "user"]


class SignatoryPermissionPolicy(ModelPermissionPolicy):
    def user_has_permission(self, user, action):
        if action == "add":
            return False
        return super().user_has_permission(user, action)


@dataclass(frozen=True)
class ProposedChange:
    label: str
    now: str
    proposed: str

    @property
    def changed(self):
        return self.now != self.proposed


def _choice_label(choices, value):
    """A stored choice's label; a value no longer offered shows as it is."""
    try:
        return choices(value).label
    except ValueError:
        return value


def _names(commitments):
    return ", ".join(str(commitment) for commitment in commitments)


def proposed_changes(signatory):
    """The moderator's view of an approved entry's pending update: each public field
    as it is and as the organisation asked, choices and commitments by their labels
    (the update stores their slugs). The logo is shown apart."""
    update = signatory.pending_update
    if not update:
        return []
    return [
        ProposedChange(_("Name"), signatory.name, update["name"]),
        ProposedChange(
            _("Type"),
            signatory.get_organisation_type_display(),
            _choice_label(OrganisationType, update["organisation_type"]),
        ),
        ProposedChange(
            _("Area"),
            signatory.get_district_display(),
            _choice_label(District, update["district"]),
        ),
        ProposedChange(_("Website"), signatory.website, update["website"]),
        ProposedChange(_("Pledge"), signatory.pledge, update["pledge"]),
        ProposedChange(
            _("Commitments"),
            _names(signatory.commitments.all()),
            _names(signatory.pending_commitments),
        ),
    ]


def can_moderate(user):
    return user.has_perm(MODERATE)


def awaiting_moderation(signatory):
    return signatory.status == "pending" or (
        signatory.status == "approved" and bool(signatory.pending_update)
    )


class SignatoryAdminForm(WagtailAdminModelForm):
    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        if isinstance(logo, UploadedFile):
            return process_logo(logo)
        return logo

    def save(self, commit=True):
        if "contact_email" in self.changed_data:
            # Links already emailed went to the old address: they stop working.
            self.instance.link_nonce = new_nonce()
        return super().save(commit=commit)


class SignatoryFilterSet(WagtailFilterSet):
    awaiting = django_filters.BooleanFilter(
        label=_("Awaiting moderation"),
        method="filter_awaiting",
        widget=forms.CheckboxInput,
    )

    class Meta:
        model = Signatory
        fields = ["status", "organisation_type", "district"]

    def filter_awaiting(self, queryset, name, value):
        return queryset.awaiting_moderation() if value else queryset


class ModerationTitleColumn(ButtonsColumnMixin, TitleColumn):
    """The organisation's name, leading to the moderation (inspect) page rather than
    the edit form, with the row's action buttons."""

    def __init__(self, name, *, view, **kwargs):
        super().__init__(name, get_url=view.get_inspect_url, **kwargs)
        self.view = view

    def get_buttons(self, instance, parent_context):
        return self.view.get_list_buttons(instance)


class StatusColumn(Column):
    def get_value(self, instance):
        status = instance.get_status_display()
        if instance.pending_update:
            return _("%(status)s, update awaiting approval") % {"status": status}
        return status


def _moderation_buttons(view, instance):
    if not (can_moderate(view.request.user) and awaiting_moderation(instance)):
        return []
    pk = quote(instance.pk)
    return [
        Button(
            _("Approve"),
            url=reverse("signatory:approve", args=[pk]),
            icon_name="check",
            priority=5,
        ),
        Button(
            _("Reject"),
            url=reverse("signatory:reject", args=[pk]),
            icon_name="cross",
            priority=6,
        ),
    ]


class SignatoryIndexView(SpreadsheetSafeExportMixin, generic.IndexView):
    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        if not can_moderate(request.user):
            self.list_export = [f for f in self.list_export if f not in CONTACT_FIELDS]

    @cached_property
    def columns(self):
        title = ModerationTitleColumn(
            "name", view=self, label=_("Organisation"), sort_key="normalised_name"
        )
        return [title, *super().columns[1:]]

    def get_list_more_buttons(self, instance):
        return [
            *_moderation_buttons(self, instance),
            *super().get_list_more_buttons(instance),
        ]


class SignatoryInspectView(generic.InspectView):
    template_name = "signatories/admin/inspect.html"

    def get_fields(self):
        fields = super().get_fields()
        if can_moderate(self.request.user):
            return fields
        return [field for field in fields if field not in CONTACT_FIELDS]

    def get_logo_display_value(self):
        if not self.object.logo:
            return "-"
        return format_html(
            '<img src="{}" alt="" width="{}" height="{}">',
            self.object.logo.url,
            self.object.logo_width,
            self.object.logo_height,
        )

    def get_status_display_value(self):
        return StatusColumn("status").get_value(self.object)

    @cached_property
    def header_more_buttons(self):
        return [
            *_moderation_buttons(self, self.object),
            *super().header_more_buttons,
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["audit_entries"] = self.object.audit_entries.select_related("user")
        context["proposed_changes"] = proposed_changes(self.object)
        context["can_moderate"] = can_moderate(self.request.user)
        context["awaiting_moderation"] = awaiting_moderation(self.object)
        return context


class ModerationView(generic.base.WagtailAdminTemplateMixin, FormView):
    """Approve or reject one entry: a page showing what will be published, then a
    POST. Only Moderators reach it."""

    action = None
    header_icon = "user"

    def dispatch(self, request, *args, **kwargs):
        if not can_moderate(request.user):
            raise PermissionDenied
        self.object = get_object_or_404(Signatory, pk=kwargs["pk"])
        if not awaiting_moderation(self.object):
            messages.error(request, _("This entry is not awaiting moderation."))
            return redirect("signatory:inspect", quote(self.object.pk))
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return str(self.object)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("signatory:index"), "label": _("Signatories")},
            {
                "url": reverse("signatory:inspect", args=[quote(self.object.pk)]),
                "label": str(self.object),
            },
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["object"] = self.object
        context["is_update"] = self.object.status == "approved"
        context["proposed_changes"] = proposed_changes(self.object)
        context["cancel_url"] = reverse(
            "signatory:inspect", args=[quote(self.object.pk)]
        )
        return context

    def form_valid(self, form):
        try:
            self.moderate(form)
        except services.SignatoryError as error:
            messages.error(self.request, error.message)
            return redirect("signatory:inspect", quote(self.object.pk))
        return redirect("signatory:index")


class ApproveView(ModerationView):
    page_title = _("Approve")
    template_name = "signatories/admin/approve.html"
    form_class = forms.Form

    def moderate(self, form):
        services.approve_signatory(signatory=self.object, user=self.request.user)
        messages.success(
            self.request,
            _("'%(name)s' approved; the contact has been emailed.")
            % {"name": self.object},
        )


class RejectView(ModerationView):
    page_title = _("Reject")
    template_name = "signatories/admin/reject.html"
    form_class = RejectForm

    def moderate(self, form):
        services.reject_signatory(
            signatory=self.object,
            user=self.request.user,
            reason=form.cleaned_data["reason"],
        )
        messages.success(
            self.request,
            _("'%(name)s' rejected; the contact has been emailed the reason.")
            % {"name": self.object},
        )


class SignatoryViewSet(ModelViewSet):
    model = Signatory
    icon = "group"
    menu_label = _("Signatories")
    menu_order = 250
    add_to_admin_menu = True
    url_prefix = "signatories"
    index_view_class = SignatoryIndexView
    inspect_view_class = SignatoryInspectView
    inspect_view_enabled = True
    copy_view_enabled = False
    ordering = ["-created_at"]
    list_display = [
        "name",
        Column("organisation_type", accessor="get_organisation_type_display"),
        Column("district", label=_("Area"), accessor="get_district_display"),
        StatusColumn("status", label=_("Status"), sort_key="status"),
        DateColumn("created_at", label=_("Signed"), sort_key="created_at"),
    ]
    filterset_class = SignatoryFilterSet
    search_fields = ["name", "website"]
    search_backend_name = None
    list_export = [
        "id",
        "name",
        "get_organisation_type_display",
        "get_district_display",
        "ons_code",
        "website",
        "get_status_display",
        "pledge",
        "contact_name",
        "contact_role",
        "contact_email",
        "created_at",
        "confirmed_at",
        "approved_at",
    ]
    export_headings = {
        "id": _("ID"),
        "get_organisation_type_display": _("Type"),
        "get_district_display": _("Area"),
        "ons_code": _("ONS code"),
        "get_status_display": _("Status"),
    }
    export_filename = "signatories"
    inspect_view_fields = [
        "name",
        "status",
        "organisation_type",
        "district",
        "website",
        "logo",
        "pledge",
        "commitments",
        "contact_name",
        "contact_role",
        "contact_email",
        "user",
        "created_at",
        "confirmed_at",
        "approved_at",
    ]
    edit_handler = ObjectList(
        [
            FieldPanel("name"),
            FieldPanel("organisation_type"),
            FieldPanel("district"),
            FieldPanel("website"),
            FieldPanel("logo"),
            FieldPanel("pledge"),
            commitments_panel(),
            MultiFieldPanel(
                [
                    FieldPanel("contact_name"),
                    FieldPanel("contact_role"),
                    FieldPanel("contact_email"),
                ],
                heading=_("Contact (never published)"),
                permission=MODERATE,
            ),
        ],
        base_form_class=SignatoryAdminForm,
    )

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("approve/<id:pk>/", ApproveView.as_view(), name="approve"),
            path("reject/<id:pk>/", RejectView.as_view(), name="reject"),
        ]


class PublicEntriesOnly:
    """The chooser shows what its viewer may see: staff with view rights on the
    register (editors picking a story's partner), and only public entries, whether
    listed, searched or asked for by id."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("signatories.view_signatory"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_object_list(self):
        return Signatory.objects.public()

    def get_object(self, pk):
        return Signatory.objects.public().get(pk=pk)

    def get_objects(self, pks):
        return Signatory.objects.public().filter(pk__in=pks)


class SignatoryChooseView(PublicEntriesOnly, chooser_views.ChooseView):
    pass


class SignatoryChooseResultsView(PublicEntriesOnly, chooser_views.ChooseResultsView):
    pass


class SignatoryChosenView(PublicEntriesOnly, chooser_views.ChosenView):
    pass


class SignatoryChosenMultipleView(PublicEntriesOnly, chooser_views.ChosenMultipleView):
    pass


class SignatoryChooserViewSet(ChooserViewSet):
    """Pick an organisation from the public register, such as a story's partner.
    Registered for every foreign key to Signatory in admin forms."""

    model = Signatory
    icon = "group"
    choose_one_text = _("Choose a register entry")
    choose_another_text = _("Choose another register entry")
    choose_view_class = SignatoryChooseView
    choose_results_view_class = SignatoryChooseResultsView
    chosen_view_class = SignatoryChosenView
    chosen_multiple_view_class = SignatoryChosenMultipleView
