from django import forms
from django.utils.translation import gettext_lazy as _

from framework.models import Outcome
from home.forms import HoneypotFormMixin

from ..models.postcards import (
    AMBITION_MAX_LENGTH,
    FIRST_NAME_MAX_LENGTH,
    PERSON_DISTRICTS,
)


class OutcomeField(forms.ModelChoiceField):
    """An outcome by its slug, shown by name."""

    def __init__(self, **kwargs):
        super().__init__(queryset=Outcome.objects.all(), to_field_name="slug", **kwargs)


class PostcardForm(HoneypotFormMixin, forms.Form):
    ambition = forms.CharField(
        label=_("Your number one ambition for the region"),
        max_length=AMBITION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Up to 280 characters. Please don't include contact details."),
    )
    outcome = OutcomeField(
        label=_("Which outcome does it speak to?"),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": _("Choose the outcome your ambition speaks to.")},
    )
    first_name = forms.CharField(
        label=_("Your first name (optional)"),
        required=False,
        max_length=FIRST_NAME_MAX_LENGTH,
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
        help_text=_("Shown on your card. Leave it empty to stay anonymous."),
    )
    district = forms.ChoiceField(
        label=_("Where do you live or work? (optional)"),
        required=False,
        choices=[("", _("Rather not say")), *PERSON_DISTRICTS],
    )

    def postcard_fields(self):
        """Cleaned values as keyword arguments for `write_postcard`."""
        fields = dict(self.cleaned_data)
        fields.pop("nickname", None)
        fields["ambition"] = fields["ambition"].strip()
        fields["first_name"] = fields["first_name"].strip()
        return fields


class WallFilterForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), required=False)
    district = forms.ChoiceField(
        label=_("District"),
        required=False,
        choices=[("", _("All districts")), *PERSON_DISTRICTS],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome"].choices = [
            ("", _("All outcomes")),
            *Outcome.objects.values_list("slug", "name"),
        ]

    def filter(self, queryset):
        """Narrow `queryset` to the chosen outcome and district."""
        lookups = {}
        if outcome := self.cleaned_data.get("outcome"):
            lookups["outcome__slug"] = outcome
        if district := self.cleaned_data.get("district"):
            lookups["district"] = district
        return queryset.filter(**lookups)
