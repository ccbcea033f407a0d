"""The register's stable public addresses, all under the register page's own
(`/signatories/`), that one included."""

from django.contrib.auth.decorators import login_required
from django.urls import path

from . import links, views
from .models import SignatoryRegisterPage

app_name = "signatories"
register = f"{SignatoryRegisterPage.section_slug}/"

urlpatterns = [
    path(register, views.register, name="register"),
    path(f"{register}sign/", views.sign, name="sign"),
    path(
        f"{register}sign/check-your-email/",
        views.message("signatories/check_email.html"),
        name="check_email",
    ),
    path(
        f"{register}sign/awaiting-approval/",
        views.message("signatories/awaiting_approval.html"),
        name="awaiting_approval",
    ),
    path(f"{register}confirm/<str:token>/", views.confirm, name="confirm"),
    path(
        f"{register}confirm/<str:token>/new-link/",
        views.new_link(links.CONFIRM),
        name="confirm_new_link",
    ),
    path(f"{register}manage/", views.request_link, name="request_link"),
    path(
        f"{register}manage/link-sent/",
        views.message("signatories/link_sent.html"),
        name="link_sent",
    ),
    path(
        f"{register}manage/updated/",
        views.message("signatories/updated.html"),
        name="updated",
    ),
    path(
        f"{register}manage/withdrawn/",
        views.message("signatories/withdrawn.html"),
        name="withdrawn",
    ),
    path(f"{register}manage/<str:token>/", views.manage, name="manage"),
    path(f"{register}manage/<str:token>/update/", views.update, name="update"),
    path(f"{register}manage/<str:token>/withdraw/", views.withdraw, name="withdraw"),
    path(
        f"{register}manage/<str:token>/new-link/",
        views.new_link(links.MANAGE),
        name="manage_new_link",
    ),
    path(f"{register}yours/", views.yours, name="yours"),
    path(
        f"{register}yours/<id:pk>/update/",
        login_required(views.update),
        name="account_update",
    ),
    path(
        f"{register}yours/<id:pk>/withdraw/",
        login_required(views.withdraw),
        name="account_withdraw",
    ),
    path(f"{register}register.csv", views.open_data_csv, name="open_data_csv"),
    path(f"{register}register.json", views.open_data_json, name="open_data_json"),
    path(f"{register}<slug:slug>/", views.detail, name="detail"),
]
