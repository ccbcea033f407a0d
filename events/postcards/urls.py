"""Addresses for a summit's ambition postcards, and the short one on badges."""

from django.urls import path

from ..models import SummitIndexPage
from . import views

summit = f"{SummitIndexPage.section_slug}/<slug:summit_slug>/postcards/"

urlpatterns = [
    path("ambition/<slug:summit_slug>/", views.short_link, name="postcard_short"),
    path(summit, views.wall, name="postcards"),
    path(f"{summit}write/", views.write, name="write_postcard"),
    path(
        f"{summit}write/on-the-wall/",
        views.message("events/postcards/on_the_wall.html"),
        name="postcard_on_wall",
    ),
    path(
        f"{summit}write/received/",
        views.message("events/postcards/held.html"),
        name="postcard_held",
    ),
    path(f"{summit}screen/", views.screen, name="postcard_screen"),
    path(f"{summit}postcards.csv", views.open_data_csv, name="postcards_csv"),
    path(f"{summit}postcards.json", views.open_data_json, name="postcards_json"),
]
