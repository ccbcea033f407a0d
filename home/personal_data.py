"""Everything the site holds about a person, found by their email address.

Each app that keeps records about people registers a `Holder` for each kind, from
its `apps.py`: how to find the records for an address, and how to erase them. A
person's download and their erasure (`home/data_requests.py`) ask every holder, so
an app that starts keeping personal data adds its holder and both include it.
"""

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Erased:
    """What erasing one kind of record did: how many were erased or anonymised,
    and why any others were kept (one sentence each, shown to the person)."""

    count: int = 0
    kept: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Holder:
    """One kind of record about people. `find(email)` returns the records as
    dicts of readable labels to values, each with an "id"; `erase(email, now=)`
    erases or anonymises them inside the caller's transaction, returning Erased."""

    model: str  # "events.attendee": the model whose rows the records are
    label: str  # what the person sees: "Places at summits"
    find: Callable[[str], list[dict]]
    erase: Callable[..., Erased]
    # Holders that find records through the person's account erase before the
    # account itself (order 1) is anonymised.
    order: int = 0


_holders: dict[str, Holder] = {}


def register(*holders):
    for holder in holders:
        _holders[holder.model] = holder


def registered_holders():
    return sorted(_holders.values(), key=lambda holder: holder.order)


def record(instance, fields, **extra):
    """`instance` as a record: its id, then each of `fields` under its label."""
    values = {"id": instance.pk}
    for name in fields:
        model_field = instance._meta.get_field(name)
        value = getattr(instance, name)
        if model_field.choices:
            value = getattr(instance, f"get_{name}_display")()
        values[str(model_field.verbose_name).capitalize()] = value
    values.update(extra)
    return values
