from wagtail import hooks
from wagtail.permissions import register_permission_policy

from .models import SpeakerProfileChange
from .viewsets import ProfileChangePermissionPolicy, SpeakerProfileChangeViewSet

# Registered before the viewset asks for a policy (Wagtail 8 requires that order).
register_permission_policy(
    SpeakerProfileChange, ProfileChangePermissionPolicy(SpeakerProfileChange)
)


@hooks.register("register_admin_viewset")
def register_speaker_change_viewset():
    return SpeakerProfileChangeViewSet("speaker_changes")
