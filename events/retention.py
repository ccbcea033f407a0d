"""How long the summits' personal data is kept (docs/privacy.md#retention).

The rules run nightly from `manage.py apply_retention` with the policy in force
(`home.models.RetentionPolicy`); `EventsConfig.ready()` registers them. Each opens
its own transaction and returns how many rows it changed (with `dry_run`, would
change). The helpers that erase or anonymise a queryset are public: erasing one
person's data on request uses them too.

Anonymising keeps every row and what year-on-year figures need: the place, its
order, ticket type, status, price, type of organisation, area and check-ins. An
anonymised place keeps a placeholder address (`anonymised-<id>@anonymised.invalid`,
a domain that can never receive mail) so it still counts as a named place in the
dashboard's breakdowns and the door's expected numbers; it gets no badge or email.
Nothing a public page shows changes (places left stay the same), so the page cache
is not told.
"""

import datetime

from django.db import models, transaction
from django.db.models.functions import Cast, Concat

from home.retention_registry import months_before, register_rule

from .choices import OrderStatus, WaitingListStatus
from .models import (
    AgendaItem,
    Attendee,
    Invoice,
    Order,
    PlaceHold,
    Refund,
    RegistrationAnswer,
    RegistrationQuestion,
    StatusChange,
    WaitingListEntry,
)

ANONYMISED_EMAIL_DOMAIN = "anonymised.invalid"
ANONYMISED_NAME = "(anonymised)"

_HAS_NEEDS = ~models.Q(accessibility_needs="", dietary_requirements="")
_NAMED = ~models.Q(email="") & ~models.Q(email__endswith=f"@{ANONYMISED_EMAIL_DOMAIN}")
# A place that still holds anything about a person (an unnamed place, waiting for a
# colleague, holds nothing but its claim link).
_ATTENDEE_PERSONAL = (
    _NAMED
    | ~models.Q(organisation="", job_title="", intended_name="", intended_email="")
    | _HAS_NEEDS
    | models.Q(user__isnull=False)
    | models.Q(claim_token__isnull=False)
)
_BOOKER_PERSONAL = ~models.Q(booker_email="") | models.Q(booker__isnull=False)
_INVOICE_PERSONAL = ~models.Q(
    billing_organisation="",
    billing_contact="",
    billing_email="",
    billing_address="",
    purchase_order="",
)


# --- Helpers: erase or anonymise what a queryset holds ----------------------------


def erase_access_needs(queryset):
    """Erase the access needs and dietary requirements of the places in
    `queryset`. Returns how many places had any."""
    return queryset.filter(_HAS_NEEDS).update(
        accessibility_needs="", dietary_requirements=""
    )


def _forget_who_changed(history):
    """Staff stay named in an order's history; the people who booked or held the
    places don't."""
    history.filter(changed_by__is_staff=False, changed_by__is_superuser=False).exclude(
        changed_by__groups__isnull=False
    ).update(changed_by=None)


def anonymise_attendees(queryset):
    """Anonymise the places in `queryset`: name, email address, organisation, job
    title, needs, registration answers, the name and address a place was meant
    for, the account, any claim link and the sessions starred on its personal
    agenda go. The place keeps its ticket type, status, price, type of
    organisation, area and check-ins, and a placeholder address so it still counts
    as a named place (an unnamed place stays unnamed, so the figures don't change).
    The places' history loses its notes (a transfer names both holders) and who,
    other than staff, made each change. Returns how many places held anything."""
    # Registration answers and starred sessions are personal whatever they say:
    # they go whether or not the place still names anyone.
    RegistrationAnswer.objects.filter(attendee__in=queryset).delete()
    AgendaItem.objects.filter(attendee__in=queryset).delete()
    places = queryset.filter(_ATTENDEE_PERSONAL)
    history = StatusChange.objects.filter(attendee__in=places)
    history.exclude(note="").update(note="")
    _forget_who_changed(history)
    unnamed = models.Q(email="")
    return places.update(
        name=models.Case(
            models.When(unnamed, then=models.Value("")),
            default=models.Value(ANONYMISED_NAME),
        ),
        email=models.Case(
            models.When(unnamed, then=models.Value("")),
            default=Concat(
                models.Value("anonymised-"),
                Cast("pk", models.CharField()),
                models.Value(f"@{ANONYMISED_EMAIL_DOMAIN}"),
            ),
        ),
        organisation="",
        job_title="",
        accessibility_needs="",
        dietary_requirements="",
        intended_name="",
        intended_email="",
        user=None,
        claim_token=None,
    )


