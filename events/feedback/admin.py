"""Feedback in the Wagtail admin: the surveys editors set up (Summits > Feedback
surveys), and the dashboard's CSV of a summit's answers (docs/feedback.md)."""

import csv
import io

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.snippets.views.snippets import SnippetViewSet

from home.exports import spreadsheet_safe

from ..models import FeedbackSurvey, SummitPage
from . import reports

# The dashboard's right: feedback and its totals are for Event managers.
VIEW_ATTENDEES = "events.view_attendee"


class FeedbackSurveyViewSet(SnippetViewSet):
    model = FeedbackSurvey
    icon = "list-ul"
    menu_label = _("Feedback surveys")
    list_display = [
        "summit",
        Column("open_days", label=_("Days open")),
        Column("ask_session_ratings", label=_("Session ratings")),
    ]
    list_per_page = 50


def feedback_csv(request, summit_id):
    """A summit's answers as CSV: anonymous (no name, no attendee id) unless the
    respondent agreed to be named."""
    if not request.user.has_perm(VIEW_ATTENDEES):
        raise PermissionDenied
    summit = get_object_or_404(SummitPage, pk=summit_id)
    out = io.StringIO()
    out.write("\ufeff")  # so spreadsheet programs read the file as UTF-8
    writer = csv.DictWriter(out, fieldnames=reports.EXPORT_FIELDS)
    writer.writeheader()
    for row in reports.export_rows(summit):
        writer.writerow({key: spreadsheet_safe(value) for key, value in row.items()})
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = (
        f'attachment; filename="feedback-{summit.slug}-{stamp}.csv"'
    )
    response["Cache-Control"] = "private, no-store"
    return response


def admin_urls():
    return [
        path(
            "summit-dashboard/<id:summit_id>/feedback.csv",
            feedback_csv,
            name="summit_feedback_csv",
        ),
    ]
