from django import template

from home.links import absolute_url as site_address

register = template.Library()


@register.filter
def listed(value):
    """`value` in a list, e.g. one form for an include that takes `forms`."""
    return [value]


@register.simple_tag
def absolute_url(path):
    """`path` on the public site (SITE_URL), as emails and shared links need."""
    return site_address(path)
