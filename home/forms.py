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
