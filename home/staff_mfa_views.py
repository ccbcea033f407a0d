"""The admin page where a superuser removes someone's lost second factor."""

from allauth.mfa.models import Authenticator
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from .staff_mfa import reset_second_factor


class ResetSecondFactorView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "home/admin/reset_second_factor.html"
    header_icon = "key"
    _show_breadcrumbs = True

    def dispatch(self, request, user_id):
        if not request.user.is_superuser:
            raise PermissionDenied
        self.person = get_object_or_404(get_user_model(), pk=user_id)
        return super().dispatch(request, user_id)

    def get_page_title(self):
        return _("Reset two-step verification")

    def get_page_subtitle(self):
        return self.person.get_full_name() or self.person.email

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("wagtailusers_users:index"), "label": _("Users")},
            {
                "url": reverse("wagtailusers_users:edit", args=[self.person.pk]),
                "label": self.get_page_subtitle(),
            },
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            person=self.person,
            authenticators=Authenticator.objects.filter(user=self.person).count(),
            history_url=reverse("wagtailusers_users:history", args=[self.person.pk]),
            **kwargs,
        )

    def post(self, request, user_id):
        removed = reset_second_factor(person=self.person, by=request.user)
        name = self.get_page_subtitle()
        if removed:
            messages.success(
                request,
                _("Two-step verification reset for %(name)s.") % {"name": name},
            )
        else:
            messages.info(
                request,
                _("%(name)s had no second factor to reset.") % {"name": name},
            )
        return redirect("wagtailusers_users:edit", self.person.pk)


reset_second_factor_view = ResetSecondFactorView.as_view()
