"""Booking emails sent by background tasks that may run twice: queued in the
database as in production, a transfer while the first ticket email waits, every
email task run again, and a worker killed in the middle of sending a ticket."""

import email
import os
import signal
import subprocess
import sys
import time
from io import StringIO
from pathlib import Path
from urllib.parse import quote

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django_tasks import TaskResultStatus
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult

from events.booking import changes, orders, tasks
from events.booking.pricing import PlaceRequest
from events.choices import AttendeeStatus
from home.models import SentEmail
from tests.factories.events import (
    AttendeeFactory,
    SummitIndexPageFactory,
    SummitPageFactory,
    TicketTypeFactory,
    WaitingListEntryFactory,
    attendee_details,
    open_registration,
)

ROOT = Path(__file__).resolve().parents[3]
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
TICKET = "events/emails/ticket"


@pytest.fixture
def task_queue(settings, monkeypatch):
    """Tasks go to the database, as in production, until `run_worker` runs them."""
    settings.TASKS = DATABASE_TASKS
    # The worker checks its connection between tasks; in this test's transaction
    # that would close it.
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)


def _worker(max_tasks=None):
    return db_worker.Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=max_tasks,
        worker_id="test-worker",
        excluded_queue_names=[],
    )


def run_worker():
    """What `manage.py db_worker --batch` does, in this process: run the queued
    tasks in order (and those they queue), then stop."""
    _worker().run()


def run_queued(task):
    """Run only the queued `task`s, as the worker would; the rest stay queued."""
    worker = _worker()
    for result in DBTaskResult.objects.ready().filter(task_path=task.module_path):
        result.claim(worker.worker_id)
        worker.run_task(result)


def book(booker, ticket_type, name, address):
    return orders.place_order(
        booker=booker,
        summit=ticket_type.summit,
        places=[
            PlaceRequest(
                ticket_type=ticket_type, details=attendee_details(name, address)
            )
        ],
    )


def sent():
    """(template, recipients) of each email sent, in order."""
    assert len(mail.outbox) == SentEmail.objects.count()
    return sorted(SentEmail.objects.values_list("template", "recipients"))


def queued_ticket_tokens():
    return [
        result.args_kwargs["args"][1]
        for result in DBTaskResult.objects.ready().filter(
            task_path=tasks.send_ticket_email.module_path
        )
    ]


@pytest.mark.parametrize(
    "order_task_ran", [True, False], ids=["ticket email queued", "order task queued"]
)
def test_a_transfer_while_the_first_ticket_email_is_queued_emails_each_holder_once(
    booker, ticket_type, task_queue, django_capture_on_commit_callbacks, order_task_ran
):
    """Ada's ticket email is still in the queue (or the order's task that queues it
    is) when she hands her place to Ben: Ben gets his ticket once, Ada only the
    notice that her ticket has been transferred."""
    with django_capture_on_commit_callbacks(execute=True):
        place = book(booker, ticket_type, "Ada Old", "ada@example.org").attendees.get()
    first_token = place.ticket_token
    if order_task_ran:
        run_queued(tasks.send_order_emails)
        assert queued_ticket_tokens() == [first_token]

    with django_capture_on_commit_callbacks(execute=True):
        changes.transfer_attendee(
            attendee=place, details=attendee_details("Ben New", "ben@example.org")
        )
    assert mail.outbox == []
    run_worker()

    place.refresh_from_db()
    assert sent() == [
        ("events/emails/order_summary", "booker@example.org"),
        ("events/emails/place_update", "booker@example.org"),
        (TICKET, "ben@example.org"),
        ("events/emails/transfer_notice", "ada@example.org"),
    ]
    (ticket,) = [message for message in mail.outbox if message.to == [place.email]]
    assert "Ben New" in ticket.body
    assert place.manage_token in ticket.body
    assert SentEmail.objects.filter(
        key=f"ticket:{place.pk}:{place.ticket_token}"
    ).exists()
    assert not DBTaskResult.objects.exclude(status=TaskResultStatus.SUCCESSFUL)


