"""The register's emails whose subject and main paragraphs Event managers may edit
(`home.email_texts`, docs/emails.md#editing-email-texts). `register_emails` runs
from `signatories.apps.SignatoriesConfig.ready`; `signatories.emails` asks for
each text by key."""

from types import SimpleNamespace

from home import email_texts
from home.email_texts import EditableEmail

# kind (as in signatories.emails.EMAILS) -> key of its editable text
KEYS = {
    "confirm": "signatory-confirm",
    "approved": "signatory-approved",
    "withdrawn": "signatory-withdrawn",
    "manage": "signatory-manage",
    "rejected": "signatory-rejected",
}

SAMPLE_LINK = "https://example.org/sample/register/link/"
_PLACEHOLDERS = {
    "name": "The contact's name",
    "organisation": "The organisation's name",
    "link_days": "How many days the emailed link works",
}
_SAMPLE_VALUES = {
    "name": "Alex Sample",
    "organisation": "Sample Community Trust",
    "link_days": "7",
}
_SAMPLE_CONTEXT = {
    "signatory": SimpleNamespace(
        name="Sample Community Trust", contact_name="Alex Sample"
    ),
    "reason": "",
    "update": False,
    "entry_url": "https://example.org/sample/register/",
    "link": SAMPLE_LINK,
    "link_days": 7,
}

EMAILS = [
    EditableEmail(
        key=KEYS["confirm"],
        name="Register: confirm the signature",
        recipient="An organisation's contact",
        sent_when="An organisation signs up to the register",
        template="signatories/emails/confirm",
        subject="Confirm {organisation}'s signature for the Shared Ambition",
        body=(
            "Thank you for signing {organisation} up to support the Shared Ambition "
            "for Cambridgeshire & Peterborough.\n\n"
            "Please confirm your email address with the link below within "
            "{link_days} days."
        ),
        placeholders=_PLACEHOLDERS,
        sample_values=_SAMPLE_VALUES,
        sample_context=_SAMPLE_CONTEXT,
        fixed=(
            "The heading, the greeting, the confirm link, the paragraphs after it "
            "(moderation, and what to do if you did not sign) and the footer."
        ),
    ),
    EditableEmail(
        key=KEYS["approved"],
        name="Register: signature approved",
        recipient="An organisation's contact",
        sent_when="A moderator approves a new signature",
        template="signatories/emails/approved",
        subject="{organisation} is now on the Shared Ambition register",
        body=(
            "A moderator has approved {organisation}'s signature. Your organisation "
            "now appears on the public register of supporters of the Shared "
            "Ambition:"
        ),
        placeholders=_PLACEHOLDERS,
        sample_values=_SAMPLE_VALUES,
        sample_context=_SAMPLE_CONTEXT,
        fixed=(
            "The heading, the greeting, the link to the entry, the manage link and "
            "its paragraphs, and the footer. Approved changes to an entry keep the "
            "code's own wording."
        ),
    ),
]

EMAILS.append(
    EditableEmail(
        key=KEYS["withdrawn"],
        name="Register: signature withdrawn",
        recipient="An organisation's contact",
        sent_when="They withdraw the organisation's signature",
        template="signatories/emails/withdrawn",
        subject="{organisation} has left the Shared Ambition register",
        body=(
            "You withdrew {organisation}'s signature. The organisation no longer "
            "appears on the public register of supporters of the Shared Ambition."
        ),
        placeholders={key: _PLACEHOLDERS[key] for key in ("name", "organisation")},
        sample_values={key: _SAMPLE_VALUES[key] for key in ("name", "organisation")},
        sample_context=_SAMPLE_CONTEXT,
        fixed="The heading, the greeting, the link to sign again and the footer.",
    )
)

EMAILS += [
    EditableEmail(
        key=KEYS["manage"],
        name="Register: the link to manage the entry",
        recipient="An organisation's contact",
        sent_when="Someone asks for a link to update or withdraw the entry",
        template="signatories/emails/manage",
        subject="Update or withdraw {organisation}'s entry on the Shared Ambition register",
        body=(
            "Someone asked for a link to manage {organisation}'s entry on the "
            "register of organisations supporting the Shared Ambition.\n\n"
            "Use this link to update the entry or withdraw your signature. It works "
            "for {link_days} days, as often as you need, until you withdraw:"
        ),
        placeholders=_PLACEHOLDERS,
        sample_values=_SAMPLE_VALUES,
        sample_context=_SAMPLE_CONTEXT,
        fixed=(
            "The heading, the greeting, the Manage the entry button, the paragraph "
            "after it (if you did not ask for it) and the footer."
        ),
    ),
    EditableEmail(
        key=KEYS["rejected"],
        name="Register: signature not accepted",
        recipient="An organisation's contact",
        sent_when="A moderator rejects a new signature",
        template="signatories/emails/rejected",
        subject="{organisation}'s signature was not accepted",
        body=(
            "A moderator did not accept {organisation}'s signature, so it will not "
            "appear on the register."
        ),
        placeholders={key: _PLACEHOLDERS[key] for key in ("name", "organisation")},
        sample_values={key: _SAMPLE_VALUES[key] for key in ("name", "organisation")},
        sample_context={**_SAMPLE_CONTEXT, "reason": "A sample reason."},
        fixed=(
            "The heading, the greeting, the moderator's reason, the paragraph after "
            "it and the footer. Rejected changes to an entry keep the code's own "
            "wording."
        ),
    ),
]


def register_emails():
    email_texts.register(*EMAILS)
