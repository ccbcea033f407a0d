"""The door check-in page and its JSON endpoints: who may use them, the no-script
forms, bad input, rate limits and query budgets."""

import datetime
import json

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from events import qr
from events.choices import AttendeeStatus
from events.door import services as checkin
from events.models import CheckIn
from tests.factories import StaffUserFactory
from tests.factories.events import AttendeeFactory, SummitPageFactory


@pytest.fixture
def door_client(client, db):
    client.force_login(
        StaffUserFactory(groups=["Check-in staff"], first_name="Sam", last_name="Door")
    )
    return client


@pytest.fixture
def attendee(ticket_type):
    return AttendeeFactory(
        ticket_type=ticket_type, name="Ada Example", organisation="Fen Council"
    )


def _url(name, summit):
    return reverse(f"events:{name}", args=[summit.pk])


def _post_json(client, url, body):
    return client.post(
        url,
        json.dumps(body) if not isinstance(body, bytes) else body,
        content_type="application/json",
    )


def test_door_page_shows_arrival_counts(door_client, attendee):
    response = door_client.get(_url("checkin", attendee.summit))

    assert response.status_code == 200
    assert "Check-in" in response.text
    assert "Delegate place" in response.text
    assert response["Cache-Control"].startswith("max-age=0")
    assert "no-store" in response["Cache-Control"]


def test_only_summit_redirects_from_the_choice_page(door_client, attendee):
    response = door_client.get(reverse("events:checkin_choose"))

    assert response.status_code == 302
    assert response.url == _url("checkin", attendee.summit)


def test_choice_page_lists_summits(door_client, attendee, summit_index):
    SummitPageFactory(parent=summit_index, title="Second Summit")

    response = door_client.get(reverse("events:checkin_choose"))

    assert "Second Summit" in response.text
    assert attendee.summit.title in response.text


def test_reference_form_checks_in_without_javascript(door_client, attendee):
    url = _url("checkin", attendee.summit)

    first = door_client.post(url, {"reference": attendee.reference})
    second = door_client.post(url, {"reference": attendee.reference})

    assert "Checked in" in first.text
    assert "Ada Example" in first.text
    assert "Already checked in" in second.text
    assert "by Sam Door" in second.text
    assert CheckIn.objects.count() == 1


def test_empty_reference_is_a_400_with_a_message(door_client, attendee):
    response = door_client.post(_url("checkin", attendee.summit), {"reference": " "})

    assert response.status_code == 400
    assert "Enter the reference printed on the ticket." in response.text


def test_search_and_pick_without_javascript(door_client, attendee):
    url = _url("checkin", attendee.summit)

    found = door_client.get(url, {"q": "fen coun"})
    none = door_client.get(url, {"q": "Nobody Here"})
    picked = door_client.post(url, {"attendee": str(attendee.pk)})

    assert "Ada Example" in found.text
    assert "Nobody booked matches" in none.text
    assert "Checked in" in picked.text


def test_undo_form(door_client, attendee):
    url = _url("checkin", attendee.summit)
    door_client.post(url, {"reference": attendee.reference})
    check_in = CheckIn.objects.get()

    undone = door_client.post(url, {"undo": str(check_in.pk)})
    again = door_client.post(url, {"undo": str(check_in.pk)})
    nonsense = door_client.post(url, {"undo": "abc"})
    huge = door_client.post(url, {"undo": "9" * 20})
    other_digits = door_client.post(url, {"undo": "²"})

    assert "Check-in of Ada Example undone." in undone.text
    assert again.status_code == 409
    assert "already been undone" in again.text
    assert nonsense.status_code == huge.status_code == other_digits.status_code == 409


def test_api_checks_in_by_payload_and_says_already_the_second_time(
    door_client, attendee
):
    url = _url("checkin_api", attendee.summit)
    payload = qr.ticket_payload(attendee)

    first = _post_json(door_client, url, {"payload": payload}).json()
    second = _post_json(door_client, url, {"payload": payload}).json()

    assert first["outcome"] == "checked_in"
    assert first["attendee"]["name"] == "Ada Example"
    assert second["outcome"] == "already"
    assert second["check_in"]["by"] == "Sam Door"


