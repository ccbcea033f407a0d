"""On the day in the Wagtail admin: the summit dashboard and home-page panel,
requirements, badges, emails to attendees, the check-ins list and exports, and
who may see any of it."""

import pytest
from django.core import mail
from django.urls import reverse

from events.choices import RunStatus
from events.door import services as checkin
from events.models import (
    Attendee,
    BadgeRun,
    BulkEmail,
    CheckIn,
    Order,
    WaitingListEntry,
)
from tests.factories import StaffUserFactory
from tests.factories.events import (
    AttendeeFactory,
    SummitPageFactory,
    TicketTypeFactory,
    WaitingListEntryFactory,
)
from tests.pdfs import pdf_info, require_document_tools


@pytest.fixture
def manager_client(client, db):
    client.force_login(StaffUserFactory(groups=["Event managers"]))
    return client


@pytest.fixture
def attendee(ticket_type):
    return AttendeeFactory(
        ticket_type=ticket_type,
        name="Ada Example",
        organisation="Fen Council",
        accessibility_needs="Needs a hearing loop",
        dietary_requirements="Vegan",
    )


def _summit_urls(summit):
    return [
        reverse(name, args=[summit.pk])
        for name in (
            "summit_dashboard",
            "summit_requirements",
            "summit_badges",
            "summit_bulk_email",
        )
    ]


def test_dashboard_shows_the_summits_figures(manager_client, attendee):
    response = manager_client.get(
        reverse("summit_dashboard", args=[attendee.summit.pk])
    )

    assert response.status_code == 200
    assert "1 / 10" in response.text  # booked of capacity
    assert "Delegate place" in response.text
    assert "Trend chart: Places booked" in response.text
    assert "Ada Example" not in response.text  # figures only


def test_dashboard_default_goes_to_the_next_summit_or_the_one_chosen(
    manager_client, attendee
):
    url = reverse("summit_dashboard_default")

    assert manager_client.get(url).url == reverse(
        "summit_dashboard", args=[attendee.summit.pk]
    )
    chosen = manager_client.get(url, {"summit": attendee.summit.pk})
    assert chosen.url == reverse("summit_dashboard", args=[attendee.summit.pk])


def test_admin_home_shows_the_dashboard_panel_to_event_managers(
    manager_client, client, attendee
):
    home = manager_client.get(reverse("wagtailadmin_home"))

    assert "Open the summit dashboard" in home.text
    client.force_login(StaffUserFactory(groups=["Editors"]))
    assert (
        "Open the summit dashboard" not in client.get(reverse("wagtailadmin_home")).text
    )


def test_requirements_list_names_and_needs(manager_client, attendee):
    response = manager_client.get(
        reverse("summit_requirements", args=[attendee.summit.pk])
    )

    assert "Needs a hearing loop" in response.text
    assert "Access needs: 1 person" in response.text
    assert "Vegan" in response.text


