import datetime
from unittest import mock

import pytest
from django.core import mail
from django.utils import timezone

from signatories import links, services
from signatories.choices import AuditAction, SignatoryStatus
from signatories.logos import process_logo
from signatories.models import Signatory
from tests.factories import StaffUserFactory, VerifiedUserFactory
from tests.factories.signatories import (
    PendingSignatoryFactory,
    SignatoryFactory,
    UnconfirmedSignatoryFactory,
)

from .conftest import emailed_link, image_file

pytestmark = pytest.mark.django_db


@pytest.fixture
def submit(signature, django_capture_on_commit_callbacks):
    def submit(**changes):
        with django_capture_on_commit_callbacks(execute=True):
            return services.submit_signature(**{**signature, **changes})

    return submit


@pytest.fixture
def moderator(db):
    return StaffUserFactory(groups=["Moderators"])


def token_from(message, purpose):
    path = emailed_link(message, f"/signatories/{purpose}/")
    return path.split("/")[3]


def test_submit_saves_an_unconfirmed_signature_with_its_commitments(
    submit, commitments
):
    signatory = submit()

    signatory = Signatory.objects.get(pk=signatory.pk)
    assert signatory.status == SignatoryStatus.UNCONFIRMED
    assert signatory.slug == "fenland-community-energy"
    assert set(signatory.commitments.all()) == set(commitments[:2])
    assert signatory.audit_entries.get().action == AuditAction.SUBMITTED


def test_submit_emails_the_contact_a_confirmation_link(submit):
    submit()

    [message] = mail.outbox
    assert message.to == ["sam@fenland-energy.example.org"]
    assert "Confirm Fenland Community Energy's signature" in message.subject
    assert "/signatories/confirm/" in message.body
    assert "/signatories/confirm/" in message.alternatives[0][0]


def test_submit_refuses_the_same_organisation_by_name(submit):
    first = submit()

    with pytest.raises(services.DuplicateSignatory) as caught:
        submit(name="The Fenland Community Energy Ltd.", website="")

    assert caught.value.existing == first
    assert Signatory.objects.count() == 1


def test_submit_refuses_the_same_organisation_by_website_domain(submit):
    submit()

    with pytest.raises(services.DuplicateSignatory):
        submit(name="FCE", website="http://www.fenland-energy.example.org/join")


def test_a_shared_host_is_not_a_duplicate(submit):
    submit(website="https://www.facebook.com/fenlandenergy")

    other = submit(name="Ely Growers", website="https://facebook.com/elygrowers")

    assert other.status == SignatoryStatus.UNCONFIRMED


def test_withdrawn_and_rejected_organisations_may_sign_again(submit):
    SignatoryFactory(name="Fenland Community Energy", status="withdrawn")
    SignatoryFactory(
        name="Other", website="https://fenland-energy.example.org/", status="rejected"
    )

    assert submit().status == SignatoryStatus.UNCONFIRMED


def test_an_abandoned_unconfirmed_signature_does_not_block_signing_again(submit):
    stale = UnconfirmedSignatoryFactory(name="Fenland Community Energy")
    Signatory.objects.filter(pk=stale.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=4)
    )

    fresh = submit()

    assert fresh.pk != stale.pk
    assert not Signatory.objects.filter(pk=stale.pk).exists()


def test_signed_in_contact_with_that_verified_address_skips_confirmation(submit):
    user = VerifiedUserFactory(email="sam@fenland-energy.example.org")

    signatory = submit(user=user)

    assert signatory.status == SignatoryStatus.PENDING
    assert signatory.user == user
    assert mail.outbox == []


def test_signed_in_user_with_another_address_still_confirms_by_email(submit):
    signatory = submit(user=VerifiedUserFactory(email="someone@example.org"))

    assert signatory.status == SignatoryStatus.UNCONFIRMED
    assert len(mail.outbox) == 1


def test_submit_stores_the_logo_with_its_dimensions(submit):
    signatory = submit(logo=process_logo(image_file("JPEG", size=(900, 300))))

    assert signatory.logo.name.endswith(".png")
    assert (signatory.logo_width, signatory.logo_height) == (400, 133)


