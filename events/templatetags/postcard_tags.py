from django import template

from ..models import Postcard

register = template.Library()

# The summit page shows this many postcards and links to the whole wall.
WALL_LATEST = 6


@register.inclusion_tag("events/postcards/includes/wall_section.html")
def postcard_wall(summit):
    """The newest cards on `summit`'s wall and how many there are (two queries)."""
    postcards = Postcard.objects.for_wall().filter(summit=summit)
    return {
        "summit": summit,
        "postcards": list(postcards[:WALL_LATEST]),
        "count": postcards.count(),
    }
