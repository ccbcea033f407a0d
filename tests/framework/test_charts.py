import datetime
from decimal import Decimal

import pytest

from framework import charts


def _series(*values, first_year=2019):
    return [
        (datetime.date(first_year + offset, 3, 31), Decimal(value))
        for offset, value in enumerate(values)
    ]


@pytest.mark.parametrize(
    "value, unit, places, expected",
    [
        ("72.5", "%", 1, "72.5%"),
        ("42.8", "£", 2, "£42.80"),
        ("1395", "£ million", 0, "£1,395 million"),
        ("-3.25", "£", 2, "-£3.25"),
        ("2410", "homes", 0, "2,410 homes"),
        ("9.84", "years", 1, "9.8 years"),
        ("0.05", "", 1, "0.1"),
    ],
)
def test_values_are_written_with_their_unit(value, unit, places, expected):
    assert charts.format_value(Decimal(value), unit, places) == expected


def test_trend_reports_the_latest_value_and_the_change_since_the_previous():
    trend = charts.build_trend(
        _series("57.9", "58.6", "59.4"), title="Qualified", unit="%", places=1
    )

    assert (trend.latest.display, trend.latest.label) == ("59.4%", "2021")
    assert trend.previous.display == "58.6%"
    assert trend.change.summary == "Up 0.8 percentage points since 2020"
    assert trend.change.assessment_label == "Improving"


def test_a_fall_is_an_improvement_when_lower_is_better():
    trend = charts.build_trend(
        _series("6.2", "5.9"),
        title="Emissions",
        unit="tonnes CO2e",
        places=1,
        higher_is_better=False,
    )

    assert trend.change.summary == "Down 0.3 tonnes CO2e since 2019"
    assert trend.change.assessment == "better"


def test_a_rise_is_a_worsening_when_lower_is_better():
    trend = charts.build_trend(
        _series("10.1", "10.4"),
        title="Gap",
        unit="years",
        places=1,
        higher_is_better=False,
    )

    assert trend.change.assessment_label == "Getting worse"


def test_a_change_too_small_to_show_counts_as_no_change():
    trend = charts.build_trend(_series("2410.2", "2410.4"), title="Homes", unit="homes")

    assert trend.change.summary == "No change since 2019"
    assert trend.change.assessment_label == "No change"


def test_observations_are_put_in_date_order():
    trend = charts.build_trend(
        list(reversed(_series("1", "2", "3"))), title="Count", unit="homes"
    )

    assert [reading.display for reading in trend.readings] == [
        "1 homes",
        "2 homes",
        "3 homes",
    ]
    assert trend.change.direction == "up"


def test_several_observations_a_year_are_labelled_by_month():
    observations = [
        (datetime.date(2024, 3, 31), Decimal(1)),
        (datetime.date(2024, 6, 30), Decimal(2)),
    ]

    trend = charts.build_trend(observations, title="Quarterly")

    assert [reading.label for reading in trend.readings] == ["Mar 2024", "Jun 2024"]
    assert trend.chart.x_label == "Date"


def test_no_observations_means_no_chart_and_no_change():
    trend = charts.build_trend([], title="Empty")

    assert (trend.latest, trend.change, trend.chart) == (None, None, None)


def test_chart_spans_the_plot_and_puts_higher_values_higher():
    chart = charts.build_trend(
        _series("1850", "1640", "2410"), title="Homes", unit="homes"
    ).chart

    first, lowest, last = chart.points
    assert first.x == chart.left and last.x == chart.right
    assert chart.top <= last.y < first.y < lowest.y <= chart.bottom
    assert chart.polyline.startswith(f"{first.x},{first.y} ")


def test_gridlines_fall_on_round_numbers_covering_every_value():
    chart = charts.build_trend(
        _series("1850", "1640", "2410"), title="Homes", unit="homes"
    ).chart

    assert [tick.label for tick in chart.y_ticks] == [
        "1,600",
        "1,800",
        "2,000",
        "2,200",
        "2,400",
        "2,600",
    ]
    assert chart.y_ticks[0].position == chart.bottom
    assert chart.y_label == "Homes"


def test_percentage_gridlines_show_the_per_cent_sign_and_needed_decimals():
    chart = charts.build_trend(
        _series("8.2", "9.1", "11.3"), title="Land", unit="%", places=0
    ).chart

    assert [tick.label for tick in chart.y_ticks] == ["8%", "9%", "10%", "11%", "12%"]
    assert chart.y_label == "Per cent"


def test_a_flat_series_still_gets_a_visible_band():
    chart = charts.build_trend(_series("5", "5"), title="Flat", unit="").chart

    assert len(chart.y_ticks) >= 2
    assert chart.top < chart.points[0].y < chart.bottom


def test_a_single_observation_sits_in_the_middle():
    chart = charts.build_trend(_series("3"), title="One", unit="homes").chart

    assert chart.points[0].x == (chart.left + chart.right) / 2
    assert chart.description == "One: one observation, 3 homes in 2019."


def test_long_series_label_at_most_six_dates_including_both_ends():
    chart = charts.build_trend(
        _series(*range(1, 13), first_year=2010), title="Long"
    ).chart

    labels = [tick.label for tick in chart.x_ticks]
    assert len(labels) == 6
    assert labels[0] == "2010" and labels[-1] == "2021"
    narrow = [tick.label for tick in chart.x_ticks if not tick.wide_only]
    assert narrow == ["2010", "2014", "2021"]


def test_a_narrow_chart_never_labels_neighbouring_years():
    chart = charts.build_trend(_series(*range(1, 7)), title="Six").chart

    assert [tick.label for tick in chart.x_ticks] == [
        str(year) for year in range(2019, 2025)
    ]
    assert [tick.label for tick in chart.x_ticks if not tick.wide_only] == [
        "2019",
        "2021",
        "2024",
    ]


@pytest.mark.parametrize(
    "label, width",
    [("8%", 3), ("1,600", 5), ("£1,240", 6), ("72.5%", 6), ("0", 2), ("1" * 20, 10)],
)
def test_gridline_labels_get_room_by_their_width(label, width):
    assert charts.label_width(label) == width


def test_the_chart_keeps_room_for_its_widest_gridline_label():
    chart = charts.build_trend(
        _series("1850", "1640", "2410"), title="Homes", unit="homes"
    ).chart

    assert chart.y_label_width == 5  # "1,600"


def test_description_tells_the_story_of_the_series():
    chart = charts.build_trend(
        _series("18.4", "11.2", "17.8"),
        title="Bus journeys",
        unit="million journeys",
        places=1,
    ).chart

    assert chart.description == (
        "Bus journeys, 3 observations from 2019 to 2021. It went from 18.4 million "
        "journeys in 2019 to 17.8 million journeys in 2021. Lowest 11.2 million "
        "journeys in 2020; highest 18.4 million journeys in 2019."
    )


def test_month_labels_are_fewer_as_they_are_wider():
    observations = [
        (datetime.date(2024, month, 1), Decimal(month)) for month in range(1, 13)
    ]

    chart = charts.build_trend(observations, title="Monthly").chart

    assert [tick.label for tick in chart.x_ticks] == [
        "Jan 2024",
        "May 2024",
        "Aug 2024",
        "Dec 2024",
    ]
    assert [tick.label for tick in chart.x_ticks if not tick.wide_only] == [
        "Jan 2024",
        "Dec 2024",
    ]
