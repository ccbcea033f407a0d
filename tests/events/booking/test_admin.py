"""Registration in the Wagtail admin: ticket types and access codes, read-only
orders, places and waiting lists, and who may see personal data."""

import pytest
from django.core import mail
from django.urls import reverse

from events.choices import WaitingListStatus
from events.models import AccessCode, Attendee, Order, TicketType, WaitingListEntry
from tests.factories import StaffUserFactory
from tests.factories.events import (
    AccessCodeFactory,
    AttendeeFactory,
    SessionFactory,
    SummitPageFactory,
    WaitingListEntryFactory,
)


def _url(model, action, *args):
    return reverse(model.snippet_viewset.get_url_name(action), args=args)


@pytest.fixture
def admin_client(client, db):
    client.force_login(StaffUserFactory(is_superuser=True))
    return client


@pytest.fixture
def manager_client(client, db):
    client.force_login(StaffUserFactory(groups=["Event managers"]))
    return client


def _ticket_type_form(summit, **overrides):
    return {
        "summit": summit.pk,
        "name": "Partner place",
        "description": "",
        "price": "0",
        "capacity": "50",
        "sales_start": "",
        "sales_end": "",
        "max_per_order": "5",
        **overrides,
    }


def test_event_managers_see_bookings(manager_client, ticket_type):
    attendee = AttendeeFactory(
        ticket_type=ticket_type, name="Ada Example", dietary_requirements="Vegan"
    )

    attendees = manager_client.get(_url(Attendee, "list"))
    order = manager_client.get(_url(Order, "inspect", attendee.order.pk))
    place = manager_client.get(_url(Attendee, "inspect", attendee.pk))

    assert "Ada Example" in attendees.text
    assert attendee.reference in order.text
    assert "Vegan" in place.text
    assert manager_client.get(_url(TicketType, "list")).status_code == 200
    assert manager_client.get(_url(AccessCode, "list")).status_code == 200
    assert manager_client.get(_url(WaitingListEntry, "list")).status_code == 200


@pytest.mark.parametrize("group", ["Editors", "Moderators", "Check-in staff"])
def test_other_staff_cannot_see_personal_data(client, ticket_type, group):
    attendee = AttendeeFactory(ticket_type=ticket_type, name="Ada Example")
    client.force_login(StaffUserFactory(groups=[group]))

    for url in [
        _url(Attendee, "list"),
        _url(Attendee, "inspect", attendee.pk),
        _url(Order, "list"),
        _url(Order, "inspect", attendee.order.pk),
        _url(WaitingListEntry, "list"),
    ]:
        response = client.get(url)
        assert response.status_code in (302, 403), url
        assert "Ada Example" not in response.text


def test_orders_and_places_are_read_only_even_for_superusers(admin_client, ticket_type):
    attendee = AttendeeFactory(ticket_type=ticket_type)

    for url in [
        _url(Order, "edit", attendee.order.pk),
        _url(Order, "add"),
        _url(Attendee, "edit", attendee.pk),
        _url(Attendee, "delete", attendee.pk),
    ]:
        assert admin_client.get(url).status_code in (302, 403), url
    listing = admin_client.get(_url(Attendee, "list")).text
    assert _url(Attendee, "edit", attendee.pk) not in listing


def test_admin_adds_a_ticket_type_with_the_summits_workshops(admin_client, open_summit):
    workshop = SessionFactory(summit=open_summit, session_type="workshop")
    elsewhere = SessionFactory(
        summit=SummitPageFactory(parent=open_summit.get_parent()),
        title="Elsewhere workshop",
        session_type="workshop",
    )

    refused = admin_client.post(
        _url(TicketType, "add"),
        _ticket_type_form(open_summit, workshops=[elsewhere.pk]),
    )
    added = admin_client.post(
        _url(TicketType, "add"), _ticket_type_form(open_summit, workshops=[workshop.pk])
    )

    assert "Elsewhere workshop is another summit&#x27;s workshop." in refused.text
    assert added.status_code == 302
    assert list(TicketType.objects.get().workshops.all()) == [workshop]


