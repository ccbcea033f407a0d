"""Staff looking at or exporting attendees' personal data is written to Wagtail's
audit log (who and when), which administrators read in Reports > Site history."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from wagtail.models import ModelLogEntry

from events.models import Attendee, CheckIn, Order, WaitingListEntry
from events.viewsets import LIST_EXPORTED, PERSONAL_DATA_VIEWED
from tests.factories import StaffUserFactory
from tests.factories.events import (
    AttendeeFactory,
    SummitPageFactory,
    TicketTypeFactory,
)

SITE_HISTORY = "/admin/reports/site-history/"


def _url(model, action, *args):
    return reverse(model.snippet_viewset.get_url_name(action), args=args)


@pytest.fixture
def manager(db):
    return StaffUserFactory(groups=["Event managers"], first_name="Eve")


@pytest.fixture
def attendee(ticket_type):
    return AttendeeFactory(ticket_type=ticket_type, name="Ada Example")


def test_viewing_an_attendee_s_page_is_logged_with_who_and_when(
    client, manager, attendee
):
    client.force_login(manager)

    page = client.get(_url(Attendee, "inspect", attendee.pk))
    client.get(_url(Order, "inspect", attendee.order.pk))

    assert "Ada Example" in page.text
    entries = ModelLogEntry.objects.filter(action=PERSONAL_DATA_VIEWED)
    assert sorted(
        (entry.content_type.model, entry.object_id, entry.user_id) for entry in entries
    ) == sorted(
        [
            ("attendee", str(attendee.pk), manager.pk),
            ("order", str(attendee.order.pk), manager.pk),
        ]
    )
    assert all(entry.timestamp for entry in entries)
    # The log outlives the person's data: it names no one.
    assert {entry.label for entry in entries} == {
        f"Attendee {attendee.reference}",
        f"Order {attendee.order.reference}",
    }


@pytest.mark.parametrize("spreadsheet_format", ["csv", "xlsx"])
@pytest.mark.parametrize("model", [Attendee, Order, WaitingListEntry, CheckIn])
def test_exporting_a_list_is_logged_with_its_rows_and_filters(
    client, manager, attendee, summit_index, model, spreadsheet_format
):
    # A place at another summit, which the export's filter leaves out.
    other_summit = SummitPageFactory(parent=summit_index)
    AttendeeFactory(ticket_type=TicketTypeFactory(summit=other_summit))
    client.force_login(manager)

    response = client.get(
        _url(model, "list"),
        {"export": spreadsheet_format, "summit": attendee.summit.pk},
    )

    assert response.status_code == 200

    entry = ModelLogEntry.objects.get(action=LIST_EXPORTED)
    assert entry.user == manager
    assert entry.content_type == ContentType.objects.get_for_model(ContentType)
    assert entry.object_id == str(ContentType.objects.get_for_model(model).pk)
    assert entry.data["format"] == spreadsheet_format
    expected = {Attendee: 1, Order: 1, WaitingListEntry: 0, CheckIn: 0}[model]
    assert entry.data["rows"] == expected
    assert entry.data["filters"] == f"summit={attendee.summit.pk}"


def test_an_export_s_log_keeps_no_search_text(client, manager, attendee):
    client.force_login(manager)

    client.get(_url(Attendee, "list"), {"export": "csv", "q": "Ada Example"})

    entry = ModelLogEntry.objects.get(action=LIST_EXPORTED)
    assert "Ada" not in str(entry.data)
    assert entry.data["filters"] == "q=%E2%80%A6"


def test_the_list_without_an_export_logs_nothing(client, manager, attendee):
    client.force_login(manager)

    client.get(_url(Attendee, "list"))

    assert not ModelLogEntry.objects.filter(
        action__in=[LIST_EXPORTED, PERSONAL_DATA_VIEWED]
    ).exists()


def test_administrators_see_the_trail_and_editors_do_not(client, manager, attendee):
    client.force_login(manager)
    client.get(_url(Attendee, "inspect", attendee.pk))
    client.get(_url(Attendee, "list"), {"export": "csv"})

    client.force_login(StaffUserFactory(is_superuser=True))
    admin_view = client.get(SITE_HISTORY)
    client.force_login(StaffUserFactory(groups=["Editors"]))
    editor_view = client.get(SITE_HISTORY)
    client.force_login(manager)
    manager_view = client.get(SITE_HISTORY)

    assert "Viewed in the admin" in admin_view.text
    assert "Exported 1 row as CSV" in admin_view.text
    assert "Viewed in the admin" not in editor_view.text
    assert "Exported" not in editor_view.text
    # Wagtail shows an entry to whoever holds a permission on its kind of row:
    # Event managers (who may see attendees) see who looked at one; exports are
    # logged against the list's kind of row, which only administrators see.
    assert "Viewed in the admin" in manager_view.text
    assert "Exported" not in manager_view.text
