"""Paying in Chromium: a card booking goes to the (fake) Stripe Checkout page and
back to a confirmed ticket, with the webhook arriving before or after the booker;
an invoice booking gets its tickets and invoice at once. Axe checks every page."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from events.choices import OrderStatus
from events.models import Order
from tests.browser.helpers import assert_accessible
from tests.factories.accounts import DEFAULT_PASSWORD, VerifiedUserFactory
from tests.factories.events import (
    SummitIndexPageFactory,
    SummitPageFactory,
    TicketTypeFactory,
    open_registration,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

WEBHOOK = "/payments/stripe/webhook/"


@pytest.fixture
def summit(site_pages, framework):
    index = SummitIndexPageFactory(parent=site_pages, title="Shared Ambition Summit")
    summit = open_registration(
        SummitPageFactory(parent=index, title="This year's summit", slug="this-year")
    )
    TicketTypeFactory(summit=summit, name="Delegate place", price=12500, capacity=5)
    TicketTypeFactory(
        summit=summit,
        name="Council place",
        price=9500,
        capacity=5,
        allows_invoice=True,
    )
    return summit


def _sign_in(page):
    user = VerifiedUserFactory(
        email="payer@example.org", first_name="Pay", last_name="Er"
    )
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).not_to_have_text("Sign in")
    return user


def _book_one(page, ticket_type_name):
    page.goto("/summit/this-year/book/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Choose your tickets")
    page.get_by_label(f"{ticket_type_name}: number of places").fill("1")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Who is coming")
    place = page.get_by_role("group", name=f"Place 1 of 1: {ticket_type_name}")
    place.get_by_role("textbox", name="Organisation").fill("Example Council")
    place.get_by_label("The person attending agrees").check()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your booking")
    assert_accessible(page)


@pytest.mark.parametrize("webhook_first", [True, False], ids=["webhook", "redirect"])
def test_pay_by_card_through_checkout_to_a_confirmed_ticket(
    page, live_server, summit, fake_stripe, webhook_first
):
    fake_stripe.configure_webhooks(live_server.url + WEBHOOK, hold=not webhook_first)
    _sign_in(page)
    _book_one(page, "Delegate place")

    page.get_by_role("button", name="Pay £125 by card").click()

    expect(page).to_have_url(re.compile(r"/c/pay/cs_test_"))
    expect(page.get_by_role("button", name="Pay £125.00")).to_be_visible()
    assert Order.objects.get().status == OrderStatus.PENDING
    page.get_by_role("button", name=re.compile("^Pay")).click()

    expect(page).to_have_url(re.compile(r"/book/done/SA\d\d-\w{4}/\?session_id="))
    expect(page.get_by_role("heading", level=1)).to_have_text("Booking confirmed")
    assert_accessible(page)
    fake_stripe.deliver_webhooks()  # Arrives late in the "redirect" case: no-op.
    order = Order.objects.get()
    assert order.status == OrderStatus.CONFIRMED
    assert all(status == 200 for status in [d.status for d in fake_stripe.deliveries])
    tickets = [m for m in mail.outbox if m.subject.startswith("Your ticket for")]
    receipts = [m for m in mail.outbox if m.subject.startswith("Receipt")]
    assert (len(tickets), len(receipts)) == (1, 1)

    page.get_by_role("link", name="View your ticket").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ticket for Pay Er")
    expect(
        page.get_by_role("img", name=re.compile("QR code for ticket"))
    ).to_be_visible()
    assert_accessible(page)


def test_cancelling_on_checkout_leads_back_to_the_held_booking(
    page, live_server, summit, fake_stripe
):
    _sign_in(page)
    _book_one(page, "Delegate place")
    page.get_by_role("button", name="Pay £125 by card").click()
    expect(page).to_have_url(re.compile(r"/c/pay/cs_test_"))

    page.get_by_role("button", name="Cancel").click()

    expect(page).to_have_url(re.compile(r"/bookings/[\w-]+/$"))
    expect(page.get_by_role("link", name="Complete your payment")).to_be_visible()
    assert_accessible(page)


def test_pay_by_invoice_issues_tickets_at_once(page, live_server, summit):
    _sign_in(page)
    _book_one(page, "Council place")

    page.get_by_role("link", name="Pay by invoice").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Pay by invoice")
    assert_accessible(page)
    page.get_by_role("button", name="Confirm booking").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "Enter the purchase order number."
    )
    assert_accessible(page)
    page.get_by_label("Organisation to invoice").fill("Example District Council")
    page.get_by_label("Invoice address").fill("Council Offices\nPE1 1AA")
    page.get_by_label("Finance contact's name").fill("Fin Ance")
    page.get_by_label("Finance contact's email address").fill("fin@example.gov.uk")
    page.get_by_label("Purchase order number").fill("PO-77")
    page.get_by_role("button", name="Confirm booking").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Booking confirmed")
    expect(page.get_by_role("main")).to_contain_text("Invoice SA-INV-00001 for £95")
    assert_accessible(page)
    assert Order.objects.get().status == OrderStatus.AWAITING_PAYMENT
    invoice_mail = next(m for m in mail.outbox if m.subject.startswith("Invoice"))
    assert invoice_mail.to == ["fin@example.gov.uk", "payer@example.org"]
