"""Addresses under each summit page (`/summit/<slug>/...`) for its programme."""

from django.urls import path

from ..models import SummitIndexPage
from . import agenda_views, views

summit = f"{SummitIndexPage.section_slug}/<slug:summit_slug>/"

urlpatterns = [
    path(f"{summit}programme/", views.programme, name="programme"),
    path(f"{summit}programme/json/", views.programme_json, name="programme_json"),
    path(f"{summit}programme/pdf/", views.programme_pdf_download, name="programme_pdf"),
    path(
        f"{summit}programme/calendar/",
        views.programme_calendar,
        name="programme_calendar",
    ),
    path(
        f"{summit}programme/changes/",
        views.programme_changes,
        name="programme_changes",
    ),
    path(f"{summit}calendar/", views.summit_calendar, name="calendar"),
    path(f"{summit}sessions/<slug:slug>/", views.session, name="session"),
    path(
        f"{summit}sessions/<slug:slug>/calendar/",
        views.session_calendar,
        name="session_calendar",
    ),
    path(f"{summit}speakers/", views.speakers, name="speakers"),
    path(f"{summit}my-agenda/", agenda_views.my_agenda, name="my_agenda"),
]
