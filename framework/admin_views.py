from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin

from .forms import ObservationImportForm
from .services import ObservationImportError, import_observations


class ObservationImportView(
    PermissionCheckedMixin, WagtailAdminTemplateMixin, FormView
):
    """Upload a CSV of observations; all rows import, or none and each bad row is listed."""

    model = None
    index_url_name = None
    permission_required = "change"
    form_class = ObservationImportForm
    template_name = "framework/admin/import_observations.html"
    page_title = _("Import observations")
    header_icon = "upload"

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(self.index_url_name), "label": _("Indicators")},
            {"url": "", "label": self.page_title},
        ]

    def form_valid(self, form):
        try:
            result = import_observations(
                data=form.cleaned_data["csv_file"], user=self.request.user
            )
        except ObservationImportError as error:
            return self.render_to_response(
                self.get_context_data(form=form, import_error=error), status=400
            )
        messages.success(self.request, str(result))
        return redirect(self.index_url_name)

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)
