from django.utils.translation import gettext_lazy as _
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Speaker


class SpeakerViewSet(SnippetViewSet):
    model = Speaker
    icon = "user"
    menu_label = _("Speakers")
    list_display = ["name", "role", "organisation"]
    list_per_page = 50
    search_fields = ["name", "organisation", "role"]
    search_backend_name = None
    list_export = ["name", "pronouns", "role", "organisation", "slug"]
    export_filename = "summit-speakers"
