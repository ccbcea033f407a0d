"""The speaker profile emails whose subject and main paragraphs Event managers may
edit (`home.email_texts`, docs/emails.md#editing-email-texts), for all summits.
`register_emails` runs from `speakers.apps.SpeakersConfig.ready`;
`speakers.emails` asks for each text by key."""

from types import SimpleNamespace

from home import email_texts
from home.email_texts import EditableEmail

# a change's status -> key of its editable text
KEYS = {
    "approved": "speaker-change-approved",
    "rejected": "speaker-change-rejected",
}

_SAMPLE_CONTEXT = {
    "speaker": SimpleNamespace(name="Alex Sample"),
    "change": SimpleNamespace(
        reason="Please write the biography in the third person, as the others are."
    ),
    "profile_url": "https://example.org/sample/speakers/my-profile/",
}

EMAILS = [
    EditableEmail(
        key=KEYS["approved"],
        name="Speaker profile: changes approved",
        recipient="A speaker",
        sent_when="An editor approves the changes they made to their profile",
        template="speakers/emails/change_approved",
        subject="Your speaker profile changes are live",
        body=(
            "An editor approved the changes to your speaker profile: they now show "
            "on your speaker page and in the programme."
        ),
        placeholders={"name": "The speaker's name"},
        sample_values={"name": "Alex Sample"},
        sample_context=_SAMPLE_CONTEXT,
        fixed="The heading, the greeting, the link to the profile and the footer.",
    ),
    EditableEmail(
        key=KEYS["rejected"],
        name="Speaker profile: changes not accepted",
        recipient="A speaker",
        sent_when="An editor does not accept the changes they made to their profile",
        template="speakers/emails/change_rejected",
        subject="Your speaker profile changes were not accepted",
        body=(
            "An editor did not accept the changes to your speaker profile. Your "
            "profile stays as it was.\n\n"
            "The reason they gave:"
        ),
        placeholders={"name": "The speaker's name"},
        sample_values={"name": "Alex Sample"},
        sample_context=_SAMPLE_CONTEXT,
        fixed=(
            "The heading, the greeting, the editor's reason, the link to try again "
            "and the footer."
        ),
    ),
]


def register_emails():
    email_texts.register(*EMAILS)
