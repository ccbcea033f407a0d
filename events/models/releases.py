"""Programme releases: numbered snapshots of a summit's published programme and
what changed since the one before (`events.programme.releases`,
docs/programme.md#releases-and-changes)."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class ProgrammeRelease(models.Model):
    page_cache_topic = None  # its page is not cached (home/page_cache.py)

    summit = models.ForeignKey(
        "events.SummitPage", on_delete=models.CASCADE, related_name="releases"
    )
    number = models.PositiveIntegerField()
    note = models.TextField(_("note"), blank=True, max_length=2000)
    published_at = models.DateTimeField(auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # {session id (text): {"title", "slug", "start", "end", "room", "speakers":
    # [speaker id, ...]}}: the scheduled sessions as released. A session deleted
    # since gains "audience": [attendee id, ...], the places that had booked or
    # starred it (`events.programme.releases.keep_audience`).
    sessions = models.JSONField(default=dict)
    # [{"session": id, "title", "slug", "kinds": [...], "before": {...},
    # "after": {...}}]: what changed since the release before (empty for the first).
    changes = models.JSONField(default=list)

    class Meta:
        verbose_name = _("programme release")
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["summit", "number"], name="one_release_per_number"
            )
        ]

    def __str__(self):
        return _("Release %(number)s of %(summit)s") % {
            "number": self.number,
            "summit": self.summit,
        }

    def get_absolute_url(self):
        return reverse("events:programme_changes", args=[self.summit.slug])
