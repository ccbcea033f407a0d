from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from framework.models import Commitment

from .choices import SessionType


class PlaceChoiceField(forms.ModelChoiceField):
    """Chooses a room or track, naming its summit: every year has a "Main hall"."""

    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.summit.title})"


class ProgrammeFilterForm(forms.Form):
    """The programme's filters: a GET form, so they work without JavaScript."""

    type = forms.ChoiceField(
        label=_("Type"),
        required=False,
        choices=[("", _("All types")), *SessionType.choices],
        error_messages={"invalid_choice": _("Choose a session type from the list.")},
    )
    track = forms.ModelChoiceField(
        label=_("Track"),
        required=False,
        queryset=None,
        empty_label=_("All tracks"),
        error_messages={"invalid_choice": _("Choose a track from the list.")},
    )
    commitment = forms.ModelChoiceField(
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
            events_session_tagged__summit=summit
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


class SessionAdminForm(WagtailAdminModelForm):
    """The admin's session form: refuses a speaker booked in two places at once.

    Dates, rooms and tracks are checked by `Session.clean`.
    """

    class Meta:
        field_classes = {"room": PlaceChoiceField, "track": PlaceChoiceField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        summit_id = self.instance.summit_id or self.initial.get("summit")
        for name in ("room", "track"):
            field = self.fields[name]
            field.queryset = field.queryset.select_related("summit")
            if summit_id:
                field.queryset = field.queryset.filter(summit_id=summit_id)

    def clean(self):
        cleaned_data = super().clean()
        speakers, start, end = (
            cleaned_data.get(name) for name in ("speakers", "start", "end")
        )
        if speakers and start and end and start < end:
            clashes = (
                type(self.instance)
                .objects.overlapping(start, end)
                .filter(speakers__in=speakers)
                .exclude(pk=self.instance.pk)
                .prefetch_related("speakers")
                .distinct()
            )
            for clash in clashes:
                for speaker in set(clash.speakers.all()) & set(speakers):
                    self.add_error("speakers", _double_booking_message(speaker, clash))
        return cleaned_data


def _double_booking_message(speaker, session):
    return _(
        "%(speaker)s is already speaking in “%(session)s” at that time "
        "(%(day)s, %(times)s). Change the time or the speakers."
    ) % {
        "speaker": speaker.name,
        "session": session.title,
        "day": date_format(timezone.localtime(session.start), "j F Y"),
        "times": session.time_range_text,
    }


class TicketTypeAdminForm(WagtailAdminModelForm):
    """Offers only the summit's workshops, and refuses another summit's."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        workshops = self.fields["workshops"]
        workshops.queryset = workshops.queryset.select_related("summit")
        workshops.label_from_instance = _session_with_summit
        summit_id = self.instance.summit_id or self.initial.get("summit")
        if summit_id:
            workshops.queryset = workshops.queryset.filter(summit_id=summit_id)

    def clean(self):
        cleaned_data = super().clean()
        summit = cleaned_data.get("summit")
        for session in cleaned_data.get("workshops") or []:
            if summit is not None and session.summit_id != summit.pk:
                self.add_error(
                    "workshops",
                    _("%(title)s is another summit's workshop.")
                    % {"title": session.title},
                )
        if cleaned_data.get("price") and not cleaned_data.get("allows_invoice"):
            # Imported here: the models import this module, and payments them.
            from .payments import card_payments_enabled

            if not card_payments_enabled():
                self.add_error(
                    "price",
                    _(
                        "Card payments aren't set up on this site (the "
                        "STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET settings are "
                        "missing), so paid places can't be sold. Make the places "
                        "free, allow payment by invoice, or ask for Stripe to be "
                        "set up."
                    ),
                )
        return cleaned_data


class AccessCodeAdminForm(WagtailAdminModelForm):
    """Offers only the summit's ticket types, and refuses a code that does nothing."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        ticket_types = self.fields["ticket_types"]
        ticket_types.queryset = ticket_types.queryset.filter(
            for_speakers=False
        ).select_related("summit")
        summit_id = self.instance.summit_id or self.initial.get("summit")
        if summit_id:
            ticket_types.queryset = ticket_types.queryset.filter(summit_id=summit_id)

    def clean(self):
        cleaned_data = super().clean()
        summit = cleaned_data.get("summit")
        chosen = cleaned_data.get("ticket_types") or []
        for ticket_type in chosen:
            if summit is not None and ticket_type.summit_id != summit.pk:
                self.add_error(
                    "ticket_types",
                    _("%(name)s is another summit's ticket type.")
                    % {"name": ticket_type.name},
                )
        unlocks = any(ticket_type.requires_code for ticket_type in chosen)
        if not cleaned_data.get("makes_free") and not unlocks:
            self.add_error(
                "makes_free",
                _(
                    "The code would do nothing: make places free, or choose a hidden "
                    "ticket type for it to unlock."
                ),
            )
        return cleaned_data


def _session_with_summit(session):
    return f"{session.title} ({session.summit.title})"
