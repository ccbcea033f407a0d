import string

from django import forms
from django.utils.translation import gettext_lazy as _

from framework.models import Commitment
from framework.widgets import CommitmentsByOutcomeWidget
from home.forms import HoneypotFormMixin, ModelChoicesField

from .choices import District, OrganisationType
from .logos import process_logo
from .validators import HTTP_URL

PLEDGE_MAX_LENGTH = 1000
LETTERS = [*string.ascii_uppercase, "#"]


class CommitmentsField(ModelChoicesField):
    def __init__(self, **kwargs):
        super().__init__(
            queryset=Commitment.objects.all(),
            widget=CommitmentsByOutcomeWidget,
            label=_("Commitments your organisation will support"),
            help_text=_("Choose at least one. They are grouped by outcome."),
            error_messages={
                "required": _("Choose at least one commitment you will support.")
            },
            **kwargs,
        )


class SignatoryDetailsForm(forms.Form):
    """The public fields of an entry, plus the contact's name and role."""

    name = forms.CharField(label=_("Organisation name"), max_length=200)
    organisation_type = forms.ChoiceField(
        label=_("Type of organisation"),
        choices=OrganisationType.choices,
        widget=forms.RadioSelect,
    )
    district = forms.ChoiceField(
        label=_("Where does your organisation mainly work?"),
        choices=District.choices,
        widget=forms.RadioSelect,
        help_text=_("Choose the council area, or across Cambridgeshire."),
    )
    website = forms.URLField(
        label=_("Website"),
        required=False,
        max_length=200,
        assume_scheme="https",
        validators=[HTTP_URL],
        help_text=_("For example https://www.example.org"),
    )
    logo = forms.FileField(
        label=_("Logo"),
        required=False,
        widget=forms.FileInput(attrs={"accept": "image/png,image/jpeg,image/webp"}),
        help_text=_(
            "A PNG, JPEG or WebP image under 2 MB, at least 32 pixels on each side. "
            "We resize it and remove any hidden information."
        ),
    )
    pledge = forms.CharField(
        label=_("Your pledge"),
        max_length=PLEDGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "In a few sentences, what your organisation will do for the Shared "
            "Ambition. Plain text, up to 1,000 characters."
        ),
    )
    commitments = CommitmentsField()
    contact_name = forms.CharField(
        label=_("Your full name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    contact_role = forms.CharField(
        label=_("Your role in the organisation"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "organization-title"}),
    )

    def clean_logo(self):
        upload = self.cleaned_data.get("logo")
        return process_logo(upload) if upload else None

    def signature_fields(self):
        """Cleaned values as keyword arguments for the services."""
        fields = dict(self.cleaned_data)
        for name in ("nickname", "authorised"):
            fields.pop(name, None)
        return fields


class SignatoryForm(HoneypotFormMixin, SignatoryDetailsForm):
    contact_email = forms.EmailField(
        label=_("Your work email address"),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_(
            "We email you a link to confirm. Your name, role and email address are "
            "never published."
        ),
    )
    authorised = forms.BooleanField(
        label=_("I am authorised to sign on behalf of this organisation"),
        error_messages={
            "required": _(
                "Confirm that you are authorised to sign for this organisation."
            )
        },
    )

    def clean_contact_email(self):
        # Matched against account addresses, which allauth stores in lower case.
        return self.cleaned_data["contact_email"].lower()


class SignatoryUpdateForm(HoneypotFormMixin, SignatoryDetailsForm):
    remove_logo = forms.BooleanField(label=_("Remove the current logo"), required=False)

    field_order = [*SignatoryDetailsForm.base_fields, "remove_logo"]

    @classmethod
    def for_signatory(cls, signatory, **kwargs):
        """The form filled in with the entry as it stands, or with changes that are
        still waiting for a moderator."""
        initial = {
            "name": signatory.name,
            "organisation_type": signatory.organisation_type,
            "district": signatory.district,
            "website": signatory.website,
            "pledge": signatory.pledge,
            "contact_name": signatory.contact_name,
            "contact_role": signatory.contact_role,
            "commitments": list(signatory.commitments.all()),
        }
        if signatory.pending_update:
            initial.update(
                {
                    key: value
                    for key, value in signatory.pending_update.items()
                    if key in initial
                }
            )
            initial["commitments"] = signatory.pending_commitments
        return cls(initial=initial, **kwargs)


class RequestLinkForm(HoneypotFormMixin, forms.Form):
    organisation = forms.CharField(
        label=_("Organisation name or website"),
        max_length=200,
        help_text=_("We email a link to the contact who signed for the organisation."),
    )


class RegisterFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Organisation name"),
        required=False,
        max_length=100,
        widget=forms.SearchInput,
    )
    organisation_type = forms.ChoiceField(
        label=_("Type"),
        required=False,
        choices=[("", _("All types")), *OrganisationType.choices],
    )
    district = forms.ChoiceField(
        label=_("Area"),
        required=False,
        choices=[("", _("All areas")), *District.choices],
    )
    commitment = forms.ChoiceField(label=_("Commitment"), required=False)
    letter = forms.ChoiceField(
        required=False,
        choices=[("", ""), *((letter, letter) for letter in LETTERS)],
        widget=forms.HiddenInput,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        grouped = {}
        for commitment in Commitment.objects.all():
            grouped.setdefault(commitment.outcome.name, []).append(
                (commitment.slug, commitment.name)
            )
        self.fields["commitment"].choices = [
            ("", _("All commitments")),
            *grouped.items(),
        ]

    def filter(self, queryset):
        """Narrow `queryset` to the chosen filters; also say whether any applied."""
        data = self.cleaned_data
        lookups = {}
        if data["q"].strip():
            lookups["name__icontains"] = data["q"].strip()
        if data["organisation_type"]:
            lookups["organisation_type"] = data["organisation_type"]
        if data["district"]:
            lookups["district"] = data["district"]
        if data["commitment"]:
            lookups["commitments__slug"] = data["commitment"]
        if data["letter"] == "#":
            lookups["normalised_name__regex"] = r"^[^a-z]"
        elif data["letter"]:
            lookups["normalised_name__startswith"] = data["letter"].lower()
        return queryset.filter(**lookups), bool(lookups)


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Sent to the organisation's contact in the email telling them."),
    )
