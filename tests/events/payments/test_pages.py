"""The booking pages with paid places, and the site without Stripe settings."""

import pytest
from django.urls import reverse

from events.choices import OrderStatus
from events.models import Order, TicketType
from tests.factories import StaffUserFactory
from tests.factories.events import TicketTypeFactory
from tests.pdfs import pdf_info, require_document_tools
from tests.queries import queries_for


def _choose(client, summit, ticket_type, count=1):
    return client.post(
        reverse("events:book", args=[summit.slug]),
        {f"quantity_{ticket_type.pk}": str(count)},
    )


def _fill(client, summit):
    return client.post(
        reverse("events:book_details", args=[summit.slug]),
        {
            "place-1-who": "named",
            "place-1-name": "Ada Example",
            "place-1-email": "ada@example.org",
            "place-1-privacy_accepted": "on",
        },
    )


def _review(summit):
    return reverse("events:book_review", args=[summit.slug])


@pytest.fixture
def reviewing(client, booker, fake_stripe, paid_type):
    """A signed-in booker at step 3 with one paid place chosen."""
    client.force_login(booker)
    _choose(client, paid_type.summit, paid_type)
    _fill(client, paid_type.summit)
    return client


def test_paying_by_card_goes_to_stripe_checkout(reviewing, fake_stripe, paid_type):
    page = reviewing.get(_review(paid_type.summit))
    response = reviewing.post(_review(paid_type.summit), {"pay": "card"})

    assert "Pay £125 by card" in page.text
    assert "Pay by invoice" not in page.text
    order = Order.objects.get()
    assert order.status == OrderStatus.PENDING
    assert response.status_code == 302
    assert response["Location"] == order.card_payment.checkout_url
    session = fake_stripe.session(order.card_payment.checkout_session_id)
    assert session["success_url"] == (
        f"http://testserver{paid_type.summit.url}book/done/{order.reference}/"
        "?session_id={CHECKOUT_SESSION_ID}"
    )
    assert session["cancel_url"] == f"http://testserver{order.get_absolute_url()}"


def test_stripe_down_shows_a_retry_message_and_books_nothing(
    reviewing, fake_stripe, paid_type
):
    fake_stripe.fail_next("api_error")

    response = reviewing.post(_review(paid_type.summit), {"pay": "card"})

    assert response.status_code == 503
    assert "Please try again in a few minutes" in response.text
    assert not Order.objects.filter(status=OrderStatus.PENDING).exists()
    again = reviewing.post(_review(paid_type.summit), {"pay": "card"})
    assert again.status_code == 302  # The choices were kept: just try again.


def test_confirming_paid_places_without_choosing_how_to_pay_is_refused(
    reviewing, fake_stripe, paid_type
):
    response = reviewing.post(_review(paid_type.summit))

    assert response.status_code == 409
    assert "Choose how to pay" in response.text
    assert not Order.objects.exists()


def test_a_pending_booking_offers_to_complete_the_payment(client, booker, card_order):
    client.force_login(booker)

    page = client.get(reverse("events:booking_detail", args=[card_order.reference]))

    assert "Complete your payment" in page.text
    assert card_order.card_payment.checkout_url in page.text


def test_the_receipt_downloads_once_paid(client, booker, fake_stripe, card_order):
    require_document_tools()
    from events.payments import checkout

    client.force_login(booker)
    url = reverse("events:booking_receipt", args=[card_order.reference])
    unpaid = client.get(url)
    session_id = card_order.card_payment.checkout_session_id
    fake_stripe.complete_session(session_id)
    checkout.sync_checkout(session_id=session_id)

    paid = client.get(url)

    assert unpaid.status_code == 404
    assert paid["Content-Type"] == "application/pdf"
    assert "no-store" in paid["Cache-Control"]
    assert pdf_info(paid.content)["Title"] == f"Receipt {card_order.reference}"


def test_booking_pages_run_a_fixed_number_of_queries(
    client, booker, fake_stripe, paid_type
):
    from .conftest import start_booking

    client.force_login(booker)
    one = start_booking(booker, paid_type, ("A", "a@example.org"))
    three_type = TicketTypeFactory(summit=paid_type.summit, price=1000, capacity=5)
    three = start_booking(
        booker, three_type, ("B", "b@example.org"), ("C", "c@example.org"), None
    )
    urls = [reverse("events:booking_detail", args=[o.reference]) for o in (one, three)]

    counts = [len(queries_for(client, url)) for url in urls]

    # One place or three alike, the pending card payment and its link included.
    assert counts == [10, 10]
    for url in urls:
        assert "Complete your payment" in client.get(url).text


# Without Stripe settings


def test_without_stripe_card_only_places_cannot_be_chosen(client, booker, paid_type):
    client.force_login(booker)

    response = _choose(client, paid_type.summit, paid_type)

    # The shop says so beside the ticket type, with the way to book it instead,
    # and offers no way to choose it.
    assert response.status_code == 400
    assert "These places can't be paid for online at the moment" in response.text
    assert 'href="mailto:summit@example.org"' in response.text
    assert f'name="quantity_{paid_type.pk}"' not in response.text


def test_without_stripe_free_booking_still_works(client, booker, ticket_type):
    client.force_login(booker)
    _choose(client, ticket_type.summit, ticket_type)
    _fill(client, ticket_type.summit)

    response = client.post(_review(ticket_type.summit))

    assert response.status_code == 302
    assert Order.objects.get().status == OrderStatus.CONFIRMED


def _ticket_type_form(summit, **overrides):
    return {
        "summit": summit.pk,
        "name": "Commercial delegate",
        "description": "",
        "price": "25000",
        "capacity": "50",
        "sales_start": "",
        "sales_end": "",
        "max_per_order": "5",
        "refund_deadline": "",
        **overrides,
    }


def _add_url():
    return reverse(TicketType.snippet_viewset.get_url_name("add"))


def test_without_stripe_the_admin_refuses_to_sell_paid_places_and_says_why(
    client, open_summit
):
    client.force_login(StaffUserFactory(is_superuser=True))

    refused = client.post(_add_url(), _ticket_type_form(open_summit))
    by_invoice = client.post(
        _add_url(), _ticket_type_form(open_summit, name="Council", allows_invoice="on")
    )

    assert refused.status_code == 200  # Wagtail shows the form with its errors.
    assert "STRIPE_SECRET_KEY" in refused.text
    assert by_invoice.status_code == 302
    assert list(TicketType.objects.values_list("name", flat=True)) == ["Council"]


def test_with_stripe_the_admin_sells_paid_places(client, open_summit, settings):
    settings.STRIPE_SECRET_KEY = "sk_test_x"
    settings.STRIPE_WEBHOOK_SECRET = "whsec_x"
    client.force_login(StaffUserFactory(is_superuser=True))

    response = client.post(_add_url(), _ticket_type_form(open_summit))

    assert response.status_code == 302
    assert TicketType.objects.get().price == 25000


def test_a_held_place_shows_no_ticket_and_cannot_be_claimed(
    client, fake_stripe, booker, paid_type
):
    from events import details
    from events.booking import changes, rules

    from .conftest import start_booking

    order = start_booking(booker, paid_type, ("Ada Example", "ada@example.org"), None)
    named, unnamed = order.attendees.order_by("number")

    page = client.get(named.get_absolute_url())

    assert "held while the booking" in page.text
    assert "QR code for ticket" not in page.text
    with pytest.raises(rules.BookingError, match="once the booking"):
        changes.claim_place(
            attendee=unnamed,
            details=details.AttendeeDetails(
                name="Col League", email="col@example.org", privacy_accepted=True
            ),
        )
