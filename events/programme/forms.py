"""The programme's filters: a GET form, so they work without JavaScript."""

from django import forms
from django.utils.translation import gettext_lazy as _

from framework.models import Commitment
from home.forms import ModelChoiceIdField

from ..choices import SessionType


class ProgrammeFilterForm(forms.Form):
    """Filter the sessions by type, track and commitment."""

    type = forms.ChoiceField(
        label=_("Type"),
        required=False,
        choices=[("", _("All types")), *SessionType.choices],
        error_messages={"invalid_choice": _("Choose a session type from the list.")},
    )
    track = ModelChoiceIdField(
        label=_("Track"),
        required=False,
        queryset=None,
        empty_label=_("All tracks"),
        error_messages={"invalid_choice": _("Choose a track from the list.")},
    )
    commitment = ModelChoiceIdField(
        label=_("Commitment"),
        required=False,
        queryset=None,
        to_field_name="slug",
        empty_label=_("All commitments"),
        error_messages={"invalid_choice": _("Choose a commitment from the list.")},
    )

    def __init__(self, *args, summit, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["track"].queryset = summit.tracks.all()
        self.fields["commitment"].queryset = Commitment.objects.filter(
            events_session_tagged__summit=summit,
            events_session_tagged__start__isnull=False,
        ).distinct()

    def filter(self, sessions):
        data = self.cleaned_data
        if data["type"]:
            sessions = sessions.filter(session_type=data["type"])
        if data["track"]:
            sessions = sessions.filter(track=data["track"])
        if data["commitment"]:
            sessions = sessions.filter(commitments=data["commitment"])
        return sessions

    @property
    def is_filtered(self):
        return self.is_bound and self.is_valid() and any(self.cleaned_data.values())


class StarForm(forms.Form):
    """Star or unstar one session of the summit (`agenda`): a POST form per session."""

    session = forms.IntegerField(
        min_value=1,
        max_value=2**31 - 1,  # any larger id would overflow the database's integer
        widget=forms.HiddenInput,
        error_messages={
            "required": _("Choose a session to star."),
            "invalid": _("That session is not in this summit's programme."),
            "min_value": _("That session is not in this summit's programme."),
            "max_value": _("That session is not in this summit's programme."),
        },
    )
    action = forms.ChoiceField(
        choices=[("star", _("Star")), ("unstar", _("Unstar"))],
        widget=forms.HiddenInput,
        error_messages={
            "required": _("Choose to star or unstar the session."),
            "invalid_choice": _("Choose to star or unstar the session."),
        },
    )

    def __init__(self, *args, summit, **kwargs):
        super().__init__(*args, **kwargs)
        self.summit = summit

    def clean_session(self):
        session = (
            self.summit.sessions.scheduled()
            .filter(pk=self.cleaned_data["session"])
            .first()
        )
        if session is None:
            raise forms.ValidationError(
                _("That session is not in this summit's programme."), code="unknown"
            )
        return session


class ReleaseForm(forms.Form):
    note = forms.CharField(
        label=_("Note (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown above this version's changes on the public page."),
    )
