from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from home.page_cache import PLACES


class PlaceHoldQuerySet(models.QuerySet):
    def active(self, at=None):
        return self.filter(expires_at__gt=at or timezone.now())


class PlaceHold(models.Model):
    """Places someone chose at the booking's first step, kept for them while they
    fill in the rest (`BOOKING_HOLD_MINUTES`): they count as taken, so nobody who
    got a place at step one is refused at the end. The booker's session carries
    `key`; placing the order uses the hold up in the same transaction. An expired
    hold counts for nothing, even before it is deleted."""

    page_cache_topic = PLACES  # places left on the summit page

    ticket_type = models.ForeignKey(
        "events.TicketType", on_delete=models.CASCADE, related_name="holds"
    )
    key = models.CharField(max_length=40, editable=False)
    places = models.PositiveSmallIntegerField()
    expires_at = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PlaceHoldQuerySet.as_manager()

    class Meta:
        verbose_name = _("place hold")
        constraints = [
            models.UniqueConstraint(
                fields=["key", "ticket_type"], name="events_placehold_one_per_type"
            )
        ]
        indexes = [models.Index(fields=["ticket_type", "expires_at"])]

    def __str__(self):
        return f"{self.places} × {self.ticket_type_id} until {self.expires_at}"
