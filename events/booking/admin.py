"""Registration in the admin (Summits > ...): ticket types and access codes are
edited here; orders, places and waiting lists are read-only lists with exports
(see `events.viewsets`), and staff cancel a place through `cancel_attendee`."""

import django_filters
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, Subquery
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.admin.widgets.button import Button
from wagtail.coreutils import multigetattr
from wagtail.snippets.views.snippets import EditView, SnippetViewSet

from home.filters import IdChoiceFilter
from home.ids import parse_id
from signatories.choices import District, OrganisationType

from ..choices import AttendeeStatus, OrderStatus, WaitingListStatus
from ..models import (
    AccessCode,
    Attendee,
    CheckIn,
    Order,
    RegistrationQuestion,
    TicketType,
    WaitingListEntry,
)
from ..payments import admin as payment_admin
from ..payments import card_payments_enabled
from ..viewsets import (
    LoggedInspectView,
    SummitScopedCreateView,
    UKTimeIndexView,
    summit_filter,
)
from . import changes, waiting_list
from .rules import BookingError


class TicketTypeAdminForm(WagtailAdminModelForm):
    """Offers only the summit's workshops, and refuses another summit's."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        workshops = self.fields["workshops"]
        # Only a workshop with a time can be booked.
        workshops.queryset = workshops.queryset.scheduled().select_related("summit")
        workshops.label_from_instance = _session_with_summit
        summit_id = self.instance.summit_id or self.initial.get("summit")
        if summit_id:
            workshops.queryset = workshops.queryset.filter(summit_id=summit_id)

    def clean(self):
        cleaned_data = super().clean()
        summit = cleaned_data.get("summit")
        for session in cleaned_data.get("workshops") or []:
            if summit is not None and session.summit_id != summit.pk:
                self.add_error(
                    "workshops",
                    _("%(title)s is another summit's workshop.")
                    % {"title": session.title},
                )
        if (
            cleaned_data.get("price")
            and not cleaned_data.get("allows_invoice")
            and not card_payments_enabled()
        ):
            self.add_error(
                "price",
                _(
                    "Card payments aren't set up on this site (the "
                    "STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET settings are "
                    "missing), so paid places can't be sold. Make the places "
                    "free, allow payment by invoice, or ask for Stripe to be "
                    "set up."
                ),
            )
        return cleaned_data


class AccessCodeAdminForm(WagtailAdminModelForm):
    """Offers only the summit's ticket types, and refuses a code that does nothing."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        ticket_types = self.fields["ticket_types"]
        ticket_types.queryset = ticket_types.queryset.filter(
            for_speakers=False
        ).select_related("summit")
        summit_id = self.instance.summit_id or self.initial.get("summit")
        if summit_id:
            ticket_types.queryset = ticket_types.queryset.filter(summit_id=summit_id)

    def clean(self):
        cleaned_data = super().clean()
        summit = cleaned_data.get("summit")
        chosen = cleaned_data.get("ticket_types") or []
        for ticket_type in chosen:
            if summit is not None and ticket_type.summit_id != summit.pk:
                self.add_error(
                    "ticket_types",
                    _("%(name)s is another summit's ticket type.")
                    % {"name": ticket_type.name},
                )
        unlocks = any(ticket_type.requires_code for ticket_type in chosen)
        if not cleaned_data.get("makes_free") and not unlocks:
            self.add_error(
                "makes_free",
                _(
                    "The code would do nothing: make places free, or choose a hidden "
                    "ticket type for it to unlock."
                ),
            )
        return cleaned_data


def _session_with_summit(session):
    return f"{session.title} ({session.summit.title})"


CANCEL_PERMISSION = "events.cancel_attendee"


class TicketTypeFilterSet(WagtailFilterSet):
    summit = summit_filter()

    class Meta:
        model = TicketType
        fields = ["summit"]


class TicketTypeEditView(EditView):
    def save_instance(self):
        """A raised capacity goes to the waiting list first."""
        instance = super().save_instance()
        waiting_list.offer_free_places(ticket_type=instance)
        return instance


