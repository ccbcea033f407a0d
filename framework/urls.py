"""The showcase's outcome and commitment pages beneath the showcase page, and the
framework's JSON."""

from django.urls import path

from . import views
from .models import CommitmentsShowcasePage

app_name = "framework"
showcase = f"{CommitmentsShowcasePage.section_slug}/<slug:outcome_slug>/"

urlpatterns = [
    path("api/framework.json", views.framework_json, name="framework_json"),
    path(showcase, views.outcome, name="outcome"),
    path(f"{showcase}<slug:commitment_slug>/", views.commitment, name="commitment"),
]