def test_api_forged_payload_reveals_nothing(door_client, attendee):
    response = _post_json(
        door_client,
        _url("checkin_api", attendee.summit),
        {"payload": attendee.ticket_token + ":forged"},
    )

    assert response.status_code == 200
    assert response.json()["outcome"] == "unknown"
    assert response.json()["attendee"] is None


@pytest.mark.parametrize(
    "body",
    [
        b"not json",
        b"[1, 2]",
        {},
        {"payload": 5},
        {"attendee": "1"},
        {"reference": ""},
        {"attendee": 10**20},  # no database integer holds it
    ],
)
def test_api_bad_input_is_a_400_with_a_message(door_client, attendee, body):
    response = _post_json(door_client, _url("checkin_api", attendee.summit), body)

    assert response.status_code == 400
    assert response.json()["error"]


def test_api_undo(door_client, attendee):
    answer = _post_json(
        door_client,
        _url("checkin_api", attendee.summit),
        {"reference": attendee.reference},
    ).json()
    url = _url("checkin_undo", attendee.summit)

    undone = _post_json(door_client, url, {"check_in": answer["check_in"]["id"]})
    again = _post_json(door_client, url, {"check_in": answer["check_in"]["id"]})
    bad = _post_json(door_client, url, {"check_in": "x"})
    huge = _post_json(door_client, url, {"check_in": 10**20})

    assert undone.json()["message"] == "Check-in of Ada Example undone."
    assert again.status_code == 409
    assert bad.status_code == huge.status_code == 400
    assert not CheckIn.objects.live().exists()


def test_sync_answers_each_scan_by_id(door_client, attendee, ticket_type):
    cancelled = AttendeeFactory(
        ticket_type=ticket_type, status=AttendeeStatus.CANCELLED
    )
    at = timezone.now().isoformat()
    scans = [
        {"id": "s1", "scanned_at": at, "payload": qr.ticket_payload(attendee)},
        {"id": "s2", "scanned_at": at, "reference": cancelled.reference},
        {"id": "s1", "scanned_at": at, "payload": qr.ticket_payload(attendee)},
    ]

    response = _post_json(
        door_client, _url("checkin_sync", attendee.summit), {"scans": scans}
    )

    assert [(r["id"], r["outcome"]) for r in response.json()["results"]] == [
        ("s1", "checked_in"),
        ("s2", "cancelled"),
        ("s1", "checked_in"),
    ]
    assert CheckIn.objects.count() == 1


@pytest.mark.parametrize("scans", [None, "x", [{"id": "s"}] * 501])
def test_sync_bad_envelope_is_a_400(door_client, attendee, scans):
    response = _post_json(
        door_client, _url("checkin_sync", attendee.summit), {"scans": scans}
    )

    assert response.status_code == 400
    assert response.json()["error"]
    assert not CheckIn.objects.exists()


@pytest.mark.parametrize(
    "bad",
    [
        {"id": "bad", "scanned_at": "yesterday", "reference": "SA26-AAAA-1"},
        {"id": "bad", "scanned_at": "2026-12-10T09:00:00", "reference": "SA26-AAAA-1"},
        {"id": "bad", "scanned_at": "2026-12-10T09:00:00+00:00"},
        {
            "id": "bad",
            "scanned_at": "2026-12-10T09:00:00Z",
            "payload": "p",
            "reference": "r",
        },
        # A clock no device has: the scan would break every later ticket list.
        {"id": "bad", "scanned_at": "0001-01-01T00:00:00+00:00", "reference": "r"},
        {"id": "bad", "scanned_at": "9999-12-31T23:59:59+00:00", "reference": "r"},
    ],
)
def test_a_malformed_scan_answers_an_error_and_the_rest_still_sync(
    door_client, attendee, bad
):
    good = {
        "id": "good",
        "scanned_at": timezone.now().isoformat(),
        "reference": attendee.reference,
    }

    response = _post_json(
        door_client,
        _url("checkin_sync", attendee.summit),
        {"scans": [bad, "scan", {"scanned_at": good["scanned_at"]}, good]},
    )

    assert response.status_code == 200
    results = response.json()["results"]
    assert [(r["id"], bool(r.get("error"))) for r in results] == [
        ("bad", True),
        (None, True),
        (None, True),
        ("good", False),
    ]
    assert results[3]["outcome"] == "checked_in"
    assert CheckIn.objects.get().attendee == attendee


