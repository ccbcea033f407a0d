from wagtail import hooks
from wagtail.permissions import register_permission_policy

from .models import Signatory
from .viewsets import (
    SignatoryChooserViewSet,
    SignatoryPermissionPolicy,
    SignatoryViewSet,
)

# Registered before the viewset asks for a policy (Wagtail 8 requires that order).
register_permission_policy(Signatory, SignatoryPermissionPolicy(Signatory))


@hooks.register("register_admin_viewset")
def register_signatory_viewset():
    return SignatoryViewSet("signatory")


@hooks.register("register_admin_viewset")
def register_signatory_chooser():
    return SignatoryChooserViewSet("signatory_chooser")
