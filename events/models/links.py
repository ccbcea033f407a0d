from django.db import models
from django.utils.translation import gettext_lazy as _

from ..choices import RetiredLinkReason


class RetiredLink(models.Model):
    """A secret link that stopped working (a claim link once used, a ticket's links
    once it was passed on), kept so following it explains what happened instead of
    a bare "page not found"."""

    page_cache_topic = None  # shown on no public page (home/page_cache.py)

    token = models.CharField(max_length=40, unique=True, editable=False)
    attendee = models.ForeignKey(
        "events.Attendee", on_delete=models.CASCADE, related_name="retired_links"
    )
    reason = models.CharField(max_length=20, choices=RetiredLinkReason.choices)
    retired_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("retired link")

    def __str__(self):
        return f"{self.get_reason_display()} ({self.retired_at:%Y-%m-%d})"
