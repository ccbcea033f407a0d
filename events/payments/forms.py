from django import forms
from django.utils.translation import gettext_lazy as _

from home.forms import email_field

from .invoices import BillingDetails


class BillingForm(forms.Form):
    """Who the invoice is for: a public body's finance details."""

    organisation = forms.CharField(
        label=_("Organisation to invoice"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
        error_messages={"required": _("Enter the organisation to invoice.")},
    )
    address = forms.CharField(
        label=_("Invoice address"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4, "autocomplete": "street-address"}),
        help_text=_("Including the postcode."),
        error_messages={"required": _("Enter the address for the invoice.")},
    )
    contact = forms.CharField(
        label=_("Finance contact's name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": _("Enter the name of the finance contact.")},
    )
    email = email_field(
        label=_("Finance contact's email address"),
        help_text=_("We send the invoice here, and a copy to you."),
        required=_("Enter the finance contact's email address."),
    )
    purchase_order = forms.CharField(
        label=_("Purchase order number"),
        max_length=100,
        help_text=_("We print it on the invoice so your finance team can match it."),
        error_messages={"required": _("Enter the purchase order number.")},
    )

    def clean(self):
        cleaned_data = super().clean()
        for name in ("organisation", "address", "contact", "purchase_order"):
            if name in cleaned_data and not cleaned_data[name].strip():
                self.add_error(name, self.fields[name].error_messages["required"])
        return cleaned_data

    def billing(self):
        data = self.cleaned_data
        return BillingDetails(
            **{name: data[name].strip() for name in BillingDetails.__annotations__}
        )
