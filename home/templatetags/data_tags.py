import datetime

from django import template
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def as_data(value):
    """A value from someone's data, as words: dates in UK time, lists joined,
    yes or no, a dash for nothing."""
    if isinstance(value, datetime.datetime):
        return date_format(timezone.localtime(value), "j F Y, H:i")
    if isinstance(value, datetime.date):
        return date_format(value, "j F Y")
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, list | tuple):
        return ", ".join(str(as_data(item)) for item in value) or "—"
    if value in (None, ""):
        return "—"
    return value
