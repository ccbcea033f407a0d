"""Registration forms: the booking steps, claiming, changing and transferring a
place, the waiting list and finding a lost ticket.

They catch mistakes early, through the same checks (`events.booking.rules`) that
the services run again under their locks when the booking is made.
"""

from functools import partial

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from home.forms import HoneypotFormMixin, ModelChoicesField, email_field
from signatories.choices import District, OrganisationType

from ..choices import LIVE_ATTENDEE_STATUSES, QuestionKind
from ..details import AttendeeDetails
from ..payments import card_payments_enabled
from . import questions as registration_questions
from . import rules

# A number question's answers stay within these bounds.
NUMBER_ANSWER_MIN, NUMBER_ANSWER_MAX = 0, 1_000_000


class AccessCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Access code"),
        max_length=40,
        help_text=_("For example for a partner or complimentary place."),
        error_messages={"required": _("Enter the access code.")},
    )

    def __init__(self, *args, summit, **kwargs):
        super().__init__(*args, **kwargs)
        self.summit = summit
        self.access_code = None

    def clean_code(self):
        try:
            self.access_code = rules.find_access_code(
                summit=self.summit, code=self.cleaned_data["code"]
            )
        except rules.AccessCodeError as error:
            raise ValidationError(error.message) from error
        return self.access_code.code


def bookable_ticket_types(summit, access_code=None):
    """The summit's ticket types this person may see, with places taken: public
    ones, and hidden ones `access_code` unlocks. Each gets `on_sale`, `left`
    (`places_left()`), `free_with_code` and `payable` (whether it can be paid for
    online here: free, or card payment set up, or payable by invoice)."""
    ticket_types = summit.ticket_types.for_sale().with_places_taken()
    code_type_ids = (
        {tt.pk for tt in access_code.ticket_types.all()} if access_code else set()
    )
    now = timezone.now()
    visible = []
    for ticket_type in ticket_types.order_by("sort_order", "pk"):
        if ticket_type.requires_code and not (
            access_code and access_code.unlocks(ticket_type, code_type_ids)
        ):
            continue
        ticket_type.summit = summit
        ticket_type.on_sale = ticket_type.is_on_sale(now)
        ticket_type.left = ticket_type.places_left()
        ticket_type.free_with_code = bool(
            access_code
            and access_code.makes_free
            and access_code.covers(ticket_type, code_type_ids)
        )
        ticket_type.payable = (
            not ticket_type.price
            or ticket_type.free_with_code
            or ticket_type.allows_invoice
            or card_payments_enabled()
        )
        visible.append(ticket_type)
    return visible


class PlacesField(forms.IntegerField):
    """A number of places; left empty, it means none (so it is never optional)."""

    def to_python(self, value):
        number = super().to_python(value)
        return 0 if number is None else number


