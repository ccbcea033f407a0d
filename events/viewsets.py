"""Building blocks the summit admin lists share: the summit filter, UK times in
exports, "add" preselecting the summit, and read-only lists for the rows only the
booking services may change (orders, places, waiting lists, check-ins: their status
carries capacity, an audit trail and emails). Personal data: Event managers only,
and each look at a person's page and each export goes in Wagtail's audit log
(docs/privacy.md#audit-trail)."""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.views.snippets import CreateView, IndexView, InspectView

from home.exports import SpreadsheetSafeExportMixin
from home.filters import IdChoiceFilter
from home.ids import parse_id
from home.uk_time import uk_time

from .models import Attendee, CheckIn, Order, SummitPage, WaitingListEntry

# Audit log actions (registered in `events.wagtail_hooks`).
PERSONAL_DATA_VIEWED = "shared_ambition.personal_data_viewed"
LIST_EXPORTED = "shared_ambition.admin_list_exported"


def summit_filter(field_name="summit"):
    """The admin lists' "Summit" filter: newest summit first."""
    return IdChoiceFilter(
        field_name=field_name,
        queryset=SummitPage.objects.order_by("-start"),
        label=_("Summit"),
    )


class UKTimeIndexView(SpreadsheetSafeExportMixin, IndexView):
    """A list of personal data: its exports are logged (who, when, which list,
    how many rows, with which filters), against the list's kind of row, so only
    administrators see them in Reports > Site history."""

    # Times in exports are UK time, as people entered or saw them.
    custom_value_preprocess = {
        **IndexView.custom_value_preprocess,
        datetime.datetime: {
            "csv": lambda value: uk_time(value).strftime("%Y-%m-%d %H:%M"),
            "xlsx": lambda value: uk_time(value).replace(tzinfo=None),
        },
    }

    def as_spreadsheet(self, queryset, spreadsheet_format):
        filters = self.request.GET.copy()
        filters.pop("export", None)
        # What was searched for may be someone's name or address: the log, kept
        # for good, says only that there was a search.
        if filters.pop("q", None):
            filters["q"] = "…"
        log(
            instance=ContentType.objects.get_for_model(queryset.model),
            action=LIST_EXPORTED,
            user=self.request.user,
            title=str(queryset.model._meta.verbose_name_plural).capitalize(),
            data={
                "format": spreadsheet_format,
                "rows": queryset.count(),
                "filters": filters.urlencode(),
            },
        )
        return super().as_spreadsheet(queryset, spreadsheet_format)


class LoggedInspectView(InspectView):
    """An admin page showing one person's data: each look is logged on the row,
    so it shows in Reports > Site history."""

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        # Titled by kind and reference, not by the row's name: the log is kept
        # after the person's data is anonymised.
        reference = getattr(self.object, "reference", None) or self.object.pk
        log(
            instance=self.object,
            action=PERSONAL_DATA_VIEWED,
            user=request.user,
            title=f"{self.object._meta.verbose_name.capitalize()} {reference}",
        )
        return response


class SummitScopedCreateView(CreateView):
    def get_initial(self):
        """The summit's edit page links here with `?summit=<id>` to preselect it."""
        initial = super().get_initial()
        summit = parse_id(self.request.GET.get("summit"))
        if summit is not None:
            initial["summit"] = summit
        return initial


class ViewOnlyPermissionPolicy(ModelPermissionPolicy):
    """Staff with the view permission may list and inspect; nobody, not even a
    superuser, adds, edits or deletes through the generic admin views."""

    def user_has_permission(self, user, action):
        return action == "view" and super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        return super().users_with_any_permission(
            [action for action in actions if action == "view"]
        )


for _model in (Order, Attendee, WaitingListEntry, CheckIn):
    register_permission_policy(_model, ViewOnlyPermissionPolicy(_model))
