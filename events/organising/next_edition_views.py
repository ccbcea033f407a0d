"""The "Create next year's summit" admin page: a form (title, first day, web
address, whether to copy the sessions that happen every year) that calls
`events.organising.next_edition.copy_summit` and opens the copy in the page editor.
The button leading here is on each summit page in the admin (`events.wagtail_hooks`).
"""

import re

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic import WagtailAdminTemplateMixin

from ..models import SummitPage
from . import next_edition

YEAR = re.compile(r"\b(?:19|20)\d\d\b")


class NextEditionForm(forms.Form):
    title = forms.CharField(
        label=gettext_lazy("Title"),
        max_length=255,
        error_messages={"required": gettext_lazy("Enter a title for the summit.")},
    )
    start = forms.DateField(
        label=gettext_lazy("First day"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=gettext_lazy(
            "Every date moves by the same number of days: the summit's times, "
            "registration, ticket sales and refund deadlines, and any sessions "
            "copied. Times of day stay the same."
        ),
        error_messages={
            "required": gettext_lazy("Enter the first day of the summit."),
            "invalid": gettext_lazy("Enter a real date, such as 9 June 2027."),
        },
    )
    slug = forms.SlugField(
        label=gettext_lazy("Web address"),
        max_length=255,
        help_text=gettext_lazy("The end of the summit's address, such as 2027."),
        error_messages={
            "required": gettext_lazy("Enter a web address."),
            "invalid": gettext_lazy(
                "Use only lower-case letters, numbers, hyphens and underscores."
            ),
        },
    )
    copy_recurring_sessions = forms.BooleanField(
        label=gettext_lazy("Copy the sessions that happen every year"),
        required=False,
        help_text=gettext_lazy(
            "Sessions marked “happens every year”, such as the welcome and lunch, "
            "without their speakers."
        ),
    )

    def __init__(self, *args, summit, **kwargs):
        self.summit = summit
        super().__init__(*args, **kwargs)

    def clean_start(self):
        start = self.cleaned_data["start"]
        if problem := next_edition.new_start_problems(
            summit=self.summit, new_start=start
        ):
            raise forms.ValidationError(problem)
        return start

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        if problem := next_edition.slug_problems(summit=self.summit, slug=slug):
            raise forms.ValidationError(problem)
        return slug


def initial_values(summit):
    """The form's suggestions: the same weekday 52 weeks on, and any year in the
    title and web address moved on as many years as the summit."""
    start = next_edition.default_start(summit)
    years = start.year - timezone.localdate(summit.start).year

    def bump(text):
        return YEAR.sub(lambda found: str(int(found[0]) + years), text, count=1)

    title = bump(summit.title)
    if title == summit.title:
        title = f"{summit.title} {start.year}"
    slug = bump(summit.slug)
    return {
        "title": title,
        "start": start,
        "slug": slug if slug != summit.slug else slugify(title),
    }


class NextEditionView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "events/admin/next_edition.html"
    page_title = gettext_lazy("Create next year's summit")
    header_icon = "copy"

    def dispatch(self, request, page_id, *args, **kwargs):
        self.summit = get_object_or_404(SummitPage, pk=page_id)
        if not next_edition.can_create_next_edition(
            summit=self.summit, user=request.user
        ):
            raise PermissionDenied
        return super().dispatch(request, page_id, *args, **kwargs)

    def get_page_subtitle(self):
        return self.summit.title

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {
                "url": reverse("wagtailadmin_pages:edit", args=[self.summit.pk]),
                "label": self.summit.title,
            },
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, form=None, **kwargs):
        return super().get_context_data(
            summit=self.summit,
            form=form
            or NextEditionForm(summit=self.summit, initial=initial_values(self.summit)),
            summit_dates=self.summit.date_range_text,
            **kwargs,
        )

    def post(self, request, page_id):
        form = NextEditionForm(request.POST, summit=self.summit)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        try:
            created = next_edition.copy_summit(
                summit=self.summit,
                title=form.cleaned_data["title"],
                slug=form.cleaned_data["slug"],
                new_start=form.cleaned_data["start"],
                copy_recurring_sessions=form.cleaned_data["copy_recurring_sessions"],
                user=request.user,
            )
        except next_edition.NextEditionError as error:
            form.add_error(None, error)
            return self.render_to_response(self.get_context_data(form=form), status=409)
        copied = ", ".join(f"{label}: {count}" for label, count in created.copied)
        messages.success(
            request,
            _(
                "%(title)s is a draft starting %(day)s. Copied: the page's content, "
                "%(copied)s. Bookings, sessions not marked “happens every year”, "
                "speakers, access codes and people were left behind."
            )
            % {
                "title": created.page.title,
                "day": date_format(timezone.localtime(created.page.start), "j F Y"),
                "copied": copied,
            },
        )
        return redirect("wagtailadmin_pages:edit", created.page.pk)
