"""Sessions in the admin (Summits > Sessions): a list with filters and export, and
a form that refuses a speaker booked in two places at once. Dates, rooms and tracks
are checked by `Session.clean`."""

import django_filters
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import ObjectList
from wagtail.snippets.views.snippets import SnippetViewSet

from home.forms import ModelChoiceIdField

from ..choices import SessionType
from ..models import Room, Session, Track
from ..viewsets import SummitScopedCreateView, UKTimeIndexView, summit_filter


class PlaceChoiceField(ModelChoiceIdField):
    """Chooses a room or track, naming its summit: every year has a "Main hall"."""

    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.summit.title})"


class SessionAdminForm(WagtailAdminModelForm):
    """The admin's session form: refuses a speaker booked in two places at once.

    Dates, rooms and tracks are checked by `Session.clean`.
    """

    class Meta:
        field_classes = {"room": PlaceChoiceField, "track": PlaceChoiceField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        summit_id = self.instance.summit_id or self.initial.get("summit")
        for name in ("room", "track"):
            field = self.fields[name]
            field.queryset = field.queryset.select_related("summit")
            if summit_id:
                field.queryset = field.queryset.filter(summit_id=summit_id)

    def clean(self):
        cleaned_data = super().clean()
        speakers, start, end = (
            cleaned_data.get(name) for name in ("speakers", "start", "end")
        )
        if speakers and start and end and start < end:
            clashes = (
                type(self.instance)
                .objects.overlapping(start, end)
                .filter(speakers__in=speakers)
                .exclude(pk=self.instance.pk)
                .prefetch_related("speakers")
                .distinct()
            )
            for clash in clashes:
                for speaker in set(clash.speakers.all()) & set(speakers):
                    self.add_error("speakers", _double_booking_message(speaker, clash))
        return cleaned_data


def _double_booking_message(speaker, session):
    return _(
        "%(speaker)s is already speaking in “%(session)s” at that time "
        "(%(day)s, %(times)s). Change the time or the speakers."
    ) % {
        "speaker": speaker.name,
        "session": session.title,
        "day": date_format(timezone.localtime(session.start), "j F Y"),
        "times": session.time_range_text,
    }


class PlaceFilter(django_filters.ModelChoiceFilter):
    field_class = PlaceChoiceField


class SessionFilterSet(WagtailFilterSet):
    summit = summit_filter()
    session_type = django_filters.ChoiceFilter(
        choices=SessionType.choices, label=_("Type")
    )
    track = PlaceFilter(queryset=Track.objects.select_related("summit"))
    room = PlaceFilter(queryset=Room.objects.select_related("summit"))

    class Meta:
        model = Session
        fields = ["summit", "session_type", "track", "room"]


class SessionIndexView(UKTimeIndexView):
    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .select_related("summit", "room", "track")
            .prefetch_related("speakers", "commitments")
        )


class SessionViewSet(SnippetViewSet):
    model = Session
    icon = "time"
    menu_label = _("Sessions")
    index_view_class = SessionIndexView
    add_view_class = SummitScopedCreateView
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
