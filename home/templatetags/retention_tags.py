from django import template

from home.models import RetentionPolicy

register = template.Library()


@register.simple_tag(takes_context=True)
def retention_policy(context):
    """The retention policy in force (loaded once per request)."""
    return RetentionPolicy.load(request_or_site=context.get("request"))
