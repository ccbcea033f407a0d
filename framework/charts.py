"""Indicator trends: value formatting, change since the previous observation and the
geometry of a server-rendered SVG line chart.

Plain functions over (date, Decimal) pairs, so they are tested without a database and
the template only draws what is computed here.
"""

import math
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal

from django.utils.dateformat import format as format_date

# Positions are percentages of the plot: the SVG fills its card's width with the plot,
# and its texts keep their size in CSS pixels around it (see framework.css).
LEFT, RIGHT, TOP, BOTTOM = 0, 100, 0, 100
Y_TICK_COUNT = 4
# Dates labelled on a wide chart, and the fewer a narrow one (a phone) keeps of them.
MAX_X_LABELS = {"Year": 6, "Date": 4}
MAX_NARROW_X_LABELS = {"Year": 3, "Date": 2}
# A gridline label's width is counted in digit widths (the CSS `ch`), from each
# character's width in half digits: points and commas are about half a digit, a per
# cent sign about two, anything else about one.
HALF_DIGITS = {",": 1, ".": 1, "%": 4}
MIN_LABEL_WIDTH, MAX_LABEL_WIDTH = 2, 10


def format_number(value, places):
    return f"{Decimal(value).quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP):,}"


def format_value(value, unit="", places=0):
    """`72.5%`, `£42.80`, `£1,240 million`, `2,410 homes`."""
    sign = "-" if value < 0 else ""
    number = format_number(abs(value), places)
    if unit == "%":
        return f"{sign}{number}%"
    if unit.startswith("£"):
        rest = unit[1:].strip()
        return f"{sign}£{number}" + (f" {rest}" if rest else "")
    return f"{sign}{number} {unit}".rstrip()


def format_difference(amount, unit="", places=0):
    """A gap between two values: percentages differ by percentage points."""
    if unit == "%":
        points = format_number(amount, places)
        return f"{points} percentage point" + ("" if Decimal(amount) == 1 else "s")
    return format_value(amount, unit, places)


def tick_value(value, unit="", places=0):
    """A gridline label: the number with % or £ only; the axis title names the unit."""
    symbol = "%" if unit == "%" else "£" if unit.startswith("£") else ""
    return format_value(value, symbol, places)


def axis_label(unit):
    if unit == "%":
        return "Per cent"
    if unit.startswith("£"):
        return f"Pounds ({unit})"
    return unit[:1].upper() + unit[1:] if unit else "Value"


def date_labels(dates):
    """Years when each observation falls in a different year, otherwise month and year."""
    if len({day.year for day in dates}) == len(dates):
        return [str(day.year) for day in dates], "Year"
    return [format_date(day, "M Y") for day in dates], "Date"


@dataclass(frozen=True)
class Reading:
    date: object
    value: Decimal
    label: str
    display: str


@dataclass(frozen=True)
class Change:
    direction: str  # "up", "down" or "same"
    amount: str
    since: str
    assessment: str  # "better", "worse" or "same"

    @property
    def summary(self):
        if self.direction == "same":
            return f"No change since {self.since}"
        return f"{self.direction.capitalize()} {self.amount} since {self.since}"

    @property
    def assessment_label(self):
        return {"better": "Improving", "worse": "Getting worse"}.get(
            self.assessment, "No change"
        )


def describe_change(previous, latest, *, unit, places, higher_is_better):
    """How `latest` differs from `previous`, judged by which way is better.

    A difference too small to show at the indicator's precision counts as no change,
    so the words never contradict the numbers beside them."""
    step = Decimal(1).scaleb(-places)
    difference = (latest.value - previous.value).quantize(step, ROUND_HALF_UP)
    if not difference:
        return Change("same", "", previous.label, "same")
    rising = difference > 0
    return Change(
        direction="up" if rising else "down",
        amount=format_difference(abs(difference), unit, places),
        since=previous.label,
        assessment="better" if rising == higher_is_better else "worse",
    )


@dataclass(frozen=True)
class Tick:
    position: float
    label: str
    wide_only: bool = False  # left out on a narrow chart, where labels would collide


def label_width(label):
    """Room for a gridline label, in digit widths: at least two, at most ten (a
    longer label may reach past the chart's edge rather than squeeze the plot)."""
    halves = sum(HALF_DIGITS.get(character, 2) for character in label)
    return min(max(math.ceil(halves / 2), MIN_LABEL_WIDTH), MAX_LABEL_WIDTH)


@dataclass(frozen=True)
class ChartPoint:
    x: float
    y: float
    label: str
    value: str


@dataclass(frozen=True)
class TrendChart:
    points: tuple
    x_ticks: tuple
    y_ticks: tuple
    x_label: str
    y_label: str
    description: str
    left: int = LEFT
    right: int = RIGHT
    top: int = TOP
    bottom: int = BOTTOM

    @property
    def polyline(self):
        return " ".join(f"{point.x},{point.y}" for point in self.points)

    @property
    def plot_view_box(self):
        return (
            f"{self.left} {self.top} {self.right - self.left} {self.bottom - self.top}"
        )

    @property
    def y_label_width(self):
        """The room beside the plot for its widest gridline label, in digit widths."""
        return max(label_width(tick.label) for tick in self.y_ticks)


