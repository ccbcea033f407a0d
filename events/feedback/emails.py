"""The feedback survey's email: a personal link, sent once per place."""

from django.urls import reverse

from home.email_texts import Request
from home.emails import send_templated_email_once
from home.links import absolute_url

from . import email_texts


def survey_url(invitation):
    return absolute_url(reverse("events:feedback_survey", args=[invitation.token]))


def send_survey(invitation, survey):
    """The link to `invitation`'s survey, to its place's address; once per place."""
    attendee = invitation.attendee
    summit = invitation.summit
    return send_templated_email_once(
        key=f"feedback-survey:{attendee.pk}",
        template="events/emails/feedback_survey",
        context={
            "attendee": attendee,
            "summit": summit,
            "survey": survey,
            "survey_url": survey_url(invitation),
        },
        to=[attendee.email],
        text=Request(
            key=email_texts.SURVEY,
            page_id=summit.pk,
            values={
                "name": attendee.name,
                "summit": summit.title,
                "dates": summit.date_range_text,
                "closes": email_texts.closes_text(survey.closes_at),
            },
        ),
    )
