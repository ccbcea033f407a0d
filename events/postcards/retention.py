"""How long ambition postcards keep what their writers gave (docs/privacy.md).

Registered from `EventsConfig.ready()`; each rule opens its own transaction and
returns how many cards it changed (with `dry_run`, would change).
"""

import datetime

from django.db import transaction

from home import page_cache
from home.retention_registry import register_rule

from ..choices import PostcardStatus
from ..models import Postcard


def remove_first_names(*, policy, now, dry_run=False):
    """Remove the first name from cards of summits that ended more than
    `policy.postcard_days` ago; the card, its outcome and district stay."""
    named = Postcard.objects.filter(
        summit__end__lt=now - datetime.timedelta(days=policy.postcard_days)
    ).exclude(first_name="")
    with transaction.atomic():
        if dry_run:
            return named.count()
        count = named.update(first_name="")
    if count:
        page_cache.changed()  # names show on the wall; update() sends no signal
    return count


def delete_refused_cards(*, policy, now, dry_run=False):
    """Delete cards rejected or taken down more than `policy.postcard_days` ago."""
    refused = Postcard.objects.filter(
        status__in=[PostcardStatus.REJECTED, PostcardStatus.TAKEN_DOWN],
        moderated_at__lt=now - datetime.timedelta(days=policy.postcard_days),
    )
    with transaction.atomic():
        if dry_run:
            return refused.count()
        _deleted, by_model = refused.delete()
    return by_model.get(Postcard._meta.label, 0)


def delete_unmoderated_cards(*, policy, now, dry_run=False):
    """Delete cards still held for a moderator when their summit ended more than
    `policy.postcard_days` ago: held cards are often the suspect ones, holding a
    phone number or an email address, and would otherwise be kept for ever."""
    held = Postcard.objects.filter(
        status=PostcardStatus.HELD,
        summit__end__lt=now - datetime.timedelta(days=policy.postcard_days),
    )
    with transaction.atomic():
        if dry_run:
            return held.count()
        _deleted, by_model = held.delete()
    return by_model.get(Postcard._meta.label, 0)


def register_rules():
    register_rule(
        "events.postcard_names",
        remove_first_names,
        description="First names on ambition postcards, removed",
    )
    register_rule(
        "events.refused_postcards",
        delete_refused_cards,
        description="Ambition postcards rejected or taken down, deleted",
    )
    register_rule(
        "events.unmoderated_postcards",
        delete_unmoderated_cards,
        description="Ambition postcards never approved or rejected, deleted",
    )
