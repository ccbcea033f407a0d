"""What can be booked for a summit: ticket types, and the access codes that unlock
hidden ones or make places free. Booking rules live in `events.booking`."""

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models.functions import Coalesce, Upper
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from ..choices import (
    LIVE_ATTENDEE_STATUSES,
    OrderStatus,
    SessionType,
    WaitingListStatus,
)
from ..money import format_pence
from .holds import PlaceHold
from .orders import Attendee
from .waiting_list import WaitingListEntry

# At or below this many places left, people see the number.
FEW_PLACES = 10


def _count(queryset):
    """A correlated COUNT subquery over `queryset` (filtered on OuterRef)."""
    counted = (
        queryset.order_by()
        .values("ticket_type")
        .annotate(count=models.Count("*"))
        .values("count")
    )
    return Coalesce(models.Subquery(counted), 0)


class TicketTypeQuerySet(models.QuerySet):
    def for_sale(self):
        """Types the public can book (speakers' places are issued, never sold)."""
        return self.filter(for_speakers=False)

    def with_places_taken(self):
        """Annotate `places_taken` (as `count_places_taken()`) and `waiting_count`,
        so listing any number of types costs one query."""
        entries = WaitingListEntry.objects.filter(ticket_type=models.OuterRef("pk"))
        holds = PlaceHold.objects.active().filter(ticket_type=models.OuterRef("pk"))
        live = Attendee.objects.filter(
            ticket_type=models.OuterRef("pk"), status__in=LIVE_ATTENDEE_STATUSES
        )
        return self.annotate(
            # Live places less those of an unconfirmed order whose hold has run out
            # (they count as free before the order expires), counted apart: the live
            # count reads only an index, and the lapsed are found from the few
            # unconfirmed orders, rather than every place joined to its order.
            places_taken=_count(live)
            - _count(live.filter(lapsed_hold()))
            + _count(entries.filter(status=WaitingListStatus.OFFERED))
            + _sum_places(holds),
            waiting_count=_count(entries.filter(status=WaitingListStatus.WAITING)),
        )


def lapsed_hold(at=None):
    """Places of an unconfirmed order whose hold has run out by `at` (now)."""
    return models.Q(
        order__status=OrderStatus.UNCONFIRMED,
        order__hold_expires_at__lte=at or timezone.now(),
    )


def _sum_places(holds):
    summed = (
        holds.order_by()
        .values("ticket_type")
        .annotate(total=models.Sum("places"))
        .values("total")
    )
    return Coalesce(models.Subquery(summed), 0)


class TicketType(models.Model):
    """A kind of place at a summit, with its own capacity, price and sales window.

    Places taken are the type's live attendees plus waiting-list offers that hold a
    place; `events.booking` counts them under a row lock on this type.
    """

    summit = models.ForeignKey(
        "events.SummitPage", on_delete=models.CASCADE, related_name="ticket_types"
    )
    name = models.CharField(max_length=100)
    description = models.TextField(
        max_length=500,
        blank=True,
        help_text=_("Who this ticket is for and what it includes, in a sentence."),
    )
    price = models.PositiveIntegerField(
        _("price (pence)"),
        default=0,
        help_text=_("In pence: 0 for a free place, 9500 for £95."),
    )
    capacity = models.PositiveIntegerField(
        help_text=_("Places available. Speakers' places do not count against it.")
    )
    sales_start = models.DateTimeField(
        null=True,
        blank=True,
        help_text=_("UK time. Leave empty to start with the summit's registration."),
    )
    sales_end = models.DateTimeField(
        null=True,
        blank=True,
        help_text=_("UK time. Leave empty to end with the summit's registration."),
    )
    max_per_order = models.PositiveSmallIntegerField(
        _("maximum per order"),
        default=10,
        validators=[MinValueValidator(1)],
    )
    allows_invoice = models.BooleanField(
        _("can be paid by invoice"),
        default=False,
        help_text=_(
            "Public bodies may ask for an invoice with their purchase order number "
            "instead of paying by card. Their tickets are issued at once."
        ),
    )
    refund_deadline = models.DateTimeField(
        null=True,
        blank=True,
        help_text=_(
            "UK time. Card payers who cancel before this get their money back "
            "automatically. Leave empty for no automatic refunds."
        ),
    )
    requires_code = models.BooleanField(
        _("hidden unless a code unlocks it"),
        default=False,
        help_text=_("Only people who enter an access code for it can see and book it."),
    )
    for_speakers = models.BooleanField(
        _("speakers' places"),
        default=False,
        editable=False,
        help_text=_("Issued automatically to the summit's speakers; never on sale."),
    )
    workshops = models.ManyToManyField(
        "events.Session",
        blank=True,
        related_name="ticket_types",
        limit_choices_to={"session_type": SessionType.WORKSHOP},
        help_text=_(
            "Workshops people with this ticket may book when they register. Each "
            "workshop's capacity limits its places."
        ),
    )
    sort_order = models.IntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TicketTypeQuerySet.as_manager()

    sort_order_field = "sort_order"

    class Meta:
        ordering = ["summit", "sort_order", "pk"]
        verbose_name = _("ticket type")
        constraints = [
            models.UniqueConstraint(
                fields=["summit"],
                condition=models.Q(for_speakers=True),
                name="events_tickettype_one_speaker_type",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.summit.title})"

    def clean(self):
        super().clean()
        if self.sales_start and self.sales_end and self.sales_end <= self.sales_start:
            raise ValidationError({"sales_end": _("Sales must end after they start.")})
        if self.pk and self.capacity is not None:
            taken = self.count_places_taken()
            if self.capacity < taken:
                raise ValidationError(
                    {
                        "capacity": _(
                            "%(count)s places are already booked or offered; the "
                            "capacity can't be lower."
                        )
                        % {"count": taken}
                    }
                )

    def count_places_taken(self):
        """Live places (less those of lapsed unconfirmed orders), waiting-list
        offers holding one, and places held at the booking's first step. Under a
        lock on this row (see `events.booking.records`) the answer stays true until
        the transaction ends."""
        return self._count_places()[0]

    def _count_places(self):
        """(places taken, people waiting) as `with_places_taken` counts them, in
        one query. Never in the query that locks the row: PostgreSQL would count
        from before the lock was granted."""
        return (
            TicketType.objects.filter(pk=self.pk)
            .with_places_taken()
            .values_list("places_taken", "waiting_count")
            .get()
        )

    def is_on_sale(self, at=None):
        """Open for booking: the summit's registration and this type's own window."""
        at = at or timezone.now()
        return (
            not self.for_speakers
            and self.summit.registration_is_open(at)
            and (self.sales_start is None or self.sales_start <= at)
            and (self.sales_end is None or at < self.sales_end)
        )

    def sales_status_text(self, at=None):
        """Why a type isn't on sale, for people looking at the booking page."""
        at = at or timezone.now()
        if self.sales_start and at < self.sales_start:
            return _("On sale from %(when)s") % {
                "when": date_format(timezone.localtime(self.sales_start), "j F Y H:i")
            }
        if self.sales_end and at >= self.sales_end:
            return _("Sales have ended")
        return ""

    def places_left(self):
        """Places the public may book now: people already waiting come first.

        The one definition of "places left". It reads the counts
        `with_places_taken()` annotates when the type was listed with them, or counts
        them; under a lock on this row (see `events.booking.records`) the answer
        holds until the transaction ends."""
        if hasattr(self, "places_taken"):
            taken, waiting = self.places_taken, self.waiting_count
        else:
            taken, waiting = self._count_places()
        return max(self.capacity - taken - waiting, 0)

    @property
    def price_text(self):
        return format_pence(self.price)

    def availability_text(self):
        """How many places are left, for people choosing: exact only when few."""
        left = self.places_left()
        if not left:
            return _("Sold out")
        if left <= FEW_PLACES:
            return ngettext(
                "Only %(count)s place left", "Only %(count)s places left", left
            ) % {"count": left}
        return _("Places available")


