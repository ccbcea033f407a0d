"""Moments shown in UK time, even when a row holds one too far out to convert."""

from django.utils import timezone


def uk_time(moment):
    """`moment` in UK time; a moment Python can't move to UK time (a corrupt row at
    year 1, say) comes back as it is, so one bad row never breaks a whole list."""
    try:
        return timezone.localtime(moment)
    except (OverflowError, ValueError):
        return moment
