"""Registration questions an editor adds to a summit, and the answers attendees
give (docs/booking.md#registration-questions).

An answer's `value` is JSON: a string for text, long text, choice and date (ISO
"YYYY-MM-DD"), a list of strings for multiple choice, true/false for yes/no and
consent, an integer for a number. It keeps the text of the choice picked, so a
question edited after booking still shows what was answered.
"""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.models import Orderable

from ..choices import QuestionKind

CHOICE_KINDS = (QuestionKind.CHOICE, QuestionKind.MULTIPLE_CHOICE)
DEFAULT_RETENTION_DAYS = 90
MAX_RETENTION_DAYS = 730
MAX_CHOICES = 30


def is_blank(value):
    return value is None or value == "" or value == []


def answer_text(question, value):
    """An answer as people read it ("Yes", "A, B", "12 March 2027")."""
    if is_blank(value):
        return ""
    if question.kind in (QuestionKind.YES_NO, QuestionKind.CONSENT):
        return "Yes" if value else "No"
    if question.kind == QuestionKind.DATE:
        try:
            return datetime.date.fromisoformat(value).strftime("%-d %B %Y")
        except (TypeError, ValueError):
            return str(value)
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return str(value)


class RegistrationQuestion(ClusterableModel, Orderable):
    """A question the booking form asks each place's holder, for one summit;
    edited on the summit page's Registration tab, in the order asked."""

    summit = ParentalKey(
        "events.SummitPage",
        on_delete=models.CASCADE,
        related_name="registration_questions",
    )
    label = models.CharField(
        _("question"),
        max_length=200,
        help_text=_("As the booking form asks it, e.g. 'Which strand interests you?'"),
    )
    help_text = models.CharField(
        max_length=300, blank=True, help_text=_("A hint shown under the question.")
    )
    kind = models.CharField(
        max_length=20, choices=QuestionKind.choices, default=QuestionKind.TEXT
    )
    choices = models.TextField(
        blank=True,
        help_text=_(
            "For 'one choice' and 'any choices' questions: one choice per line, "
            "at least two."
        ),
    )
    required = models.BooleanField(
        default=False,
        help_text=_(
            "People must answer to book. A required consent box must be ticked."
        ),
    )
    ticket_types = ParentalManyToManyField(
        "events.TicketType",
        blank=True,
        related_name="registration_questions",
        help_text=_("Ask only holders of these ticket types; none ticked asks all."),
    )
    retention_days = models.PositiveSmallIntegerField(
        _("keep answers for (days)"),
        default=DEFAULT_RETENTION_DAYS,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_RETENTION_DAYS)],
        help_text=_(
            "Answers are erased this many days after the summit ends (1 to 730)."
        ),
    )

    panels = [
        FieldPanel("label"),
        FieldPanel("help_text"),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("required")]),
        FieldPanel("choices"),
        FieldPanel("ticket_types", widget=forms.CheckboxSelectMultiple),
        FieldPanel("retention_days"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("registration question")

    def __str__(self):
        return self.label

    @property
    def choice_list(self):
        """The choices offered, in order, without blanks or repeats."""
        if self.kind == QuestionKind.YES_NO:
            return [str(_("Yes")), str(_("No"))]
        seen = []
        for line in (self.choices or "").splitlines():
            line = line.strip()
            if line and line not in seen:
                seen.append(line)
        return seen

    def clean(self):
        super().clean()
        errors = {}
        if self.label is not None and not self.label.strip():
            errors["label"] = _("Write the question.")
        if self.kind in CHOICE_KINDS:
            choices = self.choice_list
            if len(choices) < 2:
                errors["choices"] = _(
                    "Give at least two different choices, one per line."
                )
            elif len(choices) > MAX_CHOICES:
                errors["choices"] = _("Give at most %(max)s choices.") % {
                    "max": MAX_CHOICES
                }
            elif any(len(choice) > 200 for choice in choices):
                errors["choices"] = _("Keep each choice under 200 characters.")
        elif (self.choices or "").strip():
            errors["choices"] = _(
                "Only 'one choice' and 'any choices' questions have choices: "
                "clear this box or change the kind."
            )
        if errors:
            raise ValidationError(errors)

    def asks(self, ticket_type_id, ticket_type_ids):
        """Whether holders of `ticket_type_id` are asked, given the ids of the ticket
        types this question is limited to (empty: everyone)."""
        return not ticket_type_ids or ticket_type_id in ticket_type_ids


class RegistrationAnswer(models.Model):
    """One attendee's answer to one registration question."""

    page_cache_topic = None  # shown on no public page (home/page_cache.py)

    attendee = models.ForeignKey(
        "events.Attendee", on_delete=models.CASCADE, related_name="answers"
    )
    question = models.ForeignKey(
        RegistrationQuestion, on_delete=models.CASCADE, related_name="answers"
    )
    value = models.JSONField()
    answered_at = models.DateTimeField()

    class Meta:
        verbose_name = _("registration answer")
        constraints = [
            models.UniqueConstraint(
                "attendee", "question", name="events_answer_one_per_question"
            )
        ]

    def __str__(self):
        return f"{self.question}: {self.text}"

    @property
    def text(self):
        return answer_text(self.question, self.value)
