from django.urls import path
from django.views.generic import TemplateView

from .browser_policy import csp_report
from .search import search

urlpatterns = [
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain"),
    ),
    path("search/", search, name="search"),
    # Browsers report Content-Security-Policy violations here (REPORT_PATH).
    path("csp-report/", csp_report, name="csp_report"),
]
