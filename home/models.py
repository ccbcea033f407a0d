from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from framework.models import Statement

from .blocks import BodyBlock, LinkBlock


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
    body = StreamField(BodyBlock(), blank=True)
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
