"""A summit's call for proposals, the proposals partners send in, their speakers
and their reviews (docs/proposals.md).

A proposal keeps everything a draft `Session` will need once it is accepted (title,
abstract, description, session type and duration, commitments) and its speakers
with their profile fields, so the programme can be built from it later.
"""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable

from framework.models import Commitment
from signatories.choices import OrganisationType

from ..choices import (
    REVIEWABLE_PROPOSAL_STATUSES,
    CallQuestionKind,
    CoSpeakerStatus,
    ProposalStatus,
    SessionType,
)

ABSTRACT_MAX_LENGTH = 600
TITLE_MAX_LENGTH = 200
MAX_CO_SPEAKERS = 3
DEFAULT_SCALE = 5


class CallForProposals(ClusterableModel):
    """One summit's call: when it is open, what it says, what it offers and asks,
    and how its proposals are reviewed."""

    page_cache_topic = None  # shown on no cached page (home/page_cache.py)

    summit = models.OneToOneField(
        "events.SummitPage", on_delete=models.CASCADE, related_name="call"
    )
    opens_at = models.DateTimeField(_("opens"), help_text=_("UK time."))
    closes_at = models.DateTimeField(
        _("closes"), help_text=_("UK time. Nothing is accepted or changed after it.")
    )
    text = RichTextField(
        _("text"),
        blank=True,
        features=["h2", "h3", "bold", "italic", "ol", "ul", "link"],
        help_text=_("What the call is for, who should propose and how it is judged."),
    )
    hide_scores_until_scored = models.BooleanField(
        _("hide other reviewers' scores until a reviewer has scored"), default=True
    )
    anonymised_review = models.BooleanField(
        _("anonymised review"),
        default=False,
        help_text=_(
            "Reviewers see no speaker's name, email address or organisation (the "
            "proposal's own text is shown as written)."
        ),
    )

    panels = [
        FieldPanel("summit"),
        FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]),
        FieldPanel("text"),
        InlinePanel("session_types", label=_("Session types on offer"), min_num=1),
        InlinePanel("questions", label=_("Extra questions")),
        MultiFieldPanel(
            [
                FieldPanel("hide_scores_until_scored"),
                FieldPanel("anonymised_review"),
                InlinePanel("criteria", label=_("Review criteria")),
            ],
            heading=_("Review"),
        ),
    ]

    class Meta:
        verbose_name = _("call for proposals")
        verbose_name_plural = _("calls for proposals")

    def __str__(self):
        return f"{_('Call for proposals')}: {self.summit.title}"

    def get_absolute_url(self):
        return reverse("events:call_for_proposals", args=[self.summit.slug])

    def clean(self):
        super().clean()
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError(
                {"closes_at": _("The call must close after it opens.")}
            )

    def is_open(self, now=None):
        now = now or timezone.now()
        return self.opens_at <= now < self.closes_at

    def has_closed(self, now=None):
        return (now or timezone.now()) >= self.closes_at

    def days_left(self, now=None):
        """UK calendar days until the day it closes: 0 on that day, 1 the day
        before ("closes tomorrow")."""
        today = timezone.localdate(now or timezone.now())
        return max(0, (timezone.localdate(self.closes_at) - today).days)


class CallSessionType(Orderable):
    page_cache_topic = None  # shown on no cached page (home/page_cache.py)

    call = ParentalKey(
        CallForProposals, on_delete=models.CASCADE, related_name="session_types"
    )
    session_type = models.CharField(
        _("type"), max_length=20, choices=SessionType.choices
    )
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration in minutes"),
        validators=[MinValueValidator(5), MaxValueValidator(8 * 60)],
    )

    panels = [
        FieldRowPanel([FieldPanel("session_type"), FieldPanel("duration_minutes")])
    ]

    class Meta(Orderable.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["call", "session_type"], name="one_offer_per_session_type"
            )
        ]

    def __str__(self):
        return _("%(type)s (%(minutes)s minutes)") % {
            "type": self.get_session_type_display(),
            "minutes": self.duration_minutes,
        }


