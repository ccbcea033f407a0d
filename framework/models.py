"""The Shared Ambition framework: the vocabulary every other app points at.

Nothing outside this app retypes a value, outcome or commitment; pages, stories,
pledges and sessions hold foreign keys to these rows instead.
"""

from dataclasses import dataclass
from functools import partial

from django.apps import apps
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page, RevisionMixin
from wagtail.search import index

from home.sections import SectionPageMixin, section_is_live

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

    def get_absolute_url(self):
        """This outcome's page on the showcase (`framework.urls`)."""
        return reverse("framework:outcome", args=[self.slug])

    def get_url(self, request=None):
        """As `get_absolute_url`, or None while the showcase isn't published."""
        if section_is_live(CommitmentsShowcasePage, request):
            return self.get_absolute_url()
        return None


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

    def get_absolute_url(self):
        """This commitment's page on the showcase (`framework.urls`)."""
        return reverse("framework:commitment", args=[self.outcome.slug, self.slug])

    def get_url(self, request=None):
        """As `get_absolute_url`, or None while the showcase isn't published."""
        if section_is_live(CommitmentsShowcasePage, request):
            return self.get_absolute_url()
        return None


class CommitmentTagged(ClusterableModel):
    """Mixin for anything that delivers against commitments (stories, pledges, sessions).

    Subclasses get a `commitments` field that works with page revisions and an
    admin panel (`framework.panels.commitments_panel`); `Commitment` reaches them
    back through `<app>_<model>_tagged`. Each commitment's showcase page shows every
    subclass's latest items and links to its full list (see `showcase_sections`),
    so a subclass also says how:
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
        """Public items tagged with `commitment`, newest first, fetched so rendering
        them runs no further queries (select/prefetch what the item template
        shows). The commitment page shows the first `SHOWCASE_LATEST`."""
        raise NotImplementedError(f"{cls.__name__} must say which items are public.")

    @classmethod
    def showcase_lists(cls, commitment, count, request=None):
        """Where visitors see all `count` public items tagged with `commitment`: a
        list of `ShowcaseList`s (the kind's own list, filtered by the commitment),
        or none if the kind has no such list."""
        return []

    @classmethod
    def tagged_with(cls, commitment):
        """Every item tagged with `commitment`, public or not: while any exist, the
        commitment cannot be deleted."""
        return cls._default_manager.filter(commitments=commitment)


# Every kind of content tagged with commitments, found without importing those apps.


def tagged_models():
    """Concrete models using `CommitmentTagged`, in showcase order."""
    models = [
        model
        for model in apps.get_models()
        if issubclass(model, CommitmentTagged) and model.showcase_heading
    ]
    return sorted(models, key=lambda model: (model.showcase_order, model.__name__))


# A commitment page shows this many of each kind's items, newest first, however many
# there are, and links to the full lists (docs/framework.md).
SHOWCASE_LATEST = 6


@dataclass(frozen=True)
class ShowcaseList:
    """Somewhere else on the site listing every public item of one kind tagged with
    a commitment (or those at one place, such as one summit's programme)."""

    url: str
    #: The link's words, e.g. "See all 40 delivery stories about Homes for All".
    text: str
    count: int

    @classmethod
    def filtered(cls, list_url, commitment, count, text):
        """The list at `list_url` filtered by `?commitment=`; `text` is the ngettext
        result with `%(count)s` and `%(commitment)s` to fill in."""
        return cls(
            url=f"{list_url}?commitment={commitment.slug}",
            text=text % {"count": f"{count:,}", "commitment": commitment.name},
            count=count,
        )


@dataclass(frozen=True)
class ShowcaseSection:
    heading: str
    template: str
    #: The latest `SHOWCASE_LATEST` items.
    items: list
    #: How many public items there are in all.
    count: int
    lists: list

    @property
    def more(self):
        """Whether there are more items than the page shows."""
        return self.count > len(self.items)


def _section(*, heading, template, items, lists):
    """The latest `SHOWCASE_LATEST` of `items`, their count and `lists(count)`."""
    count = items.count()
    return ShowcaseSection(
        heading=heading,
        template=template,
        items=list(items[:SHOWCASE_LATEST]),
        count=count,
        lists=lists(count) if count else [],
    )


def showcase_sections(commitment, request=None):
    """One section per tagged kind for `commitment`'s page, each with its latest
    public items, how many there are and where to see them all: a fixed number of
    queries per kind (the items, whatever the kind prefetches, a count and what its
    lists need), and a fixed size of page however many items there are."""
    return [
        _section(
            heading=model.showcase_heading,
            template=model.showcase_item_template,
            items=model.showcase_items(commitment),
            lists=partial(model.showcase_lists, commitment, request=request),
        )
        for model in tagged_models()
    ]


class OutcomeShowcased:
    """Mixin for a model from a higher app whose rows an outcome's page shows (the
    summits' ambition postcards), found through the app registry as `tagged_models`
    finds commitment-tagged kinds, so framework imports no app above it. The model
    has a foreign key to `Outcome` and says how it is shown:"""

    #: Heading of this kind's section on an outcome page.
    outcome_heading = None
    #: Template rendering one item (context: `item`).
    outcome_item_template = "framework/includes/showcase_item.html"
    #: Where the section sits among other kinds (lower first).
    outcome_order = 100

    @classmethod
    def outcome_items(cls, outcome):
        """Public items about `outcome`, newest first, fetched so rendering them runs
        no further queries. The outcome page shows the first `SHOWCASE_LATEST`."""
        raise NotImplementedError(f"{cls.__name__} must say which items are public.")

    @classmethod
    def outcome_lists(cls, outcome, count, request=None):
        """Where visitors see all `count` public items about `outcome`: a list of
        `ShowcaseList`s."""
        return []


def outcome_models():
    """Concrete models using `OutcomeShowcased`, in showcase order."""
    models = [
        model
        for model in apps.get_models()
        if issubclass(model, OutcomeShowcased) and model.outcome_heading
    ]
    return sorted(models, key=lambda model: (model.outcome_order, model.__name__))


def outcome_sections(outcome, request=None):
    """As `showcase_sections`, for an outcome's page."""
    return [
        _section(
            heading=model.outcome_heading,
            template=model.outcome_item_template,
            items=model.outcome_items(outcome),
            lists=partial(model.outcome_lists, outcome, request=request),
        )
        for model in outcome_models()
    ]


def tagged_usage(commitment):
    """{model: count} for each kind holding items tagged with `commitment`."""
    counts = {model: model.tagged_with(commitment).count() for model in tagged_models()}
    return {model: count for model, count in counts.items() if count}


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


class CommitmentsShowcasePage(SectionPageMixin, Page):
    """The framework in public: statement, values, outcomes and commitments, with a
    page per outcome (`<outcome>/`) and per commitment (`<outcome>/<commitment>/`)
    beneath it (`framework.urls`)."""

    section_slug = "showcase"

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

    @cached_property
    def statement(self):
        return Statement.current()

    def values(self):
        return Value.objects.all()

    def outcomes(self):
        return Outcome.objects.prefetch_related("commitments")
