"""The retention policy: one setting, one nightly command running every app's
rules, each run logged, the privacy notice generated from the same setting."""

import datetime
import io
import logging

import pytest
import time_machine
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from events.choices import (
    AttendeeStatus,
    CardPaymentStatus,
    InvoiceStatus,
    OrderStatus,
    WaitingListStatus,
)
from events.models import (
    Attendee,
    CardPayment,
    Invoice,
    Order,
    PlaceHold,
    Refund,
    StatusChange,
    WaitingListEntry,
)
from home.models import RetentionPolicy, RetentionRun, SentEmail
from home.retention_registry import months_before, registered_rules
from signatories.models import Signatory
from tests.factories import StaffUserFactory, VerifiedUserFactory
from tests.factories.events import (
    AttendeeFactory,
    OrderFactory,
    SummitIndexPageFactory,
    SummitPageFactory,
    TicketTypeFactory,
    WaitingListEntryFactory,
)
from tests.factories.signatories import SignatoryFactory, UnconfirmedSignatoryFactory

DAY = datetime.timedelta(days=1)
HOUR = datetime.timedelta(hours=1)


def apply_retention(*, at, dry_run=False):
    """Run the command as the scheduler would at `at`; its output."""
    out = io.StringIO()
    with time_machine.travel(at, tick=False):
        call_command("apply_retention", *(["--dry-run"] if dry_run else []), stdout=out)
    return out.getvalue()


@pytest.fixture
def summit(site_pages, framework):
    index = SummitIndexPageFactory(parent=site_pages)
    return SummitPageFactory(parent=index)


@pytest.fixture
def booked(summit):
    """A summit with places of two ticket types (one with needs, one for a
    colleague not yet named), an invoice, a card payment with a refund, a lapsed
    booking and a waiting list."""
    delegate = TicketTypeFactory(summit=summit, name="Delegate")
    speaker = TicketTypeFactory(summit=summit, name="Speaker")
    booker = StaffUserFactory(email="bea@example.org")
    order = OrderFactory(summit=summit, booker=booker, booker_email="bea@example.org")
    ada = AttendeeFactory(
        ticket_type=delegate,
        order=order,
        name="Ada Example",
        email="ada@example.org",
        organisation="Fen Council",
        organisation_type="public-sector",
        district="fenland",
        job_title="Planner",
        accessibility_needs="Step-free route",
        dietary_requirements="Vegan",
        user=booker,
    )
    AttendeeFactory(
        ticket_type=delegate,
        order=order,
        name="",
        email="",
        organisation_type="business",
        district="peterborough",
    )
    # Ada's place came to her from a colleague, who passed it on themselves.
    StatusChange.objects.create(
        order=order,
        attendee=ada,
        from_status="confirmed",
        to_status="confirmed",
        changed_by=VerifiedUserFactory(email="cy.former@example.org"),
        note="Transferred from Cy Former to Ada Example.",
    )
    StatusChange.objects.create(
        order=order, attendee=ada, to_status="confirmed", changed_by=booker
    )
    AttendeeFactory(
        ticket_type=speaker,
        organisation_type="public-sector",
        district="fenland",
        dietary_requirements="No nuts",
    )
    Invoice.objects.create(
        order=order,
        number=1,
        status=InvoiceStatus.PAID,
        billing_organisation="Fen Council",
        billing_address="1 High Street",
        billing_contact="Ada Example",
        billing_email="ada@example.org",
        purchase_order="PO-1",
        amount=12000,
        vat_rate=20,
        issued_at=timezone.now(),
        due_on=timezone.localdate(),
    )
    paid = OrderFactory(summit=summit, booker_email="cy@example.org")
    AttendeeFactory(ticket_type=delegate, order=paid, email="cy@example.org")
    payment = CardPayment.objects.create(
        order=paid,
        status=CardPaymentStatus.PAID,
        amount=9500,
        amount_paid=9500,
        amount_refunded=1000,
        hold_expires_at=timezone.now() + HOUR,
    )
    Refund.objects.create(
        payment=payment, amount=1000, reason="Ada asked by phone", status="succeeded"
    )
    lapsed = OrderFactory(
        summit=summit, status=OrderStatus.EXPIRED, booker_email="gone@example.org"
    )
    AttendeeFactory(
        ticket_type=delegate,
        order=lapsed,
        status=AttendeeStatus.CANCELLED,
        email="gone@example.org",
    )
    WaitingListEntryFactory(ticket_type=delegate)
    return summit


