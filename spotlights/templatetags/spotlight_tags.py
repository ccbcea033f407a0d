from django import template
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from spotlights.models import SpotlightIndexPage, SpotlightPage

register = template.Library()

HOME_PAGE_STORIES = 3
ORGANISATION_STORIES = 6


def _index_url():
    index = SpotlightIndexPage.objects.live().public().first()
    return index.url if index else ""


@register.inclusion_tag("spotlights/includes/story_section.html")
def latest_stories(limit=HOME_PAGE_STORIES):
    """Featured, then newest, stories with a link to the whole list (for the home page)."""
    return {
        "heading": _("Delivery stories"),
        "section_id": "story-section-heading",
        "stories": SpotlightPage.objects.published().newest_first().for_cards()[:limit],
        "more_url": _index_url(),
        "more_text": _("See all delivery stories"),
    }


@register.inclusion_tag("spotlights/includes/story_section.html")
def stories_for_organisation(signatory, limit=ORGANISATION_STORIES):
    """The newest stories naming `signatory` as a partner (for its register page),
    linking to the stories index filtered by the organisation when there are more."""
    stories = list(
        SpotlightPage.objects.published()
        .with_partner(signatory)
        .newest_first()
        .for_cards()[: limit + 1]
    )
    more_url = _index_url() if len(stories) > limit else ""
    if more_url:
        more_url += "?" + urlencode({"organisation": signatory.name})
    return {
        "heading": _("Delivery stories"),
        "section_id": "organisation-stories-heading",
        "stories": stories[:limit],
        "more_url": more_url,
        "more_text": _("See every story with %(name)s") % {"name": signatory.name},
    }


@register.inclusion_tag("spotlights/includes/story_section.html")
def stories_for_summit(summit):
    """Published stories presented at `summit` (for its page), newest first."""
    return {
        "heading": _("Stories presented at this summit"),
        "section_id": "summit-stories-heading",
        "stories": SpotlightPage.objects.published()
        .filter(summit=summit)
        .newest_first()
        .for_cards(),
    }