class TicketTypeViewSet(SnippetViewSet):
    model = TicketType
    icon = "tag"
    menu_label = _("Ticket types")
    add_view_class = SummitScopedCreateView
    edit_view_class = TicketTypeEditView
    filterset_class = TicketTypeFilterSet
    list_display = [
        "name",
        "summit",
        Column("price_text", label=_("Price")),
        "capacity",
        Column("places_taken", label=_("Places taken")),
        Column("waiting_count", label=_("Waiting")),
        BooleanColumn("requires_code", label=_("Needs a code")),
    ]
    list_per_page = 50
    search_fields = ["name"]
    search_backend_name = None
    edit_handler = ObjectList(
        [
            FieldPanel("summit"),
            FieldPanel("name"),
            FieldPanel("description"),
            FieldRowPanel([FieldPanel("price"), FieldPanel("capacity")]),
            FieldRowPanel(
                [FieldPanel("allows_invoice"), FieldPanel("refund_deadline")],
                heading=_("Payment"),
            ),
            FieldRowPanel(
                [FieldPanel("sales_start"), FieldPanel("sales_end")],
                heading=_("Sales window"),
            ),
            FieldPanel("max_per_order"),
            FieldPanel("requires_code"),
            FieldPanel("workshops", widget=forms.CheckboxSelectMultiple),
        ],
        base_form_class=TicketTypeAdminForm,
    )

    def get_queryset(self, request):
        return TicketType.objects.select_related("summit").with_places_taken()


class AccessCodeFilterSet(WagtailFilterSet):
    summit = summit_filter()

    class Meta:
        model = AccessCode
        fields = ["summit", "makes_free"]


class AccessCodeViewSet(SnippetViewSet):
    model = AccessCode
    icon = "key"
    menu_label = _("Access codes")
    add_view_class = SummitScopedCreateView
    filterset_class = AccessCodeFilterSet
    list_display = [
        "code",
        "summit",
        "note",
        BooleanColumn("makes_free", label=_("Free")),
        "uses",
        "max_uses",
        "valid_until",
    ]
    list_per_page = 50
    search_fields = ["code", "note"]
    search_backend_name = None
    edit_handler = ObjectList(
        [
            FieldPanel("summit"),
            FieldPanel("code"),
            FieldPanel("note"),
            FieldPanel("ticket_types", widget=forms.CheckboxSelectMultiple),
            FieldPanel("makes_free"),
            FieldRowPanel([FieldPanel("max_uses"), FieldPanel("valid_until")]),
        ],
        base_form_class=AccessCodeAdminForm,
    )

    def get_queryset(self, request):
        return AccessCode.objects.select_related("summit")


class OrderFilterSet(WagtailFilterSet):
    summit = summit_filter()
    status = django_filters.ChoiceFilter(choices=OrderStatus.choices, label=_("Status"))

    class Meta:
        model = Order
        fields = ["summit", "status"]


