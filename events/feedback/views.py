"""The feedback survey at its secret address (`/feedback/<token>/`): no sign-in,
works without JavaScript; private like a ticket page (never cached, indexed or
passed on in the Referer header)."""

from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from home.private_pages import private_page
from home.ratelimit import ratelimit

from . import services
from .forms import SurveyForm, initial_from


def _invitation(token):
    invitation = services.invitation_by_token(token)
    if invitation is None:
        raise Http404("No survey at this link.")
    return invitation


def _closed(request, invitation, survey):
    return render(
        request,
        "events/feedback/closed.html",
        {"summit": invitation.summit, "survey": survey},
        status=410,
    )


def _cancelled(request, invitation):
    return render(
        request,
        "events/feedback/cancelled.html",
        {"summit": invitation.summit},
        status=410,
    )


@private_page
@require_http_methods(["GET", "HEAD", "POST"])
@ratelimit("feedback")
def survey(request, token):
    invitation = _invitation(token)
    if services.place_cancelled(invitation):
        return _cancelled(request, invitation)
    survey = services.survey_for(invitation.summit)
    if not services.is_open(survey):
        return _closed(request, invitation, survey)
    booked, others = services.sessions_to_rate(survey, invitation.attendee)
    response = services.response_for(invitation)
    kwargs = {"survey": survey, "booked": booked, "others": others}
    if request.method != "POST":
        form = SurveyForm(initial=initial_from(response), **kwargs)
        return _page(request, invitation, survey, form, response)
    form = SurveyForm(request.POST, **kwargs)
    if not form.is_valid():
        return _page(request, invitation, survey, form, response, status=400)
    try:
        services.save_response(
            invitation=invitation, survey=survey, **form.response_fields()
        )
    except services.FeedbackError:  # closed or cancelled while the form was open
        invitation = _invitation(token)
        if services.place_cancelled(invitation):
            return _cancelled(request, invitation)
        return _closed(request, invitation, survey)
    return redirect("events:feedback_thanks", token)


def _page(request, invitation, survey, form, response, status=200):
    return render(
        request,
        "events/feedback/survey.html",
        {
            "summit": invitation.summit,
            "survey": survey,
            "form": form,
            "invitation": invitation,
            "response": response,
        },
        status=status,
    )


@private_page
@require_safe
def thanks(request, token):
    invitation = _invitation(token)
    if services.place_cancelled(invitation):
        return _cancelled(request, invitation)
    survey = services.survey_for(invitation.summit)
    if not services.has_answered(invitation):
        return redirect("events:feedback_survey", token)
    return render(
        request,
        "events/feedback/thanks.html",
        {
            "summit": invitation.summit,
            "survey": survey,
            "invitation": invitation,
            "open": services.is_open(survey),
        },
    )
