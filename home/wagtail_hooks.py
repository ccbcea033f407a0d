from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets.button import Button

from . import (
    data_admin,
    data_requests,
    email_text_admin,
    page_cache,
    staff_mfa,
    staff_mfa_views,
)
from .viewsets import RetentionRunViewSet


@hooks.register("before_serve_page")
def pages_are_shared(page, request, serve_args, serve_kwargs):
    # A page is the same for every visitor who is not signed in. Restricted pages
    # never reach the cache: their password form sets the CSRF cookie and their
    # login check redirects (home/page_cache.py keeps only cookie-free 200s).
    page_cache.mark_shared(request)


@hooks.register("register_admin_urls")
def staff_mfa_urls():
    return [
        path(
            "users/<id:user_id>/reset-second-factor/",
            staff_mfa_views.reset_second_factor_view,
            name="home_reset_second_factor",
        )
    ]


@hooks.register("register_user_listing_buttons")
def reset_second_factor_button(user, request_user):
    # Superusers only; for every row, so the listing costs no query per person (the
    # page says when someone has nothing to reset).
    if request_user.is_superuser:
        yield Button(
            _("Reset two-step verification"),
            url=reverse("home_reset_second_factor", args=[user.pk]),
            icon_name="key",
            priority=50,
        )


@hooks.register("register_log_actions")
def register_staff_mfa_log_actions(actions):
    actions.register_action(
        staff_mfa.RESET_ACTION,
        _("Reset two-step verification"),
        _("Two-step verification reset: authenticator app and recovery codes removed"),
    )


@hooks.register("register_admin_viewset")
def register_retention_runs():
    return RetentionRunViewSet("retention_runs")


class AdminOnlyMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.is_superuser


@hooks.register("register_admin_urls")
def personal_data_urls():
    return [
        path(
            "personal-data/",
            data_admin.PersonalDataView.as_view(),
            name="home_personal_data",
        )
    ]


@hooks.register("register_settings_menu_item")
def personal_data_menu_item():
    return AdminOnlyMenuItem(
        _("Personal data requests"),
        reverse("home_personal_data"),
        icon_name="user",
        order=900,
    )


@hooks.register("register_log_actions")
def register_personal_data_request_actions(actions):
    actions.register_action(
        data_requests.DOWNLOADED,
        _("Personal data downloaded"),
        _("Someone's data was gathered for them to read or download"),
    )
    actions.register_action(
        data_requests.ERASED,
        _("Personal data erased"),
        _("Someone's data was erased or anonymised at their request"),
    )


class EmailTextMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(email_text_admin.PERMISSION)


@hooks.register("register_admin_urls")
def email_text_urls():
    return [
        path(
            "email-texts/",
            email_text_admin.EmailTextListView.as_view(),
            name="home_email_texts",
        ),
        path(
            "email-texts/<slug:key>/",
            email_text_admin.EmailTextEditView.as_view(),
            name="home_email_text",
        ),
        path(
            "email-texts/<slug:key>/summit/<id:page_id>/",
            email_text_admin.EmailTextEditView.as_view(),
            name="home_email_text_summit",
        ),
        path(
            "email-texts/<slug:key>/reset/",
            email_text_admin.EmailTextResetView.as_view(),
            name="home_email_text_reset",
        ),
        path(
            "email-texts/<slug:key>/summit/<id:page_id>/reset/",
            email_text_admin.EmailTextResetView.as_view(),
            name="home_email_text_reset_summit",
        ),
    ]


@hooks.register("register_settings_menu_item")
def email_texts_menu_item():
    return EmailTextMenuItem(
        _("Email texts"), reverse("home_email_texts"), icon_name="mail", order=850
    )
