"""Which postcards a moderator must see before they go up (docs/postcards.md).

A suspect card is held, never refused: the check is deliberately rough, and a
person's ambition mentioning "www" or a strong word may be fine. Words match whole
(`\b` on both sides), so "Scunthorpe", "Penistone" or "cocktail" never trip it.
"""

import re

from django.utils.translation import gettext_lazy as _

# A short list of words no wall at a public summit should show unchecked; each with
# the endings that matter, since a word only matches whole.
PROFANITY = [
    "arsehole", "arseholes", "bastard", "bastards", "bollocks", "cunt", "cunts",
    "fuck", "fucked", "fucker", "fuckers", "fucking", "fucks", "piss", "pissed",
    "shit", "shite", "shits", "shitty", "twat", "twats", "wanker", "wankers",
]  # fmt: skip

_WEB_ADDRESS = re.compile(
    r"https?://|\bwww\.|\b[a-z0-9-]+\.(?:com|org|net|uk|io|co|info|biz|xyz|ly|me)\b",
    re.IGNORECASE,
)
_EMAIL = re.compile(r"[^\s@]+@[^\s@]+\.[^\s@]+")
# Nine or more digits, perhaps split by spaces, dots, dashes or brackets: a UK phone
# number has ten or eleven; years and counts ("500 homes by 2050") have fewer.
_PHONE = re.compile(r"\+?\d(?:[\s().-]*\d){8,}")
_PROFANITY = re.compile(rf"\b(?:{'|'.join(PROFANITY)})\b", re.IGNORECASE)

CHECKS = [
    (_EMAIL, _("an email address")),
    (_WEB_ADDRESS, _("a web address")),
    (_PHONE, _("a phone number")),
    (_PROFANITY, _("a word on the profanity list")),
]


def suspect_reasons(*texts):
    """Why a card with these texts must wait for a moderator: a list of phrases
    ("a web address"), empty when it may go up at once."""
    joined = "\n".join(texts)
    return [str(reason) for pattern, reason in CHECKS if pattern.search(joined)]
