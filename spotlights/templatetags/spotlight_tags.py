from django import template
from django.utils.translation import gettext as _

from spotlights.models import SpotlightIndexPage, SpotlightPage

register = template.Library()

HOME_PAGE_STORIES = 3


@register.inclusion_tag("spotlights/includes/story_section.html")
def latest_stories(limit=HOME_PAGE_STORIES):
    """Featured, then newest, stories with a link to the whole list (for the home page)."""
    return {
        "heading": _("Delivery stories"),
        "stories": SpotlightPage.objects.published().newest_first().for_cards()[:limit],
        "index": SpotlightIndexPage.objects.live().public().first(),
    }
