"""The story editor's form in the Wagtail admin (the model's `base_form_class`)."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

from signatories.choices import District


class SpotlightPageForm(WagtailAdminPageForm):
    """The story editor, with districts as checkboxes rather than one row per place."""

    districts = forms.MultipleChoiceField(
        label=_("Districts"),
        choices=District.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Where the work happened."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("districts", self.instance.districts)

    def save(self, commit=True):
        page = super().save(commit=False)
        existing = {link.district: link for link in page.district_links.all()}
        page.district_links = [
            existing.get(district) or page.district_links.model(district=district)
            for district in self.cleaned_data["districts"]
        ]
        if commit:
            page.save()
        return page
