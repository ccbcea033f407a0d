"""Writing and moderating ambition postcards (docs/postcards.md).

Each change runs in its own transaction on a locked card and writes a
`PostcardLogEntry`; saving the card bumps the page cache when it joins or leaves
the wall (`Postcard.page_cache_topic`), so the wall, the outcome pages, the big
screen and the open data show it on their next visit.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..choices import PostcardAction, PostcardStatus
from ..models import Postcard, PostcardLogEntry
from .suspect import suspect_reasons


class PostcardError(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


def _log(postcard, action, *, user=None, reason=""):
    PostcardLogEntry.objects.create(
        postcard=postcard,
        action=action,
        status=postcard.status,
        user=user,
        reason=reason,
    )


def postcards_closed_message(summit):
    """Why `summit` takes no postcards now, or "" when it does."""
    if not summit.postcards_open:
        return _("This summit is not collecting ambition postcards.")
    return ""


def write_postcard(*, summit, ambition, outcome, first_name="", district=""):
    """Record a postcard for `summit`. A clean card goes on the wall at once unless
    the summit holds every card; a suspect one (`suspect.suspect_reasons`) is always
    held for a moderator, with the reasons logged. Raises PostcardError when the
    summit takes no postcards."""
    if message := postcards_closed_message(summit):
        raise PostcardError(message)
    reasons = suspect_reasons(ambition, first_name)
    held = bool(reasons) or summit.hold_postcards
    now = timezone.now()
    with transaction.atomic():
        postcard = Postcard.objects.create(
            summit=summit,
            ambition=ambition,
            outcome=outcome,
            first_name=first_name,
            district=district,
            status=PostcardStatus.HELD if held else PostcardStatus.PUBLISHED,
            suspect_reasons=", ".join(reasons),
            published_at=None if held else now,
        )
        _log(postcard, PostcardAction.WRITTEN)
        if reasons:
            why = _("Suspect: %(reasons)s.") % {"reasons": ", ".join(reasons)}
            _log(postcard, PostcardAction.HELD, reason=why)
        elif held:
            _log(
                postcard, PostcardAction.HELD, reason=_("The summit holds every card.")
            )
    return postcard


def _moderate(postcard, *, expected, status, action, user, reason="", message):
    with transaction.atomic():
        postcard = Postcard.objects.select_for_update().get(pk=postcard.pk)
        if postcard.status != expected:
            raise PostcardError(message)
        now = timezone.now()
        postcard.status = status
        postcard.moderated_at = now
        if status == PostcardStatus.PUBLISHED:
            postcard.published_at = now
        postcard.save(update_fields=["status", "moderated_at", "published_at"])
        _log(postcard, action, user=user, reason=reason)
    return postcard


def _required(reason):
    reason = (reason or "").strip()
    if not reason:
        raise PostcardError(_("Give a reason: it is kept in the card's history."))
    return reason


def approve_postcard(*, postcard, user):
    """Put a held card on the wall."""
    return _moderate(
        postcard,
        expected=PostcardStatus.HELD,
        status=PostcardStatus.PUBLISHED,
        action=PostcardAction.APPROVED,
        user=user,
        message=_("Only a card awaiting approval can be approved."),
    )


def reject_postcard(*, postcard, user, reason):
    """Refuse a held card: it never shows. Nobody is told (a card has no contact)."""
    return _moderate(
        postcard,
        expected=PostcardStatus.HELD,
        status=PostcardStatus.REJECTED,
        action=PostcardAction.REJECTED,
        user=user,
        reason=_required(reason),
        message=_("Only a card awaiting approval can be rejected."),
    )


def take_down_postcard(*, postcard, user, reason):
    """Take a card off the wall, the outcome pages, the big screen and the open
    data at once."""
    return _moderate(
        postcard,
        expected=PostcardStatus.PUBLISHED,
        status=PostcardStatus.TAKEN_DOWN,
        action=PostcardAction.TAKEN_DOWN,
        user=user,
        reason=_required(reason),
        message=_("Only a card on the wall can be taken down."),
    )
