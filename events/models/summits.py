import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.fields import RichTextField, StreamField
from wagtail.images import get_image_model, get_image_model_string
from wagtail.models import Page
from wagtail.search import index

from home.blocks import BodyBlock
from home.links import absolute_url, webcal_url
from home.sections import SectionPageMixin
from speakers.models import Speaker

from ..admin_forms import SummitPageForm
from ..choices import SessionType, SummitStatus
from ..panels import SummitSessionsPanel, SummitTicketTypesPanel
from .calendar import CalendarSequenceMixin

SHORT_RICH_TEXT = ["bold", "italic", "link", "ol", "ul"]
# Speakers on the summit page; the rest are a click away at `speakers/`.
FEATURED_SPEAKERS = 6
# The summit page lists this many keynotes at most, and links to the rest.
FEATURED_KEYNOTES = 6


def _with_hero_images(pages):
    images = get_image_model().objects.prefetch_renditions()
    return pages.prefetch_related(Prefetch("hero_image", queryset=images))


class SummitIndexPage(SectionPageMixin, Page):
    """The summit section: every edition, upcoming first, then the archive. Each
    summit's programme and booking addresses hang beneath it (`events.urls`)."""

    section_slug = "summit"

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


class SummitPage(CalendarSequenceMixin, Page):
    """One edition of the annual summit. Its programme, sessions, speakers, feeds
    and booking steps are addresses beneath it, served by `events.programme` and
    `events.booking` (docs/programme.md, docs/booking.md)."""

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

    postcards_open = models.BooleanField(
        _("accept ambition postcards"),
        default=True,
        help_text=_(
            "Anyone may write a postcard with their number one ambition for the "
            "region, on the summit page or through the short link on badges."
        ),
    )
    hold_postcards = models.BooleanField(
        _("hold every postcard for approval"),
        default=False,
        help_text=_(
            "Otherwise a clean postcard goes on the wall at once; a suspect one (a "
            "link, an email address, a phone number, a rude word) is always held."
        ),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldRowPanel([FieldPanel("start"), FieldPanel("end")], heading=_("When")),
        FieldPanel("hero_image"),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("postcards_open"), FieldPanel("hold_postcards")],
            heading=_("Ambition postcards"),
        ),
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
        InlinePanel(
            "registration_questions",
            heading=_("Registration questions"),
            label=_("Question"),
            help_text=_(
                "Asked of each place's holder when booking. Save the page once "
                "after adding ticket types to choose which types a question is for."
            ),
        ),
    ]
    base_form_class = SummitPageForm
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
            stranded = self.sessions.scheduled().exclude(
                start__gte=after, end__lt=before
            )
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

    @cached_property
    def ticket_shop(self):
        """The ticket types anyone may see (hidden ones need a code), with places
        taken counted in one query, in the order editors set."""
        ticket_types = list(
            self.ticket_types.for_sale()
            .filter(requires_code=False)
            .with_places_taken()
            .order_by("sort_order", "pk")
        )
        for ticket_type in ticket_types:
            ticket_type.summit = self
        return ticket_types

    @property
    def registration_opens_later(self):
        return bool(self.registration_opens_at) and (
            timezone.now() < self.registration_opens_at
        )

    @property
    def registration_closes(self):
        """When booking ends: the closing time set, else the summit's start."""
        return self.registration_closes_at or self.start

    @cached_property
    def keynotes(self):
        """The first few keynotes, shown on the summit page itself."""
        return list(self._keynotes().for_listing()[:FEATURED_KEYNOTES])

    @cached_property
    def keynote_count(self):
        return self._keynotes().count()

    def _keynotes(self):
        return self.sessions.scheduled().filter(session_type=SessionType.KEYNOTE)

    @cached_property
    def featured_speakers(self):
        """The first few speakers, shown on the summit page itself."""
        return list(self._speakers().with_photos()[:FEATURED_SPEAKERS])

    @cached_property
    def speaker_count(self):
        return self._speakers().count()

    def _speakers(self):
        return Speaker.objects.filter(
            sessions__summit=self, sessions__start__isnull=False
        ).distinct()

    @property
    def postcard_short_url(self):
        """The full short address of the postcard form, for badges and their QR code
        (docs/postcards.md)."""
        return absolute_url(reverse("events:postcard_short", args=[self.slug]))

    @property
    def programme_feed_url(self):
        """The programme's calendar feed, for calendar apps to subscribe to."""
        return webcal_url(reverse("events:programme_calendar", args=[self.slug]))
