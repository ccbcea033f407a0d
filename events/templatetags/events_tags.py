from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def session_url(context, session):
    return session.get_url(context.get("request"))


@register.filter
def listed(value):
    """`value` in a list, e.g. one form for an include that takes `forms`."""
    return [value]


@register.simple_tag
def absolute_url(path):
    """`path` on the public site (SITE_URL), as emails and shared links need."""
    from events.ical import absolute_url

    return absolute_url(path)
