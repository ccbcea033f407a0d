"""Registration questions: which a place is asked, saving and showing its
answers, filtering attendees by an answer and counting answers for the dashboard
(docs/booking.md#registration-questions).

Answers are written by the services that write the place (`place_order`,
`update_attendee`), in their transaction, through `save_answers`. An answer to a
question that has since been deleted or no longer applies to the place is dropped,
never an error: editors may change questions while people are booking.
"""

import datetime
from collections import Counter, defaultdict

from django.db.models import Prefetch

from ..choices import COUNTED_QUESTION_KINDS, LIVE_ATTENDEE_STATUSES, QuestionKind
from ..models import RegistrationAnswer, RegistrationQuestion
from ..models.questions import answer_text, is_blank


def summit_questions(summit):
    """The summit's questions in order, each with `ticket_type_ids` (the types it is
    limited to; empty: all). Two queries."""
    questions = list(
        RegistrationQuestion.objects.filter(summit_id=summit.pk)
        .order_by("sort_order", "pk")
        .prefetch_related(Prefetch("ticket_types", to_attr="limited_to"))
    )
    for question in questions:
        question.ticket_type_ids = {tt.pk for tt in question.limited_to}
    return questions


def questions_for(questions, ticket_type):
    """Of `questions` (from `summit_questions`), those asked of `ticket_type`."""
    return [q for q in questions if q.asks(ticket_type.pk, q.ticket_type_ids)]


def as_stored(question, value):
    """A form field's cleaned value as the JSON an answer keeps."""
    if isinstance(value, datetime.date):
        return value.isoformat()
    if question.kind == QuestionKind.MULTIPLE_CHOICE:
        return [str(item) for item in value or []]
    if question.kind == QuestionKind.YES_NO:
        return None if value in (None, "") else value in (True, "yes")
    return value


def save_answers(*, attendee, answers, at, questions=None, new_place=False):
    """Replace `attendee`'s answers with `answers` ({question id: value as stored}),
    inside the caller's transaction. Answers to questions the place is no longer
    asked are dropped; blank answers remove any earlier one. A `new_place` has no
    earlier answers to read. New answers are written in one insert. Returns how
    many answers the place now has."""
    if questions is None:
        questions = summit_questions(attendee.summit)
    asked = {q.pk: q for q in questions_for(questions, attendee.ticket_type)}
    existing = {} if new_place else {a.question_id: a for a in attendee.answers.all()}
    added = []
    keep = 0
    for question_id, value in answers.items():
        question = asked.get(question_id)
        if question is None:
            continue
        answer = existing.pop(question_id, None)
        if is_blank(value):
            if answer is not None:
                answer.delete()
            continue
        keep += 1
        if answer is None:
            added.append(
                RegistrationAnswer(
                    attendee=attendee, question=question, value=value, answered_at=at
                )
            )
        elif answer.value != value:
            answer.value = value
            answer.answered_at = at
            answer.save(update_fields=["value", "answered_at"])
    # Answers show on no public page (`page_cache_topic`): no signal is missed.
    RegistrationAnswer.objects.bulk_create(added)
    return keep + len(existing)


def answers_of(attendee):
    """[(question, answer text)] for the place, in the questions' order."""
    answers = attendee.answers.select_related("question").order_by(
        "question__sort_order", "question__pk"
    )
    return [(a.question, answer_text(a.question, a.value)) for a in answers]


def initial_answers(questions, answers):
    """{form field name: initial value} for `answers` ({question id: value as
    stored}) to those of `questions` still asked."""
    initial = {}
    for question in questions:
        value = answers.get(question.pk)
        if question.kind == QuestionKind.YES_NO and isinstance(value, bool):
            value = "yes" if value else "no"
        if not is_blank(value):
            initial[field_name(question)] = value
    return initial


def stored_answers(attendee):
    """{question id: value as stored} of the place's answers."""
    return dict(attendee.answers.values_list("question_id", "value"))


def field_name(question):
    return f"question_{question.pk}"


def attendees_answering(queryset, *, question, value):
    """The attendees in `queryset` who answered `question` with `value`: for a
    multiple-choice question, who ticked `value` among others; for yes/no and
    consent, a bool. Pure: returns a filtered queryset, nothing is written."""
    answers = RegistrationAnswer.objects.filter(question=question)
    if question.kind == QuestionKind.MULTIPLE_CHOICE:
        # JSON containment isn't on SQLite: match the list's items in Python.
        rows = answers.values_list("attendee_id", "value")
        ids = [
            pk for pk, chosen in rows if isinstance(chosen, list) and value in chosen
        ]
        return queryset.filter(pk__in=ids)
    return queryset.filter(pk__in=answers.filter(value=value).values("attendee_id"))


def answer_counts(summit):
    """For each of the summit's choice, multiple-choice and yes/no questions, how
    many live attendees gave each answer: [(question, [(choice, count)], answered)].
    Two queries, however many attendees."""
    questions = list(
        RegistrationQuestion.objects.filter(
            summit_id=summit.pk, kind__in=COUNTED_QUESTION_KINDS
        ).order_by("sort_order", "pk")
    )
    by_question = defaultdict(Counter)
    answered = Counter()
    rows = RegistrationAnswer.objects.filter(
        question__in=[q.pk for q in questions],
        attendee__status__in=LIVE_ATTENDEE_STATUSES,
    ).values_list("question_id", "value")
    for question_id, value in rows:
        answered[question_id] += 1
        for item in value if isinstance(value, list) else [value]:
            by_question[question_id][item] += 1
    counts = []
    for question in questions:
        tally = by_question[question.pk]
        if question.kind == QuestionKind.YES_NO:
            choices = [("Yes", tally[True]), ("No", tally[False])]
        else:
            choices = [(choice, tally[choice]) for choice in question.choice_list]
            # Answers to choices since removed stay counted, under their words.
            listed = set(question.choice_list)
            choices += [(item, n) for item, n in tally.items() if item not in listed]
        counts.append((question, choices, answered[question.pk]))
    return counts
