from django import forms


class CommitmentsByOutcomeWidget(forms.CheckboxSelectMultiple):
    """Checkboxes for commitments, grouped under their outcome's name."""

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
