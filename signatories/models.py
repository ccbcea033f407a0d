"""The register of organisations supporting the Shared Ambition."""

import uuid

from allauth.account.models import EmailAddress
from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from framework.models import Commitment, CommitmentTagged, ShowcaseList
from home.page_cache import CONTENT
from home.sections import SectionPageMixin, section_is_live

from . import matching
from .choices import ONS_CODES, AuditAction, District, OrganisationType, SignatoryStatus
from .links import new_nonce
from .validators import HTTP_URL

# Signatures that still stand, or may soon: a second one from the same organisation
# is a duplicate. Rejected and withdrawn organisations may sign again.
ACTIVE_STATUSES = [
    SignatoryStatus.UNCONFIRMED,
    SignatoryStatus.PENDING,
    SignatoryStatus.APPROVED,
]


def logo_path(instance, filename):
    # Uploaders' file names never reach the disk or the public URL.
    return f"signatories/logos/{uuid.uuid4().hex}.png"


class SignatoryRegisterPage(SectionPageMixin, Page):
    """The public register: editors write the introduction, the list comes from the
    data. Its own address and everything beneath it are served by `signatories.urls`."""

    section_slug = "signatories"
    # The page is a listing drawn by its view; previewing it would show no entries.
    preview_modes = []

    introduction = RichTextField(
        blank=True, features=["bold", "italic", "link", "ol", "ul"]
    )
    sign_up_text = models.TextField(
        blank=True,
        default=(
            "Any organisation that supports the Shared Ambition can add itself. "
            "A moderator checks every entry before it appears."
        ),
        help_text=_("Shown beside the button that leads to the sign-up form."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("introduction"),
        FieldPanel("sign_up_text"),
    ]

    max_count = 1
    parent_page_types = ["home.HomePage"]
    # The register's own addresses (/signatories/<slug>/ and so on) sit beneath it.
    subpage_types = []

    class Meta:
        verbose_name = _("signatory register page")

    def get_sitemap_urls(self, request=None):
        """The register, then each public organisation's page."""
        root_url = self.get_site().root_url
        organisations = [
            {
                "location": root_url + signatory.get_absolute_url(),
                "lastmod": signatory.updated_at,
            }
            for signatory in Signatory.objects.public().only("slug", "updated_at")
        ]
        return [*super().get_sitemap_urls(request), *organisations]


class SignatoryQuerySet(models.QuerySet):
    def public(self):
        return self.filter(status=SignatoryStatus.APPROVED)

    def active(self):
        return self.filter(status__in=ACTIVE_STATUSES)

    def owned_by(self, user):
        """Entries a signed-in person may manage: signed from their account, or with
        one of their verified email addresses as the contact."""
        emails = EmailAddress.objects.filter(user=user, verified=True).values("email")
        return self.filter(models.Q(user=user) | models.Q(contact_email__in=emails))

    def awaiting_moderation(self):
        return self.filter(
            models.Q(status=SignatoryStatus.PENDING)
            | models.Q(status=SignatoryStatus.APPROVED, pending_update__isnull=False)
        )


class Signatory(CommitmentTagged, index.Indexed):
    """An organisation's signature. Public fields, then the private contact."""

    showcase_heading = _("Organisations pledging this commitment")
    showcase_item_template = "signatories/includes/showcase_item.html"
    showcase_order = 20

    name = models.CharField(_("organisation name"), max_length=200)
    slug = models.SlugField(max_length=220, unique=True)
    organisation_type = models.CharField(
        _("type of organisation"), max_length=20, choices=OrganisationType.choices
    )
    district = models.CharField(_("area"), max_length=30, choices=District.choices)
    website = models.URLField(blank=True, validators=[HTTP_URL])
    logo = models.ImageField(
        upload_to=logo_path,
        blank=True,
        width_field="logo_width",
        height_field="logo_height",
    )
    logo_width = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    logo_height = models.PositiveSmallIntegerField(
        null=True, blank=True, editable=False
    )
    pledge = models.TextField(_("pledge statement"))

    contact_name = models.CharField(max_length=150)
    contact_role = models.CharField(max_length=150)
    contact_email = models.EmailField()
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="signatories",
        help_text=_("The account that signed, if the contact was signed in."),
    )
    # Wagtail's reference index records links between content, for "usage" in the
    # admin; no screen lists an account's usage, and this link was its only entry
    # for a signatory, which cost a background task on every save.
    user.wagtail_reference_index_ignore = True

    status = models.CharField(
        max_length=20,
        choices=SignatoryStatus.choices,
        default=SignatoryStatus.UNCONFIRMED,
    )
    # Changes the organisation asked for after approval, shown publicly only once a
    # moderator accepts them: field values, commitment slugs and what to do with the
    # logo ("keep", "replace" with `pending_logo`, or "remove").
    pending_update = models.JSONField(null=True, blank=True, editable=False)
    pending_logo = models.ImageField(upload_to=logo_path, blank=True, editable=False)
    normalised_name = models.CharField(max_length=200, editable=False)
    website_domain = models.CharField(max_length=200, blank=True, editable=False)
    link_nonce = models.CharField(max_length=32, default=new_nonce, editable=False)

    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True, editable=False)
    approved_at = models.DateTimeField(null=True, blank=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SignatoryQuerySet.as_manager()

    # Kept up to date by `signals.py` rather than on every save: site search finds
    # approved entries only, so a signature awaiting confirmation or approval needs
    # no index work, and signing up costs the task worker one task (the email).
    search_auto_update = False
    # Public fields only: site search must never match on contact details.
    search_fields = [
        index.SearchField("name", boost=3),
        index.AutocompleteField("name"),
        index.SearchField("pledge"),
        index.FilterField("status"),
    ]

    class Meta:
        verbose_name = _("signatory")
        verbose_name_plural = _("signatories")
        ordering = ["normalised_name", "pk"]
        permissions = [
            (
                "moderate_signatory",
                "Can approve or reject signatories and see their contacts",
            )
        ]
        indexes = [models.Index(fields=["status", "normalised_name"])]
        constraints = [
            # The database's last word on duplicates, should two arrive at once.
            models.UniqueConstraint(
                fields=["normalised_name"],
                condition=models.Q(status__in=ACTIVE_STATUSES),
                name="signatory_unique_active_name",
            ),
            models.UniqueConstraint(
                fields=["website_domain"],
                condition=models.Q(status__in=ACTIVE_STATUSES)
                & ~models.Q(website_domain=""),
                name="signatory_unique_active_domain",
            ),
        ]

    def page_cache_topic(self):
        """An entry shows on public pages only while approved: saving it then (its
        approval, an admin's edit) or deleting it changes them. A sign-up awaiting
        confirmation or approval, a rejected one and a withdrawn one change none, so
        a rush of sign-ups keeps pages kept; withdrawing an approved entry says so
        itself (`services.withdraw_signature`)."""
        return CONTENT if self.status == SignatoryStatus.APPROVED else None

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.normalised_name = matching.normalise_name(self.name)
        self.website_domain = matching.website_domain(self.website)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"name", "website"} & set(update_fields):
            kwargs["update_fields"] = {
                *update_fields,
                "normalised_name",
                "website_domain",
            }
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("signatories:detail", args=[self.slug])

    @property
    def ons_code(self):
        return ONS_CODES.get(self.district, "")

    @property
    def initial(self):
        first = self.normalised_name[:1].upper()
        return first if first.isalpha() else "#"

    @property
    def is_public(self):
        return self.status == SignatoryStatus.APPROVED

    @property
    def is_awaiting(self):
        """Awaiting confirmation or approval: never public yet, since no entry goes
        back to these statuses (the admin's form doesn't edit the status)."""
        return self.status in (SignatoryStatus.UNCONFIRMED, SignatoryStatus.PENDING)

    @property
    def search_summary(self):
        return f"{self.get_organisation_type_display()} · {self.get_district_display()}"

    @cached_property
    def pending_commitments(self):
        slugs = (self.pending_update or {}).get("commitments", [])
        return list(Commitment.objects.filter(slug__in=slugs))

    @classmethod
    def site_search_queryset(cls):
        return cls.objects.public()

    @classmethod
    def showcase_items(cls, commitment):
        return (
            cls.objects.public()
            .filter(commitments=commitment)
            .order_by(models.F("approved_at").desc(nulls_last=True), "-pk")
        )

    @classmethod
    def showcase_lists(cls, commitment, count, request=None):
        if not section_is_live(SignatoryRegisterPage, request):
            return []
        text = ngettext(
            "See the %(count)s organisation pledging %(commitment)s",
            "See all %(count)s organisations pledging %(commitment)s",
            count,
        )
        return [
            ShowcaseList.filtered(
                reverse("signatories:register"), commitment, count, text
            )
        ]


class AuditEntry(models.Model):
    """Who changed a signature's status or content, when, and why."""

    page_cache_topic = None  # shown on no public page (home/page_cache.py)

    signatory = models.ForeignKey(
        Signatory, on_delete=models.CASCADE, related_name="audit_entries"
    )
    action = models.CharField(max_length=20, choices=AuditAction.choices)
    status = models.CharField(
        _("status afterwards"), max_length=20, choices=SignatoryStatus.choices
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    by_contact = models.BooleanField(
        default=False, help_text=_("Done by the organisation's contact.")
    )
    reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.get_action_display()}: {self.signatory}"

    @property
    def actor(self):
        if self.user:
            return self.user.get_full_name() or self.user.get_username()
        if self.by_contact:
            return _("The organisation's contact")
        return _("The system")
