from django import forms


class CommitmentsByOutcomeWidget(forms.CheckboxSelectMultiple):
    """Checkboxes for commitments in one fieldset per outcome, whose legend names the
    outcome, so screen readers announce it with each choice. The admin panel
    (`framework.panels.commitments_panel`) and the public forms both use it; public
    pages style it with css/site.css."""

    template_name = "framework/widgets/commitments_by_outcome.html"

    def optgroups(self, name, value, attrs=None):
        grouped = {}
        for option_value, label in self.choices:
            outcome = option_value.instance.outcome.name if option_value else ""
            grouped.setdefault(outcome, []).append((option_value, label))
        flat_choices = self.choices
        self.choices = list(grouped.items())
        try:
            return super().optgroups(name, value, attrs)
        finally:
            self.choices = flat_choices
