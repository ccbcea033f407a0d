"""allauth's emails (confirm an address, reset a password) in the site's email
family: the same base templates, header and footer as ours (docs/emails.md)."""

from allauth.account.adapter import DefaultAccountAdapter

from .emails import email_context


class AccountAdapter(DefaultAccountAdapter):
    def render_mail(self, template_prefix, email, context, headers=None):
        return super().render_mail(
            template_prefix, email, {**email_context(), **context}, headers=headers
        )
