"""The feedback survey's email: a personal link, sent once per place."""

from django.urls import reverse

from home.emails import send_templated_email_once
from home.links import absolute_url


def survey_url(invitation):
    return absolute_url(reverse("events:feedback_survey", args=[invitation.token]))


def send_survey(invitation, survey):
    """The link to `invitation`'s survey, to its place's address; once per place."""
    attendee = invitation.attendee
    return send_templated_email_once(
        key=f"feedback-survey:{attendee.pk}",
        template="events/emails/feedback_survey",
        context={
            "attendee": attendee,
            "summit": invitation.summit,
            "survey": survey,
            "survey_url": survey_url(invitation),
        },
        to=[attendee.email],
    )
