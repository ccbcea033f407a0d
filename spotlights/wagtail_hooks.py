from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from .models import StoryProposal


class StoryProposalPermissionPolicy(ModelPermissionPolicy):
    """Proposals only arrive through the public form, so nobody adds one here."""

    def user_has_permission(self, user, action):
        return action != "add" and super().user_has_permission(user, action)


register_permission_policy(StoryProposal, StoryProposalPermissionPolicy(StoryProposal))


class StoryProposalViewSet(ModelViewSet):
    model = StoryProposal
    icon = "mail"
    menu_label = _("Story proposals")
    menu_order = 250
    add_to_admin_menu = True
    copy_view_enabled = False
    inspect_view_enabled = True
    list_display = [
        "page",
        "organisation",
        "contact_name",
        "contact_email",
        "submitted_at",
    ]
    search_fields = ["page__title", "organisation", "contact_name", "contact_email"]
    form_fields = ["organisation", "contact_name", "contact_email"]


@hooks.register("register_admin_viewset")
def register_story_proposals():
    return StoryProposalViewSet("story_proposals")
