"""The booking steps under a summit page: tickets, attendees, review, done."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone

from events.models import Attendee, Order
from tests.factories.accounts import UserFactory, VerifiedUserFactory
from tests.factories.events import (
    AccessCodeFactory,
    AttendeeFactory,
    SessionFactory,
    SummitPageFactory,
    TicketTypeFactory,
    open_registration,
)


def _url(summit, step=""):
    return f"{summit.url}book/{step}"


def _person(number, name, email, **extra):
    prefix = f"place-{number}-"
    data = {
        "who": "named",
        "name": name,
        "email": email,
        "organisation": "Example Council",
        "privacy_accepted": "on",
        **extra,
    }
    return {prefix + key: value for key, value in data.items()}


def _colleague(number):
    return {f"place-{number}-who": "colleague"}


@pytest.fixture
def signed_in(client, booker):
    client.force_login(booker)
    return client


def _choose(client, ticket_type, count):
    return client.post(
        _url(ticket_type.summit), {f"quantity_{ticket_type.pk}": str(count)}
    )


def _booker(name="Vi Sitor", email="visitor@example.org"):
    return {"booker-booker_name": name, "booker-booker_email": email}


def test_anyone_sees_the_tickets_prices_and_when_booking_closes(client, ticket_type):
    summit = ticket_type.summit
    TicketTypeFactory(summit=summit, name="Paid place", price=9500, allows_invoice=True)

    for url in (summit.url, _url(summit)):
        page = client.get(url).text

        assert ticket_type.name in page
        assert '£95 <span class="meta">including VAT</span>' in page
        assert "Registration is open until" in page
        assert summit.registration_closes.strftime("%-d %B %Y") in page


def test_a_visitor_books_free_places_without_an_account(
    client, ticket_type, django_capture_on_commit_callbacks
):
    summit = ticket_type.summit
    _choose(client, ticket_type, 2)
    client.post(
        _url(summit, "details/"),
        {**_booker(), **_person(1, "Ann", "ann@example.org"), **_colleague(2)},
    )

    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(_url(summit, "review/"), follow=True)

    order = Order.objects.get()
    assert (order.status, order.booker, order.booker_email) == (
        "unconfirmed",
        None,
        "visitor@example.org",
    )
    assert "Check your email" in done.text
    [request] = mail.outbox
    assert request.to == ["visitor@example.org"]
    assert order.get_absolute_url() in request.body
    assert not order.attendees.filter(status="confirmed").exists()

    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(order.get_absolute_url(), follow=True)

    order.refresh_from_db()
    assert order.status == "confirmed"
    assert "is confirmed" in page.text
    tickets = [m for m in mail.outbox if m.to == ["ann@example.org"]]
    assert len(tickets) == 1


def test_summit_page_offers_booking_while_registration_is_open(client, ticket_type):
    summit = ticket_type.summit
    assert "Book your place" in client.get(summit.url).content.decode()

    summit.registration_opens_at = timezone.now() + datetime.timedelta(days=2)
    summit.save()
    assert "Book your place" not in client.get(summit.url).content.decode()


def test_closed_registration_says_so(signed_in, summit):
    response = signed_in.get(_url(summit))

    assert "Registration is not open" in response.content.decode()


def test_ticket_page_lists_public_types_and_sold_out_ones_with_a_waiting_list(
    signed_in, ticket_type
):
    summit = ticket_type.summit
    TicketTypeFactory(summit=summit, name="Secret partner", requires_code=True)
    full = TicketTypeFactory(summit=summit, name="Full house", capacity=1)
    AttendeeFactory(ticket_type=full)

    page = signed_in.get(_url(summit)).content.decode()

    assert "Delegate place: number of places" in page
    assert "Secret partner" not in page
    assert "Sold out" in page
    assert f"{summit.url}book/waiting-list/{full.pk}/" in page


def test_a_code_unlocks_a_hidden_type(signed_in, ticket_type):
    summit = ticket_type.summit
    hidden = TicketTypeFactory(summit=summit, name="Secret partner", requires_code=True)
    AccessCodeFactory(summit=summit, code="PARTNER", ticket_types=[hidden])

    response = signed_in.post(_url(summit), {"code": "partner", "apply_code": "1"})
    page = signed_in.get(response["Location"]).content.decode()

    assert "Code PARTNER applied." in page
    assert "Secret partner: number of places" in page
    assert "Free with your code" in page


@pytest.mark.parametrize(
    "code, message",
    [
        ("NOPE", "We don&#x27;t recognise the code NOPE"),
        ("OLD", "The code OLD expired on"),
        ("USED", "The code USED has been used for all the places it allows."),
    ],
)
def test_bad_codes_are_refused_clearly(signed_in, ticket_type, code, message):
    summit = ticket_type.summit
    AccessCodeFactory(
        summit=summit, code="OLD", valid_until=timezone.now() - datetime.timedelta(1)
    )
    AccessCodeFactory(summit=summit, code="USED", max_uses=1, uses=1)

    response = signed_in.post(_url(summit), {"code": code, "apply_code": "1"})

    assert response.status_code == 400
    assert message in response.content.decode()


def test_too_many_code_attempts_are_throttled(signed_in, ticket_type):
    for _ in range(20):
        signed_in.post(_url(ticket_type.summit), {"code": "GUESS", "apply_code": "1"})

    response = signed_in.post(
        _url(ticket_type.summit), {"code": "GUESS", "apply_code": "1"}
    )

    assert response.status_code == 429


@pytest.mark.parametrize(
    "quantity, message",
    [
        ("0", "Choose how many places you want."),
        ("-1", "Enter 0 or more places."),
        ("11", "You can book up to 10 Delegate place places in one order."),
        ("lots", "Enter a number of places, such as 1."),
    ],
)
def test_bad_quantities_are_refused(signed_in, ticket_type, quantity, message):
    response = signed_in.post(
        _url(ticket_type.summit), {f"quantity_{ticket_type.pk}": quantity}
    )

    assert response.status_code == 400
    assert message in response.content.decode()


def test_more_places_than_left_are_refused(signed_in, ticket_type):
    AttendeeFactory.create_batch(9, ticket_type=ticket_type)

    response = _choose(signed_in, ticket_type, 2)

    assert response.status_code == 400
    assert "Sorry, only 1 Delegate place place is left." in response.content.decode()


def test_tampered_ticket_types_are_refused(signed_in, ticket_type):
    summit = ticket_type.summit
    other_summit = open_registration(SummitPageFactory(parent=summit.get_parent()))
    foreign = TicketTypeFactory(summit=other_summit)
    hidden = TicketTypeFactory(summit=summit, requires_code=True)

    for tampered in (foreign, hidden):
        response = signed_in.post(
            _url(summit),
            {f"quantity_{ticket_type.pk}": "1", f"quantity_{tampered.pk}": "1"},
        )
        assert response.status_code == 400
        assert "isn&#x27;t on sale for this summit" in response.content.decode()


def test_a_closed_sales_window_is_shown_and_cannot_be_booked(signed_in, ticket_type):
    ticket_type.sales_end = timezone.now() - datetime.timedelta(hours=1)
    ticket_type.save()

    page = signed_in.get(_url(ticket_type.summit)).content.decode()
    response = _choose(signed_in, ticket_type, 1)

    assert "Sales have ended" in page
    assert response.status_code == 400


def test_details_step_asks_for_each_place(signed_in, ticket_type):
    _choose(signed_in, ticket_type, 2)

    page = signed_in.get(_url(ticket_type.summit, "details/")).content.decode()

    assert "Place 1 of 2: Delegate place" in page
    assert "Place 2 of 2: Delegate place" in page
    assert 'value="booker@example.org"' in page  # the booker's own place first


def test_details_step_needs_consent_and_distinct_emails(signed_in, ticket_type):
    _choose(signed_in, ticket_type, 2)

    data = {
        **_person(1, "Ada", "ada@example.org", privacy_accepted=""),
        **_person(2, "Cy", "ADA@example.org"),
    }
    response = signed_in.post(_url(ticket_type.summit, "details/"), data)
    page = response.content.decode()

    assert response.status_code == 400
    assert "Place 1: They must agree to the privacy notice to attend." in page
    assert "You gave this email address for place 1 too." in page


def test_booking_someone_who_holds_a_ticket_teaches_the_booker_nothing(
    signed_in, ticket_type, django_capture_on_commit_callbacks
):
    """The details step and the booking answer the same whether a named person
    holds a ticket already; they are told, by email, and get the place's link to
    pass on; the booker sees the place as for anyone."""
    AttendeeFactory(ticket_type=ticket_type, email="taken@example.org")

    def book(email):
        _choose(signed_in, ticket_type, 1)
        details = signed_in.post(
            _url(ticket_type.summit, "details/"), _person(1, "Bob Two", email)
        )
        with django_capture_on_commit_callbacks(execute=True):
            done = signed_in.post(_url(ticket_type.summit, "review/"), follow=True)
        order = Order.objects.order_by("-pk").first()
        return (
            details.status_code,
            done.status_code,
            re.sub(
                r'name="csrfmiddlewaretoken" value="\w+"',
                "CSRF",
                done.text.replace(email, "EMAIL")
                .replace(order.reference, "REF")
                .replace(order.manage_token, "LINK"),
            ),
        )

    assert book("taken@example.org") == book("free@example.org")
    passed_on = Attendee.objects.get(intended_email="taken@example.org")
    assert (passed_on.email, passed_on.claim_token is not None) == ("", True)
    [told] = [m for m in mail.outbox if m.to == ["taken@example.org"]]
    assert passed_on.get_claim_url() in told.body
    assert "already" in told.body


def test_full_booking_with_a_colleague_place(
    signed_in, booker, ticket_type, django_capture_on_commit_callbacks
):
    summit = ticket_type.summit
    workshop = SessionFactory(
        summit=summit, title="Bus routes", session_type="workshop", capacity=5
    )
    ticket_type.workshops.set([workshop])
    _choose(signed_in, ticket_type, 2)
    signed_in.post(
        _url(summit, "details/"),
        {
            **_person(
                1,
                "Bea Booker",
                "booker@example.org",
                workshops=[workshop.pk],
                dietary_requirements="Vegan",
            ),
            **_colleague(2),
        },
    )

    review = signed_in.get(_url(summit, "review/")).content.decode()
    assert "Bea Booker" in review
    assert "Vegan" in review
    assert "Bus routes" in review
    assert "A colleague will fill in their details" in review
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in.post(_url(summit, "review/"))

    order = Order.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{summit.url}book/done/{order.reference}/"
    assert order.booker == booker
    bea, unnamed = order.attendees.order_by("number")
    assert list(bea.workshops.all()) == [workshop]
    done = signed_in.get(response["Location"]).content.decode()
    assert order.reference in done
    assert f"/tickets/claim/{unnamed.claim_token}/" in done
    assert sorted(m.subject.split(" ")[0] for m in mail.outbox) == ["Booking", "Your"]
    # The booking is finished: back to step 1.
    assert signed_in.get(_url(summit, "review/"))["Location"] == _url(summit)


def test_a_place_sold_while_reviewing_is_refused_and_nothing_is_written(
    signed_in, ticket_type
):
    ticket_type.capacity = 1
    ticket_type.save()
    _choose(signed_in, ticket_type, 1)
    signed_in.post(
        _url(ticket_type.summit, "details/"), _person(1, "A", "a@example.org")
    )
    AttendeeFactory(ticket_type=ticket_type)

    response = signed_in.post(_url(ticket_type.summit, "review/"))

    assert response.status_code == 409
    assert "Sorry, Delegate place is sold out." in response.content.decode()
    assert not Attendee.objects.filter(email="a@example.org").exists()


def test_the_done_page_is_the_bookers_only(client, signed_in, ticket_type):
    _choose(signed_in, ticket_type, 1)
    signed_in.post(
        _url(ticket_type.summit, "details/"), _person(1, "A", "a@example.org")
    )
    signed_in.post(_url(ticket_type.summit, "review/"))
    order = Order.objects.get()

    client.force_login(VerifiedUserFactory())
    response = client.get(_url(ticket_type.summit, f"done/{order.reference}/"))

    assert response.status_code == 404


def test_an_unverified_account_books_like_a_visitor(client, ticket_type):
    client.force_login(UserFactory(email="unproved@example.org"))
    _choose(client, ticket_type, 1)

    page = client.get(_url(ticket_type.summit, "details/")).text

    assert "You, the person booking" in page
    assert 'value="unproved@example.org"' in page


def test_join_a_waiting_list_without_an_account(
    client, ticket_type, mailoutbox, django_capture_on_commit_callbacks
):
    ticket_type.capacity = 0
    ticket_type.save()
    url = _url(ticket_type.summit, f"waiting-list/{ticket_type.pk}/")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"name": "Wai Ting", "email": "wait@example.org"})

    entry = ticket_type.waiting_list.get()
    assert response.status_code == 200
    assert "We have sent an email to <strong>wait@example.org</strong>" in (
        response.text
    )
    assert entry.token not in response.text
    [email] = mailoutbox
    link = f"/tickets/waiting-list/{entry.token}/"
    assert link in email.body
    assert "number 1 in line" in client.get(link).text


def test_the_waiting_list_answers_the_same_whoever_has_booked_or_is_waiting(
    client, ticket_type, mailoutbox, django_capture_on_commit_callbacks
):
    """Typing someone else's email teaches nothing: the page is the same whether
    they are new, already waiting or already hold a ticket; only they are told."""
    AttendeeFactory(ticket_type=ticket_type, email="booked@example.org")
    ticket_type.capacity = 1
    ticket_type.save()
    url = _url(ticket_type.summit, f"waiting-list/{ticket_type.pk}/")

    def join(email):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url, {"name": "Someone", "email": email})
        return response.status_code, response.text.replace(email, "EMAIL")

    new = join("new@example.org")
    assert join("new@example.org") == new  # already waiting
    assert join("booked@example.org") == new  # already holds a ticket

    assert ticket_type.waiting_list.get().email == "new@example.org"
    recipients = [message.to for message in mailoutbox]
    assert recipients == [["new@example.org"]] * 2 + [["booked@example.org"]]
    assert "/tickets/" in mailoutbox[-1].body  # their own ticket links


def test_hidden_types_waiting_lists_are_not_public(client, ticket_type):
    hidden = TicketTypeFactory(
        summit=ticket_type.summit, requires_code=True, capacity=0
    )

    response = client.get(_url(ticket_type.summit, f"waiting-list/{hidden.pk}/"))

    assert response.status_code == 404


def test_booking_records_organisation_type_and_area_or_neither(signed_in, ticket_type):
    summit = ticket_type.summit
    _choose(signed_in, ticket_type, 2)
    refused = signed_in.post(
        _url(summit, "details/"),
        {
            **_person(1, "Bea Booker", "booker@example.org", district="atlantis"),
            **_person(2, "Cy Colleague", "cy@example.org"),
        },
    )
    assert refused.status_code == 400

    signed_in.post(
        _url(summit, "details/"),
        {
            **_person(
                1,
                "Bea Booker",
                "booker@example.org",
                organisation_type="health",
                district="fenland",
            ),
            **_person(2, "Cy Colleague", "cy@example.org"),
        },
    )
    signed_in.post(_url(summit, "review/"))

    bea, cy = Order.objects.get().attendees.order_by("number")
    assert (bea.organisation_type, bea.district) == ("health", "fenland")
    assert (cy.organisation_type, cy.district) == ("", "")
