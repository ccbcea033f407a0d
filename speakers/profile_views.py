"""My speaker profile (`/accounts/speaker-profile/`): the signed-in speaker proposes
changes to their own profile, sees what waits for approval and may withdraw it
(docs/programme.md#speakers-own-profiles). Only the account linked to the profile gets here."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from home.private_pages import private_page

from . import self_service
from .forms import SpeakerProfileForm


@login_required
@private_page
@require_http_methods(["GET", "HEAD", "POST"])
def my_profile(request):
    speaker = self_service.speaker_for_user(request.user)
    if speaker is None:
        return render(request, "speakers/no_profile.html", status=404)
    pending = self_service.pending_change(speaker)
    form = SpeakerProfileForm(
        request.POST or None,
        request.FILES or None,
        initial=SpeakerProfileForm.initial_for(speaker, pending),
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                self_service.propose_change(
                    speaker=speaker,
                    details=form.details(),
                    links=form.links(),
                    photo=form.cleaned_data["photo"],
                    photo_alt_text=form.cleaned_data["photo_alt_text"],
                )
            except self_service.SelfServiceError as refusal:
                form.add_error(None, refusal.message)
            else:
                messages.success(
                    request,
                    _(
                        "Thank you: an editor will check your changes before they go live."
                    ),
                )
                return redirect("speakers:my_profile")
        status = 400
    return render(
        request,
        "speakers/my_profile.html",
        {"speaker": speaker, "pending": pending, "form": form},
        status=status,
    )


@login_required
@private_page
@require_POST
def withdraw_change(request):
    speaker = self_service.speaker_for_user(request.user)
    if speaker is None:
        return render(request, "speakers/no_profile.html", status=404)
    if self_service.withdraw_change(speaker=speaker):
        messages.success(request, _("Your changes are withdrawn."))
    else:
        messages.info(request, _("No changes were waiting."))
    return redirect("speakers:my_profile")
