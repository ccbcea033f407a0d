"""The organisers' figures (events/dashboard.py)."""

import datetime

import pytest
from django.utils import timezone

from events.choices import AttendeeStatus, CardPaymentStatus, InvoiceStatus
from events.door import services as checkin
from events.models import Attendee, CardPayment, Invoice
from events.organising import dashboard
from tests.factories import StaffUserFactory
from tests.factories.events import (
    AttendeeFactory,
    OrderFactory,
    SummitPageFactory,
    TicketTypeFactory,
    WaitingListEntryFactory,
)
from tests.queries import assert_same_queries_of


@pytest.fixture
def booked(ticket_type):
    """Three live places (two paid), one cancelled, one person waiting, one in."""
    paid = TicketTypeFactory(
        summit=ticket_type.summit, name="Paid place", price=9500, capacity=20
    )
    first = AttendeeFactory(
        ticket_type=paid,
        price=9500,
        organisation_type="public-sector",
        district="fenland",
        dietary_requirements="vegan",
    )
    AttendeeFactory(
        ticket_type=paid,
        price=9500,
        organisation_type="public-sector",
        dietary_requirements=" Vegan ",
    )
    AttendeeFactory(
        ticket_type=ticket_type,
        organisation_type="voluntary",
        accessibility_needs="Step-free access",
    )
    AttendeeFactory(ticket_type=ticket_type, status=AttendeeStatus.CANCELLED)
    WaitingListEntryFactory(ticket_type=paid)
    checkin.check_in(
        summit=ticket_type.summit,
        by=StaffUserFactory(),
        reference=first.reference,
    )
    return ticket_type.summit


def test_figures_per_ticket_type(booked):
    figures = dashboard.summit_figures(booked)

    lines = {line.ticket_type.name: line for line in figures.ticket_types}
    assert (lines["Paid place"].sold, lines["Paid place"].booked_value) == (2, 19000)
    assert lines["Paid place"].booked_value_text == "£190"
    assert (lines["Paid place"].waiting, lines["Paid place"].arrived) == (1, 1)
    assert (lines["Delegate place"].sold, lines["Delegate place"].booked_value) == (
        1,
        0,
    )
    assert (figures.sold, figures.capacity) == (3, 30)
    assert figures.booked_value_text == "£190"
    assert figures.received_text == "£0"
    assert (figures.waiting, figures.arrived, figures.expected) == (1, 1, 3)


def _invoice(order, amount, status):
    return Invoice.objects.create(
        order=order,
        number=Invoice.objects.count() + 1,
        status=status,
        billing_organisation="Fen Council",
        billing_address="1 High Street",
        billing_contact="Ada Example",
        billing_email="ada@example.org",
        purchase_order="PO-1",
        amount=amount,
        vat_rate=20,
        issued_at=timezone.now(),
        due_on=timezone.localdate(),
    )


def test_received_counts_money_in_less_refunds_not_holds_or_unpaid_invoices(
    booked, summit_index
):
    hour = timezone.now() + datetime.timedelta(hours=1)
    CardPayment.objects.create(  # paid, then half refunded
        order=OrderFactory(summit=booked),
        status=CardPaymentStatus.PAID,
        amount=19000,
        amount_paid=19000,
        amount_refunded=9500,
        hold_expires_at=hour,
    )
    CardPayment.objects.create(  # a hold still waiting for Stripe
        order=OrderFactory(summit=booked), amount=9500, hold_expires_at=hour
    )
    _invoice(OrderFactory(summit=booked), 12000, InvoiceStatus.PAID)
    _invoice(OrderFactory(summit=booked), 5000, InvoiceStatus.ISSUED)
    other_summit = SummitPageFactory(parent=summit_index, title="Another summit")
    CardPayment.objects.create(
        order=OrderFactory(summit=other_summit),
        status=CardPaymentStatus.PAID,
        amount=7000,
        amount_paid=7000,
        hold_expires_at=hour,
    )

    figures = dashboard.summit_figures(booked)

    assert figures.received == 9500 + 12000
    assert figures.received_text == "£215"
    assert figures.booked_value_text == "£190"


def test_breakdown_by_organisation_type_and_district(booked):
    figures = dashboard.summit_figures(booked)

    assert [(s.label, s.count) for s in figures.organisation_types] == [
        ("Public sector", 2),
        ("Voluntary or community", 1),
    ]
    assert [(s.label, s.count) for s in figures.districts] == [
        ("Fenland", 1),
        ("Not given", 2),
    ]


def test_bookings_over_time_are_a_running_total_by_uk_day(booked):
    earlier = timezone.now() - datetime.timedelta(days=3)
    Attendee.objects.filter(pk=Attendee.objects.live().first().pk).update(
        created_at=earlier
    )

    figures = dashboard.summit_figures(booked)

    assert [(count, total) for _day, count, total in figures.bookings_by_day] == [
        (1, 1),
        (2, 3),
    ]
    assert figures.bookings_by_day[0][0] == timezone.localdate(earlier)
    chart = figures.bookings_chart
    assert len(chart.points) == 2
    assert chart.points[-1].value == "3 places"
    assert "Places booked" in chart.description


def test_requirements_count_and_list(booked):
    requirements = dashboard.summit_requirements(booked)

    assert [p.accessibility_needs for p in requirements.access_needs] == [
        "Step-free access"
    ]
    assert [(s.label, s.count) for s in requirements.dietary_counts] == [("Vegan", 2)]
    assert len(requirements.dietary) == 2


def test_figures_cost_a_fixed_number_of_queries(booked):
    def grow():
        workshop = TicketTypeFactory(summit=booked, name="Workshop place", capacity=9)
        places = AttendeeFactory.create_batch(
            3,
            ticket_type=workshop,
            organisation_type="business",
            district="peterborough",
        )
        Attendee.objects.filter(pk=places[0].pk).update(
            created_at=timezone.now() - datetime.timedelta(days=2)
        )
        WaitingListEntryFactory(ticket_type=workshop)
        checkin.check_in(
            summit=booked, by=StaffUserFactory(), reference=places[1].reference
        )
        CardPayment.objects.create(
            order=places[2].order,
            status=CardPaymentStatus.PAID,
            amount=9500,
            amount_paid=9500,
            hold_expires_at=timezone.now() + datetime.timedelta(hours=1),
        )
        _invoice(places[0].order, 12000, InvoiceStatus.PAID)

    count = assert_same_queries_of(lambda: dashboard.summit_figures(booked), grow=grow)

    # Six for places, waiting lists, arrivals and breakdowns; two for money received;
    # one for the registration questions (their answers are one more when there are
    # any: tests/events/booking/test_questions.py).
    assert count == 9
    assert len(dashboard.summit_figures(booked).ticket_types) == 3
