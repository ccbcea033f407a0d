"""The Shared Ambition framework: the vocabulary every other app points at.

Nothing outside this app retypes a value, outcome or commitment; pages, stories,
pledges and sessions hold foreign keys to these rows instead.
"""

from django.db import models
from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page, RevisionMixin
from wagtail.search import index

from . import charts
from .choices import Colour, Direction, Icon, IndicatorKind


class Statement(RevisionMixin, models.Model):
    """The single Shared Ambition statement (one row)."""

    title = models.CharField(max_length=200, default="Shared Ambition")
    text = models.TextField()
    horizon_year = models.PositiveSmallIntegerField(default=2050)
    approved_on = models.DateField(null=True, blank=True)
    approved_by = models.CharField(max_length=200, blank=True)

    panels = [
        FieldPanel("title"),
        FieldPanel("text"),
        MultiFieldPanel(
            [
                FieldPanel("horizon_year"),
                FieldPanel("approved_on"),
                FieldPanel("approved_by"),
            ],
            heading=_("Adoption"),
        ),
    ]

    class Meta:
        verbose_name = _("statement")

    def __str__(self):
        return self.title

    @classmethod
    def current(cls):
        return cls.objects.order_by("pk").first()


class FrameworkItem(RevisionMixin, index.Indexed, models.Model):
    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=120, unique=True)
    summary = models.CharField(
        max_length=300, help_text=_("One sentence, shown on cards.")
    )
    description = RichTextField(
        blank=True, features=["bold", "italic", "link", "ol", "ul"]
    )
    sort_order = models.PositiveSmallIntegerField(default=0, db_index=True)
    colour = models.CharField(
        max_length=20, choices=Colour.choices, default=Colour.NAVY
    )
    icon = models.CharField(max_length=20, choices=Icon.choices, default=Icon.SPARK)

    search_fields = [
        index.SearchField("name", boost=3),
        index.SearchField("summary"),
        index.SearchField("description"),
        index.AutocompleteField("name"),
    ]
    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("summary"),
        FieldPanel("description"),
        MultiFieldPanel(
            [FieldPanel("sort_order"), FieldPanel("colour"), FieldPanel("icon")],
            heading=_("Display"),
        ),
    ]

    class Meta:
        abstract = True
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class Value(FrameworkItem):
    class Meta(FrameworkItem.Meta):
        verbose_name = _("value")


class Outcome(FrameworkItem):
    class Meta(FrameworkItem.Meta):
        verbose_name = _("outcome")

    def get_url(self, request=None):
        """This outcome's page on the showcase, or None while there is no showcase."""
        showcase = CommitmentsShowcasePage.for_request(request)
        return showcase and showcase.subpage_url(
            "outcome", request, outcome_slug=self.slug
        )


class CommitmentManager(models.Manager):
    def get_queryset(self):
        # A commitment's URL and label both need its outcome.
        return super().get_queryset().select_related("outcome")


class Commitment(FrameworkItem):
    outcome = models.ForeignKey(
        Outcome, on_delete=models.PROTECT, related_name="commitments"
    )
    provisional = models.BooleanField(
        default=True,
        help_text=_(
            "Shows a 'wording to be confirmed' note until the wording is checked "
            "against the adopted Shared Ambition document."
        ),
    )

    panels = [
        FieldPanel("outcome"),
        *FrameworkItem.panels,
        FieldPanel("provisional"),
    ]

    objects = CommitmentManager()

    class Meta(FrameworkItem.Meta):
        verbose_name = _("commitment")
        ordering = ["outcome__sort_order", "sort_order", "name"]

    def __str__(self):
        return self.name

    def get_url(self, request=None):
        """This commitment's page on the showcase, or None while there is no showcase.

        Pass the request: the showcase page is then looked up once per request."""
        showcase = CommitmentsShowcasePage.for_request(request)
        return showcase and showcase.subpage_url(
            "commitment",
            request,
            outcome_slug=self.outcome.slug,
            commitment_slug=self.slug,
        )


