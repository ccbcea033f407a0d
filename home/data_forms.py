from django import forms
from django.utils.translation import gettext_lazy as _

from .forms import HoneypotFormMixin


class DataLinkForm(HoneypotFormMixin, forms.Form):
    email = forms.EmailField(
        label=_("Your email address"),
        max_length=254,
        help_text=_("We send a link to your data to this address."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": _("Enter your email address."),
            "invalid": _(
                "Enter an email address in the correct format, like name@example.org."
            ),
        },
    )


class ErasureForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I understand that this cannot be undone"),
        error_messages={
            "required": _("Tick the box to confirm that you want your data erased.")
        },
    )