class TicketSelectionForm(forms.Form):
    """How many places of each ticket type: a number field per type on sale with
    places left (see `bookable_ticket_types`)."""

    field_prefix = "quantity_"

    def __init__(self, *args, ticket_types, access_code=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.access_code = access_code
        self.ticket_types = ticket_types
        for ticket_type in ticket_types:
            ticket_type.field_name = None
            if not (ticket_type.on_sale and ticket_type.left and ticket_type.payable):
                continue
            ticket_type.field_name = f"{self.field_prefix}{ticket_type.pk}"
            self.fields[ticket_type.field_name] = PlacesField(
                label=_("%(name)s: number of places") % {"name": ticket_type.name},
                min_value=0,
                initial=0,
                widget=forms.NumberInput(
                    attrs={
                        "inputmode": "numeric",
                        "min": 0,
                        "max": min(ticket_type.max_per_order, ticket_type.left),
                    }
                ),
                error_messages={
                    "invalid": _("Enter a number of places, such as 1."),
                    "min_value": _("Enter 0 or more places."),
                },
            )

    def clean(self):
        cleaned_data = super().clean()
        unknown = [
            key
            for key in self.data
            if key.startswith(self.field_prefix) and key not in self.fields
        ]
        if unknown:
            raise ValidationError(
                _("One of the ticket types you chose isn't on sale for this summit.")
            )
        for ticket_type in self.ticket_types:
            count = cleaned_data.get(ticket_type.field_name) or 0
            if not count:
                continue
            try:
                rules.check_places(ticket_type, count)
            except rules.BookingError as error:
                self.add_error(ticket_type.field_name, error.message)
        if self.errors:
            return cleaned_data
        if not self.quantities():
            raise ValidationError(_("Choose how many places you want."))
        code = self.access_code
        if code is not None:
            code_type_ids = {tt.pk for tt in code.ticket_types.all()}
            with_code = sum(
                count
                for ticket_type, count in self.quantities().items()
                if code.covers(ticket_type, code_type_ids)
            )
            try:
                rules.check_code_uses(code, with_code)
            except rules.BookingError as error:
                raise ValidationError(error.message) from error
        return cleaned_data

    def options(self):
        """(ticket type, its number field or None) pairs, for the template."""
        return [
            (
                ticket_type,
                self[ticket_type.field_name] if ticket_type.field_name else None,
            )
            for ticket_type in self.ticket_types
        ]

    def quantities(self):
        """{TicketType: places} for the types chosen, in display order."""
        return {
            ticket_type: count
            for ticket_type in self.ticket_types
            if ticket_type.field_name
            and (count := self.cleaned_data.get(ticket_type.field_name))
        }


class AttendeeForm(forms.Form):
    """One person's details, for a place being booked, claimed, changed or
    transferred. Arguments choose the variant: `allow_unnamed` adds "a colleague
    will fill this in"; `fixed_email` shows a known address instead of asking for
    one; `ticket_type` offers its workshops unless `with_workshops` is False;
    `exclude_attendee` is the place being changed (its own email is no clash)."""

    NAMED, COLLEAGUE = "named", "colleague"

    who = forms.ChoiceField(
        label=_("Who is this place for?"),
        choices=[
            (NAMED, _("I'll enter their details now")),
            (COLLEAGUE, _("A colleague will fill in their own details")),
        ],
        initial=NAMED,
        widget=forms.RadioSelect,
        help_text=_(
            "For a colleague, you get a link to send them once you have booked; "
            "the details below are then not needed."
        ),
        error_messages={"required": _("Choose who this place is for.")},
    )
    name = forms.CharField(
        label=_("Full name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": _("Enter their full name.")},
    )
    email = email_field(
        help_text=_("The ticket is sent here."),
        required=_("Enter their email address."),
    )
    organisation = forms.CharField(
        label=_("Organisation"),
        max_length=150,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    organisation_type = forms.ChoiceField(
        label=_("Type of organisation"),
        choices=[("", _("Choose…")), *OrganisationType.choices],
        required=False,
        help_text=_("Helps us see who the summit reaches."),
    )
    district = forms.ChoiceField(
        label=_("Where the organisation mainly works"),
        choices=[("", _("Choose…")), *District.choices],
        required=False,
    )
    job_title = forms.CharField(
        label=_("Job title"),
        max_length=150,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "organization-title"}),
    )
    accessibility_needs = forms.CharField(
        label=_("Access needs"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Anything that helps them take part: step-free routes, a hearing loop, "
            "a BSL interpreter, a quiet room, a companion."
        ),
    )
    dietary_requirements = forms.CharField(
        label=_("Dietary requirements"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    workshops = ModelChoicesField(
        label=_("Workshops"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Places are limited. Choose workshops that don't overlap."),
        error_messages={"invalid_choice": _("Choose workshops from the list.")},
    )
    privacy_accepted = forms.BooleanField(
        label=_(
            "The person attending agrees to us using these details to organise the "
            "summit, as our privacy notice explains"
        ),
        error_messages={
            "required": _("They must agree to the privacy notice to attend.")
        },
    )
    consent_attendee_list = forms.BooleanField(
        label=_("Include their name and organisation in the delegate list"),
        required=False,
    )
    consent_updates = forms.BooleanField(
        label=_("Send them news about the Shared Ambition by email"),
        required=False,
    )

    def __init__(
        self,
        *args,
        summit,
        ticket_type=None,
        allow_unnamed=False,
        fixed_email=None,
        with_workshops=True,
        exclude_attendee=None,
        tell_if_booked=True,
        questions=(),
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.summit = summit
        self.questions = list(questions)
        for question in self.questions:
            self.fields[registration_questions.field_name(question)] = question_field(
                question
            )
        self.fixed_email = fixed_email
        self.exclude_attendee = exclude_attendee
        # Booking for others never says whether they hold a ticket: placing the
        # order tells them, not the booker (see `place_order`).
        self.tell_if_booked = tell_if_booked
        if not allow_unnamed:
            del self.fields["who"]
        if fixed_email is not None:
            del self.fields["email"]
        workshops = (
            ticket_type.workshops.scheduled()
            .select_related("room")
            .annotate(
                booked=Count(
                    "attendees",
                    filter=Q(attendees__status__in=LIVE_ATTENDEE_STATUSES),
                    distinct=True,
                )
            )
            .order_by("start", "title")
            if ticket_type is not None and with_workshops
            else None
        )
        if workshops is not None and workshops.exists():
            field = self.fields["workshops"]
            field.queryset = workshops
            field.label_from_instance = _workshop_label
        else:
            del self.fields["workshops"]
        if self.questions:
            # The summit's questions come after the details, before the consents.
            asked = [registration_questions.field_name(q) for q in self.questions]
            rest = [name for name in self.fields if name not in asked]
            at = rest.index("privacy_accepted")
            self.order_fields([*rest[:at], *asked, *rest[at:]])
        if not self.is_named:
            # A colleague fills the place in later: nothing here is needed now.
            for field in self.fields.values():
                field.required = False

    @property
    def is_named(self):
        return "who" not in self.fields or self["who"].value() != self.COLLEAGUE

    def clean(self):
        cleaned_data = super().clean()
        if not self.is_named:
            return cleaned_data
        if "name" in cleaned_data and not cleaned_data["name"].strip():
            self.add_error("name", _("Enter their full name."))
        email = cleaned_data.get("email")
        if email and self.tell_if_booked:
            try:
                rules.check_email_free(
                    summit=self.summit, email=email, exclude=self.exclude_attendee
                )
            except rules.AlreadyBooked as error:
                self.add_error("email", already_booked_message(error))
        chosen = sorted(cleaned_data.get("workshops") or [], key=lambda s: s.start)
        held = (
            set(self.exclude_attendee.workshops.values_list("pk", flat=True))
            if self.exclude_attendee is not None
            else set()
        )
        checks = [
            partial(rules.check_workshop_room, session, booked=session.booked)
            for session in chosen
            if session.pk not in held
        ] + [
            partial(rules.check_apart, earlier, later)
            for earlier, later in zip(chosen, chosen[1:], strict=False)
        ]
        for check in checks:
            try:
                check()
            except rules.BookingError as error:
                self.add_error("workshops", error.message)
        return cleaned_data

    def details(self):
        """The AttendeeDetails entered, or None for a place left for a colleague."""
        if not self.is_named:
            return None
        data = dict(self.cleaned_data)
        if self.fixed_email is not None:
            data["email"] = self.fixed_email
        return AttendeeDetails.from_data(data)

    def chosen_workshops(self):
        return list(self.cleaned_data.get("workshops") or [])

    def answers(self):
        """{question id: answer as stored} for the questions asked (blank ones
        too, so an answer cleared is removed)."""
        if not self.is_named:
            return {}
        return {
            question.pk: registration_questions.as_stored(
                question,
                self.cleaned_data.get(registration_questions.field_name(question)),
            )
            for question in self.questions
        }


def question_field(question):
    """The form field asking a `RegistrationQuestion`, by its kind."""
    options = {
        "label": question.label,
        "help_text": question.help_text,
        "required": question.required,
    }
    kind = question.kind
    required_message = _("Answer this question.")
    if kind == QuestionKind.TEXT:
        return forms.CharField(
            max_length=200,
            error_messages={"required": required_message},
            **options,
        )
    if kind == QuestionKind.LONG_TEXT:
        return forms.CharField(
            max_length=2000,
            widget=forms.Textarea(attrs={"rows": 3}),
            error_messages={"required": required_message},
            **options,
        )
    if kind in (QuestionKind.CHOICE, QuestionKind.YES_NO):
        if kind == QuestionKind.YES_NO:
            choices = [("yes", _("Yes")), ("no", _("No"))]
        else:
            choices = [(choice, choice) for choice in question.choice_list]
        return forms.ChoiceField(
            choices=choices,
            widget=forms.RadioSelect,
            error_messages={
                "required": _("Choose an answer."),
                "invalid_choice": _("Choose one of the answers listed."),
            },
            **options,
        )
    if kind == QuestionKind.MULTIPLE_CHOICE:
        return forms.MultipleChoiceField(
            choices=[(choice, choice) for choice in question.choice_list],
            widget=forms.CheckboxSelectMultiple,
            error_messages={
                "required": _("Choose at least one answer."),
                "invalid_choice": _("Choose answers from the list."),
            },
            **options,
        )
    if kind == QuestionKind.NUMBER:
        return forms.IntegerField(
            min_value=NUMBER_ANSWER_MIN,
            max_value=NUMBER_ANSWER_MAX,
            widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
            error_messages={
                "required": _("Enter a number."),
                "invalid": _("Enter a whole number, such as 12."),
                "min_value": _("Enter 0 or more."),
                "max_value": _("Enter a number no bigger than 1,000,000."),
            },
            **options,
        )
    if kind == QuestionKind.DATE:
        return forms.DateField(
            widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            input_formats=["%Y-%m-%d", "%d/%m/%Y"],
            error_messages={
                "required": _("Enter a date."),
                "invalid": _("Enter a real date, such as 2027-03-12."),
            },
            **options,
        )
    # Consent: a box to tick; required means it must be ticked.
    return forms.BooleanField(
        error_messages={"required": _("Tick this box to continue.")}, **options
    )


def already_booked_message(error):
    """The duplicate-ticket error, with a way to manage the existing booking."""
    return format_html(
        '{} <a href="{}">Manage that booking</a> or use a different email address.',
        error.message,
        reverse("events:find_ticket"),
    )


def _workshop_label(session):
    parts = [session.time_range_text]
    if session.room_id:
        parts.append(session.room.name)
    if session.capacity is not None and session.booked >= session.capacity:
        parts.append(str(_("full")))
    return f"{session.title} ({', '.join(parts)})"


class BookerForm(HoneypotFormMixin, forms.Form):
    """Who is booking, for someone without an account: we email them a link to
    confirm the booking and manage it."""

    booker_name = forms.CharField(
        label=_("Your full name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": _("Enter your full name.")},
    )
    booker_email = email_field(
        label=_("Your email address"),
        help_text=_(
            "We email you a link to confirm the booking; it also lets you manage it."
        ),
    )


class WaitingListForm(HoneypotFormMixin, forms.Form):
    name = forms.CharField(
        label=_("Full name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": _("Enter your full name.")},
    )
    email = email_field(help_text=_("We email you here if a place comes free."))


class FindTicketForm(HoneypotFormMixin, forms.Form):
    email = email_field(
        help_text=_("The address the ticket or waiting-list place is for.")
    )
