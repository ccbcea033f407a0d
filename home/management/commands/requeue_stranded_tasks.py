"""Retry the background tasks a worker was running when it died.

`manage.py db_worker` marks a task RUNNING when it takes it, and SUCCESSFUL or
FAILED when it ends. A worker killed in between (out of memory, `kill -9`, a stop
timeout running out) leaves the task RUNNING for ever, and nothing runs it again.
This puts such tasks back in the queue; every task is safe to run twice (each email
is sent at most once, `home.emails.send_templated_email_once`).
"""

import datetime
import logging

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 3


class StrandedTaskError(Exception):
    """Recorded on a task given up on: its worker died every time it ran."""


def requeue_stranded_tasks(*, older_than, max_attempts=MAX_ATTEMPTS, now=None):
    """Put the tasks RUNNING since before `older_than` (a timedelta) ago back in the
    queue (READY), and mark FAILED those already taken `max_attempts` times (each
    worker that takes a task adds its id to `worker_ids`), so a task that kills its
    worker isn't retried for ever. Logs each task it changes.

    Each row changes only if it is still RUNNING since the same time, so a task
    that finishes meanwhile keeps its result. Returns (requeued, failed) lists of
    task result ids.
    """
    now = now or timezone.now()
    requeued, failed = [], []
    stranded = DBTaskResult.objects.filter(
        status=TaskResultStatus.RUNNING, started_at__lt=now - older_than
    ).order_by("started_at")
    for result in stranded:
        attempts = len(result.worker_ids)
        still_stranded = DBTaskResult.objects.filter(
            pk=result.pk,
            status=TaskResultStatus.RUNNING,
            started_at=result.started_at,
        )
        last_worker = result.worker_ids[-1] if result.worker_ids else "?"
        if attempts >= max_attempts:
            message = (
                f"Stranded {attempts} times: its worker stopped each time without "
                f"finishing it (last on worker {last_worker}, started "
                f"{result.started_at.isoformat()})."
            )
            changed = still_stranded.update(
                status=TaskResultStatus.FAILED,
                finished_at=now,
                return_value=None,
                exception_class_path=(
                    f"{StrandedTaskError.__module__}.{StrandedTaskError.__qualname__}"
                ),
                traceback=f"{StrandedTaskError.__qualname__}: {message}\n",
            )
            if changed:
                failed.append(result.pk)
                logger.error(
                    "Task %s (%s) given up: %s", result.pk, result.task_path, message
                )
        elif still_stranded.update(status=TaskResultStatus.READY):
            requeued.append(result.pk)
            logger.warning(
                "Task %s (%s) stranded on worker %s since %s: back in the queue "
                "(attempt %d of %d next).",
                result.pk,
                result.task_path,
                last_worker,
                result.started_at.isoformat(),
                attempts + 1,
                max_attempts,
            )
    return requeued, failed


class Command(BaseCommand):
    help = (
        "Put background tasks left running by a worker that died back in the queue "
        "(given up on, as failed, after a few attempts). Schedule it every 5 minutes."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than",
            type=float,
            metavar="MINUTES",
            help=(
                "Treat tasks running for longer than this as stranded (default: "
                "the TASKS_STRANDED_AFTER_MINUTES setting)."
            ),
        )
        parser.add_argument(
            "--max-attempts",
            type=int,
            default=MAX_ATTEMPTS,
            help="Give up on a task after this many runs (default: %(default)s).",
        )

    def handle(self, *args, older_than, max_attempts, **options):
        if older_than is None:
            older_than = settings.TASKS_STRANDED_AFTER_MINUTES
        if older_than < 0 or max_attempts < 1:
            raise CommandError(
                "--older-than must be 0 or more and --max-attempts at least 1."
            )
        requeued, failed = requeue_stranded_tasks(
            older_than=datetime.timedelta(minutes=older_than),
            max_attempts=max_attempts,
        )
        self.stdout.write(
            f"Stranded tasks: {len(requeued)} back in the queue, "
            f"{len(failed)} given up on."
        )
