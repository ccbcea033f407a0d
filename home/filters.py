"""Admin list filters that choose a row by id."""

import django_filters
from django_filters import fields

from .forms import IdRangeMixin


class IdChoiceField(IdRangeMixin, fields.ModelChoiceField):
    pass


class IdChoiceFilter(django_filters.ModelChoiceFilter):
    """`ModelChoiceFilter`, but an id no database integer can hold (`?summit=`
    twenty nines) is an invalid choice, not a server error."""

    field_class = IdChoiceField