def anonymise_bookers(queryset):
    """Forget who booked the orders in `queryset` (their email address and
    account, and as who changed the order in its history); the order, its
    reference, status and places stay. Returns how many orders still named their
    booker."""
    orders = queryset.filter(_BOOKER_PERSONAL)
    _forget_who_changed(StatusChange.objects.filter(order__in=orders))
    return orders.update(booker=None, booker_email="")


def anonymise_invoices(queryset):
    """Blank the billing organisation, contact, email address, postal address and
    purchase order number of the invoices in `queryset`; the number, amounts,
    dates and status stay. Only once the statutory period is over. Returns how
    many invoices had any."""
    return queryset.filter(_INVOICE_PERSONAL).update(
        billing_organisation="",
        billing_contact="",
        billing_email="",
        billing_address="",
        purchase_order="",
    )


def anonymise_refunds(queryset):
    """Blank the staff's note of why each refund in `queryset` was made (it may
    name someone); the amount, dates and Stripe reference stay. Returns how many
    had a note."""
    return queryset.exclude(reason="").update(reason="")


# --- The rules -------------------------------------------------------------------


def _apply(queryset, helper, *, dry_run, still_personal):
    with transaction.atomic():
        if dry_run:
            return queryset.filter(still_personal).count()
        return helper(queryset)


def erase_needs_after_summit(*, policy, now, dry_run=False):
    """Erase access needs and dietary requirements given for summits that ended
    more than `policy.access_needs_days` ago."""
    cutoff = now - datetime.timedelta(days=policy.access_needs_days)
    return _apply(
        Attendee.objects.filter(summit__end__lt=cutoff),
        erase_access_needs,
        dry_run=dry_run,
        still_personal=_HAS_NEEDS,
    )


def anonymise_attendees_after_summit(*, policy, now, dry_run=False):
    """Anonymise the places of summits that ended more than
    `policy.attendee_months` ago."""
    cutoff = months_before(now, policy.attendee_months)
    return _apply(
        Attendee.objects.filter(summit__end__lt=cutoff),
        anonymise_attendees,
        dry_run=dry_run,
        still_personal=_ATTENDEE_PERSONAL,
    )


def anonymise_bookers_after_summit(*, policy, now, dry_run=False):
    """Forget the bookers of orders for summits that ended more than
    `policy.attendee_months` ago."""
    cutoff = months_before(now, policy.attendee_months)
    return _apply(
        Order.objects.filter(summit__end__lt=cutoff),
        anonymise_bookers,
        dry_run=dry_run,
        still_personal=_BOOKER_PERSONAL,
    )


def _lapsed_orders(cutoff):
    """Orders that never became a booking and lapsed before `cutoff`: expired, or
    still unconfirmed or pending long after their hold ended. Never one with an
    invoice or money taken (those are payment records)."""
    lapsed = models.Q(status=OrderStatus.EXPIRED, updated_at__lt=cutoff) | models.Q(
        status__in=[OrderStatus.UNCONFIRMED, OrderStatus.PENDING],
        hold_expires_at__lt=cutoff,
    )
    return (
        Order.objects.filter(lapsed)
        .exclude(invoice__isnull=False)
        .exclude(card_payment__amount_paid__gt=0)
    )


