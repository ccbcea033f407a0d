from django.urls import path
from django.views.generic import TemplateView

from .search import search

urlpatterns = [
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain"),
    ),
    path("search/", search, name="search"),
]