class CallQuestion(Orderable):
    page_cache_topic = None  # shown on no cached page (home/page_cache.py)

    call = ParentalKey(
        CallForProposals, on_delete=models.CASCADE, related_name="questions"
    )
    label = models.CharField(_("question"), max_length=200)
    kind = models.CharField(
        _("kind of answer"),
        max_length=20,
        choices=CallQuestionKind.choices,
        default=CallQuestionKind.TEXT,
    )
    options = models.TextField(
        _("options"),
        blank=True,
        help_text=_("For a choice: one option a line."),
    )
    required = models.BooleanField(_("required"), default=False)

    panels = [
        FieldPanel("label"),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("required")]),
        FieldPanel("options"),
    ]

    def __str__(self):
        return self.label

    @property
    def option_list(self):
        return [line.strip() for line in self.options.splitlines() if line.strip()]


class ReviewCriterion(Orderable):
    page_cache_topic = None  # shown on no cached page (home/page_cache.py)

    call = ParentalKey(
        CallForProposals, on_delete=models.CASCADE, related_name="criteria"
    )
    name = models.CharField(_("criterion"), max_length=100)
    description = models.CharField(
        _("what reviewers look for"), max_length=300, blank=True
    )
    weight = models.PositiveSmallIntegerField(
        _("weight"), default=1, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    scale_max = models.PositiveSmallIntegerField(
        _("highest score"),
        default=DEFAULT_SCALE,
        validators=[MinValueValidator(2), MaxValueValidator(10)],
        help_text=_("Scores run from 1 to this."),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("weight"), FieldPanel("scale_max")]),
    ]

    def __str__(self):
        return self.name


class ProposalQuerySet(models.QuerySet):
    def reviewable(self):
        return self.filter(status__in=REVIEWABLE_PROPOSAL_STATUSES)


class Proposal(models.Model):
    """A session proposed for a summit's programme."""

    page_cache_topic = None  # shown on no public page (home/page_cache.py)

    call = models.ForeignKey(
        CallForProposals, on_delete=models.CASCADE, related_name="proposals"
    )
    proposer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="proposals",
    )
    title = models.CharField(_("title"), max_length=TITLE_MAX_LENGTH)
    abstract = models.TextField(_("abstract"), max_length=ABSTRACT_MAX_LENGTH)
    description = models.TextField(_("description"), blank=True)
    session_type = models.CharField(
        _("format"), max_length=20, choices=SessionType.choices
    )
    duration_minutes = models.PositiveSmallIntegerField(_("duration in minutes"))
    commitments = models.ManyToManyField(
        Commitment, blank=True, related_name="proposals", verbose_name=_("commitments")
    )
    audience = models.TextField(_("intended audience"), blank=True)
    access_needs = models.TextField(_("speakers' access needs"), blank=True)
    organisation_type = models.CharField(
        _("organisation type"),
        max_length=20,
        choices=OrganisationType.choices,
        blank=True,
    )
    # Answers to the call's extra questions: {question id (text): answer}.
    answers = models.JSONField(default=dict, blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ProposalStatus.choices,
        default=ProposalStatus.DRAFT,
        db_index=True,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Set when the personal data was erased (docs/privacy.md#retention).
    anonymised_at = models.DateTimeField(null=True, blank=True, editable=False)
    # The draft session made when the speakers confirmed (events.proposals.decisions).
    session = models.OneToOneField(
        "events.Session",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="proposal",
        editable=False,
    )

    objects = ProposalQuerySet.as_manager()

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["-created_at", "-pk"]
        permissions = [("review_proposal", "Can review proposals")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("events:edit_proposal", args=[self.call.summit.slug, self.pk])

    @property
    def summit(self):
        return self.call.summit

    @property
    def is_editable_state(self):
        return self.status in (ProposalStatus.DRAFT, ProposalStatus.SUBMITTED)

    # What the admin list and its exports show (speakers and commitments
    # prefetched: `ProposalIndexView.get_base_queryset`).
    @property
    def lead_speaker(self):
        return next((s for s in self.speakers.all() if s.is_proposer), None)

    @property
    def proposer_name(self):
        return getattr(self.lead_speaker, "name", "")

    @property
    def proposer_email(self):
        return getattr(self.lead_speaker, "email", "")

    @property
    def proposer_organisation(self):
        return getattr(self.lead_speaker, "organisation", "")

    @property
    def co_speakers(self):
        return "; ".join(
            f"{s.name or s.email} ({s.get_status_display().lower()})"
            for s in self.speakers.all()
            if not s.is_proposer
        )

    @property
    def commitment_names(self):
        return "; ".join(c.name for c in self.commitments.all())


def _new_token():
    return secrets.token_urlsafe(32)


class ProposalSpeaker(models.Model):
    """A speaker on a proposal: the proposer (confirmed from the start) or a
    co-speaker invited by email, with the profile fields a speaker page needs."""

    page_cache_topic = None  # shown on no cached page (home/page_cache.py)

    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="speakers"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="proposal_speakers",
    )
    email = models.EmailField(_("email address"))
    is_proposer = models.BooleanField(default=False)
    status = models.CharField(
        max_length=20, choices=CoSpeakerStatus.choices, default=CoSpeakerStatus.INVITED
    )
    # The invitation link's secret: 256 random bits, unguessable.
    token = models.CharField(
        max_length=64, unique=True, default=_new_token, editable=False
    )
    name = models.CharField(_("name"), max_length=150, blank=True)
    pronouns = models.CharField(_("pronouns"), max_length=50, blank=True)
    role = models.CharField(_("role"), max_length=150, blank=True)
    organisation = models.CharField(_("organisation"), max_length=150, blank=True)
    bio = models.TextField(_("short biography"), max_length=1000, blank=True)
    invited_at = models.DateTimeField(auto_now_add=True)
    responded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("proposal speaker")
        verbose_name_plural = _("proposal speakers")
        ordering = ["-is_proposer", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "email"], name="one_speaker_per_email"
            )
        ]

    def __str__(self):
        return self.name or self.email

    def get_absolute_url(self):
        return reverse(
            "events:co_speaker", args=[self.proposal.call.summit.slug, self.token]
        )


