from django import template

from home import page_cache

register = template.Library()


@register.simple_tag(takes_context=True)
def page_shows(context, topic):
    """Tell the page cache that this page shows `topic` (e.g. "places"), so a change
    to it renders the page afresh."""
    request = context.get("request")
    if request is not None:
        page_cache.depends_on(request, topic)
    return ""