def test_capacity_cannot_drop_below_places_taken(admin_client, ticket_type):
    AttendeeFactory.create_batch(3, ticket_type=ticket_type)

    response = admin_client.post(
        _url(TicketType, "edit", ticket_type.pk),
        _ticket_type_form(ticket_type.summit, capacity="2"),
    )

    assert "3 places are already booked or offered" in response.text
    ticket_type.refresh_from_db()
    assert ticket_type.capacity == 10


def test_raising_capacity_offers_places_to_the_waiting_list(admin_client, ticket_type):
    ticket_type.capacity = 0
    ticket_type.save()
    entry = WaitingListEntryFactory(ticket_type=ticket_type)

    admin_client.post(
        _url(TicketType, "edit", ticket_type.pk),
        _ticket_type_form(ticket_type.summit, capacity="1"),
    )

    entry.refresh_from_db()
    assert entry.status == WaitingListStatus.OFFERED


def test_a_booked_ticket_type_cannot_be_deleted(admin_client, ticket_type):
    AttendeeFactory(ticket_type=ticket_type)

    response = admin_client.post(
        _url(TicketType, "delete", ticket_type.pk), follow=True
    )

    assert "can’t be deleted: it is used by 1 attendee" in response.text
    assert TicketType.objects.filter(pk=ticket_type.pk).exists()


def test_access_codes_must_do_something_and_be_unique(admin_client, ticket_type):
    summit = ticket_type.summit
    AccessCodeFactory(summit=summit, code="PARTNER")
    form = {"summit": summit.pk, "code": "partner", "note": "", "max_uses": ""}

    useless = admin_client.post(_url(AccessCode, "add"), {**form, "code": "NEW1"})
    clash = admin_client.post(_url(AccessCode, "add"), {**form, "makes_free": "on"})
    added = admin_client.post(
        _url(AccessCode, "add"), {**form, "code": "new-code", "makes_free": "on"}
    )

    assert "The code would do nothing" in useless.text
    assert "already has the code PARTNER" in clash.text
    assert added.status_code == 302
    assert AccessCode.objects.filter(code="NEW-CODE").exists()


def test_summit_registration_tab_lists_ticket_types(admin_client, ticket_type):
    AttendeeFactory(ticket_type=ticket_type)

    response = admin_client.get(
        reverse("wagtailadmin_pages:edit", args=[ticket_type.summit.pk])
    )

    assert "Delegate place" in response.text
    assert "1 / 10" in response.text
    assert f"{_url(TicketType, 'add')}?summit={ticket_type.summit.pk}" in response.text


def test_event_managers_cancel_a_place_for_someone(
    manager_client, ticket_type, django_capture_on_commit_callbacks
):
    attendee = AttendeeFactory(ticket_type=ticket_type, email="ada@example.org")
    cancel_url = _url(Attendee, "cancel", attendee.pk)

    inspect = manager_client.get(_url(Attendee, "inspect", attendee.pk))
    confirm = manager_client.get(cancel_url)
    with django_capture_on_commit_callbacks(execute=True):
        response = manager_client.post(cancel_url)

    assert cancel_url in inspect.text
    assert "Yes, cancel the place" in confirm.text
    assert response["Location"] == _url(Attendee, "inspect", attendee.pk)
    attendee.refresh_from_db()
    assert attendee.status == "cancelled"
    change = attendee.status_changes.get()
    assert (change.note, change.changed_by.groups.get().name) == (
        "Cancelled by staff.",
        "Event managers",
    )
    assert [m.to for m in mail.outbox] == [["ada@example.org"]]


def test_only_event_managers_cancel_places(client, ticket_type):
    attendee = AttendeeFactory(ticket_type=ticket_type)
    client.force_login(StaffUserFactory(groups=["Editors"]))

    response = client.post(_url(Attendee, "cancel", attendee.pk))

    assert response.status_code in (302, 403)
    attendee.refresh_from_db()
    assert attendee.status == "confirmed"
