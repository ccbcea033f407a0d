"""The stories section's own addresses: its filtered list, feeds and the proposal
form (each story is a page beneath it, served by Wagtail)."""

from django.urls import path

from . import views
from .models import SpotlightIndexPage

app_name = "spotlights"
stories = f"{SpotlightIndexPage.section_slug}/"

urlpatterns = [
    path(stories, views.story_index, name="index"),
    path(f"{stories}feed/", views.rss_feed, name="rss_feed"),
    path(f"{stories}feed/atom/", views.atom_feed, name="atom_feed"),
    path(f"{stories}propose/", views.propose_story, name="propose"),
    path(
        f"{stories}propose/thanks/",
        views.proposal_received,
        name="proposal_received",
    ),
]
