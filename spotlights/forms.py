import io
import os

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from framework.models import Commitment
from framework.widgets import CommitmentsByOutcomeWidget
from home.forms import HoneypotFormMixin
from signatories.choices import District

# Pillow's names for the formats we accept, and how each is written back out.
IMAGE_FORMATS = {
    "JPEG": ("jpg", {"quality": 85, "optimize": True}),
    "PNG": ("png", {"optimize": True}),
    "WEBP": ("webp", {"quality": 85}),
}
MAX_IMAGE_BYTES = 5 * 1024 * 1024
MAX_IMAGE_PIXELS = 40_000_000
# Re-encoded pictures are scaled to fit this box; editors crop from there.
MAX_IMAGE_EDGE = 3000


class ProposalImageField(forms.ImageField):
    default_validators = []
    widget = forms.ClearableFileInput(
        attrs={"accept": "image/png,image/jpeg,image/webp"}
    )

    def to_python(self, data):
        # Refuse oversized files before Pillow reads them.
        if data and getattr(data, "size", 0) > MAX_IMAGE_BYTES:
            raise ValidationError(
                _("The image must be smaller than %(limit)s."),
                params={"limit": filesizeformat(MAX_IMAGE_BYTES)},
                code="too_big",
            )
        return super().to_python(data)


def reencode_image(upload, *, name):
    """Check an uploaded picture and draw it afresh, dropping its metadata (such as
    GPS positions) and anything hidden after the image data."""
    # Heavy library: loaded only when an image is handled.
    from PIL import Image, ImageOps

    found = upload.image.format
    if found not in IMAGE_FORMATS:
        raise ValidationError(
            _("Upload a PNG, JPEG or WebP image."), code="invalid_format"
        )
    width, height = upload.image.size
    if width * height > MAX_IMAGE_PIXELS:
        raise ValidationError(
            _("The image is too large: keep it under 40 megapixels."), code="too_big"
        )
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            image = ImageOps.exif_transpose(image)
            image.thumbnail((MAX_IMAGE_EDGE, MAX_IMAGE_EDGE))
            if found == "JPEG" and image.mode not in ("RGB", "L"):
                image = image.convert("RGB")
            extension, options = IMAGE_FORMATS[found]
            buffer = io.BytesIO()
            image.save(buffer, format=found, **options)
    except (OSError, ValueError) as error:
        raise ValidationError(
            _("We could not read this image. Try saving it again as PNG or JPEG."),
            code="invalid_image",
        ) from error
    stem = slugify(os.path.splitext(name)[0])[:60] or "story-image"
    return ContentFile(buffer.getvalue(), name=f"{stem}.{extension}")


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
    commitments = forms.ModelMultipleChoiceField(
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
    image = ProposalImageField(
        label=_("A picture"),
        required=False,
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
    organisation = forms.ChoiceField(label=_("Organisation"), required=False)

    def __init__(self, data=None, *, outcomes, commitments, organisations):
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
        self.fields["organisation"].choices = [
            ("", _("All organisations")),
            *((name, name) for name in organisations),
        ]
