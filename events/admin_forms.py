"""The summit editor's form in the Wagtail admin (`SummitPage.base_form_class`)."""

from django import forms
from wagtail.admin.forms import WagtailAdminPageForm

QUESTIONS = "registration_questions"


class SummitPageForm(WagtailAdminPageForm):
    """The summit editor: each registration question offers only this summit's
    ticket types, as checkboxes."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        formset = self.formsets.get(QUESTIONS)
        if formset is None:
            return
        if self.instance.pk:
            ticket_types = self.instance.ticket_types.order_by("sort_order", "pk")
        else:
            ticket_types = self.instance.ticket_types.model.objects.none()
        for form in [*formset.forms, formset.empty_form]:
            field = form.fields.get("ticket_types")
            if field is not None:
                field.queryset = ticket_types
                field.widget = forms.CheckboxSelectMultiple(choices=field.choices)
