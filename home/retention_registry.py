"""The retention rules every app registers, run together by `manage.py
apply_retention` (`home.retention.apply_retention`).

Each app owns the rules for the personal data it holds, in its own `retention.py`,
and registers them from its `AppConfig.ready()`, so `home` runs them without
importing the apps above it. A rule is a keyword-only function
`rule(*, policy, now, dry_run=False)` taking the `home.models.RetentionPolicy` in
force and the time of the run; it opens its own transaction and returns how many
rows it erased, anonymised or deleted (with `dry_run`, how many it would have,
changing nothing).
"""

import calendar
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class RetentionRule:
    name: str
    description: str
    apply: Callable[..., int]


_rules = {}


def register_rule(name, apply, *, description):
    """Add a rule under a stable `name` ("events.access_needs"): the name keys its
    count in each run's log. Registering a name again replaces the rule."""
    _rules[name] = RetentionRule(name=name, description=description, apply=apply)


def registered_rules():
    """The rules, in the order the apps registered them."""
    return list(_rules.values())


def months_before(moment, months):
    """`moment` that many calendar months earlier (the 31st becomes the month's
    last day)."""
    years, month_index = divmod(moment.month - 1 - months, 12)
    year, month = moment.year + years, month_index + 1
    return moment.replace(
        year=year, month=month, day=min(moment.day, _days_in(year, month))
    )


def _days_in(year, month):
    return calendar.monthrange(year, month)[1]