class ProposalStateChange(models.Model):
    """The audit of a proposal's states: who moved it, from what, to what, when."""

    page_cache_topic = None  # shown on no cached page (home/page_cache.py)

    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="state_changes"
    )
    from_status = models.CharField(
        max_length=20, choices=ProposalStatus.choices, blank=True
    )
    to_status = models.CharField(max_length=20, choices=ProposalStatus.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.proposal_id}: {self.from_status or '-'} → {self.to_status}"


class Review(models.Model):
    """One reviewer's scores and comment on one proposal, or their declared
    conflict of interest (then no scores)."""

    page_cache_topic = None  # shown on no cached page (home/page_cache.py)

    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="reviews"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reviews"
    )
    comment = models.TextField(_("comment"), blank=True)
    conflict = models.BooleanField(_("conflict of interest"), default=False)
    conflict_reason = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "reviewer"], name="one_review_per_reviewer"
            )
        ]

    def __str__(self):
        return f"{self.reviewer} on {self.proposal}"


class ReviewScore(models.Model):
    page_cache_topic = None  # shown on no cached page (home/page_cache.py)

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(
        ReviewCriterion, on_delete=models.CASCADE, related_name="scores"
    )
    score = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["review", "criterion"], name="one_score_per_criterion"
            )
        ]

    def __str__(self):
        return f"{self.criterion}: {self.score}"


class DecisionMessage(models.Model):
    """The outbox: the email telling a proposal's speakers of a decision, drafted
    when the decision is taken and sent only when a person presses send
    (`events.proposals.decisions`). A new decision replaces an unsent draft; a
    sent message is kept, with who sent it and when."""

    page_cache_topic = None  # shown on no public page (home/page_cache.py)

    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="decision_messages"
    )
    decision = models.CharField(max_length=20, choices=ProposalStatus.choices)
    # Whom it went to, filled in when sent: the speakers as they were then
    # (`events.proposals.decisions.recipients`).
    recipients = models.JSONField(default=list)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(
        _("text"), help_text=_("Plain text; a blank line starts a new paragraph.")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    sent_at = models.DateTimeField(null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("decision message")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["proposal"],
                condition=models.Q(sent_at__isnull=True),
                name="one_unsent_decision_message",
            )
        ]

    def __str__(self):
        return self.subject

    @property
    def is_sent(self):
        return self.sent_at is not None
