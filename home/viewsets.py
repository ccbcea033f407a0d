"""The retention runs in the admin (Settings > Retention runs): read-only, for
administrators only, like the policy itself."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from .models import RetentionRun


class AdministratorsViewOnlyPolicy(ModelPermissionPolicy):
    """Superusers may list and inspect; nobody adds, edits or deletes."""

    def user_has_permission(self, user, action):
        return action == "view" and user.is_active and user.is_superuser

    def users_with_any_permission(self, actions):
        return super().users_with_any_permission([]).filter(is_superuser=True)


register_permission_policy(RetentionRun, AdministratorsViewOnlyPolicy(RetentionRun))


class RetentionRunViewSet(ModelViewSet):
    model = RetentionRun
    icon = "time"
    menu_label = _("Retention runs")
    add_to_settings_menu = True
    inspect_view_enabled = True
    inspect_view_fields = ["started_at", "finished_at", "dry_run", "counts"]
    # Nobody may add or edit (the policy refuses), but the viewset needs a form.
    exclude_form_fields = []
    list_display = [
        Column("__str__", label=_("Started")),
        "finished_at",
        BooleanColumn("dry_run", label=_("Dry run")),
        Column("total", label=_("Rows changed")),
        Column("counts_text", label=_("By rule")),
    ]
    list_filter = ["dry_run"]
    list_per_page = 50
    ordering = ["-started_at"]
