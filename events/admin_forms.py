"""The summit editor's form in the Wagtail admin (`SummitPage.base_form_class`)."""

from wagtail.admin.forms import WagtailAdminPageForm

QUESTIONS = "registration_questions"


class SummitPageForm(WagtailAdminPageForm):
    """The summit editor: each registration question offers only this summit's
    ticket types."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        formset = self.formsets.get(QUESTIONS)
        if formset is None:
            return
        summit = self.instance
        ticket_types = summit.ticket_types.model.objects.filter(
            summit_id=summit.pk
        ).order_by("sort_order", "pk")

        def limit(fields):
            if "ticket_types" in fields:
                fields["ticket_types"].queryset = ticket_types

        class SummitQuestionForm(formset.form):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                limit(self.fields)

        # Every form the formset builds from now on (`empty_form` is built anew
        # each time), and any it has built already.
        formset.form = SummitQuestionForm
        for form in formset.__dict__.get("forms", []):
            limit(form.fields)
