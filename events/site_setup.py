"""What every deployment needs from `events`: the summit section (its index page,
with the speakers' index beneath it), and Event managers' right to edit and publish
summit pages there. Run by `manage.py setup_site`."""

from django.contrib.auth.models import Group, Permission
from wagtail.models import GroupPagePermission

from home.models import HomePage
from speakers.models import SpeakersIndexPage

from .models import SummitIndexPage

SUMMIT_INDEX = {
    "title": "Shared Ambition Summit",
    "slug": "summit",
    "introduction": (
        "Every year the Combined Authority convenes partners from across "
        "Cambridgeshire and Peterborough to champion delivery of the Shared Ambition "
        "and keep its focus relevant."
    ),
}
SPEAKERS_INDEX = {
    "title": "Speakers",
    "slug": "speakers",
    "introduction": "Everyone who has spoken at a Shared Ambition summit.",
}
# Given on the summit index when setup_site makes it; the speakers' index and
# every summit (with its rooms and tracks) sit beneath it.
EVENT_MANAGERS_PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page"]


def grant_page_permissions(index):
    """Event managers edit and publish summit pages (and their rooms and tracks)."""
    group = Group.objects.filter(name="Event managers").first()
    if group is None:
        return False
    for permission in Permission.objects.filter(
        content_type__app_label="wagtailcore",
        codename__in=EVENT_MANAGERS_PAGE_PERMISSIONS,
    ):
        GroupPagePermission.objects.get_or_create(
            group=group, page=index, permission=permission
        )
    return True


def setup_summit_index(home):
    """The summit index (and Event managers' rights on it) unless there is one."""
    index = SummitIndexPage.objects.first()
    if index is not None:
        return index, False
    index = home.add_child(instance=SummitIndexPage(**SUMMIT_INDEX))
    grant_page_permissions(index)
    return index, True


def setup(*, stdout):
    home = HomePage.objects.get()
    index, created = setup_summit_index(home)
    if created:
        stdout.write(
            f"Summit index added at /{index.slug}/; Event managers may edit and "
            "publish beneath it."
        )
    if not SpeakersIndexPage.objects.exists():
        speakers = index.add_child(instance=SpeakersIndexPage(**SPEAKERS_INDEX))
        stdout.write(f"Speakers index added at /{index.slug}/{speakers.slug}/.")
