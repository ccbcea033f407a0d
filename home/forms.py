from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


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


class HoneypotFormMixin(forms.Form):
    """Mix into any public form; rendering hides the field (see forms/field.html)."""

    nickname = HoneypotField()


# The largest id a database integer column holds (PostgreSQL's bigint, SQLite's).
MAX_ID = 2**63 - 1


class ModelChoicesField(forms.ModelMultipleChoiceField):
    """A ModelMultipleChoiceField that refuses an id no database integer can hold as
    an invalid choice before it reaches a query (SQLite's driver raises
    OverflowError on one in the `IN` list Django checks the choices with)."""

    def _check_values(self, value):
        for pk in value:
            digits = str(pk).strip().removeprefix("-")
            if digits.isdigit() and int(digits) > MAX_ID:
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super()._check_values(value)
