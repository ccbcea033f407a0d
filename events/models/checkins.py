"""On the day: check-ins at the door, badge print runs and emails to a summit's
attendees. `events.door.services` records and undoes check-ins;
`events.organising.badges` and `events.organising.bulk_email` fill in the other two
in background tasks."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from home.page_cache import FIGURES

from ..choices import BadgeLayout, CheckInSource, RunStatus


class CheckInQuerySet(models.QuerySet):
    def live(self):
        """Check-ins that stand (not undone)."""
        return self.filter(undone_at__isnull=True)


class CheckIn(models.Model):
    """Someone arrived: when, which staff member let them in, and how (scan,
    reference, name search, or a scan made offline and synced later).

    An undo keeps the row and records who undid it, so the door's history stays
    complete; the database allows one standing check-in per place, so two staff
    scanning one ticket at the same moment make one check-in.
    """

    page_cache_topic = FIGURES  # attendance, in the summit index's figures

    attendee = models.ForeignKey(
        "events.Attendee", on_delete=models.CASCADE, related_name="check_ins"
    )
    # Denormalised so counting a summit's arrivals needs no join.
    summit = models.ForeignKey(
        "events.SummitPage", on_delete=models.CASCADE, related_name="check_ins"
    )
    checked_in_at = models.DateTimeField(
        help_text=_("When the ticket was scanned (on the device, if offline).")
    )
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    source = models.CharField(max_length=20, choices=CheckInSource.choices)
    scan_id = models.CharField(
        max_length=64,
        null=True,
        blank=True,
        unique=True,
        help_text=_("The device's id for the scan, so a re-sent scan counts once."),
    )
    undone_at = models.DateTimeField(null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CheckInQuerySet.as_manager()

    # A door scan shouldn't also write Wagtail's "usage" index: nothing links to a
    # check-in, and it would add queries to every scan.
    wagtail_reference_index_ignore = True

    class Meta:
        ordering = ["-checked_in_at", "-pk"]
        verbose_name = _("check-in")
        permissions = [("check_in_attendee", "Can check people in at the door")]
        constraints = [
            models.UniqueConstraint(
                fields=["attendee"],
                condition=models.Q(undone_at__isnull=True),
                name="events_checkin_once_per_attendee",
            ),
        ]
        indexes = [models.Index(fields=["summit", "checked_in_at"])]

    def __str__(self):
        return f"{self.attendee.reference} ({self.checked_in_at:%Y-%m-%d %H:%M})"

    @property
    def is_undone(self):
        return self.undone_at is not None


class BadgeRun(models.Model):
    """A summit's badges as one PDF, made in the background
    (`events.organising.tasks`);
    `done` of `total` shows progress. The PDF holds personal data, so it is kept
    in the database (never in public media) and replaced by the next run."""

    page_cache_topic = None  # shown on no public page (home/page_cache.py)

    summit = models.ForeignKey(
        "events.SummitPage", on_delete=models.CASCADE, related_name="badge_runs"
    )
    layout = models.CharField(max_length=10, choices=BadgeLayout.choices)
    status = models.CharField(
        max_length=10, choices=RunStatus.choices, default=RunStatus.QUEUED
    )
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    pdf = models.BinaryField(null=True, editable=False)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("badge run")

    def __str__(self):
        return f"{self.summit.title}: {self.get_layout_display()}"

    @property
    def percent(self):
        return round(100 * self.done / self.total) if self.total else 0


class BulkEmail(models.Model):
    """One message to the confirmed, named attendees of a summit that match its
    `audience` (joining instructions, say), and its send log: who sent it, when, to
    whom it was meant (`audience`, see `events.organising.audience`) and how many it
    reached; `recipients` lists each person and whether their email went."""

    page_cache_topic = None  # shown on no public page (home/page_cache.py)

    summit = models.ForeignKey(
        "events.SummitPage", on_delete=models.CASCADE, related_name="bulk_emails"
    )
    subject = models.CharField(max_length=150)
    body = models.TextField(
        max_length=10_000,
        help_text=_("Plain text. Blank lines separate paragraphs."),
    )
    audience = models.JSONField(
        default=dict,
        blank=True,
        help_text=_("Who it goes to: the filters chosen (empty: everyone)."),
    )
    # The preview's key for this send: a second click or a resubmitted form finds
    # the row the first made instead of sending again.
    send_key = models.CharField(max_length=64, unique=True, null=True, editable=False)
    status = models.CharField(
        max_length=10, choices=RunStatus.choices, default=RunStatus.QUEUED
    )
    total = models.PositiveIntegerField(default=0)
    sent = models.PositiveIntegerField(default=0)
    failed = models.PositiveIntegerField(default=0)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("email to attendees")
        verbose_name_plural = _("emails to attendees")

    def __str__(self):
        return self.subject


class BulkEmailRecipient(models.Model):
    """One person a `BulkEmail` went to, or failed to reach. It points at the place
    rather than copying the name and address, so when the summit's places are
    anonymised (`events.retention`) the log is too; the address each email went to
    is kept with the email's `home.models.SentEmail` row."""

    page_cache_topic = None  # shown on no public page (home/page_cache.py)

    bulk_email = models.ForeignKey(
        BulkEmail, on_delete=models.CASCADE, related_name="recipients"
    )
    attendee = models.ForeignKey(
        "events.Attendee", on_delete=models.CASCADE, related_name="+"
    )
    sent = models.BooleanField(default=False)
    at = models.DateTimeField()

    wagtail_reference_index_ignore = True

    class Meta:
        ordering = ["bulk_email", "pk"]
        verbose_name = _("email to attendees: recipient")
        constraints = [
            models.UniqueConstraint(
                fields=["bulk_email", "attendee"],
                name="events_bulkemailrecipient_once",
            ),
        ]

    def __str__(self):
        return f"{self.bulk_email_id}: {self.attendee_id}"