@pytest.mark.parametrize("group", ["Editors", "Moderators", "Check-in staff"])
def test_other_staff_see_no_dashboard_or_personal_data(client, attendee, group):
    client.force_login(StaffUserFactory(groups=[group]))
    check_in = checkin.check_in(
        summit=attendee.summit, by=StaffUserFactory(), reference=attendee.reference
    ).check_in

    urls = [
        *_summit_urls(attendee.summit),
        reverse("attendee_badge", args=[attendee.pk]),
        reverse(CheckIn.snippet_viewset.get_url_name("list")),
        reverse(CheckIn.snippet_viewset.get_url_name("inspect"), args=[check_in.pk]),
        reverse(Attendee.snippet_viewset.get_url_name("list")) + "?export=csv",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code in (302, 403), url
        assert "Ada Example" not in response.text


def test_one_attendees_badge_is_a_pdf(manager_client, attendee):
    url = reverse("attendee_badge", args=[attendee.pk])

    a6 = manager_client.get(url)
    labels = manager_client.get(url, {"layout": "labels"})
    wrong = manager_client.get(url, {"layout": "poster"})

    assert a6["Content-Type"] == "application/pdf"
    assert a6.content.startswith(b"%PDF")
    assert f'filename="badge-{attendee.reference}.pdf"' in a6["Content-Disposition"]
    assert "no-store" in a6["Cache-Control"]
    assert labels.content.startswith(b"%PDF")
    assert wrong.status_code == 400
    inspect = manager_client.get(
        reverse(Attendee.snippet_viewset.get_url_name("inspect"), args=[attendee.pk])
    )
    assert url in inspect.text


def test_summit_badges_are_made_in_the_background_with_progress(
    manager_client, attendee, ticket_type, django_capture_on_commit_callbacks
):
    require_document_tools()
    AttendeeFactory.create_batch(9, ticket_type=ticket_type)
    url = reverse("summit_badges", args=[attendee.summit.pk])

    with django_capture_on_commit_callbacks(execute=True):
        response = manager_client.post(url, {"layout": "labels"})

    assert response.status_code == 302
    run = BadgeRun.objects.get()
    assert (run.status, run.done, run.total) == (RunStatus.DONE, 10, 10)
    progress = manager_client.get(reverse("badge_run_progress", args=[run.pk])).json()
    assert progress["percent"] == 100
    pdf = manager_client.get(reverse("badge_run_pdf", args=[run.pk]))
    assert pdf.content.startswith(b"%PDF")
    assert pdf_info(pdf.content)["Pages"] == "2"  # two A4 sheets of eight labels
    page = manager_client.get(url)
    assert "Download the badges (PDF)" in page.text
    # The line rewritten at every poll is not a live region; a quieter one is.
    assert "<p data-badge-status>" in page.text
    assert '<p class="w-sr-only" role="status" data-badge-announce>' in page.text


def test_a_new_badge_run_replaces_the_last_and_bad_layouts_are_refused(
    manager_client, attendee
):
    url = reverse("summit_badges", args=[attendee.summit.pk])
    manager_client.post(url, {"layout": "a6"})
    manager_client.post(url, {"layout": "a6"})

    refused = manager_client.post(url, {"layout": "poster"})

    assert BadgeRun.objects.count() == 1
    assert refused.status_code == 400
    assert "Select a valid choice" in refused.text


def test_badges_are_refused_while_a_run_is_in_progress(manager_client, attendee):
    BadgeRun.objects.create(summit=attendee.summit, layout="a6", status="running")

    response = manager_client.post(
        reverse("summit_badges", args=[attendee.summit.pk]), {"layout": "a6"}
    )

    assert response.status_code == 409
    assert "being made" in response.text


def test_email_attendees_preview_then_send_with_a_log(
    manager_client, attendee, django_capture_on_commit_callbacks
):
    url = reverse("summit_bulk_email", args=[attendee.summit.pk])
    message = {
        "subject": "Joining instructions",
        "body": "Doors open at 8:30.\n\nBring your ticket.",
    }

    preview = manager_client.post(url, {**message, "preview": "1"})
    assert "Hello Sample Person," in preview.text
    assert "Doors open at 8:30." in preview.text
    assert "/tickets/sample-ticket-link/" in preview.text
    # Nobody real is named, and no real ticket link shows to the sender.
    assert attendee.name not in preview.text
    assert attendee.email not in preview.text
    assert attendee.manage_token not in preview.text
    assert attendee.reference not in preview.text
    assert not mail.outbox

    send_key = preview.context["form"]["send_key"].value()
    with django_capture_on_commit_callbacks(execute=True):
        sent = manager_client.post(url, {**message, "send_key": send_key, "send": "1"})

    assert sent.status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [attendee.email]
    assert mail.outbox[0].subject == "Joining instructions"
    assert "Bring your ticket." in mail.outbox[0].body
    assert attendee.get_absolute_url() in mail.outbox[0].body
    log = BulkEmail.objects.get()
    assert (log.status, log.sent, log.failed, log.total) == (RunStatus.DONE, 1, 0, 1)
    assert "Joining instructions" in manager_client.get(url).text


def test_email_attendees_bad_input_is_a_400(manager_client, attendee):
    response = manager_client.post(
        reverse("summit_bulk_email", args=[attendee.summit.pk]),
        {"subject": "", "body": "", "send": "1"},
    )

    assert response.status_code == 400
    assert "Enter a subject." in response.text
    assert not BulkEmail.objects.exists()


def test_check_ins_list_with_filters_and_export(manager_client, attendee):
    checkin.check_in(
        summit=attendee.summit, by=StaffUserFactory(), reference=attendee.reference
    )
    url = reverse(CheckIn.snippet_viewset.get_url_name("list"))

    listing = manager_client.get(url, {"organisation": "fen"})
    empty = manager_client.get(url, {"organisation": "nobody"})
    export = manager_client.get(url, {"export": "csv"})

    assert "Ada Example" in listing.text
    assert "Ada Example" not in empty.text
    assert "Ada Example" in export.getvalue().decode()


def test_attendee_export_has_details_and_check_in_time(manager_client, attendee):
    checkin.check_in(
        summit=attendee.summit, by=StaffUserFactory(), reference=attendee.reference
    )

    csv = manager_client.get(
        reverse(Attendee.snippet_viewset.get_url_name("list")),
        {"export": "csv", "organisation": "fen"},
    )
    xlsx = manager_client.get(
        reverse(Attendee.snippet_viewset.get_url_name("list")), {"export": "xlsx"}
    )

    text = csv.getvalue().decode()
    assert "Checked in at" in text.splitlines()[0]
    assert "Ada Example" in text
    assert "Needs a hearing loop" in text
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")


def test_order_and_waiting_list_exports(manager_client, attendee, ticket_type):
    WaitingListEntryFactory(ticket_type=ticket_type, name="Wendy Waiting")

    orders = manager_client.get(
        reverse(Order.snippet_viewset.get_url_name("list")), {"export": "csv"}
    )
    waiting = manager_client.get(
        reverse(WaitingListEntry.snippet_viewset.get_url_name("list")),
        {"export": "csv", "summit": ticket_type.summit.pk},
    )

    assert attendee.order.reference in orders.getvalue().decode()
    assert "Wendy Waiting" in waiting.getvalue().decode()


def test_lists_filtered_by_summit_keep_only_that_summits_people(
    manager_client, ticket_type
):
    other_type = TicketTypeFactory(
        summit=SummitPageFactory(parent=ticket_type.summit.get_parent())
    )
    WaitingListEntryFactory(ticket_type=ticket_type, name="Wendy Here")
    WaitingListEntryFactory(ticket_type=other_type, name="Walter Elsewhere")

    waiting = (
        manager_client.get(
            reverse(WaitingListEntry.snippet_viewset.get_url_name("list")),
            {"export": "csv", "summit": ticket_type.summit.pk},
        )
        .getvalue()
        .decode()
    )

    assert "Wendy Here" in waiting
    assert "Walter Elsewhere" not in waiting


def test_attendee_export_writes_a_formula_as_text(manager_client, ticket_type):
    AttendeeFactory(
        ticket_type=ticket_type,
        name='=HYPERLINK("http://evil.example/","Click")',
        organisation="@SUM(A1:A9)",
    )
    url = reverse(Attendee.snippet_viewset.get_url_name("list")) + "?export=csv"

    body = b"".join(manager_client.get(url).streaming_content).decode()

    assert '"\'=HYPERLINK(""http://evil.example/"",""Click"")"' in body
    assert "'@SUM(A1:A9)" in body
    assert ",=HYPERLINK" not in body and ',"=HYPERLINK' not in body


BIG_ID = "9" * 20  # no database integer holds it


@pytest.mark.parametrize(
    "path",
    [
        f"/admin/summit-dashboard/{BIG_ID}/",
        f"/admin/summit-dashboard/{BIG_ID}/feedback.csv",
        f"/admin/summit-dashboard/{BIG_ID}/email/",
        "/admin/summit-dashboard/{summit}/email/" + BIG_ID + "/",
        f"/admin/summit-dashboard/badges/{BIG_ID}/progress/",
        f"/admin/summit-dashboard/attendee/{BIG_ID}/badge/",
        f"/admin/summits/{BIG_ID}/next-year/",
    ],
)
def test_an_id_too_big_for_the_database_is_not_found(manager_client, ticket_type, path):
    manager_client.raise_request_exception = False

    # follow: an address that matches nothing is first sent on to its "/" form.
    response = manager_client.get(
        path.format(summit=ticket_type.summit.pk), follow=True
    )

    assert response.status_code == 404


@pytest.mark.parametrize("value", ["²", "١", BIG_ID])
def test_an_odd_summit_in_the_query_string_is_never_an_error(
    manager_client, ticket_type, value
):
    manager_client.raise_request_exception = False
    attendees = reverse(Attendee.snippet_viewset.get_url_name("list"))
    add_ticket_type = reverse("wagtailsnippets_events_tickettype:add")

    dashboard = manager_client.get(
        reverse("summit_dashboard_default"), {"summit": value}
    )
    export = manager_client.get(attendees, {"summit": value, "export": "csv"})
    add = manager_client.get(add_ticket_type, {"summit": value})

    # Not a summit: the dashboard shows the next one, as with no choice at all.
    assert dashboard.status_code == 302
    assert dashboard.url == reverse("summit_dashboard", args=[ticket_type.summit.pk])
    assert export.status_code == 200
    assert add.status_code == 200
