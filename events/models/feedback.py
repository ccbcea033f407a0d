"""Feedback after the day: each summit's survey (a fixed core and the editors' own
questions), the personal link each attendee gets the morning after, and their
answers (docs/feedback.md)."""

import datetime
import secrets
from zoneinfo import ZoneInfo

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Avg
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.models import Orderable

from home.page_cache import FIGURES

from ..choices import ComeAgain, FeedbackQuestionKind

UK = ZoneInfo("Europe/London")
# The survey goes out from this hour (UK time) of the day after the summit ends.
SEND_HOUR = 8
DEFAULT_OPEN_DAYS = 28
DEFAULT_INTRO = (
    "Thank you for coming. Tell us what worked and what didn't: it takes about "
    "five minutes, and it shapes next year's summit."
)
SCORES = [(score, str(score)) for score in range(1, 6)]
COMMENT_MAX_LENGTH = 5000
ANSWER_MAX_LENGTH = 2000


def new_survey_token():
    """43 URL-safe characters (32 random bytes): the link is the only key."""
    return secrets.token_urlsafe(32)


def survey_opens_at(summit):
    """08:00 UK time on the day after the summit's last day."""
    last_day = timezone.localtime(summit.end, UK).date()
    return datetime.datetime.combine(
        last_day + datetime.timedelta(days=1), datetime.time(SEND_HOUR), tzinfo=UK
    )


class FeedbackSurvey(ClusterableModel):
    """A summit's survey as its editors set it up. A summit without one asks the
    default: the intro below, the fixed core, per-session ratings, 28 days."""

    page_cache_topic = None  # shown on no public page (home/page_cache.py)

    summit = models.OneToOneField(
        "events.SummitPage", on_delete=models.CASCADE, related_name="feedback_survey"
    )
    intro = models.TextField(
        _("introduction"),
        max_length=1000,
        default=DEFAULT_INTRO,
        help_text=_("Shown at the top of the survey and in its email. Plain text."),
    )
    ask_session_ratings = models.BooleanField(
        _("ask for session ratings"),
        default=True,
        help_text=_(
            "Ask people to rate the workshops they booked and the sessions they went to."
        ),
    )
    open_days = models.PositiveSmallIntegerField(
        _("days open"),
        default=DEFAULT_OPEN_DAYS,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
        help_text=_(
            "The survey closes this many days after it is sent (08:00 UK time the "
            "day after the summit)."
        ),
    )

    panels = [
        FieldPanel("summit"),
        FieldPanel("intro"),
        FieldPanel("ask_session_ratings"),
        FieldPanel("open_days"),
        InlinePanel(
            "questions",
            heading=_("Your own questions"),
            label=_("Question"),
            help_text=_(
                "Asked after the overall score and before the comments. Everyone "
                "is also asked for an overall score, whether they would come "
                "again, and any comments."
            ),
        ),
    ]

    class Meta:
        verbose_name = _("feedback survey")
        verbose_name_plural = _("feedback surveys")

    def __str__(self):
        return str(_("Feedback survey: %(summit)s") % {"summit": self.summit.title})

    @property
    def opens_at(self):
        return survey_opens_at(self.summit)

    @property
    def closes_at(self):
        return self.opens_at + datetime.timedelta(days=self.open_days)

    def question_list(self):
        """The editors' questions in order (none on an unsaved default survey)."""
        if self.pk is None:
            return []
        return list(self.questions.all())