class OrderInspectView(LoggedInspectView):
    template_name = "events/admin/order_inspect.html"
    view_set_url_name = None

    @cached_property
    def header_more_buttons(self):
        return [
            *super().header_more_buttons,
            *payment_admin.payment_buttons(
                self.object, self.request.user, self.view_set_url_name
            ),
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["attendees"] = self.object.attendees.select_related(
            "ticket_type"
        ).prefetch_related("workshops")
        context["status_changes"] = self.object.status_changes.select_related(
            "attendee", "changed_by"
        )
        context["payment"] = getattr(self.object, "card_payment", None)
        context["invoice"] = getattr(self.object, "invoice", None)
        return context


class OrderViewSet(SnippetViewSet):
    model = Order
    icon = "list-ul"
    menu_label = _("Orders")
    inspect_view_enabled = True
    inspect_view_class = OrderInspectView
    inspect_view_fields = [
        "reference",
        "summit",
        "booker",
        "status",
        "access_code",
        "created_at",
    ]
    filterset_class = OrderFilterSet
    list_display = [
        "reference",
        "summit",
        Column("booker_email", label=_("Booked by")),
        "status",
        "created_at",
    ]
    list_per_page = 50
    ordering = ["-created_at"]
    search_fields = ["reference", "booker_email"]
    search_backend_name = None
    index_view_class = UKTimeIndexView
    list_export = [
        "reference",
        "summit",
        "booker_email",
        "get_status_display",
        "total_text",
        "created_at",
    ]
    export_headings = {
        "booker_email": _("Booked by"),
        "get_status_display": _("Status"),
        "total_text": _("Total"),
    }
    export_filename = "summit-orders"

    def get_queryset(self, request):
        return Order.objects.select_related("summit").prefetch_related("attendees")

    def get_inspect_view_kwargs(self, **kwargs):
        return super().get_inspect_view_kwargs(
            view_set_url_name=self.get_url_name, **kwargs
        )

    def get_urlpatterns(self):
        return [*super().get_urlpatterns(), *payment_admin.payment_urls(self)]


class AttendeeFilterSet(WagtailFilterSet):
    summit = summit_filter()
    ticket_type = IdChoiceFilter(
        queryset=TicketType.objects.select_related("summit"), label=_("Ticket type")
    )
    status = django_filters.ChoiceFilter(
        choices=AttendeeStatus.choices, label=_("Status")
    )
    organisation = django_filters.CharFilter(
        lookup_expr="icontains", label=_("Organisation")
    )
    organisation_type = django_filters.ChoiceFilter(
        choices=OrganisationType.choices, label=_("Type of organisation")
    )
    district = django_filters.ChoiceFilter(choices=District.choices, label=_("Area"))

    class Meta:
        model = Attendee
        fields = [
            "summit",
            "ticket_type",
            "status",
            "organisation",
            "organisation_type",
            "district",
        ]


class AttendeeInspectView(LoggedInspectView):
    cancel_url_name = None

    def get_registration_answers_display_value(self):
        lines = self.object.registration_answers.splitlines()
        return format_html_join("", "{}<br>", ((line,) for line in lines)) or "-"

    @cached_property
    def header_more_buttons(self):
        buttons = super().header_more_buttons
        if self.object.is_named:
            buttons = [
                *buttons,
                Button(
                    _("Badge (PDF)"),
                    url=reverse("attendee_badge", args=[self.object.pk]),
                    icon_name="doc-full",
                    priority=20,
                ),
            ]
        if self.object.is_live and self.request.user.has_perm(CANCEL_PERMISSION):
            buttons = [
                *buttons,
                Button(
                    _("Cancel this place"),
                    url=reverse(self.cancel_url_name, args=[self.object.pk]),
                    icon_name="cross",
                    priority=30,
                ),
            ]
        return buttons


class AttendeeCancelView(WagtailAdminTemplateMixin, TemplateView):
    """Staff cancel a place (someone phoned or emailed): as from the ticket page,
    the place goes to the waiting list and the holder is told."""

    template_name = "events/admin/cancel_attendee.html"
    page_title = _("Cancel place")
    header_icon = "cross"
    inspect_url_name = None

    def dispatch(self, request, pk):
        if not request.user.has_perm(CANCEL_PERMISSION):
            raise PermissionDenied
        self.attendee = get_object_or_404(
            Attendee.objects.select_related("order", "ticket_type__summit"), pk=pk
        )
        return super().dispatch(request, pk)

    def get_page_subtitle(self):
        return str(self.attendee)

    def get_context_data(self, **kwargs):
        return super().get_context_data(attendee=self.attendee, **kwargs)

    def post(self, request, pk):
        try:
            changes.cancel_attendee(
                attendee=self.attendee, by=request.user, note=_("Cancelled by staff.")
            )
        except BookingError as refusal:
            messages.error(request, refusal.message)
        else:
            messages.success(
                request,
                _("%(place)s is cancelled.") % {"place": self.attendee.reference},
            )
        return redirect(self.inspect_url_name, self.attendee.pk)


class AttendeeIndexView(UKTimeIndexView):
    """The attendees list. Filtered to one summit, its export has a column per
    registration question; otherwise one "Registration answers" column holds
    "question: answer" lines. Answers come prefetched: the query count doesn't
    grow with the rows."""

    ANSWER_PREFIX = "answer_"
    answer_columns = {}

    def as_spreadsheet(self, queryset, spreadsheet_format):
        summit = parse_id(self.request.GET.get("summit"))
        questions = (
            RegistrationQuestion.objects.filter(summit_id=summit).order_by(
                "sort_order", "pk"
            )
            if summit is not None
            else []
        )
        self.answer_columns = {
            f"{self.ANSWER_PREFIX}{question.pk}": question for question in questions
        }
        extra = list(self.answer_columns) or ["registration_answers"]
        self.list_export = [*self.list_export, *extra]
        self.export_headings = {
            **self.export_headings,
            **{name: question.label for name, question in self.answer_columns.items()},
        }
        return super().as_spreadsheet(queryset, spreadsheet_format)

    def to_row_dict(self, item):
        answers = {answer.question_id: answer for answer in item.answers.all()}
        row = {}
        for field in self.list_export:
            question = self.answer_columns.get(field)
            if question is None:
                row[field] = multigetattr(item, field)
            else:
                answer = answers.get(question.pk)
                row[field] = answer.text if answer is not None else ""
        return row


class AttendeeViewSet(SnippetViewSet):
    model = Attendee
    icon = "user"
    menu_label = _("Attendees")
    inspect_view_enabled = True
    inspect_view_class = AttendeeInspectView
    inspect_view_fields = [
        "name",
        "email",
        "organisation",
        "job_title",
        "ticket_type",
        "status",
        "order",
        "accessibility_needs",
        "dietary_requirements",
        "workshops",
        "registration_answers",
        "consent_attendee_list",
        "consent_updates",
        "privacy_accepted_at",
        "price",
        "created_at",
    ]
    filterset_class = AttendeeFilterSet
    list_display = [
        Column("display_name", label=_("Name")),
        "email",
        "organisation",
        "ticket_type",
        "status",
        Column("reference", label=_("Reference")),
    ]
    list_per_page = 50
    ordering = ["-created_at"]
    search_fields = ["name", "email", "organisation", "order__reference"]
    search_backend_name = None
    index_view_class = AttendeeIndexView
    list_export = [
        "reference",
        "summit",
        "name",
        "email",
        "organisation",
        "get_organisation_type_display",
        "get_district_display",
        "job_title",
        "ticket_type.name",
        "get_status_display",
        "accessibility_needs",
        "dietary_requirements",
        "workshop_titles",
        "consent_attendee_list",
        "consent_updates",
        "price_text",
        "created_at",
        "checked_in_at",
    ]
    export_headings = {
        "get_organisation_type_display": _("Type of organisation"),
        "get_district_display": _("Area"),
        "ticket_type.name": _("Ticket type"),
        "get_status_display": _("Status"),
        "workshop_titles": _("Workshops"),
        "registration_answers": _("Registration answers"),
        "price_text": _("Price"),
        "created_at": _("Booked at"),
        "checked_in_at": _("Checked in at"),
    }
    export_filename = "summit-attendees"

    def get_queryset(self, request):
        return (
            Attendee.objects.select_related("order", "ticket_type__summit", "summit")
            .prefetch_related("workshops", "answers__question")
            .annotate(
                checked_in_at=Subquery(
                    CheckIn.objects.live()
                    .filter(attendee=OuterRef("pk"))
                    .values("checked_in_at")[:1]
                )
            )
        )

    def get_inspect_view_kwargs(self, **kwargs):
        return super().get_inspect_view_kwargs(
            cancel_url_name=self.get_url_name("cancel"), **kwargs
        )

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path(
                "cancel/<id:pk>/",
                AttendeeCancelView.as_view(
                    inspect_url_name=self.get_url_name("inspect")
                ),
                name="cancel",
            ),
        ]


