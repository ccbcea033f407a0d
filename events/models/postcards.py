"""Ambition postcards: what people at a summit, or following it, want most for the
region, shown on the summit's wall once clean or approved (docs/postcards.md)."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from framework.models import Outcome, OutcomeShowcased, ShowcaseList
from home.page_cache import CONTENT
from signatories.choices import District

from ..choices import PostcardAction, PostcardStatus

AMBITION_MAX_LENGTH = 280
FIRST_NAME_MAX_LENGTH = 40
# A person's district: the region's six council areas (the county as a whole, which
# organisations may choose, says nothing about where someone lives).
PERSON_DISTRICTS = [
    (value, label)
    for value, label in District.choices
    if value not in (District.CAMBRIDGESHIRE, District.OUTSIDE)
]


class PostcardQuerySet(models.QuerySet):
    def public(self):
        """Published cards of a published summit."""
        return self.filter(status=PostcardStatus.PUBLISHED, summit__live=True)

    def newest_first(self):
        return self.order_by("-published_at", "-pk")

    def for_wall(self):
        """Public cards, newest first, with what a card shows."""
        return self.public().newest_first().select_related("outcome")


class Postcard(OutcomeShowcased, models.Model):
    """One person's number one ambition for the region, written for a summit."""

    outcome_heading = _("Ambitions from the summit")
    outcome_item_template = "events/postcards/includes/postcard.html"
    outcome_order = 10

    summit = models.ForeignKey(
        "events.SummitPage", on_delete=models.CASCADE, related_name="postcards"
    )
    ambition = models.TextField(_("ambition"), max_length=AMBITION_MAX_LENGTH)
    outcome = models.ForeignKey(
        Outcome, on_delete=models.PROTECT, related_name="postcards"
    )
    first_name = models.CharField(
        _("first name"), max_length=FIRST_NAME_MAX_LENGTH, blank=True
    )
    district = models.CharField(
        _("district"), max_length=30, choices=PERSON_DISTRICTS, blank=True
    )
    status = models.CharField(
        max_length=20, choices=PostcardStatus.choices, default=PostcardStatus.HELD
    )
    # Why the check held the card ("a web address"), for the moderator.
    suspect_reasons = models.CharField(max_length=200, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    published_at = models.DateTimeField(null=True, blank=True, editable=False)
    # When a moderator last decided (retention counts from it).
    moderated_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = PostcardQuerySet.as_manager()

    class Meta:
        verbose_name = _("ambition postcard")
        verbose_name_plural = _("ambition postcards")
        ordering = ["-created_at", "-pk"]
        permissions = [("moderate_postcard", "Can approve, reject or take down")]
        indexes = [models.Index(fields=["summit", "status", "published_at"])]

    def __str__(self):
        text = self.ambition if len(self.ambition) <= 60 else f"{self.ambition[:59]}…"
        return text

    def page_cache_topic(self):
        """A card shows on public pages only once published, and leaves them when
        taken down; one held or rejected changes none."""
        if self.status in (PostcardStatus.HELD, PostcardStatus.REJECTED):
            return None
        return CONTENT

    @property
    def is_public(self):
        return self.status == PostcardStatus.PUBLISHED

    @classmethod
    def outcome_items(cls, outcome):
        return cls.objects.for_wall().filter(outcome=outcome)

    @classmethod
    def outcome_lists(cls, outcome, count, request=None):
        """Each summit's wall filtered by `outcome`, with that summit's own count,
        latest summit first: one query, however many summits."""
        summits = (
            cls.objects.public()
            .filter(outcome=outcome)
            .values("summit__slug", "summit__title", "summit__start")
            .annotate(count=models.Count("pk"))
            .order_by("-summit__start")
        )
        return [
            ShowcaseList(
                url=reverse("events:postcards", args=[summit["summit__slug"]])
                + f"?outcome={outcome.slug}",
                text=ngettext(
                    "See the %(count)s ambition for %(outcome)s from %(summit)s",
                    "See all %(count)s ambitions for %(outcome)s from %(summit)s",
                    summit["count"],
                )
                % {
                    "count": f"{summit['count']:,}",
                    "outcome": outcome.name,
                    "summit": summit["summit__title"],
                },
                count=summit["count"],
            )
            for summit in summits
        ]


class PostcardLogEntry(models.Model):
    """Who moderated a card, when, and why: the shape of the register's audit
    entries (signatories.models.AuditEntry)."""

    page_cache_topic = None  # shown on no public page (home/page_cache.py)

    postcard = models.ForeignKey(
        Postcard, on_delete=models.CASCADE, related_name="log_entries"
    )
    action = models.CharField(max_length=20, choices=PostcardAction.choices)
    status = models.CharField(
        _("status afterwards"), max_length=20, choices=PostcardStatus.choices
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("postcard log entry")
        verbose_name_plural = _("postcard log entries")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.get_action_display()}: {self.postcard}"

    @property
    def actor(self):
        if self.user:
            return self.user.get_full_name() or self.user.get_username()
        return _("The system")
