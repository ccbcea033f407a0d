"""What the register holds about a person: the entries they signed as their
organisation's contact. Erasure blanks the contact (as the retention policy does,
signatories/retention.py) of entries no longer on the register or on their way to
it; an entry on the register or awaiting approval needs its contact, who withdraws
it first."""

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from home.personal_data import Erased, Holder, record

from .choices import SignatoryStatus
from .models import Signatory
from .retention import erase_signatory_contacts


def _entries(email):
    return Signatory.objects.filter(
        Q(contact_email__iexact=email) | Q(user__email__iexact=email)
    )


def find_entries(email):
    return [
        record(
            entry,
            ("name", "contact_name", "contact_role", "contact_email", "status"),
            **{_("Signed on"): entry.created_at},
        )
        for entry in _entries(email).order_by("pk")
    ]


def erase_entries(email, *, now):
    entries = _entries(email)
    standing = Q(status__in=[SignatoryStatus.PENDING, SignatoryStatus.APPROVED])
    kept = [
        _(
            "You stay the contact for %(organisation)s while it is on the register "
            "or awaiting approval: withdraw it from its manage link first."
        )
        % {"organisation": entry.name}
        for entry in entries.filter(standing)
    ]
    return Erased(erase_signatory_contacts(entries.exclude(standing)), kept)


HOLDERS = (
    Holder(
        "signatories.signatory",
        gettext_lazy("Signatures for your organisation"),
        find_entries,
        erase_entries,
    ),
)
