"""RSS and Atom feeds of published stories, optionally for one commitment."""

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.utils.feedgenerator import Atom1Feed
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from framework.models import Commitment

FEED_LENGTH = 20


class StoriesFeed(Feed):
    """Made per request (`StoriesFeed(index=…)(request)`), so it can hold state."""

    def __init__(self, *, index):
        self.index = index

    def get_object(self, request):
        self.request = request
        slug = request.GET.get("commitment")
        if slug is None:
            return None
        commitment = Commitment.objects.filter(slug=slug).first()
        if commitment is None:
            raise Http404(_("No commitment is called “%s”.") % slug)
        return commitment

    def title(self, commitment):
        if commitment:
            return _("Delivery stories: %s") % commitment.name
        return _("Delivery stories | Shared Ambition")

    def link(self, commitment):
        url = self.index.get_full_url(self.request)
        return (
            f"{url}?{urlencode({'commitment': commitment.slug})}" if commitment else url
        )

    def description(self, commitment):
        return self.index.introduction or _(
            "What partners across Cambridgeshire & Peterborough are delivering "
            "towards the Shared Ambition."
        )

    def items(self, commitment):
        # Latest published first, unlike the index, which puts featured stories first.
        stories = self.index.stories().order_by("-first_published_at", "-pk")
        if commitment:
            stories = stories.filter_by(commitment=commitment)
        return stories.prefetch_related("commitments")[:FEED_LENGTH]

    def item_title(self, story):
        return story.title

    def item_description(self, story):
        return story.standfirst

    def item_link(self, story):
        return story.get_full_url(self.request)

    def item_pubdate(self, story):
        return story.first_published_at

    def item_updateddate(self, story):
        return story.last_published_at

    def item_categories(self, story):
        return [commitment.name for commitment in story.commitments.all()]


class AtomStoriesFeed(StoriesFeed):
    feed_type = Atom1Feed

    def subtitle(self, commitment):
        return self.description(commitment)
