import os

from django import forms
from django.core.files.base import ContentFile
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from framework.models import Commitment
from framework.widgets import CommitmentsByOutcomeWidget
from home.forms import HoneypotFormMixin, ModelChoicesField
from home.images import ImageRules, redraw_image
from signatories.choices import District

PROPOSAL_IMAGE = ImageRules(
    code="image",
    max_bytes=5 * 1024 * 1024,
    # Re-encoded pictures are scaled to fit this box; editors crop from there.
    fit=(3000, 3000),
)


def reencode_image(upload, *, name):
    """The uploaded picture checked and drawn afresh, without its metadata."""
    image = redraw_image(upload, PROPOSAL_IMAGE)
    stem = slugify(os.path.splitext(name)[0])[:60] or "story-image"
    return ContentFile(image.content, name=f"{stem}.{image.extension}")


class StoryProposalForm(HoneypotFormMixin, forms.Form):
    title = forms.CharField(
        label=_("Story title"),
        max_length=120,
        help_text=_("For example: Village bus link doubles evening journeys."),
    )
    summary = forms.CharField(
        label=_("What happened?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "What you did, who benefited and any results you can share, in up to "
            "2,000 characters. An editor will develop the full story with you."
        ),
    )
    organisation = forms.CharField(label=_("Your organisation"), max_length=200)
    commitments = ModelChoicesField(
        label=_("Which Shared Ambition commitments does the work support?"),
        queryset=Commitment.objects.all(),
        widget=CommitmentsByOutcomeWidget,
        error_messages={"required": _("Choose at least one commitment.")},
    )
    contact_name = forms.CharField(
        label=_("Your name"),
        max_length=150,
        widget=forms.TextInput({"autocomplete": "name"}),
    )
    contact_email = forms.EmailField(
        label=_("Your email address"),
        help_text=_("So an editor can contact you. We never publish it."),
        widget=forms.EmailInput({"autocomplete": "email"}),
    )
    image = forms.FileField(
        label=_("A picture"),
        required=False,
        widget=forms.ClearableFileInput(
            attrs={"accept": "image/png,image/jpeg,image/webp"}
        ),
        help_text=_(
            "A photo or graphic you have permission to share: PNG, JPEG or WebP, "
            "smaller than 5 MB."
        ),
    )
    image_alt = forms.CharField(
        label=_("Describe the picture"),
        max_length=250,
        required=False,
        help_text=_("For people who cannot see it. Needed if you add a picture."),
    )

    def clean_image(self):
        upload = self.cleaned_data.get("image")
        if not upload:
            return None
        return reencode_image(upload, name=upload.name)

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.get("image") and not cleaned_data.get("image_alt", "").strip():
            self.add_error(
                "image_alt", _("Describe the picture for people who cannot see it.")
            )
        return cleaned_data


class StoryFilterForm(forms.Form):
    """The index filters; choices come from lists the view has already fetched."""

    outcome = forms.ChoiceField(label=_("Outcome"), required=False)
    commitment = forms.ChoiceField(label=_("Commitment"), required=False)
    district = forms.ChoiceField(
        label=_("Place"),
        required=False,
        choices=[("", _("All places")), *District.choices],
    )
    # A search, not a menu: a menu of every partner grows with the stories.
    organisation = forms.CharField(
        label=_("Organisation"),
        required=False,
        max_length=200,
        help_text=_("All or part of a partner organisation's name."),
    )

    def __init__(self, data=None, *, outcomes, commitments):
        super().__init__(data)
        self.fields["outcome"].choices = [
            ("", _("All outcomes")),
            *((outcome.slug, outcome.name) for outcome in outcomes),
        ]
        grouped = {}
        for commitment in commitments:
            grouped.setdefault(commitment.outcome.name, []).append(
                (commitment.slug, commitment.name)
            )
        self.fields["commitment"].choices = [
            ("", _("All commitments")),
            *grouped.items(),
        ]
