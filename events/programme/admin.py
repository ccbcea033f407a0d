"""Sessions in the admin (Summits > Sessions): a list with filters and export, and
a form that refuses a speaker booked in two places at once. Dates, rooms and tracks
are checked by `Session.clean`. Also the summit's programme releases page, with
its "Publish programme release" button (docs/programme.md#releases-and-changes)."""

import django_filters
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import ObjectList
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.snippets.views.snippets import SnippetViewSet

from home.forms import ModelChoiceIdField

from ..choices import SessionType
from ..models import Room, Session, SummitPage, Track
from ..viewsets import SummitScopedCreateView, UKTimeIndexView, summit_filter
from . import releases
from .changelog import release_entries
from .forms import ReleaseForm

PUBLISH_RELEASES = "events.add_programmerelease"


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


# Programme releases -------------------------------------------------------------


class ProgrammeReleasesView(WagtailAdminTemplateMixin, TemplateView):
    """A summit's releases and the "Publish programme release" button."""

    template_name = "events/admin/programme_releases.html"
    page_title = _("Programme releases")
    header_icon = "time"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(PUBLISH_RELEASES):
            raise PermissionDenied
        self.summit = get_object_or_404(SummitPage, pk=kwargs["summit_id"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.summit.title

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def render(self, form, status=200):
        context = self.get_context_data(
            summit=self.summit,
            form=form,
            releases=release_entries(self.summit),
            unscheduled=self.summit.sessions.unscheduled(),
            edit_url_name=Session.snippet_viewset.get_url_name("edit"),
        )
        return self.render_to_response(context, status=status)

    def get(self, request, *args, **kwargs):
        return self.render(ReleaseForm())

    def post(self, request, *args, **kwargs):
        form = ReleaseForm(request.POST)
        if not form.is_valid():
            return self.render(form, status=400)
        try:
            release = releases.publish_release(
                summit=self.summit, user=request.user, note=form.cleaned_data["note"]
            )
        except releases.ReleaseError as error:
            form.add_error(None, error.message)
            return self.render(form, status=error.status)
        messages.success(
            request,
            _("Version %(number)s of the programme is published.")
            % {"number": release.number},
        )
        return redirect("programme_releases", self.summit.pk)


def admin_urls():
    return [
        path(
            "programme-releases/<id:summit_id>/",
            ProgrammeReleasesView.as_view(),
            name="programme_releases",
        )
    ]
