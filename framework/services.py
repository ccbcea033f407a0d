"""Changes to framework data that span several rows."""

import csv
import datetime
import io
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.log_actions import log

from home import page_cache

from .models import Indicator, Observation

CSV_COLUMNS = ("indicator", "date", "value")
MAX_IMPORT_ROWS = 5000
VALUE_FIELD = Observation._meta.get_field("value")
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y")


@dataclass(frozen=True)
class RowError:
    row: int | None  # the spreadsheet row number (the heading is row 1)
    message: str


class ObservationImportError(Exception):
    def __init__(self, errors):
        self.errors = errors
        super().__init__(
            ngettext(
                "Nothing was imported: %(count)d problem needs fixing.",
                "Nothing was imported: %(count)d problems need fixing.",
                len(errors),
            )
            % {"count": len(errors)}
        )


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    indicators: list = field(default_factory=list)

    def __str__(self):
        return _(
            "%(rows)d rows read for %(indicators)d indicators: %(created)d new "
            "observations, %(updated)d updated, %(unchanged)d unchanged."
        ) % {
            "rows": self.created + self.updated + self.unchanged,
            "indicators": len(self.indicators),
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
        }


def _read_rows(data):
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ObservationImportError(
            [RowError(None, _("Save the file as CSV UTF-8 and upload it again."))]
        ) from None
    reader = csv.reader(io.StringIO(text, newline=""))
    header = [name.strip().lower() for name in next(reader, [])]
    missing = [name for name in CSV_COLUMNS if name not in header]
    if missing:
        raise ObservationImportError(
            [
                RowError(
                    1,
                    _(
                        "The first row must name the columns indicator, date and "
                        "value (missing: %(missing)s)."
                    )
                    % {"missing": ", ".join(missing)},
                )
            ]
        )
    positions = [header.index(name) for name in CSV_COLUMNS]
    rows = []
    for number, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        cells = [*cells, *[""] * len(header)]
        rows.append((number, *(cells[i].strip() for i in positions)))
        if len(rows) > MAX_IMPORT_ROWS:
            raise ObservationImportError(
                [
                    RowError(
                        None,
                        _("Import at most %(max)d rows at a time.")
                        % {"max": MAX_IMPORT_ROWS},
                    )
                ]
            )
    if not rows:
        raise ObservationImportError([RowError(None, _("The file has no data rows."))])
    return rows


def _parse_date(text):
    for date_format in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, date_format).date()
        except ValueError:
            continue
    return None


def _parse_value(text):
    """A Decimal the value column can hold, or an error message."""
    try:
        value = Decimal(text.replace(",", ""))
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite():
        return None, _("the value “%(value)s” is not a number, such as 72.5.") % {
            "value": text
        }
    places = VALUE_FIELD.decimal_places
    if value.as_tuple().exponent < -places:
        return None, _("use at most %(places)d decimal places.") % {"places": places}
    if abs(value) >= Decimal(10) ** (VALUE_FIELD.max_digits - places):
        return None, _("the value %(value)s is too large.") % {"value": text}
    return value, None


def _validate(rows):
    indicators = Indicator.objects.in_bulk(
        {slug for _number, slug, _date, _value in rows}, field_name="slug"
    )
    errors, parsed, seen = [], [], {}
    for number, slug, date_text, value_text in rows:
        problems = []
        indicator = indicators.get(slug)
        if not slug:
            problems.append(_("the indicator is missing."))
        elif indicator is None:
            problems.append(
                _("there is no indicator with the slug “%(slug)s”.") % {"slug": slug}
            )
        date = _parse_date(date_text)
        if date is None:
            problems.append(
                _("the date “%(date)s” is not a date such as 2024-03-31.")
                % {"date": date_text}
            )
        value, value_problem = _parse_value(value_text)
        if value_problem:
            problems.append(value_problem)
        if indicator and date:
            first = seen.setdefault((slug, date), number)
            if first != number:
                problems.append(
                    _("row %(first)d already gives %(slug)s a value for %(date)s.")
                    % {"slug": slug, "date": date.isoformat(), "first": first}
                )
        if problems:
            errors.append(
                RowError(number, " ".join(p[:1].upper() + p[1:] for p in problems))
            )
        else:
            parsed.append((indicator, date, value))
    if errors:
        raise ObservationImportError(errors)
    return parsed


def import_observations(*, data, user=None):
    """Import indicator observations from CSV bytes with the columns indicator (its
    slug), date (2024-03-31 or 31/03/2024) and value.

    Every row is checked first; if any is wrong, ObservationImportError lists each
    problem with its row number and nothing is written. Otherwise, in one transaction,
    new dates are added and existing dates get the new value, and each indicator's
    history records the import."""
    parsed = _validate(_read_rows(data))
    result = ImportResult()
    with transaction.atomic():
        indicator_ids = sorted({indicator.pk for indicator, _date, _value in parsed})
        indicators = list(
            Indicator.objects.select_for_update().filter(pk__in=indicator_ids)
        )
        existing = {
            (obs.indicator_id, obs.date): obs
            for obs in Observation.objects.select_for_update().filter(
                indicator_id__in=indicator_ids
            )
        }
        new, changed = [], []
        for indicator, date, value in parsed:
            observation = existing.get((indicator.pk, date))
            if observation is None:
                new.append(Observation(indicator=indicator, date=date, value=value))
            elif observation.value != value:
                observation.value = value
                changed.append(observation)
            else:
                result.unchanged += 1
        Observation.objects.bulk_create(new)
        Observation.objects.bulk_update(changed, ["value"])
        page_cache.changed()  # bulk writes send no save signals
        result.created, result.updated = len(new), len(changed)
        result.indicators = indicators
        for indicator in indicators:
            log(
                instance=indicator,
                action="framework.import_observations",
                user=user,
                data={"rows": sum(1 for i, _d, _v in parsed if i.pk == indicator.pk)},
            )
    return result