def test_a_ticket_email_queued_without_a_token_goes_once_to_whoever_holds_the_place(
    ticket_type, task_queue, django_capture_on_commit_callbacks
):
    """Tasks queued before ticket emails named their token send the current holder's
    ticket, and the send-once key stops the transfer's own from repeating it."""
    place = AttendeeFactory(
        ticket_type=ticket_type, name="Ada Old", email="ada@example.org"
    )
    tasks.send_ticket_email.enqueue(place.pk)

    with django_capture_on_commit_callbacks(execute=True):
        changes.transfer_attendee(
            attendee=place, details=attendee_details("Ben New", "ben@example.org")
        )
    run_worker()

    assert sent() == [
        (TICKET, "ben@example.org"),
        ("events/emails/transfer_notice", "ada@example.org"),
    ]


def test_a_booking_without_an_account_queues_only_its_emails(
    ticket_type, task_queue, django_capture_on_commit_callbacks
):
    """Saving an order or a place queues no update of Wagtail's reference index
    (four tasks a booking before), so the worker has one task a step."""

    def queued():
        return list(DBTaskResult.objects.ready().values_list("task_path", flat=True))

    with django_capture_on_commit_callbacks(execute=True):
        order = orders.place_order(
            booker=None,
            booker_email="ada@example.org",
            summit=ticket_type.summit,
            places=[
                PlaceRequest(
                    ticket_type=ticket_type,
                    details=attendee_details("Ada", "ada@example.org"),
                )
            ],
            confirm_by_email=True,
        )
    assert queued() == [tasks.send_booking_confirmation_request.module_path]
    DBTaskResult.objects.all().delete()

    with django_capture_on_commit_callbacks(execute=True):
        orders.confirm_booking(order=order)

    assert queued() == [tasks.send_order_emails.module_path]


def test_each_booking_email_task_run_again_sends_nothing_more(
    booker, ticket_type, task_queue, django_capture_on_commit_callbacks
):
    """As if every task's worker had died after sending and the tasks had been put
    back in the queue (`requeue_stranded_tasks`): run again, none sends twice. A
    new request for the emails that answer one is answered again."""
    with django_capture_on_commit_callbacks(execute=True):
        place = book(booker, ticket_type, "Ada Old", "ada@example.org").attendees.get()
        changes.transfer_attendee(
            attendee=place, details=attendee_details("Ben New", "ben@example.org")
        )
    run_worker()
    with django_capture_on_commit_callbacks(execute=True):
        changes.cancel_attendee(attendee=place)
    entry = WaitingListEntryFactory(ticket_type=ticket_type, email="cy@example.org")
    tasks.send_waiting_list_email.enqueue(entry.pk, "joined")
    tasks.send_ticket_links_email.enqueue("cy@example.org")
    run_worker()
    everything = [
        ("events/emails/cancellation", "ben@example.org"),
        ("events/emails/order_summary", "booker@example.org"),
        ("events/emails/place_update", "booker@example.org"),
        (TICKET, "ben@example.org"),
        ("events/emails/ticket_links", "cy@example.org"),
        ("events/emails/transfer_notice", "ada@example.org"),
        ("events/emails/waiting_list_joined", "cy@example.org"),
    ]
    assert sent() == everything
    place.refresh_from_db()
    assert place.status == AttendeeStatus.CANCELLED

    DBTaskResult.objects.update(status=TaskResultStatus.READY)
    run_worker()

    assert sent() == everything
    assert not DBTaskResult.objects.exclude(status=TaskResultStatus.SUCCESSFUL)

    tasks.send_waiting_list_email.enqueue(entry.pk, "joined")
    tasks.send_ticket_links_email.enqueue("cy@example.org")
    run_worker()

    assert sent() == sorted(
        [
            *everything,
            ("events/emails/ticket_links", "cy@example.org"),
            ("events/emails/waiting_list_joined", "cy@example.org"),
        ]
    )


# A real worker killed in the middle of a send


def _database_url():
    """The test database, for the worker processes."""
    db = connection.settings_dict
    user, password = (
        quote(db["USER"] or "", safe=""),
        quote(db["PASSWORD"] or "", safe=""),
    )
    host = quote(db["HOST"] or "127.0.0.1", safe="")  # or a socket's folder
    port = f":{db['PORT']}" if db["PORT"] else ""
    return f"postgres://{user}:{password}@{host}{port}/{db['NAME']}"


