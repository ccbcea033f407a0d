"""Speakers' profiles beneath the speakers page, which sits in the summit section
(`events.SummitIndexPage.section_slug`)."""

from django.urls import path

from . import profile_views, views
from .models import SpeakersIndexPage

app_name = "speakers"

urlpatterns = [
    path(
        f"summit/{SpeakersIndexPage.section_slug}/<slug:slug>/",
        views.speaker,
        name="speaker",
    ),
    path("accounts/speaker-profile/", profile_views.my_profile, name="my_profile"),
    path(
        "accounts/speaker-profile/withdraw/",
        profile_views.withdraw_change,
        name="withdraw_profile_change",
    ),
]
