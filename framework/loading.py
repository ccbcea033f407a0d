"""Load the framework from the YAML file the project ships (framework/data/)."""

from dataclasses import dataclass, field
from pathlib import Path

import yaml
from django.db import transaction

from home import page_cache

from .choices import Colour, Icon
from .models import Commitment, Outcome, Statement, Value

DATA_FILE = Path(__file__).parent / "data" / "shared_ambition.yaml"

# Colours and icons are design choices, not framework facts, so they live here.
OUTCOME_STYLE = {
    "equitable": (Colour.PURPLE, Icon.SCALES),
    "pioneering": (Colour.ORANGE, Icon.ROCKET),
    "connected": (Colour.BLUE, Icon.NETWORK),
    "resilient": (Colour.GREEN, Icon.LEAF),
}
VALUE_STYLE = {
    "igniting-innovation": (Colour.ORANGE, Icon.SPARK),
    "embracing-diversity": (Colour.MAGENTA, Icon.PEOPLE),
    "championing-collaboration": (Colour.TEAL, Icon.HANDS),
}


@dataclass
class LoadReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)

    def __str__(self):
        return f"{len(self.created)} created, {len(self.updated)} updated"


def _first_sentence(text):
    sentence = text.strip().split(". ")[0].rstrip(".")
    return f"{sentence}."


def _sync(model, report, *, slug, defaults, overwrite):
    obj, created = model.objects.get_or_create(slug=slug, defaults=defaults)
    if created:
        report.created.append(f"{model._meta.verbose_name} {slug}")
    elif overwrite:
        changed = [k for k, v in defaults.items() if getattr(obj, k) != v]
        if changed:
            for key in changed:
                setattr(obj, key, defaults[key])
            obj.save(update_fields=changed)
            report.updated.append(f"{model._meta.verbose_name} {slug}")
    return obj


@transaction.atomic
def load_framework(path=DATA_FILE, *, overwrite=False):
    """Create whatever part of the framework is missing; with `overwrite`, also reset
    edited rows to the file's wording. Running it twice changes nothing."""
    data = yaml.safe_load(Path(path).read_text())
    report = LoadReport()

    statement = Statement.current()
    statement_fields = {
        "text": " ".join(data["statement"].split()),
        "horizon_year": data["horizon"],
        "approved_on": data.get("approved_on"),
        "approved_by": data.get("approved_by", ""),
    }
    if statement is None:
        Statement.objects.create(**statement_fields)
        report.created.append("statement")
    elif overwrite and any(
        getattr(statement, k) != v for k, v in statement_fields.items()
    ):
        Statement.objects.filter(pk=statement.pk).update(**statement_fields)
        page_cache.changed()  # update() sends no save signal
        report.updated.append("statement")

    for order, item in enumerate(data["values"], start=1):
        colour, icon = VALUE_STYLE.get(item["slug"], (Colour.NAVY, Icon.SPARK))
        _sync(
            Value,
            report,
            slug=item["slug"],
            overwrite=overwrite,
            defaults={
                "name": item["name"],
                "summary": _first_sentence(item["description"]),
                "description": f"<p>{item['description']}</p>",
                "sort_order": order,
                "colour": colour,
                "icon": icon,
            },
        )

    for order, item in enumerate(data["outcomes"], start=1):
        colour, icon = OUTCOME_STYLE.get(item["slug"], (Colour.NAVY, Icon.SPARK))
        outcome = _sync(
            Outcome,
            report,
            slug=item["slug"],
            overwrite=overwrite,
            defaults={
                "name": item["name"],
                "summary": _first_sentence(item["description"]),
                "description": f"<p>{item['description']}</p>",
                "sort_order": order,
                "colour": colour,
                "icon": icon,
            },
        )
        for position, commitment in enumerate(item["commitments"], start=1):
            _sync(
                Commitment,
                report,
                slug=commitment["slug"],
                overwrite=overwrite,
                defaults={
                    "outcome": outcome,
                    "name": commitment["name"],
                    "summary": _first_sentence(commitment["description"]),
                    "description": f"<p>{commitment['description']}</p>",
                    "sort_order": position,
                    "colour": colour,
                    "icon": icon,
                    "provisional": not commitment.get("verified", False),
                },
            )
    return report