class AccessCode(models.Model):
    """A code that unlocks hidden ticket types and/or makes places free.

    `uses` counts places booked with the code; `events.booking` updates it under a
    row lock, and gives the use back when such a place is cancelled.
    """

    # Codes, their uses and the types they unlock show on no public page (a hidden
    # type stays off the summit page), so a booking with a code renews nothing.
    page_cache_topic = None

    summit = models.ForeignKey(
        "events.SummitPage", on_delete=models.CASCADE, related_name="access_codes"
    )
    code = models.CharField(
        max_length=40,
        validators=[
            RegexValidator(
                r"^[A-Za-z0-9-]{4,40}$",
                _("Use 4 to 40 letters, numbers and dashes."),
            )
        ],
        help_text=_("Letters, numbers and dashes. People can type it in any case."),
    )
    note = models.CharField(
        max_length=200,
        blank=True,
        help_text=_("Who the code is for; only staff see this."),
    )
    ticket_types = models.ManyToManyField(
        TicketType,
        blank=True,
        related_name="access_codes",
        help_text=_(
            "Hidden types it unlocks, and the types it makes free. Leave empty to "
            "make every type free."
        ),
    )
    makes_free = models.BooleanField(
        _("makes places free"),
        default=False,
        help_text=_("Places booked with the code cost nothing."),
    )
    max_uses = models.PositiveIntegerField(
        _("use limit (places)"),
        null=True,
        blank=True,
        help_text=_("How many places can be booked with it. Leave empty for no limit."),
    )
    uses = models.PositiveIntegerField(default=0, editable=False)
    valid_until = models.DateTimeField(
        null=True, blank=True, help_text=_("UK time. Leave empty to never expire.")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["summit", "code"]
        verbose_name = _("access code")
        constraints = [
            models.UniqueConstraint(
                Upper("code"), "summit", name="events_accesscode_unique_code"
            ),
        ]

    def __str__(self):
        return self.code

    def save(self, *args, **kwargs):
        self.code = normalise_code(self.code)
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        self.code = normalise_code(self.code)
        if self.summit_id and self.code:
            clash = AccessCode.objects.filter(summit_id=self.summit_id, code=self.code)
            if clash.exclude(pk=self.pk).exists():
                raise ValidationError(
                    {
                        "code": _("This summit already has the code %(code)s.")
                        % {"code": self.code}
                    }
                )

    def is_expired(self, at=None):
        return (
            self.valid_until is not None and (at or timezone.now()) >= self.valid_until
        )

    @property
    def remaining_uses(self):
        """Places still bookable with the code, or None for no limit."""
        if self.max_uses is None:
            return None
        return max(self.max_uses - self.uses, 0)

    def unlocks(self, ticket_type, type_ids=None):
        """Whether the code opens hidden `ticket_type`: only types chosen for it."""
        return ticket_type.pk in self._type_ids(type_ids)

    def covers(self, ticket_type, type_ids=None):
        """Whether places of `ticket_type` booked with the code count as its uses
        (and are free, if it makes places free): the types chosen for it, or every
        type when none are chosen and it makes places free. Pass the ids of the
        code's ticket types when checking many, to save a query each."""
        type_ids = self._type_ids(type_ids)
        return ticket_type.pk in type_ids or (self.makes_free and not type_ids)

    def _type_ids(self, type_ids):
        if type_ids is None:
            type_ids = {ticket_type.pk for ticket_type in self.ticket_types.all()}
        return type_ids


def normalise_code(code):
    return (code or "").strip().upper()
