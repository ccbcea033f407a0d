"""The admin's form for one email's text (home/email_text_admin.py)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from . import email_texts


class EmailTextForm(forms.Form):
    subject = forms.CharField(
        label=_("Subject"),
        max_length=200,
        help_text=_("One line. Placeholders in braces, such as {summit}."),
    )
    body = forms.CharField(
        label=_("Main text"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_(
            "Plain text. Leave a blank line between paragraphs. Placeholders in "
            "braces, such as {name}."
        ),
    )

    def __init__(self, *args, email, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email
        for name, field in self.fields.items():
            field.widget.attrs["aria-describedby"] = f"id_{name}-help"

    def mark_errors(self):
        """Tie each field's error message to it, for screen readers."""
        for name in self.errors:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                attrs["aria-invalid"] = "true"
                attrs["aria-describedby"] = f"id_{name}-error id_{name}-help"

    def clean_subject(self):
        subject = self.cleaned_data["subject"]
        if "\n" in subject or "\r" in subject:
            raise forms.ValidationError(_("Keep the subject to one line."))
        return self._check(subject)

    def clean_body(self):
        return self._check(self.cleaned_data["body"])

    def _check(self, text):
        problems = email_texts.placeholder_problems(text, self.email.placeholders)
        if problems:
            raise forms.ValidationError(problems)
        return text
