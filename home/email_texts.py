"""Email texts Event managers may edit (docs/emails.md#editing-email-texts).

Each feature registers the emails it sends to attendees, bookers and signatories
as `EditableEmail`s (`register`, called from its AppConfig.ready), so this module
knows them without importing any feature. An editable email keeps its layout,
greeting, details, buttons and footer in its templates; only its subject and its
main paragraphs come from here: the text the code ships (`EditableEmail.subject`
and `body`), or an `home.models.EmailText` override, a summit's before the
site-wide one.

Placeholders are written `{name}`. `placeholder_problems` refuses unknown names
and stray braces when an override is saved; `fill` never raises: a value is
escaped for the HTML part, and a placeholder the email no longer offers renders
empty and is logged.
"""

import logging
import re
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import F, Q
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from . import page_cache
from .models import EmailText

logger = logging.getLogger(__name__)

PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
NAME = re.compile(r"^[a-z][a-z0-9_]*$")
PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


@dataclass(frozen=True)
class EditableEmail:
    """One email whose subject and main paragraphs Event managers may edit.

    `placeholders` maps each name to what it stands for (shown beside the editor);
    `sample_values` gives each an invented value and `sample_context` the rest of
    the template's context, both for an invented person (never a real row), for the
    preview and the test send. `per_summit` emails may be edited for one summit.
    `fixed` says, for editors, what the code still writes around the text."""

    key: str
    name: str
    recipient: str
    sent_when: str
    template: str
    subject: str
    body: str
    placeholders: dict
    sample_values: dict
    sample_context: dict = field(default_factory=dict)
    per_summit: bool = False
    fixed: str = ""


_REGISTRY = {}
_SUMMIT_PAGES = []


def register(*emails):
    """Add emails to the registry; their default texts must pass their own check."""
    for email in emails:
        if set(email.sample_values) != set(email.placeholders):
            raise ValueError(f"{email.key}: sample values must match placeholders")
        for text in (email.subject, email.body):
            if placeholder_problems(text, email.placeholders):
                raise ValueError(f"{email.key}: bad placeholder in default text")
        _REGISTRY[email.key] = email


def register_summit_pages(pages):
    """`pages()` returns the pages a per-summit email may be edited for (events
    registers its summit pages), so the admin lists them without importing events."""
    _SUMMIT_PAGES[:] = [pages]


def summit_pages():
    return list(_SUMMIT_PAGES[0]()) if _SUMMIT_PAGES else []


def registered():
    return sorted(_REGISTRY.values(), key=lambda email: email.name)


def get(key):
    return _REGISTRY.get(key)


def placeholder_problems(text, allowed):
    """What is wrong with the placeholders in `text`, as messages naming each bad
    one; [] when every `{name}` is one of `allowed` and no brace is stray."""
    problems = []
    for match in PLACEHOLDER.finditer(text):
        name = match.group(1).strip()
        if not NAME.match(name):
            problems.append(
                _(
                    "“%(placeholder)s” is not a placeholder: write a name from the "
                    "list in braces, such as {name}."
                )
                % {"placeholder": match.group(0)}
            )
        elif name not in allowed:
            problems.append(
                _(
                    "“%(placeholder)s” is not a placeholder this email offers. Use "
                    "one of: %(allowed)s."
                )
                % {
                    "placeholder": match.group(0),
                    "allowed": ", ".join(f"{{{key}}}" for key in allowed),
                }
            )
    rest = PLACEHOLDER.sub("", text)
    if "{" in rest or "}" in rest:
        problems.append(
            _(
                "A brace has no partner: placeholders are a name between one { and "
                "one }, such as {name}."
            )
        )
    return problems


def fill(text, values, *, key="", html=False):
    """`text` with each `{name}` replaced by its value (escaped when `html`). Never
    raises: an unknown name renders empty and is logged."""

    def value(match):
        name = match.group(1).strip()
        if name not in values:
            logger.warning("Email text %s: placeholder %s has no value", key, name)
            return ""
        text = str(values[name] if values[name] is not None else "")
        return escape(text) if html else text

    if not html:
        return PLACEHOLDER.sub(value, text)
    # Escape the editor's words, then the values, each once.
    parts, last = [], 0
    for match in PLACEHOLDER.finditer(text):
        parts.append(escape(text[last : match.start()]))
        parts.append(value(match))
        last = match.end()
    parts.append(escape(text[last:]))
    return "".join(parts)


