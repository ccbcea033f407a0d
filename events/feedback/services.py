"""Feedback after the day (docs/feedback.md): which summits' surveys are due,
who is invited, and recording an answer.

Who gets the survey: every confirmed, named place of the summit, whether or not
it was checked in at the door (a scan can be missed, and people who booked and
could not come have useful things to say too). Cancelled places and places still
held for a payment get nothing; nor does a place already invited, ever.
"""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..choices import AttendeeStatus, FeedbackQuestionKind, SessionType
from ..models import (
    Attendee,
    FeedbackAnswer,
    FeedbackInvitation,
    FeedbackResponse,
    FeedbackSurvey,
    Session,
    SessionRating,
    SummitPage,
)
from ..retention import ANONYMISED_EMAIL_DOMAIN

# How far back the command looks for summits (a survey stays open at most a year).
LOOK_BACK = datetime.timedelta(days=366 + 2)


class FeedbackError(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


def survey_for(summit):
    """`summit`'s survey, or the default one (unsaved) if editors set none up."""
    survey = FeedbackSurvey.objects.filter(summit=summit).first()
    if survey is None:
        survey = FeedbackSurvey(summit=summit)
    else:
        survey.summit = summit
    return survey


def is_open(survey, now=None):
    now = now or timezone.now()
    return survey.opens_at <= now < survey.closes_at


def due_surveys(now):
    """The surveys (default ones unsaved) of live summits whose survey is open at
    `now`: from 08:00 UK time the day after the summit until it closes."""
    summits = SummitPage.objects.live().filter(end__lt=now, end__gt=now - LOOK_BACK)
    surveys = {
        survey.summit_id: survey
        for survey in FeedbackSurvey.objects.filter(summit__in=summits)
    }
    due = []
    for summit in summits.order_by("end"):
        survey = surveys.get(summit.pk) or FeedbackSurvey(summit=summit)
        survey.summit = summit
        if is_open(survey, now):
            due.append(survey)
    return due


TOKENS_PER_QUERY = 500  # under SQLite's limit on a query's parameters


def recipients(summit):
    """Confirmed, named places of `summit` (checked in or not) not yet invited."""
    return (
        Attendee.objects.filter(summit=summit, status=AttendeeStatus.CONFIRMED)
        .exclude(email="")
        .exclude(email__endswith=f"@{ANONYMISED_EMAIL_DOMAIN}")
        .filter(feedback_invitation__isnull=True)
    )


def invite_attendees(*, summit, now):
    """Make a survey link for each of `summit`'s recipients; returns how many.
    Safe to run at the same time as itself: a place has one link ever."""
    with transaction.atomic():
        wanted = [
            FeedbackInvitation(summit=summit, attendee_id=pk, created_at=now)
            for pk in recipients(summit).values_list("pk", flat=True)
        ]
        # A run at the same time may have invited some of these places: their rows
        # are skipped, and only the rows with this run's tokens count.
        FeedbackInvitation.objects.bulk_create(wanted, ignore_conflicts=True)
        tokens = [invitation.token for invitation in wanted]
        made = sum(
            FeedbackInvitation.objects.filter(
                token__in=tokens[start : start + TOKENS_PER_QUERY]
            ).count()
            for start in range(0, len(tokens), TOKENS_PER_QUERY)
        )
    return made


def invitations_to_email(summit):
    """Links made but not yet emailed, of places still confirmed."""
    return (
        FeedbackInvitation.objects.filter(
            summit=summit,
            emailed_at__isnull=True,
            attendee__status=AttendeeStatus.CONFIRMED,
        )
        .exclude(attendee__email="")
        .select_related("attendee", "summit")
        .order_by("pk")
    )


def mark_emailed(*, invitation, now):
    FeedbackInvitation.objects.filter(pk=invitation.pk).update(emailed_at=now)


def invitation_by_token(token):
    """The invitation at `token` with its place and summit, or None. A link whose
    place was anonymised is no one's any more."""
    return (
        FeedbackInvitation.objects.select_related("summit", "attendee")
        .filter(token=token, attendee__isnull=False)
        .first()
    )


def response_for(invitation):
    """The answers given through `invitation`, with their ratings and answers to
    the editors' questions, or None before any."""
    return (
        FeedbackResponse.objects.filter(invitation=invitation)
        .prefetch_related("session_ratings", "answers")
        .first()
    )


def has_answered(invitation):
    return FeedbackResponse.objects.filter(invitation=invitation).exists()


def place_cancelled(invitation):
    """True when the place the link was made for has been cancelled since: its
    link takes no answers."""
    return invitation.attendee.status == AttendeeStatus.CANCELLED


def sessions_to_rate(survey, attendee):
    """(the person's booked workshops, the programme's other sessions), in time
    order; breaks and networking are not rated."""
    if not survey.ask_session_ratings:
        return [], []
    sessions = list(
        Session.objects.scheduled()
        .filter(summit_id=survey.summit_id)
        .exclude(session_type=SessionType.NETWORKING)
        .order_by("start", "title")
    )
    booked_ids = set(attendee.workshops.values_list("pk", flat=True))
    booked = [session for session in sessions if session.pk in booked_ids]
    others = [session for session in sessions if session.pk not in booked_ids]
    return booked, others


def save_response(
    *,
    invitation,
    survey,
    overall,
    come_again,
    comments="",
    show_name=False,
    answers=(),
    ratings=(),
    booked_ids=(),
    now=None,
):
    """Record (or replace) the answers given at `invitation`'s link while the
    survey is open. `answers` are (question, value) pairs, `ratings` (session,
    score) pairs. Raises FeedbackError once the survey has closed or the place
    has been cancelled."""
    now = now or timezone.now()
    if not is_open(survey, now):
        raise FeedbackError(_("This survey has closed."))
    with transaction.atomic():
        # One writer per link at a time: two tabs sending at once end with one set.
        locked = (
            FeedbackInvitation.objects.select_for_update(of=("self",))
            .select_related("attendee")
            .get(pk=invitation.pk)
        )
        if locked.attendee is None or place_cancelled(locked):
            raise FeedbackError(_("This place has been cancelled."))
        response, created = FeedbackResponse.objects.update_or_create(
            invitation=invitation,
            defaults={
                "summit_id": invitation.summit_id,
                "overall": overall,
                "come_again": come_again,
                "comments": comments.strip(),
                "show_name": show_name,
            },
            create_defaults={
                "summit_id": invitation.summit_id,
                "overall": overall,
                "come_again": come_again,
                "comments": comments.strip(),
                "show_name": show_name,
                "submitted_at": now,
            },
        )
        if not created:
            response.answers.all().delete()
            response.session_ratings.all().delete()
        FeedbackAnswer.objects.bulk_create(
            _answer(response, question, value)
            for question, value in answers
            if value not in (None, "")
        )
        SessionRating.objects.bulk_create(
            SessionRating(
                response=response,
                session=session,
                session_title=session.title,
                session_start=session.start,
                score=score,
                booked=session.pk in set(booked_ids),
            )
            for session, score in ratings
            if score
        )
    return response


def _answer(response, question, value):
    answer = FeedbackAnswer(
        response=response,
        question=question,
        question_text=question.text,
        kind=question.kind,
    )
    if question.kind == FeedbackQuestionKind.SCORE:
        answer.score = int(value)
    elif question.kind == FeedbackQuestionKind.YES_NO:
        answer.yes_no = value == "yes"
    else:
        answer.text = str(value).strip()
    return answer


def responses_with_attendees(summit):
    """`summit`'s responses with what a report needs, newest first."""
    return (
        FeedbackResponse.objects.filter(summit=summit)
        .select_related("invitation__attendee")
        .order_by("-submitted_at", "-pk")
    )
