"""Refuse to delete framework rows that other content still points at.

Stories, pledges and sessions tag commitments through a many-to-many, which the
database does not protect: deleting a commitment would silently untag them. So the
admin asks `deletion_blockers()` first (see wagtail_hooks.py), and a pre_delete signal
stops every other path (shell, bulk delete) with `CommitmentInUse`.
"""

from collections import Counter
from itertools import chain

from django.db import router
from django.db.models import ProtectedError, RestrictedError
from django.db.models.deletion import Collector
from django.utils.text import get_text_list
from django.utils.translation import gettext as _

from .models import Commitment, tagged_usage


class CommitmentInUse(ProtectedError):
    pass


def _describe(counts):
    """{model: count} as phrases such as "2 delivery stories"."""
    phrases = []
    for model, count in counts.items():
        opts = model._meta
        phrases.append(
            f"{count} {opts.verbose_name if count == 1 else opts.verbose_name_plural}"
        )
    return phrases


def deletion_blockers(instance):
    """What stops `instance` being deleted, as phrases such as "2 delivery stories";
    empty when it may go. Covers content tagged with a commitment and rows that point
    at `instance` with on_delete=PROTECT (an outcome's commitments, indicators)."""
    blockers = []
    if isinstance(instance, Commitment):
        blockers += _describe(tagged_usage(instance))
    collector = Collector(using=router.db_for_write(type(instance)), origin=instance)
    try:
        collector.collect([instance])
    except ProtectedError as error:
        blockers += _describe(Counter(map(type, error.protected_objects)))
    except RestrictedError as error:
        blockers += _describe(Counter(map(type, error.restricted_objects)))
    return blockers


def refusal_message(instance, blockers):
    return _(
        "“%(name)s” can’t be deleted: it is used by %(users)s. Remove it from "
        "them first, then try again."
    ) % {"name": instance, "users": get_text_list(blockers, _("and"))}


def refuse_deleting_tagged_commitment(sender, instance, **kwargs):
    """pre_delete receiver for Commitment."""
    usage = tagged_usage(instance)
    if usage:
        tagged = set(
            chain.from_iterable(model.tagged_with(instance) for model in usage)
        )
        raise CommitmentInUse(refusal_message(instance, _describe(usage)), tagged)
