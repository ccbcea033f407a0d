from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.search import index

from framework.models import Commitment, CommitmentTagged, ShowcaseList
from framework.panels import commitments_panel
from speakers.models import Speaker

from ..choices import AccessFeature, SessionType
from .calendar import CalendarSequenceMixin


class SessionQuerySet(models.QuerySet):
    """`Session.objects` sees every session, scheduled or not: Wagtail (search and
    reference indexes, admin history, usage and copy views) and `dumpdata` load
    rows through it. A session made from a confirmed proposal
    (`events.proposals.decisions`) starts unscheduled, with no time or room, and
    shows on no public page: every public path asks for `scheduled()` (or
    `public()`), services and the admin don't."""

    def scheduled(self):
        """Sessions with a time: the only ones any public page, feed or email shows."""
        return self.filter(start__isnull=False)

    def unscheduled(self):
        """Sessions waiting for a time, listed to editors."""
        return self.filter(start__isnull=True)

    def public(self):
        """Scheduled sessions of live summit pages."""
        return self.scheduled().filter(summit__live=True)

    def for_listing(self, *, speaker_photos=False):
        """Everything a programme, a feed or a card shows, fetched in a fixed number of
        queries however many sessions there are."""
        speakers = Speaker.objects.order_by("name")
        if speaker_photos:
            speakers = speakers.with_photos()
        return self.select_related("summit", "room", "track").prefetch_related(
            Prefetch("speakers", queryset=speakers),
            Prefetch("commitments", queryset=Commitment.objects.all()),
        )

    def overlapping(self, start, end):
        return self.filter(start__lt=end, end__gt=start)


