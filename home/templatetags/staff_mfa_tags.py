from django import template

from home import staff_mfa

register = template.Library()


@register.simple_tag
def staff_mfa_relaxed():
    """Whether staff may reach the admin and the door without a second factor here
    (the demo of `make run`): the sign-in page says so."""
    return not staff_mfa.is_required()


@register.simple_tag(takes_context=True)
def staff_mfa_continue_url(context):
    """Where a staff member sent to set up two-step verification was going."""
    request = context.get("request")
    return staff_mfa.continue_url(request) if request is not None else None
