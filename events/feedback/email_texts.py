"""The feedback survey's email, whose subject and main paragraph Event managers may
edit (`home.email_texts`, docs/emails.md#editing-email-texts). `register_emails`
runs from `events.apps.EventsConfig.ready`; `events.feedback.emails` asks for the
text by key."""

from datetime import datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from django.utils import dateformat, timezone

from home import email_texts
from home.email_texts import EditableEmail

SURVEY = "feedback-survey"

LONDON = ZoneInfo("Europe/London")


def closes_text(closes_at):
    """When a survey closes, as the email says it: Sunday 1 November 2026 at 18:00."""
    return dateformat.format(timezone.localtime(closes_at), "l j F Y \\a\\t H:i")


_SAMPLE_CLOSES = datetime(2026, 11, 1, 18, 0, tzinfo=LONDON)

EMAILS = [
    EditableEmail(
        key=SURVEY,
        name="Feedback survey",
        recipient="Each person who had a place at the summit",
        sent_when="The summit's feedback survey opens (once per place)",
        template="events/emails/feedback_survey",
        subject="How was {summit}? Five minutes of feedback",
        body=(
            "The link is yours alone: you can come back and change your answers "
            "until the survey closes on {closes} (UK time). Your answers are "
            "anonymous in our reports unless you say we may show your name."
        ),
        placeholders={
            "name": "The person's name",
            "summit": "The summit's title",
            "dates": "The summit's dates, such as Thursday 1 October",
            "closes": "When the survey closes, such as Sunday 1 November 2026 at 18:00",
        },
        sample_values={
            "name": "Alex Sample",
            "summit": "Sample Summit",
            "dates": "Thursday 1 October",
            "closes": closes_text(_SAMPLE_CLOSES),
        },
        sample_context={
            "attendee": SimpleNamespace(name="Alex Sample"),
            "summit": SimpleNamespace(title="Sample Summit"),
            "survey": SimpleNamespace(
                intro=(
                    "Thank you for coming to the Sample Summit. Tell us what worked "
                    "and what we should change next year."
                ),
                closes_at=_SAMPLE_CLOSES,
            ),
            "survey_url": "https://example.org/sample/feedback/",
        },
        per_summit=True,
        fixed=(
            "The heading, the greeting, the survey's own introduction (edited on "
            "the survey), the Give your feedback button and the footer."
        ),
    ),
]


def register_emails():
    email_texts.register(*EMAILS)
