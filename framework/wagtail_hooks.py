from django.contrib import messages
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.admin.widgets.button import HeaderButton
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import (
    IndexView,
    SnippetViewSet,
    SnippetViewSetGroup,
)

from .admin_views import ObservationImportView
from .deletion import deletion_blockers, refusal_message
from .models import Commitment, Indicator, Outcome, Statement, Value


class StatementViewSet(SnippetViewSet):
    model = Statement
    icon = "openquote"
    menu_label = _("Statement")
    list_display = ["title", "horizon_year", "approved_on"]


class ValueViewSet(SnippetViewSet):
    model = Value
    icon = "pick"
    menu_label = _("Values")
    list_display = ["name", "slug", "summary"]
    sort_order_field = "sort_order"


class OutcomeViewSet(SnippetViewSet):
    model = Outcome
    icon = "crosshairs"
    menu_label = _("Outcomes")
    list_display = ["name", "slug", "summary"]
    sort_order_field = "sort_order"


class CommitmentViewSet(SnippetViewSet):
    model = Commitment
    icon = "tick-inverse"
    menu_label = _("Commitments")
    list_display = [
        "name",
        "outcome",
        BooleanColumn("provisional", label=_("Wording to be confirmed")),
    ]
    list_filter = ["outcome", "provisional"]
    ordering = ["outcome__sort_order", "sort_order", "name"]


def _latest_reading(indicator):
    latest = indicator.trend.latest
    return f"{latest.display} ({latest.label})" if latest else ""


class IndicatorIndexView(IndexView):
    import_url_name = None

    @property
    def header_buttons(self):
        buttons = super().header_buttons
        if self.user_has_permission("change"):
            buttons = [
                *buttons,
                HeaderButton(
                    _("Import observations"),
                    url=reverse(self.import_url_name),
                    icon_name="upload",
                ),
            ]
        return buttons


class IndicatorViewSet(SnippetViewSet):
    model = Indicator
    icon = "table"
    menu_label = _("Indicators")
    index_view_class = IndicatorIndexView
    list_display = [
        "name",
        Column(
            "measures",
            label=_("Measures"),
            accessor=lambda indicator: indicator.commitment or indicator.outcome,
        ),
        "kind",
        Column("latest", label=_("Latest value"), accessor=_latest_reading),
    ]
    list_filter = ["kind", "outcome", "commitment"]
    sort_order_field = "sort_order"

    def get_queryset(self, request):
        return Indicator.objects.select_related(
            "commitment__outcome", "outcome"
        ).prefetch_related("observations")

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(
            import_url_name=self.get_url_name("import_observations"), **kwargs
        )

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path(
                "import/",
                self.construct_view(ObservationImportView),
                name="import_observations",
            ),
        ]


class SharedAmbitionViewSetGroup(SnippetViewSetGroup):
    items = (
        StatementViewSet,
        ValueViewSet,
        OutcomeViewSet,
        CommitmentViewSet,
        IndicatorViewSet,
    )
    menu_label = _("Shared Ambition")
    menu_icon = "site"
    menu_order = 200


register_snippet(SharedAmbitionViewSetGroup)


@hooks.register("before_delete_snippet")
def refuse_deleting_framework_rows_in_use(request, instances):
    """A clear message instead of a failed delete when stories, pledges, sessions,
    indicators or commitments still point at an outcome or commitment."""
    refusals = [
        refusal_message(instance, blockers)
        for instance in instances
        if isinstance(instance, (Outcome, Commitment))
        and (blockers := deletion_blockers(instance))
    ]
    if not refusals:
        return None
    for refusal in refusals:
        messages.error(request, refusal)
    return redirect(instances[0].snippet_viewset.get_url_name("list"))


@hooks.register("register_log_actions")
def register_import_log_action(actions):
    actions.register_action(
        "framework.import_observations",
        _("Import observations"),
        _("Observations imported from CSV"),
    )
