"""The organisers' pages in the Wagtail admin, per summit: the dashboard, access
and dietary requirements, badges (one attendee's, or everyone's made in the
background with progress) and emails to attendees with a preview and send log.

Everything here shows or acts on personal data or its totals, so every page needs
the view right on attendees (Event managers); making badges and emailing need
their own rights too (see migration 0006).
"""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic import WagtailAdminTemplateMixin

from ..choices import BadgeLayout, RunStatus
from ..feedback.reports import feedback_report
from ..models import Attendee, BadgeRun, BulkEmail, Order, SummitPage
from ..pdf import pdf_response
from . import dashboard
from . import services as organising
from .badges import badge_holders, badges_pdf
from .bulk_email import bulk_email_context

VIEW_ATTENDEES = "events.view_attendee"


class SummitPageMixin(WagtailAdminTemplateMixin):
    """An admin page about one summit, for staff with `permission`."""

    permission = VIEW_ATTENDEES
    header_icon = "view"

    def dispatch(self, request, summit_id, *args, **kwargs):
        if not request.user.has_perms([VIEW_ATTENDEES, self.permission]):
            raise PermissionDenied
        self.summit = get_object_or_404(SummitPage, pk=summit_id)
        return super().dispatch(request, summit_id, *args, **kwargs)

    def get_page_subtitle(self):
        return self.summit.title

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {
                "url": reverse("summit_dashboard", args=[self.summit.pk]),
                "label": _("Summit dashboard"),
            },
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        return super().get_context_data(summit=self.summit, **kwargs)


def default_dashboard(request):
    """The summit chosen with `?summit=<id>`, else the next one."""
    if not request.user.has_perm(VIEW_ATTENDEES):
        raise PermissionDenied
    chosen = request.GET.get("summit", "")
    summit = (
        SummitPage.objects.filter(pk=chosen).first()
        if chosen.isdigit()
        else dashboard.default_summit()
    )
    if summit is None:
        raise Http404(_("There is no summit yet."))
    return redirect("summit_dashboard", summit.pk)


class SummitDashboardView(SummitPageMixin, TemplateView):
    template_name = "events/admin/dashboard.html"
    page_title = gettext_lazy("Summit dashboard")

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            figures=dashboard.summit_figures(self.summit),
            feedback=feedback_report(self.summit),
            summits=dashboard.summits_for_dashboard(),
            can_email=self.request.user.has_perm("events.add_bulkemail"),
            can_print=self.request.user.has_perm("events.add_badgerun"),
            **kwargs,
        )


class RequirementsView(SummitPageMixin, TemplateView):
    template_name = "events/admin/requirements.html"
    page_title = gettext_lazy("Access and dietary requirements")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            requirements=dashboard.summit_requirements(self.summit), **kwargs
        )


class BadgeForm(forms.Form):
    layout = forms.ChoiceField(
        label=gettext_lazy("Layout"),
        choices=BadgeLayout.choices,
        initial=BadgeLayout.A6,
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Choose a layout.")},
    )


class BadgesView(SummitPageMixin, TemplateView):
    """Everyone's badges, made in the background: GET shows the latest run and
    its progress, POST starts a new one."""

    template_name = "events/admin/badges.html"
    page_title = gettext_lazy("Badges")

    def get_context_data(self, form=None, **kwargs):
        return super().get_context_data(
            form=form or BadgeForm(),
            run=BadgeRun.objects.filter(summit=self.summit).defer("pdf").first(),
            holders=badge_holders(self.summit).count(),
            can_print=self.request.user.has_perm("events.add_badgerun"),
            **kwargs,
        )

    def post(self, request, summit_id):
        if not request.user.has_perm("events.add_badgerun"):
            raise PermissionDenied
        form = BadgeForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        try:
            organising.request_badges(
                summit=self.summit, layout=form.cleaned_data["layout"], by=request.user
            )
        except organising.OrganisingError as refusal:
            messages.error(request, refusal.message)
            return self.render_to_response(self.get_context_data(form=form), status=409)
        messages.success(request, _("Making the badges: this page shows progress."))
        return redirect("summit_badges", self.summit.pk)


