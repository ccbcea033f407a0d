from django.db import models
from django.utils.translation import gettext_lazy as _


class AgendaItem(models.Model):
    """A session a ticket holder starred for their personal agenda
    (`events.programme.agenda`). Deleted with the place, or when the place is
    anonymised (`events.retention`)."""

    page_cache_topic = None  # shown on no public page (home/page_cache.py)

    attendee = models.ForeignKey(
        "events.Attendee", on_delete=models.CASCADE, related_name="agenda_items"
    )
    session = models.ForeignKey(
        "events.Session", on_delete=models.CASCADE, related_name="agenda_items"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("agenda item")
        ordering = ["session__start", "session__end", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["attendee", "session"], name="agenda_item_once_per_session"
            )
        ]

    def __str__(self):
        return f"{self.attendee_id}: {self.session_id}"
