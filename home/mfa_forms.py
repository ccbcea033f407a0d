"""allauth's two-step verification forms with the site's wording, and code fields
phones fill in well: a number pad, and the code the authenticator app offers."""

from allauth.mfa.base.forms import AuthenticateForm, ReauthenticateForm
from allauth.mfa.totp.forms import ActivateTOTPForm
from django.utils.translation import gettext_lazy as _

CODE_ATTRS = {
    "autocomplete": "one-time-code",
    "inputmode": "numeric",
    "autocapitalize": "off",
    "spellcheck": "false",
}


class CodeFieldMixin:
    """Words and attributes for allauth's `code` field."""

    code_label = _("Code")
    code_help_text = _(
        "The 6-digit code your authenticator app shows now, or one of your 8-digit "
        "recovery codes."
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["code"]
        field.label = self.code_label
        field.help_text = self.code_help_text
        field.widget.attrs = dict(CODE_ATTRS)


class SiteAuthenticateForm(CodeFieldMixin, AuthenticateForm):
    pass


class SiteReauthenticateForm(CodeFieldMixin, ReauthenticateForm):
    pass


class SiteActivateTOTPForm(CodeFieldMixin, ActivateTOTPForm):
    code_label = _("Code from your authenticator app")
    code_help_text = _("6 digits. It changes every 30 seconds.")
