"""Personal data kept only as long as the retention policy says (docs/privacy.md).

`apply_retention` runs every rule the apps registered (`home.retention_registry`)
with the policy in force and logs the run as a `RetentionRun`. The rules for what
`home` holds itself are here: the record of emails sent, finished background
tasks and expired sessions.
"""

import datetime
import logging

from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from .models import RetentionPolicy, RetentionRun, SentEmail
from .retention_registry import register_rule, registered_rules

logger = logging.getLogger(__name__)


def _delete(queryset, *, dry_run):
    with transaction.atomic():
        if dry_run:
            return queryset.count()
        return queryset.delete()[1].get(queryset.model._meta.label, 0)


def prune_sent_emails(*, policy, now, dry_run=False):
    """Delete the record of emails sent (addresses and subjects) more than
    `policy.log_days` ago. A task run again after that could send its email a
    second time; none runs that late."""
    cutoff = now - datetime.timedelta(days=policy.log_days)
    return _delete(SentEmail.objects.filter(sent_at__lt=cutoff), dry_run=dry_run)


def prune_task_results(*, policy, now, dry_run=False):
    """Delete background tasks that finished (succeeded or failed) more than
    `policy.log_days` ago: their arguments and results can name people. Tasks
    waiting or running stay. (This replaces `prune_db_task_results`.)"""
    cutoff = now - datetime.timedelta(days=policy.log_days)
    return _delete(
        DBTaskResult.objects.finished().filter(finished_at__lt=cutoff),
        dry_run=dry_run,
    )


def prune_expired_sessions(*, policy, now, dry_run=False):
    """Delete sessions past their expiry, which Django never deletes by itself: a
    booking begun and never placed leaves the names, email addresses and access
    needs typed into it there. (A copy read from Redis expires with the session.)"""
    return _delete(Session.objects.filter(expire_date__lt=now), dry_run=dry_run)


def register_rules():
    register_rule(
        "home.sent_emails",
        prune_sent_emails,
        description="Records of emails sent, deleted",
    )
    register_rule(
        "home.task_results",
        prune_task_results,
        description="Finished background tasks, deleted",
    )
    register_rule(
        "home.expired_sessions",
        prune_expired_sessions,
        description="Expired sessions, deleted",
    )


def apply_retention(*, now=None, dry_run=False):
    """Run every registered rule with the policy in force, each in its own
    transaction (a rule that fails leaves the others' work done, and is logged and
    raised after the run is recorded). Records the run as a `RetentionRun` with
    each rule's count, and logs it. With `dry_run`, only counts. Returns the run."""
    now = now or timezone.now()
    policy = RetentionPolicy.load()
    run = RetentionRun.objects.create(started_at=timezone.now(), dry_run=dry_run)
    failure = None
    for rule in registered_rules():
        try:
            run.counts[rule.name] = rule.apply(policy=policy, now=now, dry_run=dry_run)
        except Exception as error:
            logger.exception("Retention rule %s failed.", rule.name)
            failure = failure or error
    run.finished_at = timezone.now()
    run.save(update_fields=["counts", "finished_at"])
    logger.info(
        "Retention run %s%s: %s.",
        run.pk,
        " (dry run, nothing changed)" if dry_run else "",
        run.counts_text or "no rules",
    )
    if failure is not None:
        raise failure
    return run