def nice_step(span, count=Y_TICK_COUNT):
    """A round gridline interval (1, 2, 2.5 or 5 times a power of ten) that splits
    `span` into at most about `count` bands."""
    raw = Decimal(span) / count
    base = Decimal(10) ** math.floor(raw.log10())
    for multiple in (1, 2, Decimal("2.5"), 5, 10):
        if base * multiple >= raw:
            return (base * multiple).normalize()
    raise AssertionError("unreachable: 10 times the base always covers raw")


def y_scale(values):
    low, high = min(values), max(values)
    if low == high:
        # A flat series still needs a band around it to be drawn.
        padding = abs(low) / 10 or Decimal(1)
        low, high = low - padding, high + padding
    step = nice_step(high - low)
    start = (low / step).to_integral_value(ROUND_FLOOR) * step
    end = (high / step).to_integral_value(ROUND_CEILING) * step
    ticks = []
    value = start
    while value <= end:
        ticks.append(value)
        value += step
    return ticks, step


def _spread(count, limit):
    """At most `limit` evenly spread indexes into `count` items, first and last kept."""
    if count <= limit:
        return list(range(count))
    return sorted({round(i * (count - 1) / (limit - 1)) for i in range(limit)})


def _narrow(labelled, limit):
    """Which of the `labelled` point indexes a narrow chart keeps: at most `limit`,
    both ends always, and none between them next to another kept one (neighbouring
    dates would collide)."""
    kept = [labelled[i] for i in _spread(len(labelled), limit)]
    middle = [
        index
        for before, index, after in zip(kept, kept[1:], kept[2:], strict=False)
        if index - before > 1 and after - index > 1
    ]
    return {kept[0], *middle, kept[-1]}


def build_chart(readings, *, title, unit, places):
    """Chart geometry for readings in date order; None when there is nothing to draw."""
    if not readings:
        return None
    tick_values, step = y_scale([reading.value for reading in readings])
    low, high = tick_values[0], tick_values[-1]
    tick_places = max(places, -step.as_tuple().exponent)

    def y_of(value):
        share = float((value - low) / (high - low))
        return round(BOTTOM - share * (BOTTOM - TOP), 2)

    first_day, last_day = readings[0].date, readings[-1].date
    days = (last_day - first_day).days

    def x_of(day):
        if not days:
            return round((LEFT + RIGHT) / 2, 2)
        return round(LEFT + (day - first_day).days / days * (RIGHT - LEFT), 2)

    points = tuple(
        ChartPoint(x_of(r.date), y_of(r.value), r.label, r.display) for r in readings
    )
    _, x_label = date_labels([reading.date for reading in readings])
    labelled = _spread(len(points), MAX_X_LABELS[x_label])
    narrow = _narrow(labelled, MAX_NARROW_X_LABELS[x_label])
    return TrendChart(
        points=points,
        x_ticks=tuple(
            Tick(points[i].x, points[i].label, wide_only=i not in narrow)
            for i in labelled
        ),
        y_ticks=tuple(
            Tick(y_of(value), tick_value(value, unit, tick_places))
            for value in tick_values
        ),
        x_label=x_label,
        y_label=axis_label(unit),
        description=describe_series(readings, title=title),
    )


def describe_series(readings, *, title):
    """The chart in words, for its SVG <desc>."""
    first, last = readings[0], readings[-1]
    if len(readings) == 1:
        return f"{title}: one observation, {first.display} in {first.label}."
    lowest = min(readings, key=lambda reading: reading.value)
    highest = max(readings, key=lambda reading: reading.value)
    return (
        f"{title}, {len(readings)} observations from {first.label} to {last.label}. "
        f"It went from {first.display} in {first.label} to {last.display} in "
        f"{last.label}. Lowest {lowest.display} in {lowest.label}; highest "
        f"{highest.display} in {highest.label}."
    )


@dataclass(frozen=True)
class Trend:
    readings: tuple
    change: Change | None
    chart: TrendChart | None

    @property
    def latest(self):
        return self.readings[-1] if self.readings else None

    @property
    def previous(self):
        return self.readings[-2] if len(self.readings) > 1 else None


def build_trend(observations, *, title, unit="", places=0, higher_is_better=True):
    """Latest value, change since the previous one and the chart for an indicator's
    (date, value) observations, in any order."""
    ordered = sorted(observations, key=lambda observation: observation[0])
    labels, _ = date_labels([day for day, _ in ordered])
    readings = tuple(
        Reading(day, value, label, format_value(value, unit, places))
        for (day, value), label in zip(ordered, labels, strict=True)
    )
    change = None
    if len(readings) > 1:
        change = describe_change(
            readings[-2],
            readings[-1],
            unit=unit,
            places=places,
            higher_is_better=higher_is_better,
        )
    return Trend(
        readings=readings,
        change=change,
        chart=build_chart(readings, title=title, unit=unit, places=places),
    )
