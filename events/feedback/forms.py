"""The feedback survey as a form built from the summit's survey and the person's
workshops: radio groups (fieldsets with legends) for scores, text areas for words."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..choices import ComeAgain, FeedbackQuestionKind
from ..models.feedback import ANSWER_MAX_LENGTH, COMMENT_MAX_LENGTH

SCORE_CHOICES = [
    ("1", _("1, poor")),
    ("2", _("2")),
    ("3", _("3")),
    ("4", _("4")),
    ("5", _("5, excellent")),
]
NOT_ATTENDED = ("", _("Did not attend"))
YES_NO = [("yes", _("Yes")), ("no", _("No"))]


def _score_field(label, *, required, help_text="", message=""):
    return forms.TypedChoiceField(
        label=label,
        choices=SCORE_CHOICES,
        coerce=int,
        required=required,
        widget=forms.RadioSelect,
        help_text=help_text,
        error_messages={
            "required": message or _("Choose a score from 1 to 5."),
            "invalid_choice": _("Choose a score from 1 to 5."),
        },
    )


def _session_field(session):
    when = timezone.localtime(session.start).strftime("%H:%M")
    return forms.TypedChoiceField(
        label=f"{session.title} ({when})",
        choices=[NOT_ATTENDED, *SCORE_CHOICES],
        coerce=int,
        empty_value=None,
        required=False,
        initial="",
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Choose a score, or “Did not attend”.")},
    )


class SurveyForm(forms.Form):
    """`survey`'s questions for one person; `booked` and `others` are the sessions
    to rate (their workshops, then the rest of the programme)."""

    overall = _score_field(
        _("Overall, how would you rate the summit?"),
        required=True,
        message=_("Choose a score for the summit overall."),
    )

    def __init__(self, *args, survey, booked=(), others=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.survey = survey
        self.booked = list(booked)
        self.others = list(others)
        for session in [*self.booked, *self.others]:
            self.fields[f"session_{session.pk}"] = _session_field(session)
        self.questions = survey.question_list()
        for question in self.questions:
            self.fields[f"question_{question.pk}"] = _question_field(question)
        self.fields["come_again"] = forms.ChoiceField(
            label=_("Would you come to the summit again?"),
            choices=ComeAgain.choices,
            widget=forms.RadioSelect,
            error_messages={
                "required": _("Say whether you would come again."),
                "invalid_choice": _("Choose yes, no or not sure."),
            },
        )
        self.fields["comments"] = forms.CharField(
            label=_("Anything else you would like to tell us?"),
            required=False,
            max_length=COMMENT_MAX_LENGTH,
            widget=forms.Textarea(attrs={"rows": 6}),
            help_text=_("What worked, what didn't, what next year's summit needs."),
        )
        self.fields["show_name"] = forms.BooleanField(
            label=_("You may show my name with my comments"),
            required=False,
            help_text=_(
                "Leave this unticked and your comments are shown to the organisers "
                "without your name."
            ),
        )

    def _group(self, sessions):
        return [self[f"session_{session.pk}"] for session in sessions]

    @property
    def booked_fields(self):
        return self._group(self.booked)

    @property
    def other_fields(self):
        return self._group(self.others)

    @property
    def question_fields(self):
        return [self[f"question_{question.pk}"] for question in self.questions]

    def clean_comments(self):
        return self.cleaned_data["comments"].strip()

    def response_fields(self):
        """Cleaned values as keyword arguments for `services.save_response`."""
        data = self.cleaned_data
        booked_ids = [session.pk for session in self.booked]
        return {
            "overall": data["overall"],
            "come_again": data["come_again"],
            "comments": data["comments"],
            "show_name": data["show_name"],
            "answers": [
                (question, data.get(f"question_{question.pk}"))
                for question in self.questions
            ],
            "ratings": [
                (session, data.get(f"session_{session.pk}"))
                for session in [*self.booked, *self.others]
            ],
            "booked_ids": booked_ids,
        }


def _question_field(question):
    if question.kind == FeedbackQuestionKind.SCORE:
        return _score_field(
            question.text, required=question.required, help_text=question.help_text
        )
    if question.kind == FeedbackQuestionKind.YES_NO:
        return forms.ChoiceField(
            label=question.text,
            choices=YES_NO,
            required=question.required,
            widget=forms.RadioSelect,
            help_text=question.help_text,
            error_messages={
                "required": _("Answer yes or no."),
                "invalid_choice": _("Answer yes or no."),
            },
        )
    return forms.CharField(
        label=question.text,
        required=question.required,
        max_length=ANSWER_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=question.help_text,
        error_messages={"required": _("Answer this question.")},
    )


def initial_from(response):
    """The form's starting values from answers already given."""
    if response is None:
        return {}
    initial = {
        "overall": str(response.overall),
        "come_again": response.come_again,
        "comments": response.comments,
        "show_name": response.show_name,
    }
    for rating in response.session_ratings.all():
        initial[f"session_{rating.session_id}"] = str(rating.score)
    for answer in response.answers.all():
        if answer.question_id is None:
            continue
        key = f"question_{answer.question_id}"
        if answer.kind == FeedbackQuestionKind.SCORE:
            initial[key] = str(answer.score)
        elif answer.kind == FeedbackQuestionKind.YES_NO:
            initial[key] = "yes" if answer.yes_no else "no"
        else:
            initial[key] = answer.text
    return initial
