"""Orders and their places (attendees), with an audit trail of every status change.

An order is what a booker books in one go; each of its attendees is one place with
its own ticket, QR code, emails and manage page. Only `events.booking` changes
their status, so capacity and the one-ticket-per-email rule hold.
"""

import secrets

from allauth.account.models import EmailAddress
from django.conf import settings
from django.db import models
from django.db.models import Prefetch
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from home.page_cache import PLACES
from signatories.choices import District, OrganisationType

from ..choices import (
    LIVE_ATTENDEE_STATUSES,
    AttendeeStatus,
    BookingOutcome,
    OrderStatus,
)
from ..money import format_pence
from .sessions import Session

# No 0/O, 1/I/L or U: references are read out on the phone and typed at the door.
REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
REFERENCE_LENGTH = 4


def verified_emails_of(user):
    """A subquery of `user`'s verified addresses, lower-case as we store emails
    (see `events.details.normalise_email`)."""
    return EmailAddress.objects.filter(user=user, verified=True).values(
        email_lower=Lower("email")
    )


def new_token():
    """An unguessable URL-safe token (144 bits)."""
    return secrets.token_urlsafe(18)


def new_reference(summit):
    """A short reference such as `SA26-7K3Q`: the summit's year, then 4 characters
    people can read out (810,000 per year). The caller retries on a clash."""
    code = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH))
    return f"SA{summit.start.year % 100:02d}-{code}"


def unused_reference(summit, taken):
    """A `new_reference` for `summit` not in `taken`, a set of references (which
    it joins): for orders made in bulk, as the demo makes them."""
    reference = new_reference(summit)
    while reference in taken:
        reference = new_reference(summit)
    taken.add(reference)
    return reference


class OrderQuerySet(models.QuerySet):
    def with_attendees(self):
        """Orders with their summit and places (and each place's ticket type and
        workshops) in a fixed number of queries."""
        return self.select_related("summit").prefetch_related(
            models.Prefetch(
                "attendees",
                queryset=Attendee.objects.select_related(
                    "ticket_type"
                ).prefetch_related("workshops"),
            )
        )


