from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail import hooks
from wagtail.log_actions import LogFormatter
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from framework.deletion import deletion_blockers, refusal_message
from speakers.viewsets import SpeakerViewSet

from .booking.admin import (
    AccessCodeViewSet,
    AttendeeViewSet,
    OrderViewSet,
    TicketTypeViewSet,
    WaitingListEntryViewSet,
)
from .door.admin import CheckInViewSet
from .feedback.admin import FeedbackSurveyViewSet
from .feedback.admin import admin_urls as feedback_admin_urls
from .models import Postcard, TicketType
from .organising.admin import (
    SummitDashboardPanel,
    admin_urls,
    dashboard_menu_item,
    next_edition_buttons,
)
from .payments.viewsets import InvoiceViewSet
from .postcards.viewsets import PostcardPermissionPolicy, PostcardViewSet
from .programme.admin import SessionViewSet
from .programme.admin import admin_urls as programme_admin_urls
from .proposals import admin as proposals_admin
from .viewsets import LIST_EXPORTED, PERSONAL_DATA_VIEWED


class SummitViewSetGroup(SnippetViewSetGroup):
    """The Summits admin menu: programme, speakers, then registration."""

    items = [
        SessionViewSet,
        SpeakerViewSet,
        TicketTypeViewSet,
        AccessCodeViewSet,
        OrderViewSet,
        InvoiceViewSet,
        AttendeeViewSet,
        WaitingListEntryViewSet,
        CheckInViewSet,
        FeedbackSurveyViewSet,
        proposals_admin.CallForProposalsViewSet,
        proposals_admin.ProposalViewSet,
    ]
    menu_label = _("Summits")
    menu_icon = "date"
    menu_order = 250


register_snippet(SummitViewSetGroup)

# Registered before the viewset asks for a policy (Wagtail 8 requires that order).
register_permission_policy(Postcard, PostcardPermissionPolicy(Postcard))


@hooks.register("register_admin_viewset")
def register_postcard_viewset():
    return PostcardViewSet("postcard")


@hooks.register("before_delete_snippet")
def refuse_deleting_booked_ticket_types(request, instances):
    """A clear message instead of a failed delete when places use a ticket type."""
    refusals = [
        refusal_message(instance, blockers)
        for instance in instances
        if isinstance(instance, TicketType)
        and (blockers := deletion_blockers(instance))
    ]
    if not refusals:
        return None
    for refusal in refusals:
        messages.error(request, refusal)
    return redirect(instances[0].snippet_viewset.get_url_name("list"))


# On the day: the summit dashboard, badges and emails to attendees.
hooks.register("register_admin_urls", admin_urls)
hooks.register("register_admin_urls", feedback_admin_urls)
# Programme releases (docs/programme.md#releases-and-changes).
hooks.register("register_admin_urls", programme_admin_urls)
hooks.register("register_admin_menu_item", dashboard_menu_item)
# Next year's summit from this one (docs/organising.md#next-years-summit).
hooks.register("register_page_header_buttons", next_edition_buttons)
hooks.register("register_page_listing_more_buttons", next_edition_buttons)


@hooks.register("construct_homepage_panels")
def add_summit_dashboard_panel(request, panels):
    panels.append(SummitDashboardPanel())


@hooks.register("register_log_actions")
def register_personal_data_log_actions(actions):
    """Staff looking at or exporting personal data (docs/privacy.md#audit-trail)."""
    actions.register_action(
        PERSONAL_DATA_VIEWED,
        _("View personal data"),
        _("Viewed in the admin"),
    )

    @actions.register_action(LIST_EXPORTED)
    class ListExported(LogFormatter):
        label = _("Export personal data")

        def format_message(self, log_entry):
            data = log_entry.data
            rows = data.get("rows", 0)
            message = ngettext(
                "Exported %(rows)d row as %(format)s",
                "Exported %(rows)d rows as %(format)s",
                rows,
            ) % {"rows": rows, "format": str(data.get("format", "")).upper()}
            if data.get("filters"):
                message += _(" (filters: %(filters)s)") % {"filters": data["filters"]}
            return message


# The call for proposals' review pages (docs/proposals.md#review).
hooks.register("register_admin_urls", proposals_admin.admin_urls)
hooks.register("register_admin_menu_item", proposals_admin.review_menu_item)
