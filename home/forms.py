from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .ids import beyond_any_id


class HoneypotField(forms.CharField):
    """A field people never see or reach; bots that fill it in are turned away."""

    is_honeypot = True

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", _("Leave this field empty"))
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"})
        )
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        if value:
            raise ValidationError(
                _("We could not accept this form. Please try again."), code="honeypot"
            )
        return value


def email_field(*, help_text, label=None, required=None):
    """An email address field as the public forms ask for one: the browser may fill
    it in, and a mistyped address is answered with an example."""
    return forms.EmailField(
        label=label or _("Email address"),
        help_text=help_text,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": required or _("Enter your email address."),
            "invalid": _("Enter an email address like name@example.org."),
        },
    )


class HoneypotFormMixin(forms.Form):
    """Mix into any public form; rendering hides the field (see forms/field.html)."""

    nickname = HoneypotField()


class IdRangeMixin:
    """For a model choice field: an id no database integer can hold is an invalid
    choice, refused before it reaches a query (SQLite's driver raises
    OverflowError on one, PostgreSQL's an out-of-range error)."""

    def to_python(self, value):
        if (
            value not in self.empty_values
            and not self.to_field_name
            and beyond_any_id(value)
        ):
            raise ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return super().to_python(value)


class ListedChoiceIterator(forms.models.ModelChoiceIterator):
    """A model choice field's options read with one plain query: Django's own reads
    them through `.iterator()`, a server-side cursor on PostgreSQL (three round
    trips, the slowest part of the programme's filters) for a handful of rows."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset.all():
            yield self.choice(obj)


class ModelChoiceIdField(IdRangeMixin, forms.ModelChoiceField):
    """A ModelChoiceField that refuses an id no database integer can hold, its
    options read with one plain query."""

    iterator = ListedChoiceIterator


class ModelChoicesField(forms.ModelMultipleChoiceField):
    """A ModelMultipleChoiceField that refuses an id no database integer can hold as
    an invalid choice before it reaches a query (SQLite's driver raises
    OverflowError on one in the `IN` list Django checks the choices with)."""

    def _check_values(self, value):
        for pk in value:
            if beyond_any_id(pk):
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super()._check_values(value)
