"""Speaker profiles, and the page that publishes them.

A speaker is a snippet rather than a page: one person speaks at many summits, and
editors attach them to sessions (`events.Session.speakers`). A speaker is public once
they speak in a session of a live summit page; until then their profile 404s, so
editors can prepare announcements without publishing them early.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Prefetch
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.images import get_image_model, get_image_model_string
from wagtail.models import Page
from wagtail.search import index

from home.sections import SectionPageMixin, section_is_live

from .blocks import ProfileLinkBlock
from .choices import ChangeStatus

# The speakers page lists this many at a time.
SPEAKERS_PER_PAGE = 24


class SpeakerQuerySet(models.QuerySet):
    def public(self):
        """Speakers with at least one session in a live summit."""
        return self.filter(
            sessions__summit__live=True, sessions__start__isnull=False
        ).distinct()

    def with_photos(self):
        """Fetch photos and their renditions up front, so cards render in no queries."""
        images = get_image_model().objects.prefetch_renditions()
        return self.prefetch_related(Prefetch("photo", queryset=images))


class Speaker(index.Indexed, models.Model):
    name = models.CharField(max_length=150)
    slug = models.SlugField(
        max_length=160,
        unique=True,
        blank=True,
        help_text=_(
            "The end of the profile's web address. Leave empty to make it from the name."
        ),
    )
    pronouns = models.CharField(
        max_length=40,
        blank=True,
        help_text=_("Optional, for example 'she/her'. Shown only if given."),
    )
    role = models.CharField(max_length=150, blank=True, help_text=_("Job title."))
    organisation = models.CharField(max_length=150, blank=True)
    email = models.EmailField(
        blank=True,
        help_text=_(
            "Private: only used to send the speaker their complimentary summit "
            "ticket. Never shown on the site or in exports."
        ),
    )
    bio = models.TextField(
        max_length=1500,
        blank=True,
        help_text=_("A short biography in the third person, up to about 150 words."),
    )
    photo = models.ForeignKey(
        get_image_model_string(),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "A square head-and-shoulders photo works best. The image's description is "
            "read out as its alternative text."
        ),
    )
    links = StreamField(
        [("link", ProfileLinkBlock())],
        blank=True,
        max_num=5,
        help_text=_("Up to five links: a website, an organisation page, a profile."),
    )

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="speaker_profile",
        verbose_name=_("account"),
        help_text=_(
            "The speaker's own account: signed in, they can propose changes to this "
            "profile, which wait for an editor's approval."
        ),
    )

    objects = SpeakerQuerySet.as_manager()

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("pronouns"),
        MultiFieldPanel(
            [FieldPanel("role"), FieldPanel("organisation")],
            heading=_("Role"),
        ),
        FieldPanel("email"),
        FieldPanel("user"),
        FieldPanel("bio"),
        FieldPanel("photo"),
        FieldPanel("links"),
    ]
    search_fields = [
        index.SearchField("name", boost=3),
        index.AutocompleteField("name"),
        index.SearchField("organisation"),
        index.SearchField("role"),
        # Site search shows speakers of scheduled sessions at live summits only.
        index.RelatedFields(
            "sessions",
            [
                index.FilterField("start"),
                index.RelatedFields("summit", [index.FilterField("live")]),
            ],
        ),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("speaker")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.slug = self.slug or slugify(self.name)[:160]
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        """The public profile, beneath the speakers page (`speakers.urls`)."""
        return reverse("speakers:speaker", args=[self.slug])

    def get_url(self, request=None):
        """As `get_absolute_url`, or "" while no speakers page is published."""
        if section_is_live(SpeakersIndexPage, request):
            return self.get_absolute_url()
        return ""

    def clean(self):
        super().clean()
        self.slug = self.slug or slugify(self.name)[:160]
        clash = Speaker.objects.filter(slug=self.slug).exclude(pk=self.pk)
        if clash.exists():
            raise ValidationError(
                {
                    "slug": _(
                        "Another speaker already uses the web address '%(slug)s'. "
                        "Add something to tell them apart, such as a middle initial."
                    )
                    % {"slug": self.slug}
                }
            )

    @property
    def search_summary(self):
        return self.role_and_organisation

    @classmethod
    def site_search_queryset(cls):
        return cls.objects.public()

    @property
    def photo_alt_text(self):
        if not self.photo:
            return ""
        return self.photo.description or _("Photo of %(name)s") % {"name": self.name}

    @property
    def role_and_organisation(self):
        return ", ".join(part for part in [self.role, self.organisation] if part)


class SpeakerProfileChange(models.Model):
    """Changes a speaker proposed to their own profile (`speakers.self_service`):
    nothing here is public until an editor approves it, which copies it onto the
    `Speaker`. A new photo is kept as the redrawn bytes (no metadata) until then,
    so it is never served. At most one change per speaker waits at a time."""

    page_cache_topic = None  # shown on no public page (home/page_cache.py)

    speaker = models.ForeignKey(
        Speaker, on_delete=models.CASCADE, related_name="profile_changes"
    )
    status = models.CharField(
        max_length=20, choices=ChangeStatus.choices, default=ChangeStatus.PENDING
    )
    name = models.CharField(max_length=150)
    pronouns = models.CharField(max_length=40, blank=True)
    role = models.CharField(max_length=150, blank=True)
    organisation = models.CharField(max_length=150, blank=True)
    bio = models.TextField(max_length=1500, blank=True)
    links = models.JSONField(default=list, blank=True)
    photo_data = models.BinaryField(null=True, blank=True, editable=False)
    photo_extension = models.CharField(max_length=8, blank=True, editable=False)
    photo_alt_text = models.CharField(max_length=250, blank=True)
    reason = models.TextField(
        blank=True, help_text=_("Why it was not accepted: sent to the speaker.")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("speaker profile change")
        constraints = [
            models.UniqueConstraint(
                fields=["speaker"],
                condition=models.Q(status="pending"),
                name="one_pending_profile_change_per_speaker",
            )
        ]

    def __str__(self):
        return _("Changes to %(name)s's profile") % {"name": self.speaker.name}

    @property
    def has_photo(self):
        return bool(self.photo_data)


class SpeakersIndexPage(SectionPageMixin, Page):
    """Every speaker across all summits, at `/summit/speakers/`; each profile is an
    address beneath it (`speakers.urls`)."""

    section_slug = "speakers"

    introduction = models.TextField(blank=True)

    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    search_fields = [*Page.search_fields, index.SearchField("introduction")]

    parent_page_types = ["events.SummitIndexPage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = _("speakers index page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        paginator = Paginator(Speaker.objects.public().with_photos(), SPEAKERS_PER_PAGE)
        # Lazy: without a query string the list is a kept part, which loads nothing.
        page_obj = SimpleLazyObject(lambda: paginator.get_page(request.GET.get("page")))
        context.update(
            speakers=SimpleLazyObject(lambda: page_obj.object_list), page_obj=page_obj
        )
        return context
