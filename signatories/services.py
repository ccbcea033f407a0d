"""Signing, confirming, moderating, updating and withdrawing signatures.

Every state change runs in its own transaction on a locked row, writes an
`AuditEntry`, and queues its email for after the commit.
"""

from functools import partial

from allauth.account.models import EmailAddress
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from framework.models import Commitment
from home import page_cache

from . import links
from .choices import AuditAction, SignatoryStatus
from .matching import normalise_name, website_domain
from .models import AuditEntry, Signatory
from .tasks import send_signatory_email

# Paths under /signatories/ that belong to the register itself.
RESERVED_SLUGS = {"sign", "manage", "confirm", "yours", "register"}
PUBLIC_FIELDS = ["name", "organisation_type", "district", "website", "pledge"]
MANAGEABLE_STATUSES = [SignatoryStatus.PENDING, SignatoryStatus.APPROVED]
# How many times a new signature is tried at the next free address (see
# `submit_signature`).
SAVE_ATTEMPTS = 5


class SignatoryError(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


class DuplicateSignatory(SignatoryError):
    def __init__(self, existing):
        super().__init__(_("This organisation has already signed."))
        self.existing = existing


class LinkError(SignatoryError):
    """An emailed link that can't be used: `reason` is "invalid", "expired" or
    "used" (a confirmation link already used, or a link made before the entry left
    the register); `signatory` is known unless the link was invalid or its entry has
    since been deleted."""

    def __init__(self, reason, signatory=None):
        super().__init__(_("This link can no longer be used."))
        self.reason = reason
        self.signatory = signatory


def _email(signatory, kind, **extra):
    transaction.on_commit(
        partial(
            send_signatory_email.enqueue, signatory_id=signatory.pk, kind=kind, **extra
        )
    )


def _audit(signatory, action, *, user=None, by_contact=False, reason=""):
    AuditEntry.objects.create(
        signatory=signatory,
        action=action,
        status=signatory.status,
        user=user,
        by_contact=by_contact,
        reason=reason,
    )


def _drop_file(field_file):
    """Clear a logo field now but delete its file only once the change is committed:
    a rolled-back change must still find its file."""
    if field_file:
        storage, name = field_file.storage, field_file.name
        transaction.on_commit(lambda: storage.delete(name))
    setattr(field_file.instance, field_file.field.attname, "")


def _name_taken():
    return SignatoryError(
        _("Another organisation on the register already uses this name or website.")
    )


def _locked(signatory):
    return Signatory.objects.select_for_update().get(pk=signatory.pk)


def _matching(*, name, website):
    """Active signatures from the organisation called `name` or at `website`."""
    match = Q(normalised_name=normalise_name(name))
    if domain := website_domain(website):
        match |= Q(website_domain=domain)
    return Signatory.objects.active().filter(match)


def find_duplicate(*, name, website="", exclude=None):
    """An active signature from the organisation called `name` or at `website`."""
    candidates = _matching(name=name, website=website)
    if exclude is not None:
        candidates = candidates.exclude(pk=exclude.pk)
    return candidates.order_by("pk").first()


def _clear_the_way(*, name, website):
    """The active signature from the organisation called `name` or at `website`
    that a new one would duplicate, or None. Its signatures never confirmed within
    the link's lifetime are abandoned: the same query finds them, and they are
    deleted so that they don't block it from signing again."""
    cutoff = timezone.now() - links.MAX_AGE[links.CONFIRM]
    duplicate = None
    for match in _matching(name=name, website=website).order_by("pk"):
        if match.status == SignatoryStatus.UNCONFIRMED and match.created_at < cutoff:
            match.delete()
        elif duplicate is None:
            duplicate = match
    return duplicate


def _slug_for(name):
    slug = slugify(name)[:200] or "organisation"
    return f"{slug}-organisation" if slug in RESERVED_SLUGS else slug


def _unique_slug(name):
    base = _slug_for(name)
    taken = set(
        Signatory.objects.filter(slug__startswith=base).values_list("slug", flat=True)
    )
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


def _has_verified_email(user, email):
    return (
        user is not None
        and user.is_authenticated
        and EmailAddress.objects.filter(
            user=user, email__iexact=email, verified=True
        ).exists()
    )


def submit_signature(
    *,
    name,
    organisation_type,
    district,
    website,
    pledge,
    commitments,
    contact_name,
    contact_role,
    contact_email,
    logo=None,
    user=None,
):
    """Record a new signature and email the contact a link to confirm it.

    A signed-in `user` whose verified address is `contact_email` has already proved
    it, so their signature goes straight to moderation. Raises DuplicateSignatory if
    the organisation (by normalised name or website domain) has an active signature.

    One transaction: the organisation's active signatures (duplicates, and abandoned
    ones to delete), then the entry, its commitments and its audit line; the email
    is queued once it has committed. If the database refuses the entry, either
    the same organisation signed a moment ago (DuplicateSignatory, found when the
    transaction runs again) or its web address is taken: by an organisation that
    left the register, or one whose name makes the same address ("Alpha+Beta" and
    "AlphaBeta", perhaps signing at the same moment); then it gets the next free
    address. Most names are new, so the first try spends no query on addresses.
    """
    confirmed = _has_verified_email(user, contact_email)
    signatory = Signatory(
        name=name,
        slug=_slug_for(name),
        organisation_type=organisation_type,
        district=district,
        website=website,
        pledge=pledge,
        contact_name=contact_name,
        contact_role=contact_role,
        contact_email=contact_email,
        user=user if user is not None and user.is_authenticated else None,
        status=SignatoryStatus.PENDING if confirmed else SignatoryStatus.UNCONFIRMED,
        confirmed_at=timezone.now() if confirmed else None,
    )
    attempt = 1
    while True:
        try:
            with transaction.atomic():
                _record_signature(signatory, logo=logo, commitments=commitments)
            return signatory
        except IntegrityError:
            if attempt == SAVE_ATTEMPTS:
                signatory.logo.delete(save=False)
                raise
            attempt += 1
            signatory.slug = _unique_slug(name)


def _record_signature(signatory, *, logo, commitments):
    if existing := _clear_the_way(name=signatory.name, website=signatory.website):
        signatory.logo.delete(save=False)
        raise DuplicateSignatory(existing)
    if logo and not signatory.logo:
        signatory.logo.save(logo.name, logo, save=False)
    signatory.save()
    # A new entry has no commitments to compare with: one insert, rather than the
    # read and insert of `signatory.commitments.set()`.
    tags = Signatory.commitments.through
    tags.objects.bulk_create(
        tags(signatory=signatory, commitment=commitment) for commitment in commitments
    )
    _audit(
        signatory,
        AuditAction.SUBMITTED,
        user=signatory.user,
        by_contact=True,
        reason=_(
            "Signed through the public form; the contact declared they are "
            "authorised to sign for the organisation."
        ),
    )
    if signatory.status == SignatoryStatus.PENDING:
        _audit(
            signatory,
            AuditAction.CONFIRMED,
            user=signatory.user,
            by_contact=True,
            reason=_("Confirmed by the signed-in account's verified address."),
        )
    else:
        _email(signatory, "confirm")


def signatory_for_link(*, token, purpose):
    """The signatory a link was sent for, with the nonce it carries; raises LinkError
    if the link is tampered with, expired, or already used."""
    try:
        pk, nonce = links.read_token(token, purpose)
    except links.ExpiredLink as expired:
        signatory = Signatory.objects.filter(pk=expired.signatory_id).first()
        raise LinkError("expired", signatory) from None
    except links.BadLink:
        raise LinkError("invalid") from None
    signatory = Signatory.objects.filter(pk=pk).first()
    if signatory is None:
        raise LinkError("invalid")
    if signatory.link_nonce != nonce:
        raise LinkError("used", signatory)
    if purpose == links.CONFIRM and signatory.status != SignatoryStatus.UNCONFIRMED:
        raise LinkError("used", signatory)
    if purpose == links.MANAGE and signatory.status not in MANAGEABLE_STATUSES:
        raise LinkError("used", signatory)
    return signatory, nonce


def _check_nonce(signatory, nonce):
    if nonce is not None and signatory.link_nonce != nonce:
        raise LinkError("used", signatory)


def confirm_signature(*, token):
    """Confirm the contact's email address: the signature joins the moderation queue.
    The link works once."""
    signatory, nonce = signatory_for_link(token=token, purpose=links.CONFIRM)
    with transaction.atomic():
        signatory = _locked(signatory)
        _check_nonce(signatory, nonce)
        if signatory.status != SignatoryStatus.UNCONFIRMED:
            raise LinkError("used", signatory)
        signatory.status = SignatoryStatus.PENDING
        signatory.confirmed_at = timezone.now()
        signatory.link_nonce = links.new_nonce()
        signatory.save(update_fields=["status", "confirmed_at", "link_nonce"])
        _audit(signatory, AuditAction.CONFIRMED, by_contact=True)
    return signatory


def approve_signatory(*, signatory, user):
    """Publish a signature awaiting approval, or apply an approved entry's pending
    update, and tell the contact."""
    with transaction.atomic():
        signatory = _locked(signatory)
        if signatory.status == SignatoryStatus.PENDING:
            signatory.status = SignatoryStatus.APPROVED
            signatory.approved_at = timezone.now()
            signatory.save(update_fields=["status", "approved_at"])
            _audit(signatory, AuditAction.APPROVED, user=user)
            _email(signatory, "approved")
        elif signatory.status == SignatoryStatus.APPROVED and signatory.pending_update:
            _apply_pending_update(signatory)
            _audit(signatory, AuditAction.UPDATE_APPROVED, user=user)
            _email(signatory, "approved", update=True)
        else:
            raise SignatoryError(
                _("Only signatures or updates awaiting approval can be approved.")
            )
    return signatory


def reject_signatory(*, signatory, user, reason):
    """Refuse a signature awaiting approval, or an approved entry's pending update
    (the entry then stays as it was), and email the contact the reason."""
    reason = (reason or "").strip()
    if not reason:
        raise SignatoryError(_("Give a reason: it is sent to the contact."))
    with transaction.atomic():
        signatory = _locked(signatory)
        if signatory.status == SignatoryStatus.PENDING:
            signatory.status = SignatoryStatus.REJECTED
            signatory.save(update_fields=["status"])
            _audit(signatory, AuditAction.REJECTED, user=user, reason=reason)
            _email(signatory, "rejected", reason=reason)
        elif signatory.status == SignatoryStatus.APPROVED and signatory.pending_update:
            _discard_pending_update(signatory)
            _save_unpublished(signatory, "pending_update", "pending_logo")
            _audit(signatory, AuditAction.UPDATE_REJECTED, user=user, reason=reason)
            _email(signatory, "rejected", reason=reason, update=True)
        else:
            raise SignatoryError(
                _("Only signatures or updates awaiting approval can be rejected.")
            )
    return signatory


def fresh_link_email(signatory):
    """The email that gives the contact a working link now: "confirm" while the
    signature is unconfirmed, "manage" while the entry stands, None once it has left
    the register (rejected or withdrawn), when no link can help."""
    if signatory.status == SignatoryStatus.UNCONFIRMED:
        return "confirm"
    if signatory.status in MANAGEABLE_STATUSES:
        return "manage"
    return None


def _send_fresh_link(signatory):
    kind = fresh_link_email(signatory)
    if kind is not None:
        send_signatory_email.enqueue(signatory_id=signatory.pk, kind=kind)
    return kind


def request_manage_link(*, organisation):
    """Email a fresh link to the contact of the organisation named (or whose website
    is) `organisation`: a manage link once confirmed, else a new confirmation link.
    Says nothing about whether one was found, so the form reveals no addresses."""
    signatory = find_duplicate(name=organisation, website=organisation)
    if signatory is not None:
        _send_fresh_link(signatory)


def send_fresh_link(*, token, purpose):
    """Email the contact of the entry an old link was made for (expired, used or
    replaced, but genuine) a link that works now, as `request_manage_link` would.
    Only the contact on file receives it. Returns the signatory, or None when the
    token is not genuine, its entry is gone, or no link could help it."""
    try:
        pk, _nonce = links.read_token(token, purpose)
    except links.ExpiredLink as expired:
        pk = expired.signatory_id
    except links.BadLink:
        return None
    signatory = Signatory.objects.filter(pk=pk).first()
    if signatory is None or _send_fresh_link(signatory) is None:
        return None
    return signatory


def _set_commitment_slugs(signatory, slugs):
    signatory.commitments.set(Commitment.objects.filter(slug__in=slugs))


def update_signature(
    *,
    signatory,
    name,
    organisation_type,
    district,
    website,
    pledge,
    commitments,
    contact_name,
    contact_role,
    logo=None,
    remove_logo=False,
    nonce=None,
    user=None,
):
    """Change an entry at its contact's request.

    Before approval the entry changes at once (it is still in the queue). Once
    public, the changes wait in `pending_update` for a moderator and the public
    entry stays as it was. The contact's name and role change at once. `nonce` is
    the emailed link's, checked but kept: the link goes on working for further
    updates and a withdrawal.
    """
    with transaction.atomic():
        signatory = _locked(signatory)
        _check_nonce(signatory, nonce)
        if signatory.status not in MANAGEABLE_STATUSES:
            raise SignatoryError(_("This entry can no longer be changed."))
        if find_duplicate(name=name, website=website, exclude=signatory):
            raise _name_taken()
        signatory.contact_name = contact_name
        signatory.contact_role = contact_role
        changes = {
            "name": name,
            "organisation_type": organisation_type,
            "district": district,
            "website": website,
            "pledge": pledge,
        }
        logo_action = "replace" if logo else "remove" if remove_logo else "keep"
        if signatory.status == SignatoryStatus.PENDING:
            for field, value in changes.items():
                setattr(signatory, field, value)
            if logo_action != "keep":
                _drop_file(signatory.logo)
            if logo:
                signatory.logo.save(logo.name, logo, save=False)
            signatory.commitments.set(commitments)
            try:
                with transaction.atomic():
                    signatory.save()
            except IntegrityError:
                raise _name_taken() from None
            action = AuditAction.UPDATED
        else:
            _discard_pending_update(signatory)
            signatory.pending_update = {
                **changes,
                "commitments": [commitment.slug for commitment in commitments],
                "logo": logo_action,
            }
            if logo:
                signatory.pending_logo.save(logo.name, logo, save=False)
            _save_unpublished(
                signatory,
                "contact_name",
                "contact_role",
                "pending_update",
                "pending_logo",
            )
            action = AuditAction.UPDATE_SUBMITTED
        _audit(signatory, action, user=user, by_contact=True)
    return signatory


def _apply_pending_update(signatory):
    changes = signatory.pending_update
    if find_duplicate(
        name=changes["name"], website=changes["website"], exclude=signatory
    ):
        raise _name_taken()
    for field in PUBLIC_FIELDS:
        setattr(signatory, field, changes[field])
    if changes["logo"] in ("replace", "remove"):
        _drop_file(signatory.logo)
    if changes["logo"] == "replace":
        # The checked upload moves over; assigning it also sets the dimensions.
        signatory.logo = signatory.pending_logo.name
    _set_commitment_slugs(signatory, changes["commitments"])
    signatory.pending_update = None
    signatory.pending_logo = ""
    signatory.save()


def _save_unpublished(signatory, *fields):
    """Write an approved entry's `fields` that show on no public page (its
    contact, changes awaiting a moderator) without `save()`'s signals: no kept page
    is renewed and no search index task queued for what nobody can see."""
    signatory.updated_at = timezone.now()
    Signatory.objects.filter(pk=signatory.pk).update(
        **{field: getattr(signatory, field) for field in (*fields, "updated_at")}
    )


def _discard_pending_update(signatory):
    _drop_file(signatory.pending_logo)
    signatory.pending_update = None


def withdraw_signature(*, signatory, nonce=None, user=None):
    """Take the organisation off the register at once, drop any pending update and
    email the contact to say so. Every link sent for the entry stops working."""
    with transaction.atomic():
        signatory = _locked(signatory)
        _check_nonce(signatory, nonce)
        if signatory.status not in MANAGEABLE_STATUSES:
            raise SignatoryError(_("This entry has already left the register."))
        was_public = signatory.is_public
        _discard_pending_update(signatory)
        signatory.status = SignatoryStatus.WITHDRAWN
        signatory.link_nonce = links.new_nonce()
        signatory.save()
        if was_public:
            # Off the register; a withdrawn entry's own saves change no page.
            page_cache.changed()
        _audit(signatory, AuditAction.WITHDRAWN, user=user, by_contact=True)
        _email(signatory, "withdrawn")
    return signatory
