"""Delivery stories: what partners are doing against each Shared Ambition commitment."""

from functools import partial

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.images import get_image_model
from wagtail.models import Orderable, Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from framework.models import Commitment, CommitmentTagged, ShowcaseList
from framework.panels import commitments_panel
from home.blocks import BodyBlock
from home.sections import SectionPageMixin, section_is_live
from signatories.choices import District
from signatories.models import Signatory

from .admin_forms import SpotlightPageForm
from .panels import ProposalPanel


class SpotlightIndexPage(SectionPageMixin, Page):
    """The stories section. Its own address (the filtered list), the feeds and the
    proposal form are served by `spotlights.urls`; each story is a page beneath it."""

    section_slug = "stories"
    # The page is a listing drawn by its view; previewing it would show no stories.
    preview_modes = []

    introduction = models.TextField(blank=True)

    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    search_fields = [*Page.search_fields, index.SearchField("introduction")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["spotlights.SpotlightPage"]

    class Meta:
        verbose_name = _("delivery stories index")

    def stories(self):
        """This section's published stories, featured first, then newest."""
        return SpotlightPage.objects.child_of(self).published().newest_first()


class SpotlightQuerySet(PageQuerySet):
    def published(self):
        """What visitors may see: live and not behind a view restriction."""
        return self.live().public()

    def newest_first(self):
        return self.order_by("-featured", "-date", "-first_published_at", "-pk")

    def for_cards(self):
        """Fetch what a story card shows in a fixed number of queries."""
        return self.prefetch_related(
            Prefetch(
                "hero_image",
                queryset=get_image_model().objects.prefetch_renditions(),
            ),
            Prefetch("commitments", queryset=Commitment.objects.all()),
            "partners",
        )

    def filter_by(self, *, outcome=None, commitment=None, district="", organisation=""):
        """Narrow to stories matching every filter given (blank filters are ignored)."""
        # Match in a subquery: joining many-valued relations here would repeat a
        # story once per matching row.
        matches = self.model.objects.all()
        if outcome:
            matches = matches.filter(commitments__outcome=outcome)
        if commitment:
            matches = matches.filter(commitments=commitment)
        if district:
            matches = matches.filter(district_links__district=district)
        if organisation:
            # A partner whose name holds the text, or linked to a register entry
            # whose name does.
            matches = matches.filter(
                Q(partners__name__icontains=organisation)
                | Q(
                    partners__signatory__in=Signatory.objects.public().filter(
                        name__icontains=organisation
                    )
                )
            )
        return self.filter(pk__in=matches.values("pk"))

    def with_partner(self, signatory):
        """Stories naming `signatory` (a register entry) as a partner."""
        return self.filter(
            pk__in=SpotlightPartner.objects.filter(signatory=signatory).values("page")
        )


class SpotlightPage(CommitmentTagged, Page):
    """One delivery story, tagged with the commitments it delivers against."""

    showcase_heading = _("Delivery stories")
    showcase_item_template = "spotlights/includes/story_card.html"
    showcase_order = 10

    standfirst = models.TextField(
        max_length=400,
        help_text=_("One or two sentences saying what happened; shown on cards."),
    )
    date = models.DateField(
        default=timezone.localdate,
        help_text=_("When the work was delivered or reported; lists run newest first."),
    )
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    hero_image_alt = models.CharField(
        _("hero image alternative text"),
        max_length=250,
        blank=True,
        help_text=_("Describe the picture for people who cannot see it."),
    )
    body = StreamField(BodyBlock(), blank=True)
    featured = models.BooleanField(
        default=False,
        help_text=_(
            "Featured stories come first on the stories page and the home page."
        ),
    )
    summit = models.ForeignKey(
        "events.SummitPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="presented_stories",
        verbose_name=_("presented at"),
        help_text=_("The summit where this story was presented, if it was."),
    )

    content_panels = [
        ProposalPanel(heading=_("Proposed through the website")),
        *Page.content_panels,
        FieldPanel("standfirst"),
        FieldPanel("date"),
        MultiFieldPanel(
            [FieldPanel("hero_image"), FieldPanel("hero_image_alt")],
            heading=_("Hero image"),
        ),
        FieldPanel("body"),
        InlinePanel("partners", heading=_("Partner organisations"), label=_("Partner")),
        commitments_panel(),
        FieldPanel("districts"),
        FieldPanel("summit"),
    ]
    promote_panels = [*Page.promote_panels, FieldPanel("featured")]
    search_fields = [
        *Page.search_fields,
        index.SearchField("standfirst"),
        index.SearchField("body"),
        index.RelatedFields("partners", [index.SearchField("name")]),
    ]

    base_form_class = SpotlightPageForm
    parent_page_types = ["spotlights.SpotlightIndexPage"]
    subpage_types = []

    objects = PageManager.from_queryset(SpotlightQuerySet)()

    class Meta:
        verbose_name = _("delivery story")
        verbose_name_plural = _("delivery stories")

    def clean(self):
        super().clean()
        if self.hero_image_id and not self.hero_image_alt.strip():
            raise ValidationError(
                {
                    "hero_image_alt": _(
                        "Describe the hero image for people who cannot see it."
                    )
                }
            )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        commitments = list(self.commitments.all())
        context.update(
            # Each partner may link to its public register entry.
            partners=list(self.partners.all().select_related("signatory")),
            commitments=commitments,
            # Outcomes are not stored: a story serves its commitments' outcomes.
            outcomes=list(dict.fromkeys(c.outcome for c in commitments)),
            # Looked up only when the page's kept copy of them is out of date.
            related_stories=SimpleLazyObject(
                partial(self.related_stories, commitments)
            ),
        )
        return context

    @property
    def districts(self):
        return [link.district for link in self.district_links.all()]

    @property
    def search_summary(self):
        return self.standfirst

    @classmethod
    def showcase_items(cls, commitment):
        return (
            cls.objects.published()
            .filter(commitments=commitment)
            .for_cards()
            .newest_first()
        )

    @classmethod
    def showcase_lists(cls, commitment, count, request=None):
        if not section_is_live(SpotlightIndexPage, request):
            return []
        text = ngettext(
            "See the %(count)s delivery story about %(commitment)s",
            "See all %(count)s delivery stories about %(commitment)s",
            count,
        )
        return [
            ShowcaseList.filtered(reverse("spotlights:index"), commitment, count, text)
        ]

    def related_stories(self, commitments, limit=3):
        """Other published stories sharing the most of `commitments` (this story's)."""
        if not commitments:
            return SpotlightPage.objects.none()
        return (
            SpotlightPage.objects.published()
            .filter(commitments__in=commitments)
            .exclude(pk=self.pk)
            .annotate(shared=Count("pk"))
            .order_by("-shared", "-date", "-pk")
            .for_cards()[:limit]
        )


class SpotlightPartner(Orderable):
    """A partner organisation named on a story: free text, linked to the
    organisation's entry on the signatory register when it has one."""

    page = ParentalKey(SpotlightPage, on_delete=models.CASCADE, related_name="partners")
    signatory = models.ForeignKey(
        Signatory,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="story_partnerships",
        verbose_name=_("register entry"),
        help_text=_(
            "If the organisation supports the Shared Ambition, choose its entry on "
            "the register: the story then links to it and appears on its page."
        ),
    )
    name = models.CharField(
        max_length=200,
        blank=True,
        help_text=_("Leave empty to use the register entry's name."),
    )
    website = models.URLField(blank=True)

    panels = [FieldPanel("signatory"), FieldPanel("name"), FieldPanel("website")]

    class Meta(Orderable.Meta):
        verbose_name = _("partner organisation")

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        self.name = self.name.strip()
        if not self.name and self.signatory:
            self.name = self.signatory.name
        if not self.name:
            raise ValidationError(
                {"name": _("Name the organisation, or choose its register entry.")}
            )

    @property
    def register_entry(self):
        """The linked register entry while the public may see it, else None."""
        signatory = self.signatory
        return signatory if signatory and signatory.is_public else None


class SpotlightDistrict(models.Model):
    """One place a story's work happened (a story may name several)."""

    page = ParentalKey(
        SpotlightPage, on_delete=models.CASCADE, related_name="district_links"
    )
    district = models.CharField(max_length=30, choices=District.choices)

    class Meta:
        verbose_name = _("district")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["page", "district"], name="unique_story_district"
            )
        ]

    def __str__(self):
        return self.get_district_display()


class StoryProposal(models.Model):
    """Who proposed a story through the public form.

    Kept apart from the page (and its revisions) so the contact details are never
    published; staff see them in the admin.
    """

    page_cache_topic = None  # shown on no public page (home/page_cache.py)

    page = models.OneToOneField(
        SpotlightPage, on_delete=models.CASCADE, related_name="proposal"
    )
    organisation = models.CharField(max_length=200)
    contact_name = models.CharField(max_length=150)
    contact_email = models.EmailField()
    submitted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("story proposal")
        ordering = ["-submitted_at"]

    def __str__(self):
        return f"{self.page.title} ({self.organisation})"
