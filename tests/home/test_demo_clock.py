"""The demo never goes stale: seeded on any date, its upcoming summit lies a few
weeks ahead with registration open, and the past one about a year before."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from events.models import SummitPage
from home.demo_clock import WRITTEN_PAST_SUMMIT_DAY, WRITTEN_SUMMIT_DAY, shift
from spotlights.models import SpotlightPage
from tests.seeding import seed_demo

EVERY_DAY_FOR_FOUR_YEARS = [
    datetime.date(2026, 11, 1) + datetime.timedelta(days=n) for n in range(4 * 366)
]


@pytest.mark.parametrize("today", EVERY_DAY_FOR_FOUR_YEARS[::5])
def test_shift_puts_the_summit_weeks_ahead_outside_the_holidays(today):
    upcoming = WRITTEN_SUMMIT_DAY + shift(today)
    past = WRITTEN_PAST_SUMMIT_DAY + shift(today)

    assert 28 <= (upcoming - today).days <= 56
    assert upcoming.weekday() == WRITTEN_SUMMIT_DAY.weekday()
    assert past.year < upcoming.year
    for day in (upcoming, past):
        assert not (day.month == 12 and day.day >= 20), day
        assert not (day.month == 1 and day.day <= 4), day


@pytest.mark.parametrize(
    "moment",
    [
        "2026-12-11 09:00",  # the day the written summit's door closed
        "2028-12-28 18:00",  # between Christmas and New Year
        "2030-06-15 12:00",
    ],
)
def test_seed_demo_on_any_date_shows_registration_open(client, db, moment):
    with time_machine.travel(
        datetime.datetime.fromisoformat(moment).replace(tzinfo=datetime.UTC),
        tick=False,
    ):
        seed_demo()
        past, upcoming = SummitPage.objects.live().order_by("start")
        response = client.get(upcoming.url)
        stories = SpotlightPage.objects.live().order_by("-date")
        today = timezone.localdate()

    assert response.status_code == 200
    assert "Registration open" in response.text
    assert "Book your place" in response.text
    assert upcoming.start.date() > today
    assert past.end.date() < today
    assert stories.first().date < today
