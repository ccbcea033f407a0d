"""The summit dashboard in the Wagtail admin: its menu item, URLs and home-page
panel (registered in `events.wagtail_hooks`)."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.widgets import Button

from ..models import SummitPage
from . import dashboard, next_edition, next_edition_views, views
from .views import VIEW_ATTENDEES


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


def next_edition_buttons(page, user, view_name=None, next_url=None):
    """ "Create next year's summit" in a summit page's header menu and in its
    "More" menu in page listings, for those who may (`can_create_next_edition`)."""
    if page.specific_class is not SummitPage:
        return
    if not next_edition.can_create_next_edition(summit=page, user=user):
        return
    yield Button(
        _("Create next year's summit"),
        reverse("summit_next_edition", args=[page.pk]),
        icon_name="copy",
        priority=35,
    )


def admin_urls():
    summit = "summit-dashboard/<id:summit_id>/"
    return [
        path(
            "summits/<id:page_id>/next-year/",
            next_edition_views.NextEditionView.as_view(),
            name="summit_next_edition",
        ),
        path(
            "summit-dashboard/",
            views.default_dashboard,
            name="summit_dashboard_default",
        ),
        path(
            summit,
            views.SummitDashboardView.as_view(),
            name="summit_dashboard",
        ),
        path(
            f"{summit}requirements/",
            views.RequirementsView.as_view(),
            name="summit_requirements",
        ),
        path(
            f"{summit}badges/",
            views.BadgesView.as_view(),
            name="summit_badges",
        ),
        path(
            f"{summit}email/",
            views.BulkEmailView.as_view(),
            name="summit_bulk_email",
        ),
        path(
            f"{summit}email/<id:bulk_email_id>/",
            views.BulkEmailLogView.as_view(),
            name="summit_bulk_email_log",
        ),
        path(
            "summit-dashboard/badges/<id:run_id>/progress/",
            views.badge_run_progress,
            name="badge_run_progress",
        ),
        path(
            "summit-dashboard/badges/<id:run_id>/pdf/",
            views.badge_run_pdf,
            name="badge_run_pdf",
        ),
        path(
            "summit-dashboard/attendee/<id:attendee_id>/badge/",
            views.attendee_badge,
            name="attendee_badge",
        ),
    ]
