"""`{% add_to_calendar summit %}` and `{% add_to_calendar summit session=session %}`:
the ways to put a summit, or one of its sessions, in a calendar."""

from django import template

from ..calendar_links import session_calendar_links, summit_calendar_links

register = template.Library()


@register.inclusion_tag("events/includes/add_to_calendar.html")
def add_to_calendar(summit, session=None):
    if session is None:
        return {"links": summit_calendar_links(summit)}
    return {"links": session_calendar_links(session)}
