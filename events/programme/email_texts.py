"""The editable text of the email telling people what a programme release changed
for them (`home.email_texts`, docs/emails.md#editing-email-texts;
`events.programme.releases` sends it)."""

from types import SimpleNamespace

from home import email_texts
from home.email_texts import EditableEmail

PROGRAMME_CHANGED = "programme-changed"

EMAILS = [
    EditableEmail(
        key=PROGRAMME_CHANGED,
        name="Programme changed",
        recipient="Speakers of a changed session, and people who booked or starred it",
        sent_when="Staff publish a programme release that changes their sessions",
        template="events/programme/emails/changes",
        subject="The programme of {summit} has changed",
        body=(
            "Hello {name},\n\n"
            "We have published a new version of the programme of {summit} "
            "({dates}). These changes concern sessions you speak in, booked or "
            "starred:"
        ),
        placeholders={
            "name": "The person's name",
            "summit": "The summit's title",
            "dates": "The summit's dates, such as Thursday 1 October",
        },
        sample_values={
            "name": "Alex Sample",
            "summit": "Sample Summit",
            "dates": "Thursday 1 October",
        },
        sample_context={
            "summit": SimpleNamespace(title="Sample Summit"),
            "changes": [
                {
                    "title": "Sample workshop",
                    "lines": ["Moved: from 10:00 to 11:00, Thursday 1 October"],
                }
            ],
            "changes_url": "https://example.org/sample/programme/changes/",
        },
        per_summit=True,
        fixed="The list of changes, the link to the changes page and the footer.",
    ),
]


def register_emails():
    email_texts.register(*EMAILS)
