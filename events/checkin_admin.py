"""On the day, in the Wagtail admin: the read-only check-in list, the summit
dashboard's menu item, URLs and home-page panel (registered in wagtail_hooks)."""

import django_filters
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.snippets.views.snippets import SnippetViewSet

from . import admin_views, dashboard
from .choices import CheckInSource
from .models import CheckIn, TicketType
from .viewsets import UKTimeIndexView, summit_filter

VIEW_ATTENDEES = admin_views.VIEW_ATTENDEES


class CheckInFilterSet(WagtailFilterSet):
    summit = summit_filter()
    ticket_type = django_filters.ModelChoiceFilter(
        field_name="attendee__ticket_type",
        queryset=TicketType.objects.select_related("summit"),
        label=_("Ticket type"),
    )
    source = django_filters.ChoiceFilter(choices=CheckInSource.choices, label=_("How"))
    undone = django_filters.BooleanFilter(
        field_name="undone_at", lookup_expr="isnull", exclude=True, label=_("Undone")
    )
    organisation = django_filters.CharFilter(
        field_name="attendee__organisation",
        lookup_expr="icontains",
        label=_("Organisation"),
    )

    class Meta:
        model = CheckIn
        fields = ["summit", "ticket_type", "source", "undone", "organisation"]


class CheckInViewSet(SnippetViewSet):
    """Who came in, when and through whom; undone check-ins stay listed."""

    model = CheckIn
    icon = "tick"
    menu_label = _("Check-ins")
    inspect_view_enabled = True
    index_view_class = UKTimeIndexView
    filterset_class = CheckInFilterSet
    list_display = [
        Column("attendee", label=_("Attendee")),
        Column(
            "organisation", label=_("Organisation"), accessor="attendee.organisation"
        ),
        Column(
            "ticket_type", label=_("Ticket type"), accessor="attendee.ticket_type.name"
        ),
        "checked_in_at",
        Column("checked_in_by", label=_("By")),
        "source",
        BooleanColumn("is_undone", label=_("Undone")),
    ]
    list_per_page = 50
    ordering = ["-checked_in_at"]
    search_fields = [
        "attendee__name",
        "attendee__organisation",
        "attendee__order__reference",
    ]
    search_backend_name = None
    list_export = [
        "attendee.reference",
        "attendee.name",
        "attendee.organisation",
        "attendee.ticket_type.name",
        "summit",
        "checked_in_at",
        "checked_in_by",
        "get_source_display",
        "undone_at",
        "undone_by",
    ]
    export_headings = {
        "attendee.reference": _("Reference"),
        "attendee.name": _("Name"),
        "attendee.organisation": _("Organisation"),
        "attendee.ticket_type.name": _("Ticket type"),
        "get_source_display": _("How"),
    }
    export_filename = "summit-check-ins"

    def get_queryset(self, request):
        return CheckIn.objects.select_related(
            "attendee__order",
            "attendee__ticket_type",
            "summit",
            "checked_in_by",
            "undone_by",
        )


class DashboardMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(VIEW_ATTENDEES)


def dashboard_menu_item():
    return DashboardMenuItem(
        _("Summit dashboard"),
        reverse("summit_dashboard_default"),
        name="summit-dashboard",
        icon_name="view",
        order=251,
    )


class SummitDashboardPanel(Component):
    """The next summit's headline figures on the admin home page, for Event
    managers, linking to its dashboard."""

    name = "summit_dashboard"
    template_name = "events/admin/dashboard_panel.html"
    order = 90

    def render_html(self, parent_context=None):
        if not parent_context["request"].user.has_perm(VIEW_ATTENDEES):
            return ""
        return super().render_html(parent_context)

    def get_context_data(self, parent_context=None):
        summit = dashboard.default_summit()
        return {"figures": dashboard.summit_figures(summit) if summit else None}


def admin_urls():
    summit = "summit-dashboard/<int:summit_id>/"
    return [
        path(
            "summit-dashboard/",
            admin_views.default_dashboard,
            name="summit_dashboard_default",
        ),
        path(
            summit,
            admin_views.SummitDashboardView.as_view(),
            name="summit_dashboard",
        ),
        path(
            f"{summit}requirements/",
            admin_views.RequirementsView.as_view(),
            name="summit_requirements",
        ),
        path(
            f"{summit}badges/",
            admin_views.BadgesView.as_view(),
            name="summit_badges",
        ),
        path(
            f"{summit}email/",
            admin_views.BulkEmailView.as_view(),
            name="summit_bulk_email",
        ),
        path(
            "summit-dashboard/badges/<int:run_id>/progress/",
            admin_views.badge_run_progress,
            name="badge_run_progress",
        ),
        path(
            "summit-dashboard/badges/<int:run_id>/pdf/",
            admin_views.badge_run_pdf,
            name="badge_run_pdf",
        ),
        path(
            "summit-dashboard/attendee/<int:attendee_id>/badge/",
            admin_views.attendee_badge,
            name="attendee_badge",
        ),
    ]