class Session(CalendarSequenceMixin, CommitmentTagged, index.Indexed):
    """One slot in a summit's programme: a keynote, panel, workshop, breakout or break.

    Editors manage sessions in the Summits > Sessions admin (`events.programme.admin`), which
    refuses sessions outside the summit's dates, ending before they start or
    double-booking a speaker.
    """

    showcase_heading = _("Summit sessions")
    showcase_item_template = "events/includes/session_showcase_item.html"
    showcase_order = 30
    calendar_fields = ("title", "start", "end", "room_id")

    summit = models.ForeignKey(
        "events.SummitPage", on_delete=models.CASCADE, related_name="sessions"
    )
    title = models.CharField(max_length=200)
    slug = models.SlugField(
        max_length=100,
        blank=True,
        help_text=_(
            "The end of the session's web address. Leave empty to make it from the "
            "title."
        ),
    )
    session_type = models.CharField(
        _("type"), max_length=20, choices=SessionType.choices
    )
    # Empty only for a draft session made from a proposal, not yet scheduled.
    start = models.DateTimeField(null=True, help_text=_("UK time."))
    end = models.DateTimeField(null=True, help_text=_("UK time."))
    room = models.ForeignKey(
        "events.Room",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sessions",
        help_text=_("Rooms are listed on the summit page; publish it to add one."),
    )
    track = models.ForeignKey(
        "events.Track",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sessions",
        help_text=_(
            "Leave empty for sessions everyone attends, such as keynotes and lunch."
        ),
    )
    description = models.TextField(
        blank=True, help_text=_("Plain text; leave a blank line between paragraphs.")
    )
    speakers = ParentalManyToManyField(Speaker, blank=True, related_name="sessions")
    capacity = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text=_("Places available, for workshops that need a limit."),
    )
    bsl_interpretation = models.BooleanField(
        AccessFeature.BSL_INTERPRETATION.label, default=False
    )
    live_captions = models.BooleanField(
        AccessFeature.LIVE_CAPTIONS.label, default=False
    )
    hearing_loop = models.BooleanField(AccessFeature.HEARING_LOOP.label, default=False)
    step_free = models.BooleanField(AccessFeature.STEP_FREE.label, default=False)
    recurring = models.BooleanField(
        _("happens every year"),
        default=False,
        help_text=_(
            'Such as the welcome, lunch or the closing plenary. "Create next '
            "year's summit\" can copy these sessions, without their speakers."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SessionQuerySet.as_manager()

    panels = [
        FieldPanel("summit"),
        FieldPanel("title"),
        FieldPanel("slug"),
        FieldPanel("session_type"),
        FieldRowPanel([FieldPanel("start"), FieldPanel("end")], heading=_("When")),
        FieldRowPanel([FieldPanel("room"), FieldPanel("track")], heading=_("Where")),
        FieldPanel("description"),
        FieldPanel("speakers", widget=forms.CheckboxSelectMultiple),
        FieldPanel("capacity"),
        FieldPanel("recurring"),
        MultiFieldPanel(
            [FieldPanel(feature.value) for feature in AccessFeature],
            heading=_("Access"),
        ),
        commitments_panel(),
    ]
    search_fields = [
        index.SearchField("title", boost=3),
        index.AutocompleteField("title"),
        index.SearchField("description"),
        index.FilterField("summit"),
        # Site search shows scheduled sessions (`SessionQuerySet.public`) only.
        index.FilterField("start"),
        # Site search shows sessions of live summits only.
        index.RelatedFields("summit", [index.FilterField("live")]),
    ]

    class Meta:
        ordering = ["start", "title"]
        verbose_name = _("session")
        constraints = [
            models.UniqueConstraint(
                fields=["summit", "slug"], name="events_session_unique_slug"
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.slug = self.slug or slugify(self.title)[:100]
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        errors = {}
        self.slug = self.slug or slugify(self.title)[:100]
        if self.summit_id and self.slug:
            clash = Session.objects.filter(summit_id=self.summit_id, slug=self.slug)
            if clash.exclude(pk=self.pk).exists():
                errors["slug"] = _(
                    "Another session at this summit already uses the web address "
                    "'%(slug)s'. Choose a different one."
                ) % {"slug": self.slug}
        if self.start and self.end and self.end <= self.start:
            errors["end"] = _("The session must end after it starts.")
        if self.summit_id and self.start and self.end:
            after, before = self.summit.day_bounds()
            if not (after <= self.start and self.end < before):
                errors["start"] = _(
                    "The session must take place during the summit: %(dates)s."
                ) % {"dates": self.summit.date_range_text}
        for field in ("room", "track"):
            place = getattr(self, field)
            if (
                place is not None
                and self.summit_id
                and place.summit_id != self.summit_id
            ):
                errors[field] = _(
                    "%(name)s belongs to another summit. Choose one of this summit's."
                ) % {"name": place}
        if errors:
            raise ValidationError(errors)

    def get_absolute_url(self):
        return reverse("events:session", args=[self.summit.slug, self.slug])

    @property
    def search_summary(self):
        return _("%(type)s at %(summit)s, %(day)s, %(time)s") % {
            "type": self.get_session_type_display(),
            "summit": self.summit.title,
            "day": date_format(timezone.localtime(self.start), "l j F Y"),
            "time": self.time_range_text,
        }

    @property
    def access_features(self):
        """The `AccessFeature`s this session provides, in a fixed order."""
        return [feature for feature in AccessFeature if getattr(self, feature.value)]

    @property
    def is_scheduled(self):
        return self.start is not None and self.end is not None

    @property
    def time_range_text(self):
        if not self.is_scheduled:
            return _("Not scheduled yet")
        start, end = timezone.localtime(self.start), timezone.localtime(self.end)
        return f"{date_format(start, 'H:i')} to {date_format(end, 'H:i')}"

    @property
    def location_text(self):
        """Room, venue and address on one line, for calendars and print."""
        parts = [self.room.name if self.room else "", self.summit.location_text]
        return ", ".join(part for part in parts if part)

    @property
    def speaker_names(self):
        return ", ".join(speaker.name for speaker in self.speakers.all())

    @property
    def commitment_names(self):
        return ", ".join(commitment.name for commitment in self.commitments.all())

    @property
    def access_feature_labels(self):
        return ", ".join(str(feature.label) for feature in self.access_features)

    @classmethod
    def site_search_queryset(cls):
        return cls.objects.public().select_related("summit")

    @classmethod
    def showcase_items(cls, commitment):
        return (
            cls.objects.public()
            .filter(commitments=commitment)
            .select_related("summit", "room", "track")
            .order_by("-start")
        )

    @classmethod
    def showcase_lists(cls, commitment, count, request=None):
        """Each summit's programme filtered by `commitment`, latest summit first."""
        summits = (
            cls.objects.public()
            .filter(commitments=commitment)
            .values("summit__slug", "summit__title", "summit__start")
            .annotate(count=models.Count("pk"))
            .order_by("-summit__start")
        )
        return [
            ShowcaseList(
                url=reverse("events:programme", args=[summit["summit__slug"]])
                + f"?commitment={commitment.slug}",
                text=ngettext(
                    "See the %(count)s session about %(commitment)s at %(summit)s",
                    "See all %(count)s sessions about %(commitment)s at %(summit)s",
                    summit["count"],
                )
                % {
                    "count": f"{summit['count']:,}",
                    "commitment": commitment.name,
                    "summit": summit["summit__title"],
                },
                count=summit["count"],
            )
            for summit in summits
        ]