@pytest.fixture
def mail_folder(tmp_path):
    folder = tmp_path / "mail"
    folder.mkdir()
    return folder


@pytest.fixture
def start_worker(tmp_path, mail_folder):
    """Start `manage.py db_worker` processes on the test database with the slow
    file email backend; every one is killed at the end of the test, pass or fail."""
    started = []

    def start(*options, worker_id, email_seconds):
        log = (tmp_path / f"{worker_id}.log").open("wb")
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "site_config.settings.dev",
            "SECRET_KEY": "worker-test-key",
            "DATABASE_URL": _database_url(),
            "TASK_BACKEND": "django_tasks_db.DatabaseBackend",
            "EMAIL_BACKEND": "tests.events.booking.slow_email_backend.EmailBackend",
            "SLOW_EMAIL_DIR": str(mail_folder),
            "SLOW_EMAIL_SECONDS": str(email_seconds),
            "SITE_URL": "http://testserver",
        }
        env.pop("REDIS_URL", None)
        process = subprocess.Popen(
            [
                *(sys.executable, "manage.py", "db_worker", "--no-reload"),
                *("--no-startup-delay", "--interval", "0.1"),
                *("--worker-id", worker_id, *options),
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        process.log = log
        started.append(process)
        return process

    yield start
    for process in started:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=30)
        process.log.close()


def wait_until(condition, *, process, what, seconds=30):
    deadline = time.monotonic() + seconds
    while not condition():
        if process.poll() is not None:
            log = Path(process.log.name).read_text(errors="replace")
            pytest.fail(f"the worker stopped before {what}:\n{log}")
        if time.monotonic() > deadline:
            pytest.fail(f"no {what} after {seconds} seconds")
        time.sleep(0.05)


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_ticket_email_whose_worker_dies_mid_send_is_sent_once_after_requeue(
    home_page, settings, start_worker, mail_folder
):
    """The worker is killed (SIGKILL: out of memory, a stop timeout) while sending
    a ticket: the task stays RUNNING and nothing is recorded as sent. The requeue
    command puts it back; the next worker sends the ticket, once."""
    summit = open_registration(
        SummitPageFactory(parent=SummitIndexPageFactory(parent=home_page))
    )
    attendee = AttendeeFactory(
        ticket_type=TicketTypeFactory(summit=summit),
        name="Ada Example",
        email="ada@example.org",
    )
    settings.TASKS = DATABASE_TASKS
    result = tasks.send_ticket_email.enqueue(attendee.pk, attendee.ticket_token)
    task = result.db_result

    first = start_worker(worker_id="first-worker", email_seconds=60)
    wait_until(lambda: any(mail_folder.glob("sending-*")), process=first, what="a send")
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=10)

    task.refresh_from_db()
    assert (task.status, task.worker_ids) == (
        TaskResultStatus.RUNNING,
        ["first-worker"],
    )
    assert not SentEmail.objects.exists()
    assert not list(mail_folder.glob("*.eml"))

    call_command("requeue_stranded_tasks", older_than=0, stdout=StringIO())
    task.refresh_from_db()
    assert task.status == TaskResultStatus.READY

    second = start_worker("--batch", worker_id="second-worker", email_seconds=0)
    assert second.wait(timeout=60) == 0

    task.refresh_from_db()
    assert task.status == TaskResultStatus.SUCCESSFUL
    assert task.worker_ids == ["first-worker", "second-worker"]
    (sent_file,) = mail_folder.glob("*.eml")
    message = email.message_from_bytes(sent_file.read_bytes())
    assert message["To"] == "ada@example.org"
    assert message["Subject"] == (
        f"Your ticket for {summit.title} ({attendee.reference})"
    )
    assert SentEmail.objects.get().key == (
        f"ticket:{attendee.pk}:{attendee.ticket_token}"
    )

    # Run once more (a worker only slow, not dead, finishing after the requeue):
    # nothing is sent again.
    tasks.send_ticket_email.call(attendee.pk, attendee.ticket_token)
    assert mail.outbox == []
    assert SentEmail.objects.count() == 1