def figures(summit):
    """What year-on-year figures need: places by ticket type, type of
    organisation and area."""
    return sorted(
        Attendee.objects.filter(summit=summit)
        .values_list("ticket_type__name", "status", "organisation_type", "district")
        .annotate(places=Count("pk"))
    )


def test_each_period_changes_exactly_its_data_and_counts_survive(booked):
    # In UTC: whole days from a GMT summit can end in BST.
    end = booked.end.astimezone(datetime.UTC)
    before = figures(booked)
    ada = Attendee.objects.get(email="ada@example.org")
    apply_retention(at=end + 30 * DAY - HOUR)

    ada.refresh_from_db()
    assert ada.accessibility_needs == "Step-free route"
    assert Attendee.objects.exclude(dietary_requirements="").count() == 2
    assert WaitingListEntry.objects.count() == 1

    # An hour after the summit's 30 days: needs go, and the waiting list.
    apply_retention(at=end + 30 * DAY + HOUR)

    ada.refresh_from_db()
    assert (ada.accessibility_needs, ada.dietary_requirements) == ("", "")
    assert not Attendee.objects.exclude(dietary_requirements="").exists()
    assert (ada.name, ada.email, ada.organisation) == (
        "Ada Example",
        "ada@example.org",
        "Fen Council",
    )
    assert not Order.objects.filter(status=OrderStatus.EXPIRED).exists()
    assert not Attendee.objects.filter(email="gone@example.org").exists()
    assert not WaitingListEntry.objects.exists()

    twelve_months = months_before(end, -12)
    apply_retention(at=twelve_months - HOUR)
    ada.refresh_from_db()
    assert ada.email == "ada@example.org"

    apply_retention(at=twelve_months + HOUR)

    ada.refresh_from_db()
    assert ada.name == "(anonymised)"
    assert ada.email == f"anonymised-{ada.pk}@anonymised.invalid"
    # The unnamed place stays unnamed; the history names no one but staff.
    assert Attendee.objects.filter(name="", email="").count() == 1
    assert set(ada.status_changes.values_list("note", "changed_by__email")) == {
        ("", None),
        ("", "bea@example.org"),
    }
    assert (ada.organisation, ada.job_title, ada.user) == ("", "", None)
    assert (ada.organisation_type, ada.district) == ("public-sector", "fenland")
    assert not Attendee.objects.filter(email__endswith="@example.org").exists()
    assert not Order.objects.exclude(booker_email="").exists()
    assert not Order.objects.filter(booker__isnull=False).exists()
    assert figures(booked) == [row for row in before if row[1] != "cancelled"]
    # Payment records stay for their statutory period.
    invoice = Invoice.objects.get()
    assert (invoice.billing_contact, invoice.billing_email) == (
        "Ada Example",
        "ada@example.org",
    )
    assert Refund.objects.get().reason == "Ada asked by phone"
    assert CardPayment.objects.get().amount_paid == 9500

    six_years = months_before(end, -72)
    apply_retention(at=six_years - HOUR)
    assert Invoice.objects.get().billing_email == "ada@example.org"

    apply_retention(at=six_years + HOUR)

    invoice = Invoice.objects.get()
    assert (
        invoice.billing_organisation,
        invoice.billing_contact,
        invoice.billing_email,
        invoice.billing_address,
        invoice.purchase_order,
    ) == ("", "", "", "", "")
    assert (invoice.number, invoice.amount, invoice.status) == (1, 12000, "paid")
    assert Refund.objects.get().reason == ""
    assert Refund.objects.get().amount == 1000
    assert figures(booked) == [row for row in before if row[1] != "cancelled"]