def test_ticket_list_endpoint(door_client, attendee):
    data = door_client.get(_url("checkin_tickets", attendee.summit)).json()

    assert data["ticket_types"] == [
        {"id": attendee.ticket_type.pk, "name": "Delegate place"}
    ]
    assert data["places"][0]["key"] == checkin.ticket_key(attendee.ticket_token)
    assert attendee.ticket_token not in json.dumps(data)
    # The device drops its copy a day after the summit ends.
    closes = datetime.datetime.fromisoformat(data["door_closes"])
    assert closes == attendee.summit.end + datetime.timedelta(days=1)


def test_past_summit_is_closed_for_check_in(door_client, summit_index):
    past = SummitPageFactory(parent=summit_index, days_ahead=-10)

    assert door_client.get(_url("checkin", past)).status_code == 404


@pytest.mark.parametrize("group", ["Editors", "Moderators"])
def test_staff_without_the_check_in_role_cannot_check_anyone_in(
    client, attendee, group
):
    client.force_login(StaffUserFactory(groups=[group]))
    summit = attendee.summit

    responses = [
        client.get(_url("checkin", summit)),
        client.post(_url("checkin", summit), {"reference": attendee.reference}),
        _post_json(
            client, _url("checkin_api", summit), {"reference": attendee.reference}
        ),
        client.get(_url("checkin_tickets", summit)),
    ]

    assert [response.status_code for response in responses] == [403] * 4
    assert not CheckIn.objects.exists()
    assert all("Ada Example" not in response.text for response in responses)


def test_event_managers_may_check_people_in(client, attendee):
    client.force_login(StaffUserFactory(groups=["Event managers"]))

    response = _post_json(
        client,
        _url("checkin_api", attendee.summit),
        {"reference": attendee.reference},
    )

    assert response.json()["outcome"] == "checked_in"


def test_a_check_in_permission_given_directly_is_enough(client, attendee):
    staff = StaffUserFactory()
    staff.user_permissions.add(Permission.objects.get(codename="check_in_attendee"))
    client.force_login(staff)

    response = _post_json(
        client,
        _url("checkin_api", attendee.summit),
        {"reference": attendee.reference},
    )

    assert response.json()["outcome"] == "checked_in"


def test_without_the_right_a_closed_or_unknown_summit_is_still_a_403(
    client, summit_index
):
    client.force_login(StaffUserFactory(groups=["Editors"]))
    past = SummitPageFactory(parent=summit_index, days_ahead=-10)

    assert client.get(_url("checkin", past)).status_code == 403
    assert client.get("/checkin/987654/tickets/").status_code == 403


def test_signed_out_people_are_sent_to_sign_in(client, attendee):
    page = client.get(_url("checkin", attendee.summit))
    api = _post_json(
        client, _url("checkin_api", attendee.summit), {"reference": attendee.reference}
    )

    assert page.status_code == 302
    assert "/accounts/login/" in page.url
    assert api.status_code == 401


def test_check_in_endpoint_is_rate_limited(door_client, attendee, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "checkin": (3, 60)}
    url = _url("checkin_api", attendee.summit)

    statuses = [
        _post_json(door_client, url, {"payload": "forged:x"}).status_code
        for _ in range(4)
    ]

    assert statuses == [200, 200, 200, 429]


