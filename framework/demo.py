"""Demo framework content: invented indicators with a few years of figures, on top
of the framework and showcase `setup_site` makes (`framework.site_setup`). Every
figure here is made up and says so."""

import datetime
from decimal import Decimal

from home.demo_clock import demo_year

from .choices import Direction, IndicatorKind
from .models import Commitment, Indicator, Observation, Outcome

# The written demo calendar's first year (home.demo_clock moves it with the summit).
FIRST_YEAR = 2019
DEMO_SOURCE = "Demo dataset (invented figures, not official statistics)"

# (slug, name, kind, unit, decimal places, better, outcome or commitment slug, yearly
# values from FIRST_YEAR on, each measured at the end of the financial year)
DEMO_INDICATORS = [
    (
        "healthy-life-expectancy-gap",
        "Gap in healthy life expectancy between most and least deprived areas (demo)",
        IndicatorKind.HEADLINE,
        "years",
        1,
        Direction.LOWER,
        ("outcome", "equitable"),
        ["10.2", "10.4", "10.6", "10.3", "10.1", "9.8"],
    ),
    (
        "affordable-homes-completed",
        "Affordable homes completed (demo)",
        IndicatorKind.PROXY,
        "homes",
        0,
        Direction.HIGHER,
        ("commitment", "homes-for-all"),
        ["1850", "1920", "1640", "2010", "2230", "2410"],
    ),
    (
        "residents-qualified-level-3",
        "Working-age residents qualified to level 3 or above (demo)",
        IndicatorKind.PROXY,
        "%",
        1,
        Direction.HIGHER,
        ("commitment", "education-skills-employment-for-all"),
        ["55.1", "56.0", "57.2", "57.9", "58.6", "59.4"],
    ),
    (
        "productivity-per-hour",
        "Output per hour worked (demo)",
        IndicatorKind.HEADLINE,
        "£",
        2,
        Direction.HIGHER,
        ("outcome", "pioneering"),
        ["38.20", "39.05", "40.10", "41.30", "41.90", "42.80"],
    ),
    (
        "business-research-spend",
        "Business spending on research and development (demo)",
        IndicatorKind.PROXY,
        "£ million",
        0,
        Direction.HIGHER,
        ("commitment", "champion-innovation-research"),
        ["1120", "1085", "1190", "1240", "1310", "1395"],
    ),
    (
        "gigabit-broadband-coverage",
        "Premises with gigabit-capable broadband (demo)",
        IndicatorKind.HEADLINE,
        "%",
        1,
        Direction.HIGHER,
        ("commitment", "digital-connectivity-for-all"),
        ["34.0", "48.5", "61.2", "70.8", "78.3", "84.1"],
    ),
    (
        "jobs-reachable-by-public-transport",
        "Residents within 45 minutes of a major employment centre by public "
        "transport (demo)",
        IndicatorKind.HEADLINE,
        "%",
        1,
        Direction.HIGHER,
        ("outcome", "connected"),
        ["61.5", "61.9", "60.8", "62.4", "63.7", "64.9"],
    ),
    (
        "bus-passenger-journeys",
        "Bus passenger journeys (demo)",
        IndicatorKind.PROXY,
        "million journeys",
        1,
        Direction.HIGHER,
        ("commitment", "sustainable-transport-for-all"),
        ["18.4", "11.2", "14.9", "16.3", "17.1", "17.8"],
    ),
    (
        "carbon-emissions-per-resident",
        "Carbon emissions per resident (demo)",
        IndicatorKind.HEADLINE,
        "tonnes CO2e",
        1,
        Direction.LOWER,
        ("outcome", "resilient"),
        ["6.9", "6.1", "6.4", "6.2", "5.9", "5.6"],
    ),
    (
        "land-managed-for-nature",
        "Land managed for nature (demo)",
        IndicatorKind.PROXY,
        "%",
        1,
        Direction.HIGHER,
        ("commitment", "restore-enhance-nature"),
        ["8.2", "8.4", "9.1", "9.8", "10.6", "11.3"],
    ),
    (
        "water-use-per-person",
        "Water used per person per day (demo)",
        IndicatorKind.PROXY,
        "litres",
        0,
        Direction.LOWER,
        ("commitment", "secure-water-energy"),
        ["142", "145", "141", "139", "137", "134"],
    ),
]


def seed_indicators():
    """Add the demo indicators that are missing; never touch existing ones."""
    targets = {
        "outcome": Outcome.objects.in_bulk(field_name="slug"),
        "commitment": Commitment.objects.in_bulk(field_name="slug"),
    }
    created = 0
    for order, (slug, name, kind, unit, places, better, link, values) in enumerate(
        DEMO_INDICATORS, start=1
    ):
        kind_of_target, target_slug = link
        target = targets[kind_of_target].get(target_slug)
        if target is None or Indicator.objects.filter(slug=slug).exists():
            continue
        indicator = Indicator.objects.create(
            slug=slug,
            name=name,
            kind=kind,
            unit=unit,
            decimal_places=places,
            direction=better,
            source_name=DEMO_SOURCE,
            source_url=f"https://example.org/demo-data/{slug}",
            sort_order=order,
            description=(
                "<p>An invented indicator showing how progress will be reported. "
                "It is not an official statistic.</p>"
            ),
            **{kind_of_target: target},
        )
        Observation.objects.bulk_create(
            Observation(
                indicator=indicator,
                date=datetime.date(demo_year(FIRST_YEAR + offset), 3, 31),
                value=Decimal(value),
            )
            for offset, value in enumerate(values)
        )
        created += 1
    return created


def seed(*, stdout):
    created = seed_indicators()
    stdout.write(f"Indicators: {created} demo indicators added.")