def test_anonymised_places_still_count_as_named_in_the_dashboard(booked):
    from events.organising.badges import badge_holders
    from events.organising.dashboard import summit_figures

    before = summit_figures(booked)

    apply_retention(at=months_before(booked.end, -13))

    after = summit_figures(booked)
    assert after.organisation_types == before.organisation_types
    assert after.districts == before.districts
    assert [
        (line.ticket_type.name, line.sold, line.expected) for line in after.ticket_types
    ] == [
        (line.ticket_type.name, line.sold, line.expected)
        for line in before.ticket_types
    ]
    assert not badge_holders(booked).exists()


def test_a_longer_policy_keeps_data_longer(booked):
    policy = RetentionPolicy.load()
    policy.access_needs_days = 60
    policy.save()

    apply_retention(at=booked.end + 45 * DAY)

    assert Attendee.objects.get(email="ada@example.org").dietary_requirements == "Vegan"

    apply_retention(at=booked.end + 61 * DAY)

    assert Attendee.objects.get(email="ada@example.org").dietary_requirements == ""


def test_unpaid_bookings_with_money_or_an_invoice_are_kept(summit):
    ticket_type = TicketTypeFactory(summit=summit)
    lapsed_at = timezone.now() + HOUR
    never_paid = OrderFactory(
        summit=summit, status=OrderStatus.PENDING, hold_expires_at=lapsed_at
    )
    refunded = OrderFactory(summit=summit, status=OrderStatus.EXPIRED)
    CardPayment.objects.create(
        order=refunded,
        status=CardPaymentStatus.PAID,
        amount=9500,
        amount_paid=9500,
        amount_refunded=9500,
        hold_expires_at=lapsed_at,
    )
    invoiced = OrderFactory(summit=summit, status=OrderStatus.EXPIRED)
    Invoice.objects.create(
        order=invoiced,
        number=2,
        status=InvoiceStatus.CANCELLED,
        amount=12000,
        vat_rate=20,
        issued_at=timezone.now(),
        due_on=timezone.localdate(),
    )
    for order in (never_paid, refunded, invoiced):
        AttendeeFactory(ticket_type=ticket_type, order=order, status="cancelled")
    PlaceHold.objects.create(
        ticket_type=ticket_type, key="k", places=1, expires_at=lapsed_at
    )

    apply_retention(at=lapsed_at + 30 * DAY - HOUR)
    assert Order.objects.count() == 3 and PlaceHold.objects.exists()

    apply_retention(at=lapsed_at + 30 * DAY + HOUR)

    assert set(Order.objects.all()) == {refunded, invoiced}
    assert not PlaceHold.objects.exists()


def test_waiting_list_entries_go_after_they_lapse(summit):
    ticket_type = TicketTypeFactory(summit=summit)
    left = WaitingListEntryFactory(
        ticket_type=ticket_type, status=WaitingListStatus.LEFT
    )
    waiting = WaitingListEntryFactory(ticket_type=ticket_type)

    apply_retention(at=timezone.now() + 31 * DAY)  # before the summit's end + 30

    assert list(WaitingListEntry.objects.all()) == [waiting]
    assert not WaitingListEntry.objects.filter(pk=left.pk).exists()


