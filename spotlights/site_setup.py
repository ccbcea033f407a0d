"""What every deployment needs from `spotlights`: the stories index, which sends
stories through the moderators' workflow and gives Editors and Moderators their
rights there as it is made (`spotlights.services.configure_moderation`). Run by
`manage.py setup_site`."""

from home.models import HomePage

from .models import SpotlightIndexPage

INDEX = {
    "title": "Delivery stories",
    "slug": "stories",
    "introduction": (
        "What partners across Cambridgeshire & Peterborough are delivering towards "
        "the Shared Ambition, commitment by commitment."
    ),
}


def setup_index():
    """The stories index under the home page, unless there is one (anywhere)."""
    index = SpotlightIndexPage.objects.first()
    if index:
        return index
    home = HomePage.objects.get()
    index = home.add_child(instance=SpotlightIndexPage(**INDEX))
    index.save_revision().publish()
    return index


def setup(*, stdout):
    if not SpotlightIndexPage.objects.exists():
        index = setup_index()
        stdout.write(
            f"Stories index added at /{index.slug}/, moderated by the Moderators."
        )
