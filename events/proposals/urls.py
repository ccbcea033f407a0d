"""Addresses of a summit's call for proposals (docs/proposals.md)."""

from django.urls import path

from ..models import SummitIndexPage
from . import views

call = f"{SummitIndexPage.section_slug}/<slug:summit_slug>/call/"

urlpatterns = [
    path(call, views.call_page, name="call_for_proposals"),
    path(f"{call}propose/", views.propose, name="propose_session"),
    path(f"{call}proposals/", views.my_proposals, name="my_proposals"),
    path(f"{call}proposals/<id:pk>/", views.edit_proposal, name="edit_proposal"),
    path(
        f"{call}proposals/<id:pk>/withdraw/",
        views.withdraw_proposal,
        name="withdraw_proposal",
    ),
    path(
        f"{call}proposals/<id:pk>/answer/",
        views.answer_decision,
        name="answer_decision",
    ),
    path(f"{call}co-speaker/<str:token>/", views.co_speaker, name="co_speaker"),
]