def test_signatory_contacts_and_unconfirmed_signatures(db):
    abandoned = UnconfirmedSignatoryFactory()
    withdrawn = SignatoryFactory(status="withdrawn", contact_email="old@example.org")
    approved = SignatoryFactory(contact_email="stays@example.org")
    now = timezone.now()

    apply_retention(at=now + 2 * DAY)

    assert Signatory.objects.filter(pk=abandoned.pk).exists()
    withdrawn.refresh_from_db()
    assert withdrawn.contact_email == "old@example.org"

    apply_retention(at=now + 31 * DAY)

    assert not Signatory.objects.filter(pk=abandoned.pk).exists()
    withdrawn.refresh_from_db()
    assert (withdrawn.contact_name, withdrawn.contact_email, withdrawn.user) == (
        "",
        "",
        None,
    )
    assert withdrawn.name  # the organisation's public details stay
    approved.refresh_from_db()
    assert approved.contact_email == "stays@example.org"


def test_sent_emails_and_finished_tasks_go_after_the_log_period(db):
    now = timezone.now()
    SentEmail.objects.create(key="old", recipients="a@example.org", template="t")
    finished = DBTaskResult.objects.create(
        task_path="home.tasks.x",
        status=TaskResultStatus.SUCCESSFUL,
        finished_at=now,
        args_kwargs={"args": [], "kwargs": {}},
        backend_name="default",
        run_after=now,
    )
    waiting = DBTaskResult.objects.create(
        task_path="home.tasks.x",
        status=TaskResultStatus.READY,
        args_kwargs={"args": [], "kwargs": {}},
        backend_name="default",
        run_after=now,
    )

    apply_retention(at=now + 29 * DAY)
    assert SentEmail.objects.exists() and DBTaskResult.objects.count() == 2

    apply_retention(at=now + 31 * DAY)

    assert not SentEmail.objects.exists()
    assert list(DBTaskResult.objects.all()) == [waiting]
    assert not DBTaskResult.objects.filter(pk=finished.pk).exists()


def test_expired_sessions_go_with_what_was_typed_into_them(db):
    now = timezone.now()

    def session(expires):
        store = SessionStore()
        # A booking begun and left: the booker's details wait in the session.
        store["events.booking.1"] = {
            "booker": {"name": "Agnieszka Wójcik", "email": "agnieszka@example.org"}
        }
        store.set_expiry(expires)
        store.save()
        return store.session_key

    abandoned, live = session(now + DAY), session(now + 14 * DAY)

    output = apply_retention(at=now + 2 * DAY)

    assert list(Session.objects.values_list("session_key", flat=True)) == [live]
    assert not Session.objects.filter(session_key=abandoned).exists()
    assert "home.expired_sessions: 1 (Expired sessions, deleted)" in output


def test_dry_run_changes_nothing_and_says_what_would_go(booked):
    def snapshot():
        models = (Attendee, Order, Invoice, Refund, CardPayment, WaitingListEntry)
        models += (StatusChange, PlaceHold, Signatory, SentEmail, DBTaskResult)
        return [list(model.objects.values().order_by("pk")) for model in models]

    before = snapshot()
    at = months_before(booked.end, -80)

    output = apply_retention(at=at, dry_run=True)

    assert snapshot() == before
    run = RetentionRun.objects.get()
    assert run.dry_run
    assert run.counts["events.access_needs"] == 2
    assert run.counts["events.attendees"] == 5
    assert run.counts["events.payments"] == 2  # the invoice and the refund's note
    assert "events.attendees: 5" in output
    assert "dry run: nothing changed" in output
    # The real run changes what the dry run counted.
    apply_retention(at=at)
    assert RetentionRun.objects.get(dry_run=False).counts == run.counts


def test_each_run_is_recorded_and_logged(booked, caplog):
    with caplog.at_level(logging.INFO, logger="home.retention"):
        apply_retention(at=booked.end + 31 * DAY)
        apply_retention(at=booked.end + 32 * DAY)

    first, second = RetentionRun.objects.order_by("started_at", "pk")
    assert not first.dry_run and first.finished_at >= first.started_at
    assert set(first.counts) == {rule.name for rule in registered_rules()}
    assert first.counts["events.access_needs"] == 2
    assert first.counts["events.lapsed_bookings"] == 1
    assert second.counts["events.access_needs"] == 0  # nothing left to erase
    assert second.total == 0
    assert f"Retention run {first.pk}: " in caplog.text
    assert "events.access_needs: 2" in caplog.text


