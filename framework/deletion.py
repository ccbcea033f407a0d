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

from . import tagging


class CommitmentInUse(ProtectedError):
    pass


def _phrase(count, verbose_name, verbose_name_plural):
    return f"{count} {verbose_name if count == 1 else verbose_name_plural}"


def deletion_blockers(instance):
    """What stops `instance` being deleted, as phrases such as "2 delivery stories";
    empty when it may go. Covers content tagged with a commitment and rows that point
    at `instance` with on_delete=PROTECT (an outcome's commitments, indicators)."""
    from .models import Commitment

    blockers = []
    if isinstance(instance, Commitment):
        blockers += [
            f"{count} {name}" for name, count in tagging.tagged_usage(instance)
        ]
    collector = Collector(using=router.db_for_write(type(instance)), origin=instance)
    try:
        collector.collect([instance])
    except ProtectedError as error:
        blockers += _count_by_model(error.protected_objects)
    except RestrictedError as error:
        blockers += _count_by_model(error.restricted_objects)
    return blockers


def _count_by_model(objects):
    counts = Counter(type(obj) for obj in objects)
    return [
        _phrase(count, model._meta.verbose_name, model._meta.verbose_name_plural)
        for model, count in counts.items()
    ]


def refusal_message(instance, blockers):
    return _(
        "“%(name)s” can’t be deleted: it is used by %(users)s. Remove it from "
        "them first, then try again."
    ) % {"name": instance, "users": get_text_list(blockers, _("and"))}


def refuse_deleting_tagged_commitment(sender, instance, **kwargs):
    """pre_delete receiver for Commitment."""
    usage = [f"{count} {name}" for name, count in tagging.tagged_usage(instance)]
    if usage:
        tagged = set(
            chain.from_iterable(
                model.tagged_with(instance) for model in tagging.tagged_models()
            )
        )
        raise CommitmentInUse(refusal_message(instance, usage), tagged)
