"""`manage.py requeue_stranded_tasks`: tasks left RUNNING by a worker that died are
put back in the queue, and given up on (FAILED) after a few attempts."""

import datetime
import logging
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from events.booking.tasks import send_ticket_email
from home.management.commands.requeue_stranded_tasks import (
    MAX_ATTEMPTS,
    StrandedTaskError,
)

SETTINGS_DOC = Path(__file__).resolve().parents[2] / "docs" / "settings.md"
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
COMMAND_LOGGER = "home.management.commands.requeue_stranded_tasks"


@pytest.fixture
def database_tasks(db, settings):
    settings.TASKS = DATABASE_TASKS


def running_task(*, minutes_ago, workers=("worker-1",)):
    """A queued ticket email taken by `workers` in turn, the last `minutes_ago`."""
    result = send_ticket_email.enqueue(1, "token").db_result
    for worker in workers:
        result.claim(worker)
    DBTaskResult.objects.filter(pk=result.pk).update(
        started_at=timezone.now() - datetime.timedelta(minutes=minutes_ago)
    )
    return result


def requeue(**options):
    out = StringIO()
    call_command("requeue_stranded_tasks", stdout=out, **options)
    return out.getvalue()


def status(result):
    result.refresh_from_db()
    return result.status


def test_a_task_running_for_too_long_goes_back_in_the_queue(
    database_tasks, caplog, settings
):
    too_long = settings.TASKS_STRANDED_AFTER_MINUTES
    stranded = running_task(minutes_ago=too_long + 1)
    recent = running_task(minutes_ago=too_long - 1)

    with caplog.at_level(logging.WARNING, logger=COMMAND_LOGGER):
        output = requeue()

    assert status(stranded) == TaskResultStatus.READY
    assert status(recent) == TaskResultStatus.RUNNING
    assert DBTaskResult.objects.ready().get() == stranded  # a worker will take it
    assert output.strip() == "Stranded tasks: 1 back in the queue, 0 given up on."
    (record,) = caplog.records
    assert str(stranded.pk) in record.getMessage()
    assert "events.booking.tasks.send_ticket_email" in record.getMessage()
    assert "worker-1" in record.getMessage()
    assert "attempt 2 of 3" in record.getMessage()


def test_the_settings_doc_gives_the_attempts():
    doc = " ".join(SETTINGS_DOC.read_text().split())
    assert f"taken {MAX_ATTEMPTS} times" in doc


def test_the_setting_and_the_option_say_how_long_is_too_long(database_tasks, settings):
    settings.TASKS_STRANDED_AFTER_MINUTES = 5
    six_minutes = running_task(minutes_ago=6)
    one_minute = running_task(minutes_ago=1)

    requeue()
    assert status(six_minutes) == TaskResultStatus.READY
    assert status(one_minute) == TaskResultStatus.RUNNING

    requeue(older_than=0)
    assert status(one_minute) == TaskResultStatus.READY


def test_a_task_that_strands_every_worker_is_given_up_on(database_tasks, caplog):
    workers = [f"worker-{number}" for number in range(1, MAX_ATTEMPTS + 1)]
    poison = running_task(minutes_ago=60, workers=workers)
    once_more = running_task(minutes_ago=60, workers=workers[:-1])

    with caplog.at_level(logging.WARNING, logger=COMMAND_LOGGER):
        output = requeue()

    assert output.strip() == "Stranded tasks: 1 back in the queue, 1 given up on."
    assert status(once_more) == TaskResultStatus.READY
    poison.refresh_from_db()
    assert poison.status == TaskResultStatus.FAILED
    assert poison.finished_at is not None
    (error,) = poison.task_result.errors
    assert error.exception_class is StrandedTaskError
    assert "Stranded 3 times" in error.traceback
    given_up = [record for record in caplog.records if record.levelname == "ERROR"]
    assert [str(poison.pk) in record.getMessage() for record in given_up] == [True]


def test_finished_and_queued_tasks_are_left_alone(database_tasks):
    queued = send_ticket_email.enqueue(1, "token").db_result
    finished = running_task(minutes_ago=60)
    finished.set_successful(None)

    assert requeue(older_than=0).strip() == (
        "Stranded tasks: 0 back in the queue, 0 given up on."
    )
    assert status(queued) == TaskResultStatus.READY
    assert status(finished) == TaskResultStatus.SUCCESSFUL


def test_bad_options_are_refused(db):
    with pytest.raises(CommandError):
        requeue(older_than=-1)
    with pytest.raises(CommandError):
        requeue(max_attempts=0)
