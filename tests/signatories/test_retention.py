"""The register's retention rules (signatories/retention.py); the command that
runs them is tested in tests/home/test_retention.py."""

import datetime

from django.utils import timezone

from home.models import RetentionPolicy
from signatories.models import AuditEntry, Signatory
from signatories.retention import (
    delete_unconfirmed_signatures,
    erase_departed_contacts,
    erase_signatory_contacts,
)
from tests.factories.accounts import UserFactory
from tests.factories.signatories import SignatoryFactory, UnconfirmedSignatoryFactory

DAY = datetime.timedelta(days=1)


def test_unconfirmed_signatures_go_when_their_link_expires(db):
    abandoned = UnconfirmedSignatoryFactory()
    # As signing writes it: deleted with the signature, not counted as one.
    AuditEntry.objects.create(
        signatory=abandoned, action="submitted", status="unconfirmed"
    )
    policy = RetentionPolicy.load()
    now = timezone.now()

    assert delete_unconfirmed_signatures(policy=policy, now=now + 2 * DAY) == 0
    assert (
        delete_unconfirmed_signatures(policy=policy, now=now + 4 * DAY, dry_run=True)
        == 1
    )
    assert Signatory.objects.filter(pk=abandoned.pk).exists()
    assert delete_unconfirmed_signatures(policy=policy, now=now + 4 * DAY) == 1
    assert not Signatory.objects.filter(pk=abandoned.pk).exists()


def test_contacts_of_departed_entries_go_after_the_policy_s_days(db):
    rejected = SignatoryFactory(status="rejected", user=UserFactory())
    AuditEntry.objects.create(signatory=rejected, action="rejected", status="rejected")
    policy = RetentionPolicy.load()
    policy.signatory_contact_days = 10
    now = timezone.now()

    assert erase_departed_contacts(policy=policy, now=now + 9 * DAY) == 0
    assert erase_departed_contacts(policy=policy, now=now + 11 * DAY, dry_run=True) == 1
    rejected.refresh_from_db()
    assert rejected.contact_email
    assert erase_departed_contacts(policy=policy, now=now + 11 * DAY) == 1
    assert erase_departed_contacts(policy=policy, now=now + 12 * DAY) == 0

    rejected.refresh_from_db()
    assert (
        rejected.contact_name,
        rejected.contact_role,
        rejected.contact_email,
        rejected.user,
    ) == ("", "", "", None)
    assert rejected.audit_entries.count() == 1


def test_erase_signatory_contacts_counts_only_entries_with_a_contact(db):
    SignatoryFactory(contact_name="", contact_role="", contact_email="")
    SignatoryFactory()

    assert erase_signatory_contacts(Signatory.objects.all()) == 1
    assert not Signatory.objects.exclude(contact_email="").exists()
