"""The speaker's own profile form (`speakers.profile_views`)."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .photos import process_photo
from .self_service import MAX_LINKS


def _https_only(value):
    if value and not value.lower().startswith("https://"):
        raise ValidationError(
            _(
                "Enter an address starting with https://, for example https://example.org/"
            ),
            code="https",
        )


class SpeakerProfileForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=150)
    pronouns = forms.CharField(
        label=_("Pronouns"),
        max_length=40,
        required=False,
        help_text=_("For example she/her. Shown only if given."),
    )
    role = forms.CharField(label=_("Job title"), max_length=150, required=False)
    organisation = forms.CharField(
        label=_("Organisation"), max_length=150, required=False
    )
    bio = forms.CharField(
        label=_("Biography"),
        max_length=1500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("In the third person, up to about 150 words (1,500 characters)."),
    )
    photo = forms.FileField(
        label=_("New photo"),
        required=False,
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        help_text=_(
            "A JPEG, PNG or WebP image under 5 MB, at least 400 × 400 pixels. "
            "We remove its hidden details (such as where it was taken). Leave "
            "empty to keep your current photo."
        ),
    )
    photo_alt_text = forms.CharField(
        label=_("Describe the new photo"),
        max_length=250,
        required=False,
        help_text=_(
            "Read out to people who can't see it, for example 'Ada smiling in front "
            "of a bookcase'. Needed with a new photo."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for number in range(1, MAX_LINKS + 1):
            self.fields[f"link_{number}"] = forms.URLField(
                label=_("Link %(number)s") % {"number": number},
                required=False,
                max_length=200,
                assume_scheme="https",
                validators=[_https_only],
                help_text=_("Your website or a profile, starting with https://")
                if number == 1
                else "",
            )

        # Last in the page, so last in what the browser sends: an upload cut short
        # loses it and is refused rather than saved with the fields that arrived.
        incomplete = _("The form arrived incomplete: please send it again.")
        self.fields["complete"] = forms.ChoiceField(
            choices=[("1", "1")],
            widget=forms.HiddenInput,
            initial="1",
            error_messages={"required": incomplete, "invalid_choice": incomplete},
        )

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        return process_photo(photo) if photo else None

    def clean(self):
        cleaned = super().clean()
        photo_given = cleaned.get("photo") or self.files.get("photo")
        if photo_given and not cleaned.get("photo_alt_text", "").strip():
            self.add_error(
                "photo_alt_text",
                _("Describe the photo for people who can't see it."),
            )
        return cleaned

    def details(self):
        return {
            field: self.cleaned_data[field]
            for field in ("name", "pronouns", "role", "organisation", "bio")
        }

    def links(self):
        return [
            self.cleaned_data[f"link_{number}"]
            for number in range(1, MAX_LINKS + 1)
            if self.cleaned_data.get(f"link_{number}")
        ]

    @classmethod
    def initial_for(cls, speaker, change=None):
        source = change or speaker
        initial = {
            field: getattr(source, field)
            for field in ("name", "pronouns", "role", "organisation", "bio")
        }
        if change is not None:
            links = list(change.links)
        else:
            links = [block.value["url"] for block in speaker.links]
        for number, link in enumerate(links[:MAX_LINKS], start=1):
            initial[f"link_{number}"] = link
        return initial
