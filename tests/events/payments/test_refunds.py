"""Refunds: staff (whole order or one place, full or part, from the admin),
bookers cancelling before the refund deadline, and Stripe failing meanwhile."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from events.choices import AttendeeStatus, OrderStatus, RefundStatus
from events.models import Order, Refund, SummitPage
from events.payments import PaymentError, cancelling, checkout, refunds
from tests.factories import StaffUserFactory

from .conftest import start_booking


@pytest.fixture
def paid_order(fake_stripe, booker, paid_type):
    """Two £125 places, paid."""
    order = start_booking(
        booker, paid_type, ("Ada Example", "ada@example.org"), ("Bo", "bo@example.org")
    )
    session_id = order.card_payment.checkout_session_id
    fake_stripe.complete_session(session_id)
    checkout.sync_checkout(session_id=session_id)
    return Order.objects.select_related("card_payment").get(pk=order.pk)


def _payment(order):
    return Order.objects.select_related("card_payment").get(pk=order.pk).card_payment


def test_staff_refund_the_whole_order_and_cancel_it(fake_stripe, paid_order):
    refund = refunds.refund_payment(order=paid_order, cancel=True)

    assert (refund.status, refund.amount) == (RefundStatus.SUCCEEDED, 25000)
    assert refund.stripe_refund_id.startswith("re_")
    assert _payment(paid_order).amount_refunded == 25000
    paid_order.refresh_from_db()
    assert paid_order.status == OrderStatus.CANCELLED
    [call] = fake_stripe.calls("POST", "/v1/refunds")
    assert call.params["amount"] == "25000"


def test_staff_refund_part_of_one_place_and_keep_it(fake_stripe, paid_order):
    ada = paid_order.attendees.get(number=1)

    refunds.refund_payment(order=paid_order, attendee=ada, amount=5000)
    refunds.refund_payment(order=paid_order, attendee=ada)

    assert _payment(paid_order).amount_refunded == 17500
    assert list(Refund.objects.values_list("amount", "attendee")) == [
        (5000, ada.pk),
        (12500, ada.pk),
    ]
    ada.refresh_from_db()
    assert ada.status == AttendeeStatus.CONFIRMED


def test_a_refund_can_never_exceed_what_was_paid(fake_stripe, paid_order):
    refunds.refund_payment(order=paid_order, amount=20000)

    with pytest.raises(PaymentError, match="Only £50 of this payment is left"):
        refunds.refund_payment(order=paid_order, amount=6000)
    assert Refund.objects.count() == 1


def test_an_order_not_paid_by_card_has_nothing_to_refund(booker, ticket_type):
    from tests.factories.events import AttendeeFactory

    order = AttendeeFactory(ticket_type=ticket_type).order

    with pytest.raises(PaymentError, match="not paid by card"):
        refunds.refund_payment(order=order)


def test_a_refund_stripe_never_answered_is_sent_again_by_reconcile(
    fake_stripe, paid_order
):
    fake_stripe.fail_next("connection", times=3, path="/v1/refunds")

    refund = refunds.refund_payment(order=paid_order, amount=5000)

    assert refund.status == RefundStatus.PENDING
    assert _payment(paid_order).amount_refunded == 0
    checkout.reconcile()
    refund.refresh_from_db()
    assert refund.status == RefundStatus.SUCCEEDED
    assert _payment(paid_order).amount_refunded == 5000
    keys = {call.idempotency_key for call in fake_stripe.calls("POST", "/v1/refunds")}
    assert keys == {f"refund-{refund.pk}"}


def test_a_refund_stripe_refuses_is_marked_failed(fake_stripe, paid_order):
    fake_stripe.fail_next("card_error", path="/v1/refunds")

    with pytest.raises(PaymentError, match="Stripe refused the refund"):
        refunds.refund_payment(order=paid_order, amount=5000)

    assert Refund.objects.get().status == RefundStatus.FAILED
    assert _payment(paid_order).refundable == 25000


def test_a_booker_cancelling_before_the_deadline_is_refunded(
    client, booker, fake_stripe, paid_order, django_capture_on_commit_callbacks
):
    ada = paid_order.attendees.get(number=1)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("events:cancel_ticket", args=[ada.manage_token]))

    assert response.status_code == 302
    [refund] = Refund.objects.all()
    assert (refund.attendee, refund.amount, refund.status) == (ada, 12500, "succeeded")
    assert [m.subject for m in mail.outbox if "cancelled" in m.subject]
    page = client.get(response["Location"])
    assert "£125 will be refunded" in page.text


@pytest.mark.parametrize(("by_staff", "then"), [(12500, 0), (5000, 7500)])
def test_a_place_staff_refunded_is_not_refunded_again_when_the_booker_cancels(
    fake_stripe, paid_order, by_staff, then
):
    ada = paid_order.attendees.get(number=1)
    refunds.refund_payment(order=paid_order, attendee=ada, amount=by_staff)

    assert refunds.refund_due(ada) == then
    cancelling.cancel_with_refund(attendees=[ada])

    # Never more than the place's price in all.
    assert sum(Refund.objects.values_list("amount", flat=True)) == 12500
    assert _payment(paid_order).amount_refunded == 12500


def test_a_booker_cancelling_after_the_deadline_is_not_refunded(
    client, booker, fake_stripe, paid_type, paid_order
):
    paid_type.refund_deadline = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)
    paid_type.save()
    client.force_login(booker)

    page = client.get(reverse("events:cancel_booking", args=[paid_order.reference]))
    response = client.post(
        reverse("events:cancel_booking", args=[paid_order.reference])
    )

    assert "refunded" not in page.text
    assert response.status_code == 302
    assert not Refund.objects.exists()
    paid_order.refresh_from_db()
    assert paid_order.status == OrderStatus.CANCELLED


def test_cancelling_an_unpaid_card_order_closes_its_checkout(
    client, booker, fake_stripe, card_order
):
    client.force_login(booker)

    client.post(reverse("events:cancel_booking", args=[card_order.reference]))

    session = fake_stripe.session(card_order.card_payment.checkout_session_id)
    assert session["status"] == "expired"
    assert _payment(card_order).status == "expired"


# The admin


def _refund_url(order):
    return reverse(Order.snippet_viewset.get_url_name("refund"), args=[order.pk])


def test_event_managers_refund_from_the_order_page(client, fake_stripe, paid_order):
    client.force_login(StaffUserFactory(groups=["Event managers"]))
    inspect = reverse(
        Order.snippet_viewset.get_url_name("inspect"), args=[paid_order.pk]
    )
    bo = paid_order.attendees.get(number=2)

    page = client.get(inspect)
    form = client.get(_refund_url(paid_order))
    response = client.post(
        _refund_url(paid_order),
        {"attendee": str(bo.pk), "amount": "20.50", "cancel": "on"},
    )

    assert _refund_url(paid_order) in page.text
    assert "Paid by card: £250" in form.text
    assert response.status_code == 302
    assert Refund.objects.get().amount == 2050
    bo.refresh_from_db()
    assert bo.status == AttendeeStatus.CANCELLED
    assert "£20.50" in client.get(inspect).text


def test_a_bad_refund_in_the_admin_gets_the_form_back(client, fake_stripe, paid_order):
    client.force_login(StaffUserFactory(groups=["Event managers"]))

    too_much = client.post(_refund_url(paid_order), {"attendee": "", "amount": "900"})
    nonsense = client.post(_refund_url(paid_order), {"attendee": "", "amount": "lots"})
    unknown = client.post(_refund_url(paid_order), {"attendee": "999999"})

    assert too_much.status_code == 409
    assert "Only £250 of this payment is left" in too_much.text
    assert nonsense.status_code == 400
    assert unknown.status_code == 400
    assert not Refund.objects.exists()


def _start_summit(order):
    SummitPage.objects.filter(pk=order.summit_id).update(
        start=timezone.now() - datetime.timedelta(hours=1)
    )


def test_refunding_and_cancelling_after_the_summit_started_refunds_nothing(
    client, fake_stripe, paid_order
):
    _start_summit(paid_order)
    client.force_login(StaffUserFactory(groups=["Event managers"]))

    response = client.post(_refund_url(paid_order), {"attendee": "", "cancel": "on"})

    assert response.status_code == 409
    assert "places can no longer be cancelled" in response.text
    assert not Refund.objects.exists()
    assert not fake_stripe.calls("POST", "/v1/refunds")
    paid_order.refresh_from_db()
    assert paid_order.status == OrderStatus.CONFIRMED
    # Refunding without cancelling still works.
    kept = client.post(_refund_url(paid_order), {"attendee": "", "amount": "10"})
    assert kept.status_code == 302


def test_only_event_managers_may_refund(client, fake_stripe, paid_order):
    client.force_login(StaffUserFactory(groups=["Editors"]))

    # Wagtail answers a PermissionDenied by sending people back to the dashboard.
    response = client.post(_refund_url(paid_order), {"attendee": ""})
    assert (response.status_code, response["Location"]) == (302, "/admin/")
    assert not Refund.objects.exists()
