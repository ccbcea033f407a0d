"""Speakers' profiles beneath the speakers page, which sits in the summit section
(`events.SummitIndexPage.section_slug`)."""

from django.urls import path

from . import views
from .models import SpeakersIndexPage

app_name = "speakers"

urlpatterns = [
    path(
        f"summit/{SpeakersIndexPage.section_slug}/<slug:slug>/",
        views.speaker,
        name="speaker",
    ),
]
