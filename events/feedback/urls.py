"""The feedback survey's secret addresses."""

from django.urls import path

from . import views

urlpatterns = [
    path("feedback/<str:token>/", views.survey, name="feedback_survey"),
    path("feedback/<str:token>/thanks/", views.thanks, name="feedback_thanks"),
]