class Order(models.Model):
    page_cache_topic = PLACES  # places left on the summit page
    reference = models.CharField(max_length=20, unique=True, editable=False)
    summit = models.ForeignKey(
        "events.SummitPage", on_delete=models.CASCADE, related_name="orders"
    )
    booker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="summit_orders",
        help_text=_(
            "Who booked. Empty for speakers' places and waiting-list places claimed "
            "without an account."
        ),
    )
    booker_email = models.EmailField(
        blank=True,
        help_text=_(
            "Where the booker is told about the order. Bookings made without an "
            "account join the account that later confirms this address."
        ),
    )
    status = models.CharField(
        max_length=20, choices=OrderStatus.choices, default=OrderStatus.PENDING
    )
    hold_expires_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text=_(
            "An unconfirmed order holds its places until then; after it, they count "
            "as free and the order expires."
        ),
    )
    manage_token = models.CharField(
        max_length=40, unique=True, default=new_token, editable=False
    )
    access_code = models.ForeignKey(
        "events.AccessCode",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="orders",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OrderQuerySet.as_manager()

    # Wagtail's reference index ("usage" in the admin) would list every order and
    # place under its summit page, and queue a background task on each save (four
    # a booking); no admin screen needs a summit's bookings as its usage.
    wagtail_reference_index_ignore = True

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("order")
        indexes = [
            # Finds the few orders whose places no longer count against capacity
            # (`events.models.tickets.lapsed_hold`) without reading every order.
            models.Index(
                fields=["hold_expires_at"],
                condition=models.Q(status=OrderStatus.UNCONFIRMED),
                name="events_order_unconfirmed_hold",
            ),
        ]

    def __str__(self):
        return self.reference

    def get_absolute_url(self):
        """The booker's page for the order, which also manages it: keep it private."""
        return reverse("events:manage_booking", args=[self.manage_token])

    @property
    def booker_name(self):
        """How emails and documents name the booker: their account's name, else the
        email address they booked with (a booking without an account has no name)."""
        return (self.booker and self.booker.get_full_name()) or self.booker_email

    @property
    def live_attendees(self):
        """Works on prefetched attendees without another query."""
        return [attendee for attendee in self.attendees.all() if attendee.is_live]

    @property
    def has_named_places(self):
        """Whether a live place went to a named person (ticket or passed-on link)."""
        return any(
            attendee.is_named or attendee.intended_email
            for attendee in self.live_attendees
        )

    @property
    def has_open_places(self):
        """Whether a live place waits for a colleague the booker sends its link to."""
        return any(
            not attendee.is_named and not attendee.intended_email
            for attendee in self.live_attendees
        )

    @property
    def total(self):
        """What the live places cost, in pence."""
        return sum(attendee.price for attendee in self.live_attendees)

    @property
    def outcome(self):
        """The `BookingOutcome` to tell the booker, from the status and payment."""
        if self.status == OrderStatus.UNCONFIRMED:
            return BookingOutcome.CHECK_EMAIL
        if self.status == OrderStatus.PENDING:
            return BookingOutcome.PROCESSING
        if self.status == OrderStatus.EXPIRED:
            payment = getattr(self, "card_payment", None)
            if payment is not None and payment.amount_paid:
                return BookingOutcome.REFUNDED
            return BookingOutcome.NOT_COMPLETED
        if self.status == OrderStatus.CANCELLED:
            return BookingOutcome.CANCELLED
        return BookingOutcome.CONFIRMED

    @property
    def total_text(self):
        return format_pence(self.total)


class AttendeeQuerySet(models.QuerySet):
    def live(self):
        return self.filter(status__in=LIVE_ATTENDEE_STATUSES)

    def for_ticket_page(self):
        """With the booked workshops that have a time (`Session.objects.scheduled`)."""
        return self.select_related("order", "ticket_type", "summit").prefetch_related(
            Prefetch("workshops", queryset=Session.objects.scheduled()),
            "workshops__room",
        )

    def held_by(self, user):
        """Places whose holder is `user`: linked to the account, or named with one
        of its verified email addresses."""
        return self.filter(
            models.Q(user=user) | models.Q(email__in=verified_emails_of(user))
        )


class Attendee(models.Model):
    """One place at a summit: a ticket for one person, or an unnamed place a
    colleague claims with `claim_token`.

    Four tokens, each unguessable and rotated when the ticket is transferred:
    `ticket_token` is what the QR code carries (signed, see `events.qr`);
    `manage_token` is the ticket page's address; `calendar_token` is the personal
    calendar feed's; `claim_token` exists only while the place is unnamed. They are
    separate so a photographed QR or a shared calendar link can't manage the ticket.
    """

    page_cache_topic = PLACES  # places left on the summit page

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="attendees")
    number = models.PositiveSmallIntegerField(editable=False)
    # Denormalised from the order so the database can enforce one live ticket per
    # email per summit.
    summit = models.ForeignKey(
        "events.SummitPage",
        on_delete=models.CASCADE,
        related_name="attendees",
        editable=False,
    )
    ticket_type = models.ForeignKey(
        "events.TicketType", on_delete=models.PROTECT, related_name="attendees"
    )
    status = models.CharField(
        max_length=20, choices=AttendeeStatus.choices, default=AttendeeStatus.PENDING
    )
    name = models.CharField(max_length=150, blank=True)
    email = models.EmailField(blank=True)
    organisation = models.CharField(max_length=150, blank=True)
    # Optional, for the organisers' breakdown; the register's own categories.
    organisation_type = models.CharField(
        max_length=20, choices=OrganisationType.choices, blank=True
    )
    district = models.CharField(max_length=30, choices=District.choices, blank=True)
    job_title = models.CharField(max_length=150, blank=True)
    accessibility_needs = models.TextField(max_length=1000, blank=True)
    dietary_requirements = models.TextField(max_length=500, blank=True)
    privacy_accepted_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text=_("When the holder agreed to the privacy notice."),
    )
    consent_attendee_list = models.BooleanField(
        _("listed in the delegate list"), default=False
    )
    consent_updates = models.BooleanField(_("wants news by email"), default=False)
    price = models.PositiveIntegerField(
        _("price (pence)"), default=0, help_text=_("What this place costs.")
    )
    uses_access_code = models.BooleanField(default=False, editable=False)
    workshops = models.ManyToManyField(
        "events.Session", blank=True, related_name="attendees"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="summit_tickets",
    )
    claim_token = models.CharField(
        max_length=40, null=True, blank=True, unique=True, editable=False
    )
    # Whom the booker named for a place that went to them as a claim link, because
    # they hold a ticket already (which the booker is never told).
    intended_name = models.CharField(max_length=150, blank=True, editable=False)
    intended_email = models.EmailField(blank=True, editable=False)
    ticket_token = models.CharField(
        max_length=40, unique=True, default=new_token, editable=False
    )
    manage_token = models.CharField(
        max_length=40, unique=True, default=new_token, editable=False
    )
    calendar_token = models.CharField(
        max_length=40, unique=True, default=new_token, editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = AttendeeQuerySet.as_manager()

    wagtail_reference_index_ignore = True  # as for Order

    class Meta:
        ordering = ["order", "number"]
        verbose_name = _("attendee")
        permissions = [("cancel_attendee", "Can cancel an attendee's place")]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                "summit",
                condition=models.Q(status__in=LIVE_ATTENDEE_STATUSES)
                & ~models.Q(email=""),
                name="events_attendee_one_live_ticket_per_email",
            ),
            models.UniqueConstraint(
                fields=["order", "number"], name="events_attendee_unique_number"
            ),
        ]
        indexes = [
            # Places taken per ticket type are counted from this index alone, with
            # no visit to the table (`TicketTypeQuerySet.with_places_taken`).
            models.Index(
                fields=["ticket_type", "status"], name="events_attendee_type_status"
            ),
        ]

    def __str__(self):
        return f"{self.display_name} ({self.reference})"

    def get_absolute_url(self):
        """The ticket page, which also manages the place: keep it private."""
        return reverse("events:ticket", args=[self.manage_token])

    @property
    def reference(self):
        """The place's own reference, e.g. `SA26-7K3Q-2`, for the door and emails."""
        return f"{self.order.reference}-{self.number}"

    @property
    def is_named(self):
        return bool(self.email)

    @property
    def is_live(self):
        return self.status in LIVE_ATTENDEE_STATUSES

    @property
    def display_name(self):
        return self.name or self.intended_name or str(_("Unnamed place"))

    @property
    def price_text(self):
        return format_pence(self.price)

    @property
    def workshop_titles(self):
        """For exports; works on prefetched workshops."""
        return "; ".join(session.title for session in self.workshops.all())

    @property
    def registration_answers(self):
        """ "Question: answer" lines, for the admin and exports; works on prefetched
        `answers__question`."""
        answers = sorted(
            self.answers.all(),
            key=lambda answer: (answer.question.sort_order or 0, answer.question_id),
        )
        return "\n".join(
            f"{answer.question.label}: {answer.text}" for answer in answers
        )

    def get_claim_url(self):
        return reverse("events:claim_place", args=[self.claim_token])

    def get_calendar_feed_url(self):
        return reverse("events:attendee_calendar_feed", args=[self.calendar_token])

    def rotate_tokens(self):
        """New ticket, manage and calendar tokens: the old QR code, ticket page and
        calendar feed stop working. The caller saves."""
        self.ticket_token = new_token()
        self.manage_token = new_token()
        self.calendar_token = new_token()


class StatusChange(models.Model):
    """One line of an order's audit trail: a status change of the order or one of
    its places (who, when, from and to), or another event such as a transfer, with
    the same status on both sides and a note."""

    page_cache_topic = None  # shown on no public page (home/page_cache.py)

    order = models.ForeignKey(
        Order, on_delete=models.CASCADE, related_name="status_changes"
    )
    attendee = models.ForeignKey(
        Attendee,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="status_changes",
    )
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    changed_at = models.DateTimeField(auto_now_add=True)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["changed_at", "pk"]
        verbose_name = _("status change")

    def __str__(self):
        subject = self.attendee.reference if self.attendee_id else self.order.reference
        return f"{subject}: {self.from_status or '-'} → {self.to_status}"