@pytest.mark.parametrize("people", [1, 3])
def test_check_in_endpoint_query_budget(
    door_client, ticket_type, people, django_assert_num_queries
):
    attendees = AttendeeFactory.create_batch(people, ticket_type=ticket_type)
    url = _url("checkin_api", ticket_type.summit)
    door_client.get(_url("checkin", ticket_type.summit))  # warm the session

    # Session and user; the summit with the permission check (one query); then
    # the check-in itself (see door/test_services.py) and the transaction; the
    # same with 1 or 3 people.
    with django_assert_num_queries(8):
        response = _post_json(door_client, url, {"reference": attendees[-1].reference})

    assert response.json()["outcome"] == "checked_in"


@pytest.mark.parametrize("people", [1, 3])
def test_a_qr_scan_costs_the_same_queries_however_many_are_booked(
    door_client, ticket_type, people, django_assert_num_queries
):
    attendees = AttendeeFactory.create_batch(people, ticket_type=ticket_type)
    url = _url("checkin_api", ticket_type.summit)
    door_client.get(_url("checkin", ticket_type.summit))  # warm the session
    payload = qr.ticket_payload(attendees[-1])

    # Session, user, the summit with the permission check; the place locked with
    # whether it is checked in, the check-in and its history line, in a savepoint
    # here (a transaction in production). A repeat scan reads the standing
    # check-in instead of writing; a forged code stops at its signature.
    with django_assert_num_queries(8):
        first = _post_json(door_client, url, {"payload": payload})
    with django_assert_num_queries(7):
        repeat = _post_json(door_client, url, {"payload": payload})
    with django_assert_num_queries(3):
        forged = _post_json(door_client, url, {"payload": payload + "x"})

    assert [first.json()["outcome"], repeat.json()["outcome"]] == [
        "checked_in",
        "already",
    ]
    assert forged.json()["outcome"] == "unknown"


def test_service_worker_is_served_under_checkin(client, db):
    response = client.get(reverse("events:checkin_sw"))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert "caches.match" in response.text


def test_deeply_nested_json_is_refused_with_a_message(door_client, attendee):
    body = "[" * 100_000 + "]" * 100_000

    response = door_client.post(
        _url("checkin_sync", attendee.summit),
        body,
        content_type="application/json",
    )

    assert response.status_code == 400
    assert response.json()["error"]


def test_the_ticket_list_survives_a_check_in_at_an_impossible_time(
    door_client, attendee
):
    CheckIn.objects.create(
        attendee=attendee,
        summit=attendee.summit,
        checked_in_at=datetime.datetime(1, 1, 1, tzinfo=datetime.UTC),
    )

    response = door_client.get(_url("checkin_tickets", attendee.summit))

    assert response.status_code == 200
    [place] = [
        p for p in response.json()["places"] if p["reference"] == attendee.reference
    ]
    assert place["checked_in_at"].startswith("0001-01-01")


def test_json_true_is_not_a_place_or_a_check_in(door_client, attendee):
    """`true` is the integer 1 to Python: it is no row's id, so it is bad input."""
    picked = _post_json(
        door_client, _url("checkin_api", attendee.summit), {"attendee": True}
    )
    undone = _post_json(
        door_client, _url("checkin_undo", attendee.summit), {"check_in": True}
    )

    assert (picked.status_code, undone.status_code) == (400, 400)
    assert not CheckIn.objects.exists()


@pytest.mark.parametrize("suffix", ["", "tickets/"])
def test_a_summit_id_past_any_database_integer_is_a_404(door_client, suffix):
    response = door_client.get(f"/checkin/{'9' * 25}/{suffix}")

    assert response.status_code == 404


def test_the_door_page_may_use_the_camera_and_nothing_else_may(door_client, attendee):
    door = door_client.get(_url("checkin", attendee.summit))
    tickets = door_client.get(_url("checkin_tickets", attendee.summit))

    assert "camera=(self)" in door["Permissions-Policy"]
    assert "microphone=()" in door["Permissions-Policy"]
    assert "camera=()" in tickets["Permissions-Policy"]
    csp = door["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "'unsafe-inline'" not in csp
    assert "frame-ancestors 'none'" in csp