def test_runs_are_listed_read_only_for_administrators_only(client, db):
    apply_retention(at=timezone.now())
    run = RetentionRun.objects.get()
    url = reverse("retention_runs:index")

    client.force_login(StaffUserFactory(groups=["Event managers"]))
    assert client.get(url).status_code in (302, 403)

    client.force_login(StaffUserFactory(is_superuser=True))
    listing = client.get(url)
    assert listing.status_code == 200
    assert "home.sent_emails: 0" in listing.text
    assert (
        client.get(reverse("retention_runs:inspect", args=[run.pk])).status_code == 200
    )
    assert client.get(reverse("retention_runs:edit", args=[run.pk])).status_code in (
        302,
        403,
    )
    assert client.post(reverse("retention_runs:delete", args=[run.pk])).status_code in (
        302,
        403,
    )
    assert RetentionRun.objects.filter(pk=run.pk).exists()


@pytest.mark.parametrize(
    ("field", "too_low", "too_high"),
    [
        ("access_needs_days", 0, 181),
        ("attendee_months", 0, 37),
        ("lapsed_booking_days", 0, 366),
        ("signatory_contact_days", 0, 366),
        ("postcard_days", 0, 366),
        ("payment_years", 5, 11),
        ("log_days", 6, 366),
    ],
)
def test_the_policy_refuses_periods_outside_its_limits(db, field, too_low, too_high):
    policy = RetentionPolicy.load()
    for value in (too_low, too_high):
        setattr(policy, field, value)
        with pytest.raises(ValidationError) as refused:
            policy.full_clean()
        assert field in refused.value.message_dict


def test_the_settings_form_refuses_a_payment_period_under_six_years(client, db):
    client.force_login(StaffUserFactory(is_superuser=True))
    policy = RetentionPolicy.load()
    url = reverse("wagtailsettings:edit", args=["home", "retentionpolicy", policy.pk])
    form = {
        "access_needs_days": 30,
        "attendee_months": 12,
        "lapsed_booking_days": 30,
        "signatory_contact_days": 30,
        "postcard_days": 90,
        "payment_years": 3,
        "log_days": 30,
    }

    refused = client.post(url, form)
    client.post(url, {**form, "payment_years": 7, "access_needs_days": 45})

    assert "Ensure this value is greater than or equal to 6." in refused.text
    policy.refresh_from_db()
    assert (policy.payment_years, policy.access_needs_days) == (7, 45)


def test_the_privacy_notice_shows_the_policy_in_force(client, site_pages):
    notice = client.get("/privacy/")

    assert "How long we keep your information" in notice.text
    assert "30 days after the summit" in notice.text
    assert "12 months after the summit" in notice.text
    assert "6 years after the summit" in notice.text
    assert "14 days after it last changed" in notice.text  # sessions

    policy = RetentionPolicy.load()
    policy.access_needs_days = 14
    policy.attendee_months = 24
    policy.save()
    notice = client.get("/privacy/")

    assert "14 days after the summit" in notice.text
    assert "24 months after the summit" in notice.text
    assert "30 days after the summit" not in notice.text


def test_a_kept_privacy_notice_follows_a_change_of_policy(client, site_pages, settings):
    settings.PAGE_CACHE = True
    client.get("/privacy/")
    assert client.get("/privacy/")["X-Page-Cache"] == "hit"

    policy = RetentionPolicy.load()
    policy.payment_years = 7
    policy.save()
    notice = client.get("/privacy/")

    assert notice["X-Page-Cache"] == "miss"
    assert "7 years after the summit" in notice.text
