from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from home.page_cache import PLACES

from ..choices import ACTIVE_WAITING_LIST_STATUSES, WaitingListStatus
from .orders import new_token


class WaitingListEntry(models.Model):
    """Someone waiting for a place of a sold-out ticket type, first come first served.

    When a place comes free, `events.booking.waiting_list` offers it to the next entry: the
    offer holds the place (it counts against capacity) until `offer_expires_at`;
    `manage.py process_waiting_list` expires unclaimed offers and moves on.
    """

    page_cache_topic = PLACES  # places left on the summit page

    ticket_type = models.ForeignKey(
        "events.TicketType", on_delete=models.CASCADE, related_name="waiting_list"
    )
    name = models.CharField(max_length=150)
    email = models.EmailField()
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="summit_waiting_list_entries",
    )
    status = models.CharField(
        max_length=20,
        choices=WaitingListStatus.choices,
        default=WaitingListStatus.WAITING,
    )
    token = models.CharField(
        max_length=40, unique=True, default=new_token, editable=False
    )
    offered_at = models.DateTimeField(null=True, blank=True)
    offer_expires_at = models.DateTimeField(null=True, blank=True)
    attendee = models.ForeignKey(
        "events.Attendee",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The place claimed from an offer."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("waiting list entry")
        verbose_name_plural = _("waiting list entries")
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                "ticket_type",
                condition=models.Q(status__in=ACTIVE_WAITING_LIST_STATUSES),
                name="events_waitinglistentry_once_per_email",
            ),
        ]

    def __str__(self):
        return f"{self.email} ({self.ticket_type.name})"

    @property
    def offer_is_open(self):
        return (
            self.status == WaitingListStatus.OFFERED
            and self.offer_expires_at is not None
            and timezone.now() < self.offer_expires_at
        )

    def position(self):
        """1 for the next person to be offered a place."""
        return (
            WaitingListEntry.objects.filter(
                ticket_type_id=self.ticket_type_id,
                status=WaitingListStatus.WAITING,
            )
            .filter(
                models.Q(created_at__lt=self.created_at)
                | models.Q(created_at=self.created_at, pk__lt=self.pk)
            )
            .count()
            + 1
        )
