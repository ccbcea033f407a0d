"""The organisers' pages in the Wagtail admin, per summit: the dashboard, access
and dietary requirements, badges (one attendee's, or everyone's made in the
background with progress) and emails to attendees with a preview and send log.

Everything here shows or acts on personal data or its totals, so every page needs
the view right on attendees (Event managers); making badges and emailing need
their own rights too (see migration 0006).
"""

import csv
import re

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic import WagtailAdminTemplateMixin

from home.exports import spreadsheet_safe
from home.ids import parse_id
from home.ratelimit import is_over_limit, rate_limited_response
from signatories.choices import District, OrganisationType

from ..choices import BadgeLayout, RunStatus
from ..feedback.reports import feedback_report
from ..models import Attendee, BadgeRun, BulkEmail, BulkEmailRecipient, SummitPage
from ..pdf import pdf_response
from ..year_on_year import year_on_year_figures
from . import audience, dashboard
from . import services as organising
from .badges import badge_holders, badges_pdf
from .bulk_email import (
    bulk_email_context,
    make_send_key,
    previewed_token,
    sample_attendee,
)

VIEW_ATTENDEES = "events.view_attendee"
SEND_KEY = re.compile(r"[A-Za-z0-9_.:-]{16,200}")


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
    chosen = parse_id(request.GET.get("summit"))
    summit = (
        SummitPage.objects.filter(pk=chosen).first()
        if chosen is not None
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
            year_on_year=year_on_year_figures(),
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


class AudienceForm(forms.Form):
    """Who an email goes to (`events.organising.audience`); every filter left
    empty means everyone with a confirmed place. `audience` is the cleaned choice
    as stored on `BulkEmail.audience`."""

    ticket_types = forms.TypedMultipleChoiceField(
        label=gettext_lazy("Ticket types"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("None ticked: every ticket type."),
    )
    booking_statuses = forms.MultipleChoiceField(
        label=gettext_lazy("Booking status"),
        choices=audience.BookingStatus.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy(
            "None ticked: confirmed places, paid or awaiting an invoice's payment."
        ),
    )
    checked_in = forms.ChoiceField(
        label=gettext_lazy("Checked in"),
        choices=audience.CheckedIn.choices,
        initial=audience.CheckedIn.ANY,
        required=False,
        widget=forms.RadioSelect,
    )
    organisation_types = forms.MultipleChoiceField(
        label=gettext_lazy("Types of organisation"),
        choices=OrganisationType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("None ticked: any, and people who didn't say."),
    )
    districts = forms.MultipleChoiceField(
        label=gettext_lazy("Areas"),
        choices=District.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("None ticked: any, and people who didn't say."),
    )
    answer = forms.ChoiceField(
        label=gettext_lazy("Registration answer"),
        required=False,
        help_text=gettext_lazy(
            "Only people who gave this answer to one of the summit's registration "
            "questions (for an any-choices question: who ticked it, among others)."
        ),
        error_messages={
            "invalid_choice": gettext_lazy(
                "Choose an answer from the list: that question or answer has "
                "changed since the page opened."
            )
        },
    )

    def __init__(self, *args, summit, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ticket_types"].choices = [
            (ticket_type.pk, ticket_type.name)
            for ticket_type in summit.ticket_types.order_by("pk")
        ]
        self.answers = {
            _answer_key(question, value): (question, value, label)
            for question, value, label in audience.answer_choices(summit)
        }
        self.fields["answer"].choices = [
            ("", _("Anyone, whatever they answered")),
            *((key, label) for key, (_q, _v, label) in self.answers.items()),
        ]

    @property
    def audience(self):
        data = self.cleaned_data
        chosen = {
            key: data[key]
            for key in (
                "ticket_types",
                "booking_statuses",
                "organisation_types",
                "districts",
            )
            if data.get(key)
        }
        if data.get("checked_in") not in ("", None, audience.CheckedIn.ANY):
            chosen["checked_in"] = data["checked_in"]
        if data.get("answer"):
            question, value, _label = self.answers[data["answer"]]
            chosen["answer"] = {
                "question": question.pk,
                "question_label": question.label,
                "value": value,
            }
        return chosen


def _answer_key(question, value):
    """The form's value for one answer: "<question pk>:<choice>", "…:yes", "…:no"."""
    if isinstance(value, bool):
        value = "yes" if value else "no"
    return f"{question.pk}:{value}"


class BulkEmailForm(AudienceForm):
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
    # Made by the preview (`make_send_key`): the send sends exactly what was
    # previewed, and sending the same preview twice sends once.
    send_key = forms.CharField(required=False, max_length=200, widget=forms.HiddenInput)

    field_order = ["subject", "body"]

    def clean_send_key(self):
        key = self.cleaned_data["send_key"]
        if key and not SEND_KEY.fullmatch(key):
            raise forms.ValidationError(_("Preview the email again before sending it."))
        return key


class BulkEmailView(SummitPageMixin, TemplateView):
    """Choose who an email goes to and write it; preview it (with how many it
    goes to), send a test to yourself, then send it. The send log below lists
    every email sent to the summit's attendees."""

    template_name = "events/admin/bulk_email.html"
    page_title = gettext_lazy("Email attendees")
    permission = "events.add_bulkemail"

    def get_context_data(self, form=None, **kwargs):
        return super().get_context_data(
            form=form or BulkEmailForm(summit=self.summit),
            log=BulkEmail.objects.filter(summit=self.summit).select_related("sent_by"),
            **kwargs,
        )

    def post(self, request, summit_id):
        form = BulkEmailForm(request.POST, summit=self.summit)
        if not form.is_valid():
            return self._refuse(form, status=400)
        recipients = audience.audience_of(self.summit, form.audience).count()
        if not recipients:
            form.add_error(
                None,
                _("Nobody is in this audience: choose other filters before sending."),
            )
            return self._refuse(form, status=400)
        if "test" in request.POST:
            return self._send_test(form)
        if "send" in request.POST and form.cleaned_data["send_key"]:
            return self._send(form)
        return self._show_preview(form, recipients)

    def _refuse(self, form, *, status):
        return self.render_to_response(self.get_context_data(form=form), status=status)

    def _show_preview(self, form, recipients):
        """The email made out to a sample person, how many it goes to, and a
        fresh send key, so the send button sends this preview once."""
        data = form.data.copy()
        data["send_key"] = make_send_key(
            summit=self.summit,
            audience=form.audience,
            subject=form.cleaned_data["subject"],
            body=form.cleaned_data["body"],
        )
        form = BulkEmailForm(data, summit=self.summit)
        form.is_valid()
        draft = BulkEmail(
            summit=self.summit,
            subject=form.cleaned_data["subject"],
            body=form.cleaned_data["body"],
        )
        context = {
            "site_url": settings.SITE_URL,
            **bulk_email_context(draft, sample_attendee(self.summit)),
        }
        preview = {
            "subject": draft.subject,
            "text": render_to_string("events/emails/bulk.txt", context),
            "recipients": recipients,
            "audience": audience.describe_audience(
                form.audience, ticket_type_names=self._ticket_type_names()
            ),
        }
        return self.render_to_response(
            self.get_context_data(form=form, preview=preview)
        )

    def _send_test(self, form):
        if is_over_limit("bulk-email-test", f"staff-{self.request.user.pk}"):
            return rate_limited_response(self.request, "bulk-email-test")
        try:
            organising.send_test_email(
                summit=self.summit,
                subject=form.cleaned_data["subject"],
                body=form.cleaned_data["body"],
                by=self.request.user,
            )
        except organising.OrganisingError as refusal:
            form.add_error(None, refusal.message)
            return self._refuse(form, status=409)
        messages.success(
            self.request,
            _("A test was sent to %(email)s, and to nobody else.")
            % {"email": self.request.user.email},
        )
        return self._show_preview(
            form, audience.audience_of(self.summit, form.audience).count()
        )

    def _send(self, form):
        token = previewed_token(
            form.cleaned_data["send_key"],
            summit=self.summit,
            audience=form.audience,
            subject=form.cleaned_data["subject"],
            body=form.cleaned_data["body"],
        )
        if token is None:
            form.add_error(
                None,
                _(
                    "The email or its audience changed since the preview: "
                    "preview again, then send."
                ),
            )
            return self._refuse(form, status=409)
        try:
            _bulk_email, created = organising.queue_bulk_email(
                summit=self.summit,
                subject=form.cleaned_data["subject"],
                body=form.cleaned_data["body"],
                audience=form.audience,
                send_key=token,
                by=self.request.user,
            )
        except organising.OrganisingError as refusal:
            form.add_error(None, refusal.message)
            return self._refuse(form, status=409)
        if created:
            messages.success(
                self.request, _("The email is being sent: the log shows progress.")
            )
        else:
            messages.info(
                self.request, _("This email was sent already: it was not sent again.")
            )
        return redirect("summit_bulk_email", self.summit.pk)

    def _ticket_type_names(self):
        return dict(self.summit.ticket_types.values_list("pk", "name"))


class BulkEmailLogView(SummitPageMixin, TemplateView):
    """One email's send log: who it was meant for, and each person it went to or
    failed to reach, a page at a time or as CSV."""

    template_name = "events/admin/bulk_email_log.html"
    page_title = gettext_lazy("Email sent")
    paginate_by = 50

    def dispatch(self, request, summit_id, bulk_email_id, *args, **kwargs):
        self.bulk_email_id = bulk_email_id
        return super().dispatch(request, summit_id, *args, **kwargs)

    def get(self, request, summit_id, *args, **kwargs):
        self.bulk_email = get_object_or_404(
            BulkEmail.objects.select_related("sent_by"),
            pk=self.bulk_email_id,
            summit=self.summit,
        )
        recipients = (
            BulkEmailRecipient.objects.filter(bulk_email=self.bulk_email)
            .select_related("attendee__ticket_type")
            .order_by("attendee__name", "pk")
        )
        if request.GET.get("export") == "csv":
            return self._csv(recipients)
        page = Paginator(recipients, self.paginate_by).get_page(request.GET.get("p"))
        return self.render_to_response(
            self.get_context_data(
                bulk_email=self.bulk_email,
                audience_lines=audience.describe_audience(
                    self.bulk_email.audience,
                    ticket_type_names=dict(
                        self.summit.ticket_types.values_list("pk", "name")
                    ),
                    question_ids=set(
                        self.summit.registration_questions.values_list("pk", flat=True)
                    ),
                ),
                page=page,
            )
        )

    def get_page_subtitle(self):
        return self.bulk_email.subject

    def _csv(self, recipients):
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = (
            f'attachment; filename="email-{self.bulk_email.pk}-recipients.csv"'
        )
        writer = csv.writer(response)
        writer.writerow(
            [
                _("Name"),
                _("Email"),
                _("Reference"),
                _("Ticket type"),
                _("Result"),
                _("When"),
            ]
        )
        for row in recipients.iterator(chunk_size=500):
            writer.writerow(
                [
                    spreadsheet_safe(row.attendee.name),
                    spreadsheet_safe(row.attendee.email),
                    row.attendee.reference,
                    spreadsheet_safe(row.attendee.ticket_type.name),
                    _("Sent") if row.sent else _("Failed"),
                    timezone.localtime(row.at).strftime("%Y-%m-%d %H:%M"),
                ]
            )
        return response
