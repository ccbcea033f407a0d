from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def session_url(context, session):
    return session.get_url(context.get("request"))
