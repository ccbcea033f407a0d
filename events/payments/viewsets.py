"""The admin's invoice list, for finance: read-only (only `events.payments`
changes an invoice), filtered by status and summit, exported as a spreadsheet."""

import django_filters
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.permissions import register_permission_policy
from wagtail.snippets.views.snippets import SnippetViewSet

from ..choices import InvoiceStatus
from ..models import Invoice
from ..viewsets import ViewOnlyPermissionPolicy, summit_filter

register_permission_policy(Invoice, ViewOnlyPermissionPolicy(Invoice))


class InvoiceFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        choices=InvoiceStatus.choices, label=_("Status")
    )
    summit = summit_filter("order__summit")

    class Meta:
        model = Invoice
        fields = ["status", "summit"]


class InvoiceViewSet(SnippetViewSet):
    model = Invoice
    icon = "doc-full"
    menu_label = _("Invoices")
    inspect_view_enabled = True
    inspect_view_fields = [
        "number",
        "order",
        "status",
        "billing_organisation",
        "billing_address",
        "billing_contact",
        "billing_email",
        "purchase_order",
        "amount",
        "vat_rate",
        "issued_at",
        "due_on",
        "paid_at",
        "cancelled_at",
    ]
    filterset_class = InvoiceFilterSet
    list_display = [
        Column("display_number", label=_("Invoice")),
        Column("order", label=_("Booking"), accessor="order.reference"),
        "billing_organisation",
        "purchase_order",
        Column("amount_text", label=_("Total")),
        "status",
        "due_on",
    ]
    list_per_page = 50
    ordering = ["-number"]
    search_fields = ["billing_organisation", "purchase_order", "order__reference"]
    search_backend_name = None
    list_export = [
        "display_number",
        "order",
        "billing_organisation",
        "billing_contact",
        "billing_email",
        "purchase_order",
        "amount",
        "vat_rate",
        "get_status_display",
        "issued_at",
        "due_on",
        "paid_at",
    ]
    export_headings = {
        "display_number": _("Invoice"),
        "order": _("Booking"),
        "amount": _("Total (pence, with VAT)"),
        "get_status_display": _("Status"),
    }
    export_filename = "invoices"

    def get_queryset(self, request):
        return Invoice.objects.select_related("order__summit")
