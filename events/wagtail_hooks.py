from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from speakers.viewsets import SpeakerViewSet

from .viewsets import SessionViewSet


class SummitViewSetGroup(SnippetViewSetGroup):
    """The Summits admin menu; registration adds its ticket and booking screens here."""

    items = [SessionViewSet, SpeakerViewSet]
    menu_label = _("Summits")
    menu_icon = "date"
    menu_order = 250


register_snippet(SummitViewSetGroup)