class CommitmentTagged(ClusterableModel):
    """Mixin for anything that delivers against commitments (stories, pledges, sessions).

    Subclasses get a `commitments` field that works with page revisions and an
    admin panel (`framework.panels.commitments_panel`); `Commitment` reaches them
    back through `<app>_<model>_tagged`. Each commitment's showcase page lists every
    subclass's items (see `framework.tagging`), so a subclass also says how:
    """

    #: Heading of this kind's section on a commitment page, e.g. "Delivery stories".
    showcase_heading = None
    #: Template rendering one item (context: `item`), e.g. a card. The default shows
    #: the item's title (`str(item)`), `summary` if any, linked to `item.url`.
    showcase_item_template = "framework/includes/showcase_item.html"
    #: Where the section sits among other kinds (lower first).
    showcase_order = 100

    commitments = ParentalManyToManyField(
        Commitment,
        blank=True,
        related_name="%(app_label)s_%(class)s_tagged",
        verbose_name=_("commitments"),
        help_text=_("The Shared Ambition commitments this contributes to."),
    )

    class Meta:
        abstract = True

    @classmethod
    def showcase_items(cls, commitment):
        """Public items tagged with `commitment`, fetched so rendering them runs no
        further queries (select/prefetch what the item template shows)."""
        raise NotImplementedError(f"{cls.__name__} must say which items are public.")

    @classmethod
    def tagged_with(cls, commitment):
        """Every item tagged with `commitment`, public or not: while any exist, the
        commitment cannot be deleted."""
        return cls._default_manager.filter(commitments=commitment)


class Indicator(RevisionMixin, index.Indexed, ClusterableModel):
    """A measure of progress towards one commitment or one outcome, with dated
    observations (entered inline or imported from CSV)."""

    name = models.CharField(max_length=160)
    slug = models.SlugField(
        max_length=120,
        unique=True,
        help_text=_("Identifies the indicator in CSV imports and the JSON feed."),
    )
    kind = models.CharField(
        max_length=10, choices=IndicatorKind.choices, default=IndicatorKind.HEADLINE
    )
    commitment = models.ForeignKey(
        Commitment,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="indicators",
    )
    outcome = models.ForeignKey(
        Outcome,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="indicators",
        help_text=_("Link either a commitment or an outcome, not both."),
    )
    unit = models.CharField(
        max_length=40,
        blank=True,
        help_text=_(
            "For example %, £, £ million, homes or tonnes CO2e per resident. "
            "% and £ are written next to the number."
        ),
    )
    decimal_places = models.PositiveSmallIntegerField(
        default=0,
        choices=[(places, str(places)) for places in range(5)],
        help_text=_("How many decimal places to show."),
    )
    direction = models.CharField(
        max_length=10, choices=Direction.choices, default=Direction.HIGHER
    )
    description = RichTextField(
        blank=True,
        features=["bold", "italic", "link", "ol", "ul"],
        help_text=_("What it measures and why it matters."),
    )
    source_name = models.CharField(max_length=200)
    source_url = models.URLField(blank=True)
    sort_order = models.PositiveSmallIntegerField(default=0, db_index=True)

    search_fields = [
        index.SearchField("name", boost=3),
        index.SearchField("description"),
        index.SearchField("source_name"),
        index.AutocompleteField("name"),
    ]
    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldRowPanel([FieldPanel("commitment"), FieldPanel("outcome")]),
        FieldPanel("kind"),
        FieldRowPanel(
            [
                FieldPanel("unit"),
                FieldPanel("decimal_places"),
                FieldPanel("direction"),
            ]
        ),
        FieldPanel("description"),
        MultiFieldPanel(
            [FieldPanel("source_name"), FieldPanel("source_url")],
            heading=_("Source"),
        ),
        FieldPanel("sort_order"),
        InlinePanel("observations", heading=_("Observations"), label=_("Observation")),
    ]

    class Meta:
        ordering = ["sort_order", "name"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(commitment__isnull=False, outcome__isnull=True)
                    | Q(commitment__isnull=True, outcome__isnull=False)
                ),
                name="indicator_measures_a_commitment_or_an_outcome",
                violation_error_message=_(
                    "Link the indicator to either a commitment or an outcome, not both."
                ),
            )
        ]

    def __str__(self):
        return self.name

    @cached_property
    def trend(self):
        """Latest value, change and chart; reads `observations`, so prefetch them."""
        return charts.build_trend(
            [(obs.date, obs.value) for obs in self.observations.all()],
            title=self.name,
            unit=self.unit,
            places=self.decimal_places,
            higher_is_better=self.direction == Direction.HIGHER,
        )


