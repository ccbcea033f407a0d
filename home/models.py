from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import (
    BaseGenericSetting,
    BaseSiteSetting,
    register_setting,
)
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from framework.models import Statement

from .blocks import BodyBlock, LinkBlock, StandardPageBodyBlock


class HomePage(Page):
    """The front door: the Shared Ambition statement, the next summit, then sections."""

    hero_heading = models.CharField(
        max_length=120,
        default="Our Shared Ambition for 2050",
        help_text=_(
            "The statement itself comes from the framework, never retyped here."
        ),
    )
    summit_heading = models.CharField(max_length=120, blank=True)
    summit_text = models.TextField(blank=True)
    summit_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Where the summit call to action leads."),
    )
    summit_button_label = models.CharField(
        max_length=60, default="Find out about the summit"
    )
    body = StreamField(
        BodyBlock(), blank=True, help_text=_("Sections, in the order shown.")
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("hero_heading"),
        MultiFieldPanel(
            [
                FieldPanel("summit_heading"),
                FieldPanel("summit_text"),
                FieldPanel("summit_page"),
                FieldPanel("summit_button_label"),
            ],
            heading=_("Summit call to action"),
        ),
        FieldPanel("body"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("body")]

    max_count = 1
    parent_page_types = ["wagtailcore.Page"]

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["statement"] = Statement.current()
        return context


class StandardPage(Page):
    """A plain content page: the accessibility statement, the privacy notice, about pages."""

    introduction = models.TextField(blank=True)
    body = StreamField(StandardPageBodyBlock(), blank=True)
    last_reviewed = models.DateField(
        null=True,
        blank=True,
        help_text=_("Shown on statements and notices that must stay current."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("introduction"),
        FieldPanel("body"),
        FieldPanel("last_reviewed"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("introduction"),
        index.SearchField("body"),
    ]

    class Meta:
        verbose_name = _("standard page")


@register_setting(icon="list-ul")
class SiteChrome(BaseSiteSetting):
    """The header navigation and footer, edited under Settings in the admin."""

    header_links = StreamField(
        [("link", LinkBlock())],
        blank=True,
        help_text=_("The main navigation, in order."),
    )
    footer_links = StreamField([("link", LinkBlock())], blank=True)
    accessibility_statement = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    privacy_notice = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    footer_text = RichTextField(blank=True, features=["bold", "italic", "link"])
    contact_email = models.EmailField(blank=True)

    panels = [
        FieldPanel("header_links"),
        MultiFieldPanel(
            [
                FieldPanel("accessibility_statement"),
                FieldPanel("privacy_notice"),
                FieldPanel("footer_links"),
                FieldPanel("footer_text"),
                FieldPanel("contact_email"),
            ],
            heading=_("Footer"),
        ),
    ]

    class Meta:
        verbose_name = _("header and footer")


class SentEmail(models.Model):
    """One email the site sent through `home.emails.send_templated_email_once`.

    `key` says what the email is about (`ticket:<attendee>:<ticket token>`), so a
    task run again after a crash sends nothing a second time. The rows are also the
    record of what each person was sent: they keep the addresses and the subject.
    """

    page_cache_topic = None  # shown on no public page (home/page_cache.py)

    key = models.CharField(max_length=255, unique=True)
    recipients = models.TextField(
        help_text=_("The addresses it went to, comma-separated.")
    )
    template = models.CharField(max_length=200)
    subject = models.TextField(blank=True)
    sent_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-sent_at", "-pk"]
        verbose_name = _("sent email")

    def __str__(self):
        return f"{self.subject or self.template} → {self.recipients}"


def _period(*, default, minimum, maximum, verbose_name, help_text):
    """A retention period: a whole number of days, months or years within limits
    the administrator cannot step outside."""
    return models.PositiveSmallIntegerField(
        verbose_name,
        default=default,
        validators=[MinValueValidator(minimum), MaxValueValidator(maximum)],
        help_text=help_text,
    )


def _days(count):
    return ngettext("%(count)d day", "%(count)d days", count) % {"count": count}


def _months(count):
    return ngettext("%(count)d month", "%(count)d months", count) % {"count": count}


def _years(count):
    return ngettext("%(count)d year", "%(count)d years", count) % {"count": count}


@register_setting(icon="time")
class RetentionPolicy(BaseGenericSetting):
    """How long each class of personal data is kept: `manage.py apply_retention`
    erases, anonymises or deletes by these periods every night, and the privacy
    notice shows them (`RetentionPolicyBlock`). Only administrators can change them,
    and only within each field's limits (docs/privacy.md)."""

    access_needs_days = _period(
        default=30,
        minimum=1,
        maximum=180,
        verbose_name=_("access and dietary needs: days after the summit"),
        help_text=_(
            "Each place's access needs and dietary requirements are erased this many "
            "days after its summit ends (1 to 180)."
        ),
    )
    attendee_months = _period(
        default=12,
        minimum=1,
        maximum=36,
        verbose_name=_("attendees and bookers: months after the summit"),
        help_text=_(
            "Attendees' names, email addresses, organisations and job titles, and "
            "the booker's email address and account on each order, are anonymised "
            "this many months after the summit ends (1 to 36). The places stay, "
            "with their ticket type, type of organisation and area, for "
            "year-on-year figures."
        ),
    )
    lapsed_booking_days = _period(
        default=30,
        minimum=1,
        maximum=365,
        verbose_name=_("bookings never completed and waiting lists: days"),
        help_text=_(
            "Bookings never confirmed or never paid are deleted, with their places, "
            "this many days after they lapsed; waiting-list entries this many days "
            "after their offer lapsed or they left the list, and every entry this "
            "many days after its summit ends (1 to 365)."
        ),
    )
    signatory_contact_days = _period(
        default=30,
        minimum=1,
        maximum=365,
        verbose_name=_("contacts of organisations that left the register: days"),
        help_text=_(
            "The contact name, role, email address and account of an organisation "
            "withdrawn from the register or not approved are erased this many days "
            "later (1 to 365). Signatures never confirmed are deleted when their "
            "confirmation link expires."
        ),
    )
    postcard_days = _period(
        default=90,
        minimum=1,
        maximum=365,
        verbose_name=_("ambition postcards: days"),
        help_text=_(
            "First names on ambition postcards are removed this many days after "
            "their summit ends (the card, outcome and district stay on the wall), "
            "and postcards still awaiting approval then are deleted; postcards "
            "rejected or taken down are deleted this many days after the "
            "moderator's decision (1 to 365)."
        ),
    )
    payment_years = _period(
        default=6,
        minimum=6,
        maximum=10,
        verbose_name=_("payment records: years after the summit"),
        help_text=_(
            "Invoices' billing contacts, addresses and purchase order numbers, and "
            "the notes on refunds, are kept this many years after the summit (HMRC "
            "requires at least 6) and then anonymised; amounts, dates and invoice "
            "numbers stay (6 to 10)."
        ),
    )
    log_days = _period(
        default=30,
        minimum=7,
        maximum=365,
        verbose_name=_("records of work done: days"),
        help_text=_(
            "Finished background tasks (their arguments and results can name "
            "people) and the record of each email sent (addresses and subject) are "
            "deleted this many days after (7 to 365)."
        ),
    )

    panels = [
        FieldPanel("access_needs_days"),
        FieldPanel("attendee_months"),
        FieldPanel("lapsed_booking_days"),
        FieldPanel("signatory_contact_days"),
        FieldPanel("postcard_days"),
        FieldPanel("payment_years"),
        FieldPanel("log_days"),
    ]

    class Meta:
        verbose_name = _("retention policy")
        verbose_name_plural = _("retention policies")

    def __str__(self):
        return str(self._meta.verbose_name)

    def notice(self):
        """What the privacy notice says about each class of data: (what, how long
        it is kept, what happens then), from the periods in force."""
        return [
            (
                _("Access needs and dietary requirements given for a summit place"),
                _("%(period)s after the summit")
                % {"period": _days(self.access_needs_days)},
                _("erased"),
            ),
            (
                _(
                    "Attendees' names, email addresses, organisations and job "
                    "titles, and the booker's email address"
                ),
                _("%(period)s after the summit")
                % {"period": _months(self.attendee_months)},
                _(
                    "anonymised: we keep only the number of places, their ticket "
                    "types, types of organisation and areas"
                ),
            ),
            (
                _("Bookings never confirmed or never paid, and waiting-list entries"),
                _("%(period)s after they lapse, or after the summit")
                % {"period": _days(self.lapsed_booking_days)},
                _("deleted"),
            ),
            (
                _("Supporter register contacts of organisations that leave it"),
                _("%(period)s after the entry is withdrawn or not approved")
                % {"period": _days(self.signatory_contact_days)},
                _("erased; signatures never confirmed are deleted after a few days"),
            ),
            (
                _("First names given on ambition postcards"),
                _("%(period)s after the summit")
                % {"period": _days(self.postcard_days)},
                _(
                    "removed, and postcards never approved are deleted; postcards "
                    "rejected or taken down are deleted as long after the decision"
                ),
            ),
            (
                _("Payment records: invoices' billing details and refunds"),
                _("%(period)s after the summit, as the law requires")
                % {"period": _years(self.payment_years)},
                _("anonymised: amounts, dates and invoice numbers stay"),
            ),
            (
                _("Records of emails sent to you and of work done in the background"),
                _days(self.log_days),
                _("deleted"),
            ),
            (
                _(
                    "Your session: staying signed in on a device, and what you typed "
                    "into a booking you did not finish"
                ),
                _("%(period)s after it last changed")
                % {"period": _days(settings.SESSION_COOKIE_AGE // 86400)},
                _("deleted"),
            ),
        ]


class RetentionRun(models.Model):
    """One run of `manage.py apply_retention`: when, whether it only counted
    (`--dry-run`), and how many rows each rule changed. Read-only in the admin, for
    administrators."""

    page_cache_topic = None  # shown on no public page (home/page_cache.py)

    started_at = models.DateTimeField(db_index=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    dry_run = models.BooleanField(
        default=False, help_text=_("Only counted what would go; changed nothing.")
    )
    counts = models.JSONField(
        default=dict,
        blank=True,
        help_text=_("Rows erased, anonymised or deleted, by rule."),
    )

    class Meta:
        ordering = ["-started_at", "-pk"]
        verbose_name = _("retention run")

    def __str__(self):
        started = f"{timezone.localtime(self.started_at):%Y-%m-%d %H:%M}"
        return f"{started} (dry run)" if self.dry_run else started

    @property
    def total(self):
        return sum(self.counts.values())

    @property
    def counts_text(self):
        return ", ".join(f"{name}: {count}" for name, count in self.counts.items())


class DataRequest(models.Model):
    """A person's request for the data we hold about them, or for its erasure,
    answered through their account, an emailed link or the staff's tool
    (home/data_requests.py). The record of requests handled keeps no address: a
    keyed digest of it says whether two requests were from the same one."""

    class Kind(models.TextChoices):
        DOWNLOAD = "download", _("Download")
        ERASURE = "erasure", _("Erasure")

    class Channel(models.TextChoices):
        ACCOUNT = "account", _("Their account")
        EMAILED_LINK = "link", _("A link emailed to them")
        STAFF = "staff", _("Staff, for a request by post or phone")

    page_cache_topic = None  # shown on no public page (home/page_cache.py)

    kind = models.CharField(max_length=10, choices=Kind.choices)
    channel = models.CharField(max_length=10, choices=Channel.choices)
    email_digest = models.CharField(max_length=64, db_index=True, editable=False)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The staff member who answered it, if staff did."),
    )
    counts = models.JSONField(
        default=dict,
        blank=True,
        help_text=_("Records found or erased, by kind of record."),
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("personal data request")

    def __str__(self):
        return (
            f"{self.get_kind_display()} ({self.get_channel_display()}), "
            f"{timezone.localtime(self.created_at):%Y-%m-%d %H:%M}"
        )


class EmailText(models.Model):
    """An Event manager's wording of one email's subject and main paragraphs,
    for one summit or (no page) the whole site; without one, the email says what
    the code ships (`home.email_texts`, docs/emails.md#editing-email-texts).

    Shown on no public page, but its saves renew the content generation (the
    default topic): emails keep the wording they read until then
    (`home.email_texts.stored_text`)."""

    key = models.CharField(max_length=80)
    page = models.ForeignKey(
        Page,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("The summit this wording is for; empty for every summit."),
    )
    subject = models.CharField(max_length=200)
    body = models.TextField()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("email text")
        constraints = [
            models.UniqueConstraint(
                fields=["key", "page"],
                condition=models.Q(page__isnull=False),
                name="email_text_once_per_page",
            ),
            models.UniqueConstraint(
                fields=["key"],
                condition=models.Q(page__isnull=True),
                name="email_text_once_site_wide",
            ),
        ]
        permissions = [("edit_email_texts", _("Can edit the text of emails"))]

    def __str__(self):
        return self.key
