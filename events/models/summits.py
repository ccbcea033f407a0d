import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Prefetch
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.images import get_image_model, get_image_model_string
from wagtail.models import Page
from wagtail.search import index

from home.blocks import BodyBlock
from speakers.models import Speaker

from .. import ical, pdf
from ..choices import SessionType, SummitStatus
from ..forms import ProgrammeFilterForm
from ..panels import SummitSessionsPanel, SummitTicketTypesPanel
from ..programme import build_timetable, programme_data
from .calendar import CalendarSequenceMixin

SHORT_RICH_TEXT = ["bold", "italic", "link", "ol", "ul"]
# Speakers on the summit page; the rest are a click away at `speakers/`.
FEATURED_SPEAKERS = 6


def _with_hero_images(pages):
    images = get_image_model().objects.prefetch_renditions()
    return pages.prefetch_related(Prefetch("hero_image", queryset=images))


class SummitIndexPage(Page):
    """The summit section: every edition, upcoming first, then the archive."""

    introduction = models.TextField(blank=True)
    body = StreamField(BodyBlock(), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("introduction"),
        FieldPanel("body"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("introduction")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["events.SummitPage", "speakers.SpeakersIndexPage"]
    max_count = 1

    class Meta:
        verbose_name = _("summit index page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        summits = _with_hero_images(SummitPage.objects.child_of(self).live())
        now = timezone.now()
        context["upcoming_summits"] = summits.filter(end__gte=now).order_by("start")
        context["past_summits"] = summits.filter(end__lt=now).order_by("-start")
        return context


class SummitPage(RoutablePageMixin, CalendarSequenceMixin, Page):
    """One edition of the annual summit, with its programme, speakers and feeds.

    Routes below the page (all documented in README): `programme/` and its `json/`,
    `pdf/` and `calendar/` forms, `calendar/` for the summit itself, `speakers/`,
    `sessions/<slug>/` with `sessions/<slug>/calendar/`, and the booking steps under
    `book/`.
    """

    calendar_fields = ("title", "start", "end", "venue_name", "venue_address")

    summary = models.TextField(
        max_length=400,
        help_text=_("One or two sentences for cards and search results."),
    )
    start = models.DateTimeField(help_text=_("UK time."))
    end = models.DateTimeField(help_text=_("UK time."))
    hero_image = models.ForeignKey(
        get_image_model_string(),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = StreamField(BodyBlock(), blank=True)
    venue_name = models.CharField(max_length=150)
    venue_address = models.TextField(help_text=_("One line per part of the address."))
    venue_map_url = models.URLField(
        _("map link"), blank=True, help_text=_("A link to the venue on a map.")
    )
    travel_information = RichTextField(
        blank=True,
        features=SHORT_RICH_TEXT,
        help_text=_("Getting there by train, bus, bike and car; parking."),
    )
    access_information = RichTextField(
        _("step-free access information"),
        blank=True,
        features=SHORT_RICH_TEXT,
        help_text=_(
            "Step-free routes, accessible toilets, quiet rooms, hearing loops, "
            "assistance dogs."
        ),
    )
    registration_opens_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text=_("Leave empty while registration has no opening date."),
    )
    registration_closes_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text=_("Leave empty to keep registration open until the summit starts."),
    )
    attendee_changes_close_at = models.DateTimeField(
        _("attendees can change their booking until"),
        null=True,
        blank=True,
        help_text=_(
            "Until then attendees can edit their details and workshops or transfer "
            "their ticket. Leave empty to allow changes until the summit starts."
        ),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldRowPanel([FieldPanel("start"), FieldPanel("end")], heading=_("When")),
        FieldPanel("hero_image"),
        FieldPanel("body"),
    ]
    venue_panels = [
        FieldPanel("venue_name"),
        FieldPanel("venue_address"),
        FieldPanel("venue_map_url"),
        FieldPanel("travel_information"),
        FieldPanel("access_information"),
    ]
    programme_panels = [
        SummitSessionsPanel(heading=_("Sessions")),
        InlinePanel("rooms", heading=_("Rooms"), label=_("Room")),
        InlinePanel("tracks", heading=_("Tracks"), label=_("Track")),
    ]
    registration_panels = [
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        FieldPanel("registration_opens_at"),
                        FieldPanel("registration_closes_at"),
                    ]
                ),
                FieldPanel("attendee_changes_close_at"),
            ],
            heading=_("Registration"),
        ),
        SummitTicketTypesPanel(heading=_("Ticket types")),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Content")),
            ObjectList(venue_panels, heading=_("Venue")),
            ObjectList(programme_panels, heading=_("Programme")),
            ObjectList(registration_panels, heading=_("Registration")),
            ObjectList(Page.promote_panels, heading=_("Promote")),
        ]
    )
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.SearchField("venue_name"),
    ]

    parent_page_types = ["events.SummitIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("summit page")

    def clean(self):
        super().clean()
        errors = {}
        if self.start and self.end and self.end <= self.start:
            errors["end"] = _("The summit must end after it starts.")
        opens, closes = self.registration_opens_at, self.registration_closes_at
        if opens and closes and closes <= opens:
            errors["registration_closes_at"] = _(
                "Registration must close after it opens."
            )
        changes = self.attendee_changes_close_at
        if changes and self.start and changes > self.start:
            errors["attendee_changes_close_at"] = _(
                "Changes must close before the summit starts."
            )
        if closes and self.end and closes > self.end:
            errors["registration_closes_at"] = _(
                "Registration must close before the summit ends."
            )
        if self.pk and self.start and self.end and not errors:
            after, before = self.day_bounds()
            stranded = self.sessions.exclude(start__gte=after, end__lt=before)
            if stranded:
                errors["start"] = _(
                    "These sessions would fall outside the new dates; move them "
                    "first: %(titles)s."
                ) % {"titles": ", ".join(session.title for session in stranded)}
        if errors:
            raise ValidationError(errors)

    def get_status(self, at=None):
        at = at or timezone.now()
        if at >= self.end:
            return SummitStatus.PAST
        if self.registration_is_open(at):
            return SummitStatus.REGISTRATION_OPEN
        return SummitStatus.UPCOMING

    @property
    def status(self):
        return self.get_status()

    def registration_is_open(self, at=None):
        """Whether the dates allow booking now; ticket rules come on top of this."""
        at = at or timezone.now()
        closes = self.registration_closes_at or self.start
        return (
            bool(self.registration_opens_at)
            and self.registration_opens_at <= at < closes
        )

    def attendee_changes_are_open(self, at=None):
        """Whether attendees may still edit details or workshops, or transfer."""
        at = at or timezone.now()
        return at < (self.attendee_changes_close_at or self.start)

    def local_dates(self):
        """The first and last day of the summit in UK time."""
        return timezone.localdate(self.start), timezone.localdate(self.end)

    def day_bounds(self):
        """Midnight (UK time) starting the summit's first day and ending its last:
        sessions must start at or after the one and end before the other."""
        first, last = self.local_dates()
        return (
            timezone.make_aware(datetime.datetime.combine(first, datetime.time())),
            timezone.make_aware(
                datetime.datetime.combine(
                    last + datetime.timedelta(days=1), datetime.time()
                )
            ),
        )

    @property
    def date_range_text(self):
        first, last = self.local_dates()
        if first == last:
            return date_format(first, "l j F Y")
        return f"{date_format(first, 'l j F Y')} to {date_format(last, 'l j F Y')}"

    @property
    def location_text(self):
        lines = [self.venue_name, *self.venue_address.splitlines()]
        return ", ".join(line.strip() for line in lines if line.strip())

    # Routes: each parses its input, fetches with `for_listing()` (a fixed number of
    # queries) and hands the sessions to a builder in programme.py, ical.py or pdf.py.

    @path("")
    def index_route(self, request):
        speakers = Speaker.objects.filter(sessions__summit=self).distinct()
        return self.render(
            request,
            context_overrides={
                "keynotes": self.sessions.for_listing().filter(
                    session_type=SessionType.KEYNOTE
                ),
                "speakers": speakers.with_photos()[:FEATURED_SPEAKERS],
                "speaker_count": speakers.count(),
                "webcal_url": self._webcal_url(request),
            },
        )

    @path("programme/", name="programme")
    def programme_route(self, request):
        form = ProgrammeFilterForm(request.GET or None, summit=self)
        sessions = self.sessions.for_listing()
        if form.is_bound and form.is_valid():
            sessions = form.filter(sessions)
        sessions = list(sessions)
        response = self.render(
            request,
            template="events/programme_page.html",
            context_overrides={
                "form": form,
                "sessions": sessions,
                "days": build_timetable(sessions, tracks=list(self.tracks.all())),
                "webcal_url": self._webcal_url(request),
            },
        )
        if form.is_bound and not form.is_valid():
            response.status_code = 400
        return response

    @path("programme/json/", name="programme_json")
    def programme_json_route(self, request):
        data = programme_data(self, self.sessions.for_listing(), request=request)
        # Open data: any site may read the programme from a browser.
        return JsonResponse(
            data,
            json_dumps_params={"indent": 2, "ensure_ascii": False},
            headers={"Access-Control-Allow-Origin": "*"},
        )

    @path("programme/pdf/", name="programme_pdf")
    def programme_pdf_route(self, request):
        content = pdf.programme_pdf(self, self.sessions.for_listing())
        filename = f"{self.slug}-programme.pdf"
        return HttpResponse(
            content,
            content_type="application/pdf",
            headers={"Content-Disposition": f'inline; filename="{filename}"'},
        )

    @path("programme/calendar/", name="programme_calendar")
    def programme_calendar_route(self, request):
        content = ical.build_calendar(
            name=_("%(summit)s programme") % {"summit": self.title},
            uid=ical.uid_for("programme", self.pk),
            sessions=self.sessions.for_listing(),
            url=ical.absolute_url(self.url + self.reverse_subpage("programme")),
            refresh_hours=6,
        )
        return _calendar_response(content, f"{self.slug}-programme")

    @path("calendar/", name="calendar")
    def calendar_route(self, request):
        content = ical.build_calendar(
            name=self.title,
            uid=ical.uid_for("summit-calendar", self.pk),
            summits=[self],
        )
        return _calendar_response(content, self.slug)

    @path("sessions/<slug:slug>/", name="session")
    def session_route(self, request, slug):
        session = get_object_or_404(
            self.sessions.for_listing(speaker_photos=True), slug=slug
        )
        return self.render(
            request,
            template="events/session_page.html",
            context_overrides={"session": session},
        )

    @path("sessions/<slug:slug>/calendar/", name="session_calendar")
    def session_calendar_route(self, request, slug):
        session = get_object_or_404(self.sessions.for_listing(), slug=slug)
        content = ical.build_calendar(
            name=session.title,
            uid=ical.uid_for("session-calendar", session.pk),
            sessions=[session],
        )
        return _calendar_response(content, f"{self.slug}-{session.slug}")

    @path("speakers/", name="speakers")
    def speakers_route(self, request):
        speakers = (
            Speaker.objects.filter(sessions__summit=self).distinct().with_photos()
        )
        return self.render(
            request,
            template="events/summit_speakers_page.html",
            context_overrides={"speakers": speakers},
        )

    # Booking: the views live in events.views; these routes give them the summit.

    @path("book/", name="book")
    def book_route(self, request):
        from .. import views

        return views.choose_tickets(request, summit=self)

    @path("book/details/", name="book_details")
    def book_details_route(self, request):
        from .. import views

        return views.attendee_details(request, summit=self)

    @path("book/review/", name="book_review")
    def book_review_route(self, request):
        from .. import views

        return views.review_booking(request, summit=self)

    @path("book/invoice/", name="book_invoice")
    def book_invoice_route(self, request):
        from ..payments import views

        return views.invoice_details(request, summit=self)

    @path("book/done/<str:reference>/", name="book_done")
    def book_done_route(self, request, reference):
        from .. import views

        return views.booking_done(request, summit=self, reference=reference)

    @path("book/waiting-list/<int:ticket_type_id>/", name="join_waiting_list")
    def join_waiting_list_route(self, request, ticket_type_id):
        from .. import views

        return views.join_waiting_list(
            request, summit=self, ticket_type_id=ticket_type_id
        )

    def _webcal_url(self, request):
        feed = request.build_absolute_uri(
            self.get_url(request) + self.reverse_subpage("programme_calendar")
        )
        return "webcal://" + feed.split("://", 1)[1]


def _calendar_response(content, filename):
    return HttpResponse(
        content,
        content_type="text/calendar; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}.ics"'},
    )