def delete_lapsed_bookings(*, policy, now, dry_run=False):
    """Delete orders never confirmed or never paid, with their places and
    history, `policy.lapsed_booking_days` after they lapsed; and place holds
    expired as long ago (`release_expired_holds` deletes most of them sooner).
    Returns how many orders and holds went."""
    cutoff = now - datetime.timedelta(days=policy.lapsed_booking_days)
    orders = _lapsed_orders(cutoff)
    holds = PlaceHold.objects.filter(expires_at__lt=cutoff)
    with transaction.atomic():
        if dry_run:
            return orders.count() + holds.count()
        deleted_orders = orders.delete()[1].get(Order._meta.label, 0)
        deleted_holds = holds.delete()[0]
    return deleted_orders + deleted_holds


def drop_waiting_lists(*, policy, now, dry_run=False):
    """Delete waiting-list entries `policy.lapsed_booking_days` after their offer
    lapsed or they left the list, and every entry that long after its summit
    ended."""
    cutoff = now - datetime.timedelta(days=policy.lapsed_booking_days)
    entries = WaitingListEntry.objects.filter(
        models.Q(
            status__in=[WaitingListStatus.EXPIRED, WaitingListStatus.LEFT],
            updated_at__lt=cutoff,
        )
        | models.Q(ticket_type__summit__end__lt=cutoff)
    )
    with transaction.atomic():
        if dry_run:
            return entries.count()
        return entries.delete()[1].get(WaitingListEntry._meta.label, 0)


def anonymise_payments_after_period(*, policy, now, dry_run=False):
    """Anonymise invoices and refund notes of summits that ended more than
    `policy.payment_years` ago (HMRC: at least 6 years)."""
    cutoff = months_before(now, 12 * policy.payment_years)
    invoices = Invoice.objects.filter(order__summit__end__lt=cutoff)
    refunds = Refund.objects.filter(payment__order__summit__end__lt=cutoff)
    with transaction.atomic():
        if dry_run:
            return (
                invoices.filter(_INVOICE_PERSONAL).count()
                + refunds.exclude(reason="").count()
            )
        return anonymise_invoices(invoices) + anonymise_refunds(refunds)


def erase_registration_answers(*, policy, now, dry_run=False):
    """Delete the answers to each registration question once its own
    `retention_days` have passed since its summit ended (the editor sets them per
    question; `policy` doesn't). Deleting a place's answers changes no figure a
    public page shows."""
    # Per question (a summit has a handful), so the sum is plain Python on every
    # database.
    lapsed = [
        pk
        for pk, days, end in RegistrationQuestion.objects.filter(
            summit__end__lt=now
        ).values_list("pk", "retention_days", "summit__end")
        if end + datetime.timedelta(days=days) < now
    ]
    expired = RegistrationAnswer.objects.filter(question_id__in=lapsed)
    with transaction.atomic():
        if dry_run:
            return expired.count()
        return expired.delete()[0]


def register_rules():
    register_rule(
        "events.registration_answers",
        erase_registration_answers,
        description="Answers to registration questions, erased",
    )
    register_rule(
        "events.access_needs",
        erase_needs_after_summit,
        description="Access needs and dietary requirements, erased",
    )
    register_rule(
        "events.attendees",
        anonymise_attendees_after_summit,
        description="Summit places, anonymised",
    )
    register_rule(
        "events.bookers",
        anonymise_bookers_after_summit,
        description="Bookers of orders, anonymised",
    )
    register_rule(
        "events.lapsed_bookings",
        delete_lapsed_bookings,
        description="Bookings never completed and expired holds, deleted",
    )
    register_rule(
        "events.waiting_lists",
        drop_waiting_lists,
        description="Waiting-list entries, deleted",
    )
    register_rule(
        "events.payments",
        anonymise_payments_after_period,
        description="Invoices' billing details and refund notes, anonymised",
    )