class WaitingListFilterSet(WagtailFilterSet):
    ticket_type = IdChoiceFilter(
        queryset=TicketType.objects.select_related("summit"), label=_("Ticket type")
    )
    status = django_filters.ChoiceFilter(
        choices=WaitingListStatus.choices, label=_("Status")
    )
    summit = summit_filter("ticket_type__summit")

    class Meta:
        model = WaitingListEntry
        fields = ["summit", "ticket_type", "status"]


class WaitingListEntryViewSet(SnippetViewSet):
    model = WaitingListEntry
    icon = "time"
    menu_label = _("Waiting lists")
    inspect_view_enabled = True
    inspect_view_class = LoggedInspectView
    filterset_class = WaitingListFilterSet
    list_display = [
        "name",
        "email",
        "ticket_type",
        "status",
        "created_at",
        "offer_expires_at",
    ]
    list_per_page = 50
    search_fields = ["name", "email"]
    search_backend_name = None
    index_view_class = UKTimeIndexView
    list_export = [
        "name",
        "email",
        "ticket_type.summit",
        "ticket_type.name",
        "get_status_display",
        "created_at",
        "offered_at",
        "offer_expires_at",
    ]
    export_headings = {
        "ticket_type.summit": _("Summit"),
        "ticket_type.name": _("Ticket type"),
        "get_status_display": _("Status"),
        "created_at": _("Joined at"),
    }
    export_filename = "summit-waiting-lists"

    def get_queryset(self, request):
        return WaitingListEntry.objects.select_related("ticket_type__summit")
