import datetime

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import ObjectList
from wagtail.snippets.views.snippets import CreateView, IndexView, SnippetViewSet

from .choices import SessionType
from .forms import PlaceChoiceField, SessionAdminForm
from .models import Room, Session, SummitPage, Track


class PlaceFilter(django_filters.ModelChoiceFilter):
    field_class = PlaceChoiceField


class SessionFilterSet(WagtailFilterSet):
    summit = django_filters.ModelChoiceFilter(
        queryset=SummitPage.objects.order_by("-start"), label=_("Summit")
    )
    session_type = django_filters.ChoiceFilter(
        choices=SessionType.choices, label=_("Type")
    )
    track = PlaceFilter(queryset=Track.objects.select_related("summit"))
    room = PlaceFilter(queryset=Room.objects.select_related("summit"))

    class Meta:
        model = Session
        fields = ["summit", "session_type", "track", "room"]


class SessionIndexView(IndexView):
    # Times in exports are UK time, as editors entered them.
    custom_value_preprocess = {
        **IndexView.custom_value_preprocess,
        datetime.datetime: {
            "csv": lambda value: timezone.localtime(value).strftime("%Y-%m-%d %H:%M"),
            "xlsx": lambda value: timezone.make_naive(value),
        },
    }

    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .select_related("summit", "room", "track")
            .prefetch_related("speakers", "commitments")
        )


class SessionCreateView(CreateView):
    def get_initial(self):
        """The summit's edit page links here with `?summit=<id>` to preselect it."""
        initial = super().get_initial()
        summit = self.request.GET.get("summit", "")
        if summit.isdigit():
            initial["summit"] = int(summit)
        return initial


class SessionViewSet(SnippetViewSet):
    model = Session
    icon = "time"
    menu_label = _("Sessions")
    index_view_class = SessionIndexView
    add_view_class = SessionCreateView
    edit_handler = ObjectList(Session.panels, base_form_class=SessionAdminForm)
    filterset_class = SessionFilterSet
    list_display = ["title", "summit", "session_type", "start", "room", "track"]
    list_per_page = 50
    ordering = ["start", "title"]
    search_fields = ["title", "description"]
    search_backend_name = None
    list_export = [
        "summit",
        "title",
        "get_session_type_display",
        "start",
        "end",
        "room",
        "track",
        "speaker_names",
        "capacity",
        "access_feature_labels",
        "commitment_names",
    ]
    export_headings = {
        "get_session_type_display": _("Type"),
        "speaker_names": _("Speakers"),
        "access_feature_labels": _("Access"),
        "commitment_names": _("Commitments"),
    }
    export_filename = "summit-sessions"
