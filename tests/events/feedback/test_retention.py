"""Feedback is unlinked from people when their places are anonymised (the
retention rule on a moved clock) or when they ask for their data to be erased."""

import pytest

from events.feedback import reports, services
from events.feedback.retention import anonymise_feedback_after_summit
from events.models import FeedbackInvitation, FeedbackResponse
from home import personal_data
from home.models import RetentionPolicy
from home.retention_registry import months_before, registered_rules

pytestmark = pytest.mark.django_db


@pytest.fixture
def named_answer(invitation):
    return services.save_response(
        invitation=invitation,
        survey=services.survey_for(invitation.summit),
        overall=5,
        come_again="yes",
        comments="Brilliant day.",
        show_name=True,
    )


def test_the_rule_is_registered():
    assert "events.feedback" in {rule.name for rule in registered_rules()}


def test_answers_lose_their_person_when_places_are_anonymised(named_answer, summit):
    policy = RetentionPolicy.load()
    before = months_before(summit.end, -policy.attendee_months)

    assert anonymise_feedback_after_summit(policy=policy, now=before) == 0
    assert reports.comments(summit)[0].name == "Ada Example"
    later = before.replace(year=before.year + 1)
    assert anonymise_feedback_after_summit(policy=policy, now=later, dry_run=True) == 1
    assert anonymise_feedback_after_summit(policy=policy, now=later) == 1

    invitation = FeedbackInvitation.objects.get()
    response = FeedbackResponse.objects.get()
    assert invitation.attendee is None and response.show_name is False
    assert reports.comments(summit)[0].name == ""
    assert response.comments == "Brilliant day."  # the answers stay
    assert reports.feedback_figures(summit).responses == 1


def test_erasing_a_persons_data_unlinks_their_feedback(named_answer, summit):
    holder = next(
        holder
        for holder in personal_data.registered_holders()
        if holder.model == "events.feedbackresponse"
    )
    found = holder.find("ada@example.org")
    assert found[0]["Comments"] == "Brilliant day."

    holder.erase("ada@example.org", now=summit.end)

    assert FeedbackInvitation.objects.get().attendee is None
    assert holder.find("ada@example.org") == []
    assert services.invitation_by_token(named_answer.invitation.token) is None
