"""The proposal form, a co-speaker's answer and a reviewer's scores: they parse
input; the services decide (docs/proposals.md)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from framework.models import Commitment
from home.forms import ModelChoiceIdField, ModelChoicesField
from signatories.choices import OrganisationType

from ..choices import REVIEWABLE_PROPOSAL_STATUSES, CallQuestionKind, ProposalStatus
from ..models.proposals import (
    ABSTRACT_MAX_LENGTH,
    MAX_CO_SPEAKERS,
    TITLE_MAX_LENGTH,
    Proposal,
    ProposalSpeaker,
)

PROPOSAL_FIELDS = (
    "title",
    "abstract",
    "description",
    "session_type",
    "audience",
    "access_needs",
    "organisation_type",
)
PROFILE_FIELDS = ("name", "pronouns", "role", "organisation", "bio")
YES_NO = [("yes", _("Yes")), ("no", _("No"))]


def _counted(max_length, rows=4):
    """A textarea whose remaining characters site/static/js/proposals.js announces."""
    return forms.Textarea(attrs={"rows": rows, "data-character-count": max_length})


class ProfileFieldsMixin(forms.Form):
    name = forms.CharField(
        label=_("Your name, as it would appear in the programme"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    pronouns = forms.CharField(label=_("Your pronouns"), max_length=50, required=False)
    role = forms.CharField(
        label=_("Your role"),
        max_length=150,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "organization-title"}),
    )
    organisation = forms.CharField(
        label=_("Your organisation"),
        max_length=150,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    bio = forms.CharField(
        label=_("A short biography"),
        max_length=1000,
        required=False,
        widget=_counted(1000),
        help_text=_("Up to 1,000 characters, in the third person."),
    )

    def profile(self):
        return {name: self.cleaned_data[name].strip() for name in PROFILE_FIELDS}


class ProposalForm(ProfileFieldsMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX_LENGTH)
    abstract = forms.CharField(
        label=_("Abstract"),
        max_length=ABSTRACT_MAX_LENGTH,
        widget=_counted(ABSTRACT_MAX_LENGTH),
        help_text=_(
            "Up to 600 characters: what the programme would say about the session."
        ),
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("For the reviewers: how the session would run and why it matters."),
    )
    session_type = forms.ChoiceField(
        label=_("Format"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a format.")},
    )
    commitments = ModelChoicesField(
        label=_("Commitments it speaks to"),
        queryset=Commitment.objects.select_related("outcome"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    audience = forms.CharField(
        label=_("Intended audience"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    access_needs = forms.CharField(
        label=_("Speakers' access needs"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only the events team sees this. Reviewers don't."),
    )
    organisation_type = forms.ChoiceField(
        label=_("Your organisation's type"),
        required=False,
        choices=[("", _("Rather not say")), *OrganisationType.choices],
    )

    def __init__(self, *args, call, **kwargs):
        super().__init__(*args, **kwargs)
        self.call = call
        self.fields["session_type"].choices = [
            (offer.session_type, str(offer)) for offer in call.session_types.all()
        ]
        for number in range(1, MAX_CO_SPEAKERS + 1):
            self.fields[f"co_speaker_{number}"] = forms.EmailField(
                label=_("Co-speaker %(number)s's email address") % {"number": number},
                required=False,
                max_length=254,
            )
        self.questions = list(call.questions.all())
        for question in self.questions:
            self.fields[f"question_{question.pk}"] = self._question_field(question)

    @staticmethod
    def _question_field(question):
        common = {"label": question.label, "required": question.required}
        if question.kind == CallQuestionKind.LONG_TEXT:
            return forms.CharField(
                max_length=5000, widget=forms.Textarea(attrs={"rows": 4}), **common
            )
        if question.kind == CallQuestionKind.CHOICE:
            return forms.ChoiceField(
                choices=[(option, option) for option in question.option_list],
                widget=forms.RadioSelect,
                **common,
            )
        if question.kind == CallQuestionKind.YES_NO:
            return forms.ChoiceField(choices=YES_NO, widget=forms.RadioSelect, **common)
        return forms.CharField(max_length=500, **common)

    @property
    def co_speaker_fields(self):
        return [self[f"co_speaker_{n}"] for n in range(1, MAX_CO_SPEAKERS + 1)]

    @property
    def question_fields(self):
        return [self[f"question_{question.pk}"] for question in self.questions]

    @property
    def commitment_groups(self):
        """The commitment checkboxes grouped by outcome: [(outcome, [subwidgets])]."""
        groups = []
        commitments = list(self.fields["commitments"].queryset)
        for commitment, widget in zip(
            commitments, self["commitments"].subwidgets, strict=False
        ):
            if not groups or groups[-1][0] != commitment.outcome:
                groups.append((commitment.outcome, []))
            groups[-1][1].append(widget)
        return groups

    def proposal_fields(self):
        return {
            name: (value.strip() if isinstance(value, str) else value)
            for name, value in self.cleaned_data.items()
            if name in PROPOSAL_FIELDS
        }

    def co_speaker_emails(self):
        return [
            self.cleaned_data[field.name]
            for field in self.co_speaker_fields
            if self.cleaned_data.get(field.name)
        ]

    def answers(self):
        return {
            str(question.pk): self.cleaned_data.get(f"question_{question.pk}", "")
            for question in self.questions
        }

    @classmethod
    def initial_for(cls, proposal):
        """What the form shows for an existing proposal."""
        initial = {name: getattr(proposal, name) for name in PROPOSAL_FIELDS}
        initial["commitments"] = list(proposal.commitments.values_list("pk", flat=True))
        speakers = list(proposal.speakers.all())
        lead = next((s for s in speakers if s.is_proposer), None)
        if lead:
            initial.update({name: getattr(lead, name) for name in PROFILE_FIELDS})
        others = [s for s in speakers if not s.is_proposer]
        for number, speaker in enumerate(others[:MAX_CO_SPEAKERS], start=1):
            initial[f"co_speaker_{number}"] = speaker.email
        for key, value in (proposal.answers or {}).items():
            initial[f"question_{key}"] = value
        return initial


class CoSpeakerForm(ProfileFieldsMixin, forms.Form):
    """A co-speaker confirms with their profile; declining needs nothing."""

    @classmethod
    def initial_for(cls, speaker: ProposalSpeaker):
        return {name: getattr(speaker, name) for name in PROFILE_FIELDS}


class ReviewForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Other reviewers and the events team read it; speakers don't."),
    )

    def __init__(self, *args, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for criterion in self.criteria:
            self.fields[f"criterion_{criterion.pk}"] = forms.TypedChoiceField(
                label=_("%(name)s (weight %(weight)s)")
                % {"name": criterion.name, "weight": criterion.weight},
                help_text=criterion.description,
                choices=[(n, str(n)) for n in range(1, criterion.scale_max + 1)],
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={
                    "required": _("Give %(name)s a score.") % {"name": criterion.name}
                },
            )

    @property
    def criterion_fields(self):
        return [self[f"criterion_{criterion.pk}"] for criterion in self.criteria]

    def scores(self):
        return {
            criterion.pk: self.cleaned_data[f"criterion_{criterion.pk}"]
            for criterion in self.criteria
        }


class ConflictForm(forms.Form):
    reason = forms.CharField(label=_("Why (optional)"), required=False, max_length=300)


class DashboardFilterForm(forms.Form):
    commitment = ModelChoiceIdField(
        label=_("Commitment"),
        queryset=Commitment.objects.all(),
        required=False,
        empty_label=_("All commitments"),
    )
    session_type = forms.ChoiceField(label=_("Format"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)

    def __init__(self, *args, call, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session_type"].choices = [
            ("", _("All formats")),
            *(
                (o.session_type, o.get_session_type_display())
                for o in call.session_types.all()
            ),
        ]
        self.fields["status"].choices = [
            ("", _("All states")),
            *(
                (s.value, s.label)
                for s in map(ProposalStatus, REVIEWABLE_PROPOSAL_STATUSES)
            ),
        ]


class DecisionForm(forms.Form):
    """Accept, reject or waitlist one proposal or many (from the dashboard)."""

    proposals = forms.ModelMultipleChoiceField(
        queryset=Proposal.objects.none(),
        label=_("Proposals"),
        error_messages={"required": _("Choose at least one proposal.")},
    )
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (ProposalStatus.ACCEPTED, _("Accept")),
            (ProposalStatus.REJECTED, _("Not accept")),
            (ProposalStatus.WAITLISTED, _("Waiting list")),
        ],
        error_messages={"required": _("Choose a decision.")},
    )

    def __init__(self, *args, call, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["proposals"].queryset = call.proposals.reviewable()


class DecisionMessageForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=200)
    body = forms.CharField(
        label=_("Text"),
        widget=forms.Textarea(attrs={"rows": 12}),
        max_length=10000,
        help_text=_("Plain text; a blank line starts a new paragraph."),
    )
