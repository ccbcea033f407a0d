"""One clock for every demo date, so the demo never goes stale.

The demo content is written against one calendar, the one it was authored on, in
which the upcoming summit is on Thursday 10 December 2026. `seed_demo` moves every
written date by the same whole number of weeks, chosen from today so that the
upcoming summit lies four to five weeks ahead with its registration open. Weekdays
and the gaps between dates stay as written; neither summit lands in the Christmas
and New Year break.
"""

import datetime
import math

from django.utils import timezone

WRITTEN_SUMMIT_DAY = datetime.date(2026, 12, 10)
WRITTEN_PAST_SUMMIT_DAY = WRITTEN_SUMMIT_DAY - datetime.timedelta(weeks=52)
LEAD = datetime.timedelta(weeks=4)
WEEK = datetime.timedelta(weeks=1)


def shift(today=None):
    """How far the written calendar moves when the demo is seeded `today`."""
    today = today or timezone.localdate()
    weeks = math.ceil((today + LEAD - WRITTEN_SUMMIT_DAY).days / 7)
    moved = datetime.timedelta(weeks=weeks)
    while _in_holidays(WRITTEN_SUMMIT_DAY + moved) or _in_holidays(
        WRITTEN_PAST_SUMMIT_DAY + moved
    ):
        moved += WEEK
    return moved


def demo_date(year, month, day):
    """A date of the written calendar, moved to today's demo calendar."""
    return datetime.date(year, month, day) + shift()


def demo_year(year):
    """A year of the written calendar (yearly figures), moved with the summit."""
    return year + demo_date(2026, 12, 10).year - WRITTEN_SUMMIT_DAY.year


def _in_holidays(day):
    return (day.month, day.day) >= (12, 20) or (day.month, day.day) <= (1, 4)
