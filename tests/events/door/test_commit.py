"""A check-in's commit doesn't wait for PostgreSQL's disk (docs/door.md#speed): the
check-in's transaction alone commits asynchronously, and the connection is back to
durable commits for whatever it writes next."""

import pytest
from django.db import connection, transaction
from wagtail.models import Page

from events import qr
from events.door import services as checkin
from tests.factories import UserFactory
from tests.factories.events import (
    AttendeeFactory,
    SummitIndexPageFactory,
    SummitPageFactory,
    TicketTypeFactory,
)

pytestmark = [
    pytest.mark.postgres_only,
    # A real transaction of its own, as in production (a test's transaction would
    # make the check-in's a savepoint, which keeps its caller's durability).
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _synchronous_commit(raw_connection):
    return raw_connection.execute("SHOW synchronous_commit").fetchone()[0]


def test_a_check_in_commits_without_waiting_for_the_disk_and_nothing_after_it():
    summit = SummitPageFactory(
        parent=SummitIndexPageFactory(parent=Page.get_first_root_node())
    )
    attendee = AttendeeFactory(ticket_type=TicketTypeFactory(summit=summit))
    staff = UserFactory()
    writes = []

    def note_setting(execute, sql, params, many, context):
        if sql.startswith(("INSERT", "UPDATE")):
            setting = _synchronous_commit(context["connection"].connection)
            writes.append((sql.split('"')[1], setting))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(note_setting):
        answer = checkin.check_in(
            summit=summit, by=staff, payload=qr.ticket_payload(attendee)
        )
        checkin.undo_check_in(summit=summit, check_in_id=answer.check_in.pk, by=staff)

    assert answer.outcome == checkin.CHECKED_IN
    # The check-in and its history line, then the undo and its line.
    assert writes == [
        ("events_checkin", "off"),
        ("events_statuschange", "off"),
        ("events_checkin", "off"),
        ("events_statuschange", "off"),
    ]
    connection.ensure_connection()
    assert _synchronous_commit(connection.connection) == "on"


def test_a_check_in_inside_a_larger_transaction_leaves_its_commit_durable():
    summit = SummitPageFactory(
        parent=SummitIndexPageFactory(parent=Page.get_first_root_node())
    )
    attendee = AttendeeFactory(ticket_type=TicketTypeFactory(summit=summit))

    with transaction.atomic():
        checkin.check_in(
            summit=summit, by=UserFactory(), payload=qr.ticket_payload(attendee)
        )
        # The caller's own writes after it commit with them, as durably as ever.
        setting = _synchronous_commit(connection.connection)

    assert setting == "on"
