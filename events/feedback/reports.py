"""What a summit's feedback says, for the dashboard, its CSV and the year-on-year
table: plain aggregate queries, a fixed number however many answered.

Anonymous unless the respondent agreed: a comment carries a name only when they
ticked "you may show my name with my comments" (and their place still has one).
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Avg, Count, Q

from framework.models import Commitment
from home.uk_time import uk_time

from ..choices import ComeAgain, FeedbackQuestionKind
from ..models import (
    FeedbackAnswer,
    FeedbackInvitation,
    FeedbackResponse,
    SessionRating,
)
from ..models.feedback import AVERAGE_OVERALL, rounded_score
from ..retention import ANONYMISED_NAME


@dataclass(frozen=True)
class FeedbackFigures:
    """The headline numbers (the year-on-year table uses these)."""

    sent: int
    responses: int
    average_overall: float | None
    come_again_yes: int

    @property
    def response_rate(self):
        """Percent of people sent the survey who answered, or None."""
        return round(100 * self.responses / self.sent) if self.sent else None

    @property
    def come_again_share(self):
        """Percent answering "yes" to coming again, or None."""
        if not self.responses:
            return None
        return round(100 * self.come_again_yes / self.responses)


@dataclass(frozen=True)
class Bar:
    label: str
    count: int
    percent: int


@dataclass(frozen=True)
class Rated:
    """An average score with how many gave it."""

    label: str
    average: float
    count: int
    booked: int = 0


@dataclass(frozen=True)
class Comment:
    text: str
    name: str  # "" when anonymous
    overall: int


@dataclass(frozen=True)
class QuestionSummary:
    text: str
    kind: str
    count: int
    average: float | None = None
    yes: int = 0
    texts: list = field(default_factory=list)


@dataclass(frozen=True)
class FeedbackReport:
    figures: FeedbackFigures
    distribution: list
    come_again: list
    sessions: list
    commitments: list
    questions: list
    comments: list


def _bars(counts, labels, total):
    return [
        Bar(str(label), counts.get(value, 0), _percent(counts.get(value, 0), total))
        for value, label in labels
    ]


def _percent(part, whole):
    return round(100 * part / whole) if whole else 0


def feedback_figures(summit):
    """Sent, answered, the average overall score and "would come again": 2 queries."""
    sent = FeedbackInvitation.objects.filter(
        summit=summit, emailed_at__isnull=False
    ).count()
    row = FeedbackResponse.objects.filter(summit=summit).aggregate(
        responses=Count("pk"),
        average=AVERAGE_OVERALL,
        yes=Count("pk", filter=Q(come_again=ComeAgain.YES)),
    )
    return FeedbackFigures(
        sent=sent,
        responses=row["responses"],
        average_overall=rounded_score(row["average"]),
        come_again_yes=row["yes"],
    )


def feedback_report(summit):
    """Everything the dashboard's feedback panel shows: 8 queries."""
    figures = feedback_figures(summit)
    responses = FeedbackResponse.objects.filter(summit=summit)
    overall = dict(
        responses.order_by().values_list("overall").annotate(count=Count("pk"))
    )
    come_again = dict(
        responses.order_by().values_list("come_again").annotate(count=Count("pk"))
    )
    total = figures.responses
    return FeedbackReport(
        figures=figures,
        distribution=_bars(
            overall, [(score, str(score)) for score in range(5, 0, -1)], total
        ),
        come_again=_bars(come_again, ComeAgain.choices, total),
        sessions=_session_scores(summit),
        commitments=_commitment_scores(summit),
        questions=_question_summaries(summit),
        comments=comments(summit),
    )


def _session_scores(summit):
    rows = (
        SessionRating.objects.filter(response__summit=summit)
        .order_by()
        .values("session_title", "session_start")
        .annotate(
            average=Avg("score"),
            count=Count("pk"),
            booked=Count("pk", filter=Q(booked=True)),
        )
        .order_by("session_start", "session_title")
    )
    return [
        Rated(
            row["session_title"],
            rounded_score(row["average"]),
            row["count"],
            row["booked"],
        )
        for row in rows
    ]


def _commitment_scores(summit):
    """Each commitment's average over the ratings of sessions tagged with it."""
    rows = (
        Commitment.objects.filter(
            events_session_tagged__ratings__response__summit=summit
        )
        .values("pk", "name")
        .annotate(
            average=Avg("events_session_tagged__ratings__score"),
            count=Count("events_session_tagged__ratings"),
        )
        .order_by("name")
    )
    return [
        Rated(row["name"], rounded_score(row["average"]), row["count"]) for row in rows
    ]


def _question_summaries(summit):
    answers = (
        FeedbackAnswer.objects.filter(response__summit=summit)
        .order_by("question__sort_order", "question_text", "pk")
        .values_list("question_text", "kind", "score", "yes_no", "text")
    )
    grouped = defaultdict(list)
    for text, kind, score, yes_no, words in answers:
        grouped[(text, kind)].append((score, yes_no, words))
    summaries = []
    for (text, kind), given in grouped.items():
        scores = [score for score, _yes, _words in given if score]
        summaries.append(
            QuestionSummary(
                text=text,
                kind=kind,
                count=len(given),
                average=(
                    rounded_score(sum(scores) / len(scores))
                    if kind == FeedbackQuestionKind.SCORE and scores
                    else None
                ),
                yes=sum(1 for _score, yes, _words in given if yes),
                texts=[words for _s, _y, words in given if words],
            )
        )
    return summaries


def _name(response):
    attendee = response.invitation.attendee
    if not response.show_name or attendee is None or attendee.name == ANONYMISED_NAME:
        return ""
    return attendee.name


def comments(summit):
    """Free-text comments, newest first; named only with consent (1 query)."""
    responses = (
        FeedbackResponse.objects.filter(summit=summit)
        .exclude(comments="")
        .select_related("invitation__attendee")
        .only(
            "comments",
            "overall",
            "show_name",
            "invitation__attendee__name",
        )
        .order_by("-submitted_at", "-pk")
    )
    return [
        Comment(text=response.comments, name=_name(response), overall=response.overall)
        for response in responses
    ]


EXPORT_FIELDS = [
    "response",
    "submitted",
    "overall",
    "come_again",
    "comments",
    "name",
    "attendee_id",
    "session_ratings",
    "answers",
]


def export_rows(summit):
    """One row per response for the CSV: no name and no attendee id unless the
    respondent agreed (3 queries)."""
    responses = (
        FeedbackResponse.objects.filter(summit=summit)
        .select_related("invitation__attendee")
        .prefetch_related("session_ratings", "answers")
        .order_by("submitted_at", "pk")
    )
    for number, response in enumerate(responses, start=1):
        name = _name(response)
        yield {
            "response": number,
            "submitted": uk_time(response.submitted_at).date().isoformat(),
            "overall": response.overall,
            "come_again": response.get_come_again_display(),
            "comments": response.comments,
            "name": name,
            "attendee_id": response.invitation.attendee_id if name else "",
            "session_ratings": "; ".join(
                f"{rating.session_title}: {rating.score}"
                for rating in response.session_ratings.all()
            ),
            "answers": "; ".join(
                f"{answer.question_text}: {_answer_text(answer)}"
                for answer in response.answers.all()
            ),
        }


def _answer_text(answer):
    if answer.kind == FeedbackQuestionKind.SCORE:
        return str(answer.score)
    if answer.kind == FeedbackQuestionKind.YES_NO:
        return "yes" if answer.yes_no else "no"
    return answer.text
