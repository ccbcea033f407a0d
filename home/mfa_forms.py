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


def _code_field(form, *, label, help_text):
    field = form.fields["code"]
    field.label = label
    field.help_text = help_text
    field.widget.attrs = dict(CODE_ATTRS)


class SiteAuthenticateForm(AuthenticateForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _code_field(
            self,
            label=_("Code"),
            help_text=_(
                "The 6-digit code your authenticator app shows now, or one of "
                "your 8-digit recovery codes."
            ),
        )


class SiteReauthenticateForm(ReauthenticateForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _code_field(
            self,
            label=_("Code"),
            help_text=_(
                "The 6-digit code your authenticator app shows now, or one of "
                "your 8-digit recovery codes."
            ),
        )


class SiteActivateTOTPForm(ActivateTOTPForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _code_field(
            self,
            label=_("Code from your authenticator app"),
            help_text=_("6 digits. It changes every 30 seconds."),
        )
