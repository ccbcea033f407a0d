"""The survey page at its secret link: validation, editing, closing, questions."""

import datetime
import re

import pytest
import time_machine
from django.urls import reverse

from events.choices import AttendeeStatus, FeedbackQuestionKind
from events.feedback import services
from events.models import (
    FeedbackAnswer,
    FeedbackQuestion,
    FeedbackResponse,
    FeedbackSurvey,
    SessionRating,
)

pytestmark = pytest.mark.django_db


def url(invitation):
    return reverse("events:feedback_survey", args=[invitation.token])


def answers(**changes):
    data = {"overall": "4", "come_again": "yes", "comments": "", "nickname": ""}
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_the_survey_asks_the_core_and_the_persons_workshops(
    client, invitation, workshop, keynote
):
    response = client.get(url(invitation))

    assert response.status_code == 200
    page = response.text
    assert "How was the summit?" in page
    assert "<legend" in page and "Overall, how would you rate the summit?" in page
    assert "Your workshops" in page and workshop.title in page
    assert "Other sessions" in page and keynote.title in page
    assert "Did not attend" in page
    assert "You may show my name with my comments" in page
    assert response["Cache-Control"].startswith("max-age=0")
    assert "noindex" in response["X-Robots-Tag"]


def test_an_unknown_link_is_a_404(client, after_the_summit):
    assert client.get("/feedback/not-a-real-token/").status_code == 404


def test_missing_answers_give_an_error_summary_and_write_nothing(client, invitation):
    response = client.post(url(invitation), answers(overall=None, come_again=None))

    assert response.status_code == 400
    assert "There is a problem" in response.text
    assert 'href="#id_overall"' in response.text
    assert "Choose a score for the summit overall." in response.text
    assert "Say whether you would come again." in response.text
    assert not FeedbackResponse.objects.exists()


@pytest.mark.parametrize("score", ["0", "6", "x", "4.5"])
def test_a_score_outside_1_to_5_is_refused(client, invitation, workshop, score):
    response = client.post(url(invitation), answers(overall=score))
    also = client.post(url(invitation), answers(**{f"session_{workshop.pk}": score}))

    assert response.status_code == also.status_code == 400
    assert not FeedbackResponse.objects.exists()


def test_answers_are_saved_then_can_be_changed_until_the_survey_closes(
    client, invitation, workshop, keynote
):
    sent = client.post(
        url(invitation),
        answers(
            **{
                f"session_{workshop.pk}": "5",
                f"session_{keynote.pk}": "",
                "comments": "  More time for questions.  ",
            }
        ),
    )

    assert sent.url == reverse("events:feedback_thanks", args=[invitation.token])
    thanks = client.get(sent.url)
    assert "Thank you for your feedback" in thanks.text
    response = FeedbackResponse.objects.get()
    assert (response.overall, response.come_again) == (4, "yes")
    assert response.comments == "More time for questions."
    assert response.show_name is False
    rating = SessionRating.objects.get()
    assert (rating.session, rating.score, rating.booked) == (workshop, 5, True)

    again = client.get(url(invitation))
    assert "You have answered already" in again.text
    assert re.search(r'name="overall" value="4"[^>]*checked', again.text)
    client.post(
        url(invitation),
        answers(overall="2", **{f"session_{keynote.pk}": "3"}),
    )
    response.refresh_from_db()
    assert response.overall == 2
    assert FeedbackResponse.objects.count() == 1
    rating = SessionRating.objects.get()
    assert (rating.session, rating.booked) == (keynote, False)


def test_after_the_survey_closes_the_link_says_so_and_takes_nothing(client, invitation):
    survey = FeedbackSurvey.objects.create(summit=invitation.summit, open_days=2)
    with time_machine.travel(survey.closes_at + datetime.timedelta(minutes=1)):
        page = client.get(url(invitation))
        sent = client.post(url(invitation), answers())

    assert page.status_code == sent.status_code == 410
    assert "This survey has closed" in page.text
    assert not FeedbackResponse.objects.exists()


def test_editors_questions_are_asked_and_a_required_one_must_be_answered(
    client, invitation
):
    survey = FeedbackSurvey.objects.create(
        summit=invitation.summit,
        intro="Five minutes, please.",
        ask_session_ratings=False,
    )
    venue = FeedbackQuestion.objects.create(
        survey=survey,
        text="How was the venue?",
        kind=FeedbackQuestionKind.SCORE,
        required=True,
        sort_order=0,
    )
    lunch = FeedbackQuestion.objects.create(
        survey=survey,
        text="Was lunch enough?",
        kind=FeedbackQuestionKind.YES_NO,
        sort_order=1,
    )
    idea = FeedbackQuestion.objects.create(
        survey=survey,
        text="One idea for next year",
        kind=FeedbackQuestionKind.TEXT,
        sort_order=2,
    )

    page = client.get(url(invitation)).text
    assert "Five minutes, please." in page
    assert "How was the venue?" in page and "Your workshops" not in page
    refused = client.post(url(invitation), answers())
    assert refused.status_code == 400
    assert "Choose a score from 1 to 5." in refused.text

    client.post(
        url(invitation),
        answers(
            **{
                f"question_{venue.pk}": "3",
                f"question_{lunch.pk}": "no",
                f"question_{idea.pk}": "A river walk",
            }
        ),
    )
    given = {
        a.question_text: (a.score, a.yes_no, a.text)
        for a in FeedbackAnswer.objects.all()
    }
    assert given == {
        "How was the venue?": (3, None, ""),
        "Was lunch enough?": (None, False, ""),
        "One idea for next year": (None, None, "A river walk"),
    }


def test_a_place_cancelled_after_the_invitation_has_no_survey(client, invitation):
    invitation.attendee.status = AttendeeStatus.CANCELLED
    invitation.attendee.save()

    page = client.get(url(invitation))
    sent = client.post(url(invitation), answers())

    assert page.status_code == sent.status_code == 410
    assert "This place was cancelled" in page.text
    assert "contact the events team" in page.text
    assert not FeedbackResponse.objects.exists()


def test_a_place_cancelled_while_the_form_is_open_saves_nothing(invitation):
    invitation.attendee.status = AttendeeStatus.CANCELLED
    invitation.attendee.save()

    with pytest.raises(services.FeedbackError):
        services.save_response(
            invitation=invitation,
            survey=services.survey_for(invitation.summit),
            overall=4,
            come_again="yes",
        )
    assert not FeedbackResponse.objects.exists()