class FeedbackQuestion(Orderable):
    """A question an editor adds to a summit's survey."""

    page_cache_topic = None

    survey = ParentalKey(
        FeedbackSurvey, on_delete=models.CASCADE, related_name="questions"
    )
    text = models.CharField(_("question"), max_length=200)
    kind = models.CharField(
        _("answer"),
        max_length=10,
        choices=FeedbackQuestionKind.choices,
        default=FeedbackQuestionKind.SCORE,
    )
    help_text = models.CharField(_("hint"), max_length=200, blank=True)
    required = models.BooleanField(_("must be answered"), default=False)

    panels = [
        FieldPanel("text"),
        FieldPanel("kind"),
        FieldPanel("help_text"),
        FieldPanel("required"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("feedback question")

    def __str__(self):
        return self.text


class FeedbackInvitation(models.Model):
    """One attendee's personal survey link, made once per place ever. Anonymising
    the place cuts the link to it (`attendee` becomes empty)."""

    page_cache_topic = None

    summit = models.ForeignKey(
        "events.SummitPage",
        on_delete=models.CASCADE,
        related_name="feedback_invitations",
    )
    attendee = models.OneToOneField(
        "events.Attendee",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="feedback_invitation",
    )
    token = models.CharField(
        max_length=64, unique=True, default=new_survey_token, editable=False
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    # When the email went (empty until it has: the next run tries again).
    emailed_at = models.DateTimeField(null=True, blank=True, editable=False)

    wagtail_reference_index_ignore = True

    class Meta:
        verbose_name = _("feedback invitation")
        ordering = ["pk"]

    def __str__(self):
        return f"{self.summit.title}: {self.pk}"


#: The feedback score: the mean of the overall scores (1 to 5) people gave.
AVERAGE_OVERALL = Avg("overall")


def rounded_score(value):
    """A feedback score as shown everywhere: one decimal, None without answers."""
    return round(value, 1) if value is not None else None


class FeedbackResponseQuerySet(models.QuerySet):
    def scores_by_summit(self):
        """{summit pk: feedback score} for the summits these responses answer:
        one query (the dashboard's and the year-on-year figures' one rule)."""
        rows = self.order_by().values("summit_id").annotate(average=AVERAGE_OVERALL)
        return {row["summit_id"]: rounded_score(row["average"]) for row in rows}


class FeedbackResponse(models.Model):
    """One attendee's answers (one per link, editable until the survey closes)."""

    page_cache_topic = FIGURES  # the feedback score, in the summit index's figures

    invitation = models.OneToOneField(
        FeedbackInvitation, on_delete=models.CASCADE, related_name="response"
    )
    summit = models.ForeignKey(
        "events.SummitPage", on_delete=models.CASCADE, related_name="feedback"
    )
    overall = models.PositiveSmallIntegerField(
        _("overall score"),
        choices=SCORES,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    come_again = models.CharField(
        _("would come again"), max_length=10, choices=ComeAgain.choices
    )
    comments = models.TextField(blank=True, max_length=COMMENT_MAX_LENGTH)
    show_name = models.BooleanField(
        _("may show their name with their comments"), default=False
    )
    submitted_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    wagtail_reference_index_ignore = True

    objects = FeedbackResponseQuerySet.as_manager()

    class Meta:
        verbose_name = _("feedback response")
        ordering = ["-submitted_at", "-pk"]
        indexes = [models.Index(fields=["summit", "submitted_at"])]

    def __str__(self):
        return f"{self.summit.title}: {self.overall}/5"


class FeedbackAnswer(models.Model):
    """An answer to an editor's question; keeps the question's words, so removing
    the question later keeps what was answered."""

    page_cache_topic = None

    response = models.ForeignKey(
        FeedbackResponse, on_delete=models.CASCADE, related_name="answers"
    )
    question = models.ForeignKey(
        FeedbackQuestion,
        null=True,
        on_delete=models.SET_NULL,
        related_name="answers",
    )
    question_text = models.CharField(max_length=200)
    kind = models.CharField(max_length=10, choices=FeedbackQuestionKind.choices)
    score = models.PositiveSmallIntegerField(null=True, blank=True, choices=SCORES)
    yes_no = models.BooleanField(null=True, blank=True)
    text = models.TextField(blank=True, max_length=ANSWER_MAX_LENGTH)

    class Meta:
        verbose_name = _("feedback answer")
        ordering = ["pk"]

    def __str__(self):
        return self.question_text


class SessionRating(models.Model):
    """A score for one session of the programme; `booked` when it was one of the
    person's workshops. The session's title and start are kept as they were, so
    the score stays in the reports if the session is deleted later."""

    page_cache_topic = None

    response = models.ForeignKey(
        FeedbackResponse, on_delete=models.CASCADE, related_name="session_ratings"
    )
    session = models.ForeignKey(
        "events.Session",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="ratings",
    )
    session_title = models.CharField(max_length=200, blank=True)
    session_start = models.DateTimeField(null=True, blank=True)
    score = models.PositiveSmallIntegerField(
        choices=SCORES, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    booked = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("session rating")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["response", "session"], name="events_session_rating_once"
            )
        ]

    def __str__(self):
        return f"{self.session_id}: {self.score}/5"