def test_confirm_moves_the_signature_to_moderation_once(submit):
    submit()
    token = token_from(mail.outbox[0], "confirm")

    signatory = services.confirm_signature(token=token)

    assert signatory.status == SignatoryStatus.PENDING
    assert signatory.confirmed_at is not None
    with pytest.raises(services.LinkError) as caught:
        services.confirm_signature(token=token)
    assert caught.value.reason == "used"


def test_confirm_rejects_tampered_and_expired_links(submit, settings):
    signatory = submit()
    token = links.make_token(signatory, links.CONFIRM)

    with pytest.raises(services.LinkError) as tampered:
        services.confirm_signature(token=token[:-2] + "xx")
    with pytest.raises(services.LinkError) as wrong_purpose:
        services.confirm_signature(token=links.make_token(signatory, links.MANAGE))
    assert tampered.value.reason == wrong_purpose.value.reason == "invalid"

    later = timezone.now() + datetime.timedelta(days=3, minutes=1)
    with (
        mock.patch("time.time", return_value=later.timestamp()),
        pytest.raises(services.LinkError) as expired,
    ):
        services.confirm_signature(token=token)
    assert expired.value.reason == "expired"
    signatory.refresh_from_db()
    assert signatory.status == SignatoryStatus.UNCONFIRMED