class Observation(models.Model):
    indicator = ParentalKey(
        Indicator, on_delete=models.CASCADE, related_name="observations"
    )
    date = models.DateField(
        help_text=_("The date the value describes, such as the end of the year.")
    )
    value = models.DecimalField(max_digits=16, decimal_places=4)

    panels = [FieldRowPanel([FieldPanel("date"), FieldPanel("value")])]

    class Meta:
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "date"],
                name="one_observation_per_indicator_and_date",
                violation_error_message=_(
                    "This indicator already has a value for that date."
                ),
            )
        ]

    def __str__(self):
        return f"{self.indicator}: {self.value} on {self.date:%Y-%m-%d}"


class CommitmentsShowcasePage(RoutablePageMixin, Page):
    """The framework in public: statement, values, outcomes and commitments, with a
    page per outcome (`<outcome>/`) and per commitment (`<outcome>/<commitment>/`)."""

    introduction = models.TextField(blank=True)
    measures_introduction = models.TextField(
        blank=True,
        help_text=_(
            "Shown above the indicators on outcome and commitment pages, e.g. where "
            "the figures come from."
        ),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("introduction"),
        FieldPanel("measures_introduction"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("introduction")]

    max_count = 1
    parent_page_types = ["home.HomePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("commitments showcase page")

    @classmethod
    def for_request(cls, request=None):
        """The live showcase, fetched at most once per request (None if there is none)."""
        if request is not None and hasattr(request, "_framework_showcase"):
            return request._framework_showcase
        showcase = cls.objects.live().order_by("path").first()
        if request is not None:
            request._framework_showcase = showcase
        return showcase

    def subpage_url(self, name, request=None, **kwargs):
        base = self.get_url(request)
        return base and base + self.reverse_subpage(name, kwargs=kwargs)

    def _remember(self, request):
        # Links rendered on these routes reuse this page instead of looking it up.
        request._framework_showcase = self

    @path("")
    def index_route(self, request, *args, **kwargs):
        self._remember(request)
        return self.render(
            request,
            context_overrides={
                "statement": Statement.current(),
                "values": Value.objects.all(),
                "outcomes": Outcome.objects.prefetch_related("commitments"),
            },
        )

    @path("<slug:outcome_slug>/", name="outcome")
    def outcome_route(self, request, outcome_slug):
        self._remember(request)
        outcome = get_object_or_404(Outcome, slug=outcome_slug)
        return self.render(
            request,
            template="framework/outcome_page.html",
            context_overrides={
                "outcome": outcome,
                "commitments": outcome.commitments.all(),
                "indicators": outcome.indicators.prefetch_related("observations"),
            },
        )

    @path("<slug:outcome_slug>/<slug:commitment_slug>/", name="commitment")
    def commitment_route(self, request, outcome_slug, commitment_slug):
        from .tagging import showcase_sections  # tagging imports this module

        self._remember(request)
        commitment = get_object_or_404(
            Commitment, outcome__slug=outcome_slug, slug=commitment_slug
        )
        return self.render(
            request,
            template="framework/commitment_page.html",
            context_overrides={
                "commitment": commitment,
                "indicators": commitment.indicators.prefetch_related("observations"),
                "sections": showcase_sections(commitment),
                "related": Commitment.objects.filter(
                    outcome=commitment.outcome
                ).exclude(pk=commitment.pk),
            },
        )
