"""The Shared Ambition framework: the vocabulary every other app points at.

Nothing outside this app retypes a value, outcome or commitment; pages, stories,
pledges and sessions hold foreign keys to these rows instead.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import RevisionMixin
from wagtail.search import index

from .choices import Colour, Icon


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


class CommitmentTagged(ClusterableModel):
    """Mixin for anything that delivers against commitments (stories, pledges, sessions).

    Subclasses get a `commitments` field that works with page revisions and an
    admin panel (`framework.panels.commitments_panel`); `Commitment` reaches them
    back through `<app>_<model>_tagged`. Each commitment's showcase page lists every
    subclass's items (see `framework.tagging`), so a subclass also says how:
    """

    #: Heading of this kind's section on a commitment page, e.g. "Delivery stories".
    showcase_heading = None
    #: Template rendering one item (context: `item`), e.g. a card.
    showcase_item_template = None
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
