"""Editors set up a summit's survey in Summits > Feedback surveys."""

import pytest
from django.urls import reverse

from events.models import FeedbackSurvey
from events.models.feedback import DEFAULT_INTRO
from tests.factories import StaffUserFactory

pytestmark = pytest.mark.django_db


def test_event_managers_set_up_a_survey_with_their_own_questions(client, summit):
    client.force_login(StaffUserFactory(groups=["Event managers"]))
    add = reverse("wagtailsnippets_events_feedbacksurvey:add")

    page = client.get(add)
    assert page.status_code == 200
    assert DEFAULT_INTRO[:40] in page.text and "Your own questions" in page.text
    sent = client.post(
        add,
        {
            "summit": summit.pk,
            "intro": "Tell us how it went.",
            "ask_session_ratings": "on",
            "open_days": "14",
            "questions-TOTAL_FORMS": "1",
            "questions-INITIAL_FORMS": "0",
            "questions-MIN_NUM_FORMS": "0",
            "questions-MAX_NUM_FORMS": "1000",
            "questions-0-text": "How was the venue?",
            "questions-0-kind": "score",
            "questions-0-help_text": "",
            "questions-0-ORDER": "1",
            "questions-0-DELETE": "",
        },
    )

    assert sent.status_code == 302
    survey = FeedbackSurvey.objects.get(summit=summit)
    assert (survey.intro, survey.open_days) == ("Tell us how it went.", 14)
    assert [q.text for q in survey.questions.all()] == ["How was the venue?"]
    assert "How was the venue?" not in client.get(add).text  # a fresh form


def test_a_survey_open_for_no_days_is_refused(client, summit):
    client.force_login(StaffUserFactory(groups=["Event managers"]))

    sent = client.post(
        reverse("wagtailsnippets_events_feedbacksurvey:add"),
        {
            "summit": summit.pk,
            "intro": "x",
            "open_days": "0",
            "questions-TOTAL_FORMS": "0",
            "questions-INITIAL_FORMS": "0",
            "questions-MIN_NUM_FORMS": "0",
            "questions-MAX_NUM_FORMS": "1000",
        },
    )

    assert sent.status_code == 200  # the form again, with the error
    assert not FeedbackSurvey.objects.exists()
