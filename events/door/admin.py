"""The read-only check-in list in the Wagtail admin (Summits > Check-ins)."""

import django_filters
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.snippets.views.snippets import SnippetViewSet

from home.filters import IdChoiceFilter

from ..choices import CheckInSource
from ..models import CheckIn, TicketType
from ..viewsets import LoggedInspectView, UKTimeIndexView, summit_filter


class CheckInFilterSet(WagtailFilterSet):
    summit = summit_filter()
    ticket_type = IdChoiceFilter(
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
    inspect_view_class = LoggedInspectView
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
