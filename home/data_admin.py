"""The staff's tool for people's own data (Settings > Personal data requests), for
requests that arrive by post, phone or email: find everything held about an
address, download it for the person, or erase it. Administrators only; every use
is recorded with who did it (home/data_requests.py)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from . import data_requests
from .data_views import json_attachment
from .models import DataRequest


class DataRequestForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("The person's email address"))
    action = forms.ChoiceField(
        choices=[
            ("show", gettext_lazy("Show")),
            ("download", gettext_lazy("Download")),
            ("erase", gettext_lazy("Erase")),
        ],
        widget=forms.HiddenInput,
    )
    confirm = forms.BooleanField(
        required=False,
        label=gettext_lazy(
            "I have checked who is asking, and erasure cannot be undone"
        ),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("action") == "erase" and not cleaned.get("confirm"):
            self.add_error("confirm", _("Tick the box to erase."))
        return cleaned


class PersonalDataView(WagtailAdminTemplateMixin, FormView):
    template_name = "home/admin/personal_data.html"
    form_class = DataRequestForm
    page_title = gettext_lazy("Personal data requests")
    header_icon = "user"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_superuser:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = 400
        return response

    def form_valid(self, form):
        email = form.cleaned_data["email"]
        action = form.cleaned_data["action"]
        staff = {"channel": DataRequest.Channel.STAFF, "handled_by": self.request.user}
        if action == "erase":
            counts, kept = data_requests.erase(email=email, **staff)
            messages.success(
                self.request,
                _("Erased or anonymised %(count)d records.")
                % {"count": sum(counts.values())},
            )
            return self.render_to_response(
                self.get_context_data(form=form, kept=kept, erased=True)
            )
        data = data_requests.download(email=email, **staff)
        if action == "download":
            return json_attachment(data)
        return self.render_to_response(self.get_context_data(form=form, data=data))
