"""How long the register keeps contacts (docs/privacy.md#retention).

The rules run nightly from `manage.py apply_retention` with the policy in force
(`home.models.RetentionPolicy`); `SignatoriesConfig.ready()` registers them. Each
opens its own transaction and returns how many entries it changed (with `dry_run`,
would change). Contacts are never published, so erasing one changes no public page.
"""

import datetime

from django.db import models, transaction

from home.retention_registry import register_rule

from . import links
from .choices import SignatoryStatus
from .models import Signatory

_HAS_CONTACT = ~models.Q(contact_name="", contact_role="", contact_email="") | (
    models.Q(user__isnull=False)
)


def erase_signatory_contacts(queryset):
    """Erase the contact name, role, email address and account of the entries in
    `queryset` (the organisation's public details and audit trail stay). Returns
    how many entries had any."""
    return queryset.filter(_HAS_CONTACT).update(
        contact_name="", contact_role="", contact_email="", user=None
    )


def delete_unconfirmed_signatures(*, policy, now, dry_run=False):
    """Delete signatures never confirmed while their confirmation link worked."""
    abandoned = Signatory.objects.filter(
        status=SignatoryStatus.UNCONFIRMED,
        created_at__lt=now - links.MAX_AGE[links.CONFIRM],
    )
    with transaction.atomic():
        if dry_run:
            return abandoned.count()
        _deleted, by_model = (
            # What deleting reads: the files to remove, and the status that says
            # whether a public page changes (`Signatory.page_cache_topic`).
            abandoned.only("pk", "status", "logo", "pending_logo").delete()
        )
    # Signatures, as the dry run counts them (not their audit lines too).
    return by_model.get(Signatory._meta.label, 0)


def erase_departed_contacts(*, policy, now, dry_run=False):
    """Erase the contacts of entries rejected or withdrawn more than
    `policy.signatory_contact_days` ago, kept that long for questions."""
    departed = Signatory.objects.filter(
        status__in=[SignatoryStatus.REJECTED, SignatoryStatus.WITHDRAWN],
        updated_at__lt=now - datetime.timedelta(days=policy.signatory_contact_days),
    )
    with transaction.atomic():
        if dry_run:
            return departed.filter(_HAS_CONTACT).count()
        return erase_signatory_contacts(departed)


def register_rules():
    register_rule(
        "signatories.unconfirmed",
        delete_unconfirmed_signatures,
        description="Signatures never confirmed, deleted",
    )
    register_rule(
        "signatories.contacts",
        erase_departed_contacts,
        description="Contacts of organisations withdrawn or not approved, erased",
    )
