"""Who an organisers' email goes to (docs/organising.md#email-attendees).

An audience is a small dict of the filters chosen on the email form, stored on the
`BulkEmail` row as it was chosen, so the send log shows exactly who was meant; the
people themselves are found when the email is sent (`audience_of`). An empty
audience, or an empty filter, means everyone with a confirmed place:

    {
        "ticket_types": [<ticket type pk>, ...],
        "booking_statuses": ["confirmed", "awaiting_payment", "cancelled"],
        "checked_in": "any" | "yes" | "no",
        "organisation_types": ["voluntary", ...],   # signatories.choices.OrganisationType
        "districts": ["cambridge", ...],           # signatories.choices.District
        "answer": {                                 # one registration answer
            "question": <registration question pk>,
            "question_label": "Which strand?",     # its words when chosen, for the log
            "value": "Transport" | true | false,    # the answer as stored
        },
    }

Only named places that can receive mail are ever chosen (not places waiting for a
colleague's name, not anonymised ones); held places (a booking not finished) and
expired orders never are. Bulk emails are about the event, so they go to everyone
chosen whatever their news preference (`consent_updates` is for news).

Registration answers: people who gave one answer to one of the summit's choice,
any-choices or yes/no questions (`answer_choices` lists them for the form). A
question deleted after the email was written matches nobody: its answers went with
it, and an email meant for some people must never widen to everyone.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from signatories.choices import District, OrganisationType

from ..booking.questions import attendees_answering
from ..choices import COUNTED_QUESTION_KINDS, AttendeeStatus, OrderStatus, QuestionKind
from ..models import Attendee, CheckIn, RegistrationQuestion
from ..retention import ANONYMISED_EMAIL_DOMAIN


class BookingStatus(models.TextChoices):
    """The booking states an email can go to, each a place's and its order's."""

    CONFIRMED = "confirmed", _("Confirmed and paid (or free)")
    AWAITING_PAYMENT = "awaiting_payment", _("Confirmed, invoice awaiting payment")
    CANCELLED = "cancelled", _("Cancelled")


class CheckedIn(models.TextChoices):
    ANY = "any", _("Everyone")
    YES = "yes", _("Checked in")
    NO = "no", _("Not checked in")


#: Without a booking status chosen: everyone whose place stands.
DEFAULT_BOOKING_STATUSES = [BookingStatus.CONFIRMED, BookingStatus.AWAITING_PAYMENT]

_BOOKING_STATUS_FILTERS = {
    BookingStatus.CONFIRMED: models.Q(
        status=AttendeeStatus.CONFIRMED,
        order__status__in=[OrderStatus.CONFIRMED],
    ),
    BookingStatus.AWAITING_PAYMENT: models.Q(
        status=AttendeeStatus.CONFIRMED,
        order__status=OrderStatus.AWAITING_PAYMENT,
    ),
    # A cancelled place of a booking that was really made: not one whose order
    # was never confirmed or paid (its address was never confirmed either).
    BookingStatus.CANCELLED: models.Q(status=AttendeeStatus.CANCELLED)
    & ~models.Q(
        order__status__in=[
            OrderStatus.EXPIRED,
            OrderStatus.UNCONFIRMED,
            OrderStatus.PENDING,
        ]
    ),
}


def audience_of(summit, audience):
    """The places of `summit` an email with `audience` goes to, with their order
    and ticket type, by name: one query however many there are."""
    return filter_audience(
        Attendee.objects.filter(summit=summit, email__gt="")
        .exclude(email__endswith=f"@{ANONYMISED_EMAIL_DOMAIN}")
        .select_related("order", "ticket_type"),
        audience=audience or {},
    ).order_by("name", "pk")


def filter_audience(queryset, *, audience):
    """`queryset` of places narrowed to `audience` (see the module's docstring).
    Every filter is one condition on the same query, so counting or listing the
    audience is one query whatever it holds; a registration answer costs one more
    to load its question (and for an any-choices question, one to read its
    answers), whatever the number of people."""
    statuses = audience.get("booking_statuses") or DEFAULT_BOOKING_STATUSES
    by_status = models.Q(pk__in=[])
    for status in statuses:
        by_status |= _BOOKING_STATUS_FILTERS.get(status, models.Q(pk__in=[]))
    queryset = queryset.filter(by_status)
    if audience.get("ticket_types"):
        queryset = queryset.filter(ticket_type__in=audience["ticket_types"])
    if audience.get("organisation_types"):
        queryset = queryset.filter(organisation_type__in=audience["organisation_types"])
    if audience.get("districts"):
        queryset = queryset.filter(district__in=audience["districts"])
    checked_in = audience.get("checked_in", CheckedIn.ANY)
    if checked_in != CheckedIn.ANY:
        arrived = models.Exists(
            CheckIn.objects.live().filter(attendee=models.OuterRef("pk"))
        )
        queryset = queryset.filter(arrived if checked_in == CheckedIn.YES else ~arrived)
    if audience.get("answer"):
        queryset = _answering(queryset, audience["answer"])
    return queryset


def _answering(queryset, answer):
    """The places that gave `answer` (the audience's "answer"); nobody if its
    question is gone (see the module's docstring)."""
    question_id = answer.get("question") if isinstance(answer, dict) else None
    question = (
        RegistrationQuestion.objects.filter(pk=question_id).first()
        if isinstance(question_id, int)
        else None
    )
    if question is None:
        return queryset.none()
    return attendees_answering(queryset, question=question, value=answer.get("value"))


def answer_choices(summit):
    """[(question, value as stored, "question: answer")] for each answer to each of
    the summit's choice, any-choices and yes/no questions, in the questions' order
    (one query)."""
    questions = RegistrationQuestion.objects.filter(
        summit_id=summit.pk, kind__in=COUNTED_QUESTION_KINDS
    ).order_by("sort_order", "pk")
    choices = []
    for question in questions:
        if question.kind == QuestionKind.YES_NO:
            values = [(True, _("Yes")), (False, _("No"))]
        else:
            values = [(choice, choice) for choice in question.choice_list]
        choices += [
            (question, value, f"{question.label}: {text}") for value, text in values
        ]
    return choices


def _answer_words(value):
    if value is True:
        return str(_("Yes"))
    if value is False:
        return str(_("No"))
    return str(value)


def describe_audience(audience, *, ticket_type_names, question_ids=None):
    """The audience in words for the send log: a list of "what: values" lines, or
    one line saying everyone. `ticket_type_names` maps ticket type pks to names;
    `question_ids`, if given, are the summit's questions now, so an answer to one
    since deleted says it matches nobody."""
    audience = audience or {}
    lines = []
    statuses = audience.get("booking_statuses") or DEFAULT_BOOKING_STATUSES
    lines.append((_("Booking"), _labels(BookingStatus, statuses)))
    if audience.get("ticket_types"):
        lines.append(
            (
                _("Ticket types"),
                [
                    ticket_type_names.get(pk, _("(removed)"))
                    for pk in audience["ticket_types"]
                ],
            )
        )
    checked_in = audience.get("checked_in", CheckedIn.ANY)
    if checked_in != CheckedIn.ANY:
        lines.append((_("Checked in"), _labels(CheckedIn, [checked_in])))
    if audience.get("organisation_types"):
        lines.append(
            (
                _("Types of organisation"),
                _labels(OrganisationType, audience["organisation_types"]),
            )
        )
    if audience.get("districts"):
        lines.append(
            (
                _("Areas"),
                _labels(District, audience["districts"]),
            )
        )
    answer = audience.get("answer")
    if isinstance(answer, dict):
        words = (
            f"{answer.get('question_label', '')}: {_answer_words(answer.get('value'))}"
        )
        if question_ids is not None and answer.get("question") not in question_ids:
            words += " " + str(_("(question since deleted: matches nobody)"))
        lines.append((_("Registration answer"), [words]))
    return [
        f"{what}: {', '.join(str(value) for value in values)}" for what, values in lines
    ]


def _labels(choices, values):
    """The labels of `values`; a value no longer among `choices` is shown as is,
    so an old email's log still opens."""
    labels = dict(choices.choices)
    return [str(labels.get(value, value)) for value in values]
