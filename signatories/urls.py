"""The register's stable public addresses, all under /signatories/ (the register page
itself is the Wagtail page with the slug "signatories")."""

from django.contrib.auth.decorators import login_required
from django.urls import path

from . import views

app_name = "signatories"

urlpatterns = [
    path("signatories/sign/", views.sign, name="sign"),
    path(
        "signatories/sign/check-your-email/",
        views.message("signatories/check_email.html"),
        name="check_email",
    ),
    path(
        "signatories/sign/awaiting-approval/",
        views.message("signatories/awaiting_approval.html"),
        name="awaiting_approval",
    ),
    path("signatories/confirm/<str:token>/", views.confirm, name="confirm"),
    path("signatories/manage/", views.request_link, name="request_link"),
    path(
        "signatories/manage/link-sent/",
        views.message("signatories/link_sent.html"),
        name="link_sent",
    ),
    path(
        "signatories/manage/updated/",
        views.message("signatories/updated.html"),
        name="updated",
    ),
    path(
        "signatories/manage/withdrawn/",
        views.message("signatories/withdrawn.html"),
        name="withdrawn",
    ),
    path("signatories/manage/<str:token>/", views.manage, name="manage"),
    path("signatories/manage/<str:token>/update/", views.update, name="update"),
    path("signatories/manage/<str:token>/withdraw/", views.withdraw, name="withdraw"),
    path("signatories/yours/", views.yours, name="yours"),
    path(
        "signatories/yours/<int:pk>/update/",
        login_required(views.update),
        name="account_update",
    ),
    path(
        "signatories/yours/<int:pk>/withdraw/",
        login_required(views.withdraw),
        name="account_withdraw",
    ),
    path("signatories/register.csv", views.open_data_csv, name="open_data_csv"),
    path("signatories/register.json", views.open_data_json, name="open_data_json"),
    path("signatories/<slug:slug>/", views.detail, name="detail"),
]