def _run(request, run_id):
    if not request.user.has_perm(VIEW_ATTENDEES):
        raise PermissionDenied
    return get_object_or_404(BadgeRun.objects.select_related("summit"), pk=run_id)


def badge_run_progress(request, run_id):
    run = _run(request, run_id)
    return JsonResponse(
        {
            "status": run.status,
            "status_label": run.get_status_display(),
            "done": run.done,
            "total": run.total,
            "percent": run.percent,
        }
    )


def badge_run_pdf(request, run_id):
    run = _run(request, run_id)
    if run.status != RunStatus.DONE:
        raise Http404(_("These badges are not ready yet."))
    return pdf_response(bytes(run.pdf), f"badges-{run.summit.slug}-{run.layout}")


def attendee_badge(request, attendee_id):
    """One person's badge, A6 unless `?layout=labels`."""
    if not request.user.has_perm(VIEW_ATTENDEES):
        raise PermissionDenied
    attendee = get_object_or_404(
        Attendee.objects.select_related("order", "ticket_type", "summit"),
        pk=attendee_id,
        email__gt="",
    )
    layout = request.GET.get("layout", BadgeLayout.A6)
    if layout not in BadgeLayout.values:
        return HttpResponse(_("Unknown badge layout."), status=400)
    pdf = badges_pdf([attendee], summit=attendee.summit, layout=layout)
    return pdf_response(pdf, f"badge-{attendee.reference}")


class BulkEmailForm(forms.Form):
    subject = forms.CharField(
        label=gettext_lazy("Subject"),
        max_length=150,
        error_messages={"required": gettext_lazy("Enter a subject.")},
    )
    body = forms.CharField(
        label=gettext_lazy("Message"),
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=gettext_lazy(
            "Plain text. Blank lines separate paragraphs. Each email starts "
            "“Hello <name>,” and ends with a link to the person's ticket."
        ),
        error_messages={"required": gettext_lazy("Write the message.")},
    )


class BulkEmailView(SummitPageMixin, TemplateView):
    """Write an email to everyone coming, preview it, send it; the send log below
    lists every email sent to the summit's attendees."""

    template_name = "events/admin/bulk_email.html"
    page_title = gettext_lazy("Email attendees")
    permission = "events.add_bulkemail"

    def get_context_data(self, form=None, **kwargs):
        return super().get_context_data(
            form=form or BulkEmailForm(),
            recipients=badge_holders(self.summit).count(),
            log=BulkEmail.objects.filter(summit=self.summit).select_related("sent_by"),
            **kwargs,
        )

    def post(self, request, summit_id):
        form = BulkEmailForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        if "send" not in request.POST:
            return self.render_to_response(
                self.get_context_data(form=form, preview=self._preview(form))
            )
        try:
            organising.queue_bulk_email(
                summit=self.summit, by=request.user, **form.cleaned_data
            )
        except organising.OrganisingError as refusal:
            messages.error(request, refusal.message)
            return self.render_to_response(self.get_context_data(form=form), status=409)
        messages.success(request, _("The email is being sent: the log shows progress."))
        return redirect("summit_bulk_email", self.summit.pk)

    def _preview(self, form):
        """The email as an attendee gets it, made out to a sample person: the
        sender must not see a real attendee's ticket link, which manages the place."""
        sample = Attendee(
            summit=self.summit,
            order=Order(reference="SAMPLE"),
            number=1,
            name=_("Sample Person"),
            manage_token="sample-ticket-link",
        )
        draft = BulkEmail(summit=self.summit, **form.cleaned_data)
        context = {
            "site_url": settings.SITE_URL,
            **bulk_email_context(draft, sample),
        }
        return {
            "subject": draft.subject,
            "text": render_to_string("events/emails/bulk.txt", context),
        }
