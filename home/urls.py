from django.urls import path
from django.views.generic import TemplateView

from . import data_views
from .browser_policy import csp_report
from .search import search

urlpatterns = [
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain"),
    ),
    path("search/", search, name="search"),
    # People's own data (docs/privacy.md#your-own-data).
    path("your-data/", data_views.request_link, name="your_data_request"),
    path("your-data/<str:token>/", data_views.by_link, name="your_data"),
    path("accounts/data/", data_views.signed_in, name="my_data"),
    # Browsers report Content-Security-Policy violations here (REPORT_PATH).
    path("csp-report/", csp_report, name="csp_report"),
]