def test_approve_publishes_and_emails_a_manage_link(
    moderator, django_capture_on_commit_callbacks
):
    signatory = PendingSignatoryFactory(contact_email="pat@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        services.approve_signatory(signatory=signatory, user=moderator)

    signatory.refresh_from_db()
    assert signatory.status == SignatoryStatus.APPROVED
    assert signatory.approved_at is not None
    entry = signatory.audit_entries.get()
    assert (entry.action, entry.user) == (AuditAction.APPROVED, moderator)
    [message] = mail.outbox
    assert message.to == ["pat@example.org"]
    assert "is now on the Shared Ambition register" in message.subject
    assert "/signatories/manage/" in message.body


def test_only_entries_awaiting_moderation_can_be_approved(moderator):
    for signatory in (UnconfirmedSignatoryFactory(), SignatoryFactory()):
        with pytest.raises(services.SignatoryError):
            services.approve_signatory(signatory=signatory, user=moderator)


def test_reject_needs_a_reason_and_emails_it(
    moderator, django_capture_on_commit_callbacks
):
    signatory = PendingSignatoryFactory()

    with pytest.raises(services.SignatoryError):
        services.reject_signatory(signatory=signatory, user=moderator, reason="  ")
    with django_capture_on_commit_callbacks(execute=True):
        services.reject_signatory(
            signatory=signatory, user=moderator, reason="We could not verify you."
        )

    signatory.refresh_from_db()
    assert signatory.status == SignatoryStatus.REJECTED
    assert signatory.audit_entries.get().reason == "We could not verify you."
    [message] = mail.outbox
    assert "was not accepted" in message.subject
    assert "We could not verify you." in message.body


def _update(signatory, commitments, **changes):
    fields = {
        "name": signatory.name,
        "organisation_type": signatory.organisation_type,
        "district": signatory.district,
        "website": signatory.website,
        "pledge": signatory.pledge,
        "commitments": commitments,
        "contact_name": signatory.contact_name,
        "contact_role": signatory.contact_role,
    }
    return services.update_signature(signatory=signatory, **{**fields, **changes})


def test_update_before_approval_changes_the_entry_at_once(commitments):
    signatory = PendingSignatoryFactory(commitments=commitments[:1])

    _update(signatory, commitments[2:4], pledge="A better pledge.")

    signatory.refresh_from_db()
    assert signatory.pledge == "A better pledge."
    assert list(signatory.commitments.all()) == commitments[2:4]
    assert signatory.pending_update is None


def test_update_after_approval_waits_for_a_moderator(
    commitments, moderator, django_capture_on_commit_callbacks
):
    signatory = SignatoryFactory(name="Old Name", commitments=commitments[:1])

    _update(signatory, commitments[1:2], name="New Name", contact_role="CEO")

    signatory.refresh_from_db()
    assert signatory.name == "Old Name"
    assert signatory.contact_role == "CEO"
    assert list(signatory.commitments.all()) == commitments[:1]
    assert signatory.pending_update["name"] == "New Name"

    with django_capture_on_commit_callbacks(execute=True):
        services.approve_signatory(signatory=signatory, user=moderator)

    signatory.refresh_from_db()
    assert signatory.name == "New Name"
    assert signatory.normalised_name == "new name"
    assert list(signatory.commitments.all()) == commitments[1:2]
    assert signatory.pending_update is None
    assert "Your changes to New Name's entry are published" in mail.outbox[0].subject


def test_rejecting_an_update_keeps_the_public_entry(
    commitments, moderator, django_capture_on_commit_callbacks
):
    signatory = SignatoryFactory(name="Old Name")
    _update(signatory, commitments[:1], name="Rude Name", logo=image_file())
    signatory.refresh_from_db()
    pending_logo = signatory.pending_logo.name

    with django_capture_on_commit_callbacks(execute=True):
        services.reject_signatory(
            signatory=signatory, user=moderator, reason="Not your name."
        )

    signatory.refresh_from_db()
    assert signatory.status == SignatoryStatus.APPROVED
    assert signatory.name == "Old Name"
    assert signatory.pending_update is None
    assert not signatory.pending_logo.storage.exists(pending_logo)
    assert "were not accepted" in mail.outbox[0].subject


def test_approving_an_update_swaps_the_logo(commitments, moderator):
    signatory = SignatoryFactory()
    _update(signatory, commitments[:1], logo=image_file(size=(64, 64)))
    signatory.refresh_from_db()

    services.approve_signatory(signatory=signatory, user=moderator)

    signatory.refresh_from_db()
    assert signatory.logo and (signatory.logo_width, signatory.logo_height) == (64, 64)
    assert not signatory.pending_logo


def test_update_cannot_take_another_organisations_name(commitments):
    SignatoryFactory(name="Taken Name")
    signatory = PendingSignatoryFactory()

    with pytest.raises(services.SignatoryError):
        _update(signatory, commitments[:1], name="taken name")


def test_a_manage_link_serves_several_updates_then_a_withdrawal(commitments):
    signatory = SignatoryFactory(name="Ely Growers")
    token = links.make_token(signatory, links.MANAGE)

    for pledge in ("A first change.", "A second change."):
        entry, nonce = services.signatory_for_link(token=token, purpose=links.MANAGE)
        _update(entry, commitments[:1], pledge=pledge, nonce=nonce)
    entry, nonce = services.signatory_for_link(token=token, purpose=links.MANAGE)
    services.withdraw_signature(signatory=entry, nonce=nonce)

    signatory.refresh_from_db()
    assert signatory.status == SignatoryStatus.WITHDRAWN
    assert [entry.action for entry in signatory.audit_entries.order_by("pk")] == [
        AuditAction.UPDATE_SUBMITTED,
        AuditAction.UPDATE_SUBMITTED,
        AuditAction.WITHDRAWN,
    ]
    with pytest.raises(services.LinkError) as caught:
        services.signatory_for_link(token=token, purpose=links.MANAGE)
    assert (caught.value.reason, caught.value.signatory) == ("used", signatory)


def test_a_link_made_before_a_withdrawal_changes_nothing(commitments):
    signatory = SignatoryFactory()
    nonce = signatory.link_nonce
    services.withdraw_signature(signatory=signatory, nonce=nonce)

    with pytest.raises(services.LinkError):
        _update(signatory, commitments[:1], nonce=nonce)
    signatory.refresh_from_db()
    assert signatory.pending_update is None


def test_an_expired_link_still_names_its_entry():
    signatory = SignatoryFactory()
    token = links.make_token(signatory, links.MANAGE)

    later = timezone.now() + datetime.timedelta(days=7, minutes=1)
    with (
        mock.patch("time.time", return_value=later.timestamp()),
        pytest.raises(services.LinkError) as expired,
    ):
        services.signatory_for_link(token=token, purpose=links.MANAGE)

    assert (expired.value.reason, expired.value.signatory) == ("expired", signatory)


def _long_after(purpose):
    later = timezone.now() + links.MAX_AGE[purpose] + datetime.timedelta(days=30)
    return mock.patch("time.time", return_value=later.timestamp())


@pytest.mark.parametrize(
    "factory, purpose, emailed",
    [
        (SignatoryFactory, links.MANAGE, "/signatories/manage/"),
        (PendingSignatoryFactory, links.CONFIRM, "/signatories/manage/"),
        (UnconfirmedSignatoryFactory, links.CONFIRM, "/signatories/confirm/"),
    ],
)
def test_an_old_link_gets_its_contact_a_link_that_works_now(factory, purpose, emailed):
    signatory = factory(contact_email="contact@elygrowers.example.org")
    token = links.make_token(signatory, purpose)

    with _long_after(purpose):
        assert services.send_fresh_link(token=token, purpose=purpose) == signatory

    [message] = mail.outbox
    assert message.to == ["contact@elygrowers.example.org"]
    fresh = emailed_link(message, emailed).split("/")[3]
    kind = links.MANAGE if "manage" in emailed else links.CONFIRM
    assert services.signatory_for_link(token=fresh, purpose=kind)[0] == signatory


def test_no_fresh_link_for_an_entry_that_has_left_or_a_forged_token():
    withdrawn = SignatoryFactory(status=SignatoryStatus.WITHDRAWN)
    rejected = PendingSignatoryFactory(status=SignatoryStatus.REJECTED)
    token = links.make_token(SignatoryFactory(), links.MANAGE)

    for signatory in (withdrawn, rejected):
        old = links.make_token(signatory, links.MANAGE)
        assert services.send_fresh_link(token=old, purpose=links.MANAGE) is None
    assert services.send_fresh_link(token=token + "x", purpose=links.MANAGE) is None
    assert services.send_fresh_link(token=token, purpose=links.CONFIRM) is None
    assert mail.outbox == []


def test_withdraw_takes_the_entry_off_the_register_and_says_so(
    django_capture_on_commit_callbacks,
):
    signatory = SignatoryFactory(pending_update={"name": "x"})

    with django_capture_on_commit_callbacks(execute=True):
        services.withdraw_signature(signatory=signatory)

    signatory.refresh_from_db()
    assert signatory.status == SignatoryStatus.WITHDRAWN
    assert signatory.pending_update is None
    assert not Signatory.objects.public().exists()
    assert signatory.audit_entries.get().by_contact
    assert "has left the Shared Ambition register" in mail.outbox[0].subject


def test_request_manage_link_emails_the_contact_only(commitments):
    SignatoryFactory(
        name="Ely Growers",
        website="https://elygrowers.example.org",
        contact_email="contact@elygrowers.example.org",
    )

    services.request_manage_link(organisation="ely growers ltd")
    services.request_manage_link(organisation="www.elygrowers.example.org")
    services.request_manage_link(organisation="Nobody Here")

    assert [message.to for message in mail.outbox] == [
        ["contact@elygrowers.example.org"],
        ["contact@elygrowers.example.org"],
    ]
    assert "/signatories/manage/" in mail.outbox[0].body


def test_request_manage_link_resends_confirmation_when_unconfirmed():
    UnconfirmedSignatoryFactory(name="Ely Growers")

    services.request_manage_link(organisation="Ely Growers")

    assert "/signatories/confirm/" in mail.outbox[0].body


def test_a_simultaneous_duplicate_is_caught_by_the_database(submit):
    first = submit()

    # As if another request had signed between our check and our insert.
    with (
        mock.patch.object(services, "_clear_the_way", side_effect=[None, first]),
        pytest.raises(services.DuplicateSignatory) as caught,
    ):
        submit(name="Fenland Community Energy Ltd")

    assert caught.value.existing == first
    assert Signatory.objects.count() == 1