@dataclass(frozen=True)
class Request:
    """What an editable email asks for when it is rendered: its key, the summit page
    it concerns (or None), its placeholder values, and, for a preview, the unsaved
    (subject, body) to use instead of the stored text."""

    key: str
    page_id: int | None
    values: dict
    text: tuple | None = None


@dataclass(frozen=True)
class Rendered:
    subject: str
    paragraphs: list  # safe HTML, one per paragraph
    text: str  # the plain-text part's paragraphs


def stored_text(*, key, page_id):
    """The override in force for `key`: the summit's, else the site-wide one, else
    None (one query)."""
    scope = Q(page__isnull=True)
    if page_id:
        scope |= Q(page_id=page_id)
    return (
        EmailText.objects.filter(scope, key=key)
        .order_by(F("page_id").asc(nulls_last=True))
        .first()
    )


def _kept_text(*, key, page_id):
    """`stored_text`'s (subject, body), or () when there is none: kept until
    content next changes (an edit renews it, `EmailText`), since every email asks."""

    def read():
        text = stored_text(key=key, page_id=page_id)
        return () if text is None else (text.subject, text.body)

    return page_cache.remember(None, f"email-text:{key}:{page_id}", read)


def render(request):
    """The subject and main paragraphs for `request`, never raising."""
    email = get(request.key)
    subject, body = request.text or (None, None)
    if subject is None:
        override = _kept_text(key=request.key, page_id=request.page_id)
        if override:
            subject, body = override
        elif email is not None:
            subject, body = email.subject, email.body
        else:
            logger.error("Email text %s is not registered", request.key)
            subject, body = "", ""
    values = request.values
    paragraphs = [
        paragraph.strip()
        for paragraph in PARAGRAPH_BREAK.split(body.replace("\r\n", "\n"))
        if paragraph.strip()
    ]
    return Rendered(
        subject=" ".join(fill(subject, values, key=request.key).split()),
        paragraphs=[
            mark_safe(  # noqa: S308 (fill escaped every part)
                fill(paragraph, values, key=request.key, html=True).replace(
                    "\n", "<br>\n"
                )
            )
            for paragraph in paragraphs
        ],
        text="\n\n".join(
            fill(paragraph, values, key=request.key) for paragraph in paragraphs
        ),
    )


class EmailTextError(Exception):
    """A text that can't be saved, with the messages to show."""

    def __init__(self, problems):
        super().__init__("; ".join(problems))
        self.problems = problems


def save_text(*, email, page_id, subject, body):
    """Store `email`'s wording for `page_id` (None: every summit), after checking its
    placeholders. Raises EmailTextError naming each bad one."""
    problems = list(
        dict.fromkeys(
            placeholder_problems(subject, email.placeholders)
            + placeholder_problems(body, email.placeholders)
        )
    )
    if problems:
        raise EmailTextError(problems)
    with transaction.atomic():
        text, _created = EmailText.objects.select_for_update().update_or_create(
            key=email.key,
            page_id=page_id,
            defaults={"subject": subject.strip(), "body": body.strip()},
        )
    return text


def reset_text(*, email, page_id):
    """Remove `email`'s wording for `page_id`: it says the site-wide wording or the
    code's again. Returns whether there was one."""
    deleted, _counts = EmailText.objects.filter(key=email.key, page_id=page_id).delete()
    return bool(deleted)


def current_text(*, email, page_id):
    """(subject, body, edited) as an editor sees it for `page_id`: its own override,
    or what it falls back to (the site-wide one, or the code's)."""
    own = EmailText.objects.filter(key=email.key, page_id=page_id).first()
    if own is not None:
        return own.subject, own.body, True
    fallback = stored_text(key=email.key, page_id=None) if page_id else None
    if fallback is not None:
        return fallback.subject, fallback.body, False
    return email.subject, email.body, False
