"""Registration questions: editors add them to a summit; people answer them when
booking and on their ticket page; staff see the answers; the dashboard counts
them; the retention job erases them on schedule."""

import datetime
import io

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from events.booking import changes
from events.booking.questions import (
    answer_counts,
    attendees_answering,
    save_answers,
)
from events.choices import AttendeeStatus, QuestionKind
from events.models import Attendee, RegistrationAnswer, RegistrationQuestion
from tests.factories import StaffUserFactory
from tests.factories.events import (
    AttendeeFactory,
    SummitPageFactory,
    TicketTypeFactory,
    attendee_details,
)

DAY = datetime.timedelta(days=1)


def _question(summit, label, kind, choices="", **fields):
    return RegistrationQuestion.objects.create(
        summit=summit, label=label, kind=kind, choices=choices, **fields
    )


@pytest.fixture
def strand(ticket_type):
    return _question(
        ticket_type.summit,
        "Which strand interests you most?",
        QuestionKind.CHOICE,
        "Housing\nTransport\nSkills",
        required=True,
        help_text="We use this to size the rooms.",
    )


def _url(summit, step=""):
    return f"{summit.url}book/{step}"


def _place(number, **answers):
    data = {
        "who": "named",
        "name": "Ann Answer",
        "email": "ann@example.org",
        "privacy_accepted": "on",
        **answers,
    }
    return {f"place-{number}-{key}": value for key, value in data.items()}


def _booker():
    return {"booker-booker_name": "Vi Sitor", "booker-booker_email": "vi@example.org"}


def _book(client, ticket_type, **answers):
    summit = ticket_type.summit
    client.post(_url(summit), {f"quantity_{ticket_type.pk}": "1"})
    response = client.post(
        _url(summit, "details/"), {**_booker(), **_place(1, **answers)}
    )
    return response


# --- The question itself ------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "choices", "field", "message"),
    [
        (QuestionKind.CHOICE, "Only one", "choices", "at least two different"),
        (QuestionKind.MULTIPLE_CHOICE, "Same\nSame\n", "choices", "at least two"),
        (QuestionKind.TEXT, "A\nB", "choices", "Only 'one choice'"),
    ],
)
def test_a_question_is_checked_with_clear_messages(
    summit, kind, choices, field, message
):
    question = RegistrationQuestion(
        summit=summit, label="Pick", kind=kind, choices=choices
    )
    with pytest.raises(ValidationError) as error:
        question.full_clean()
    assert message in str(error.value.message_dict[field])


def test_retention_days_are_bounded(summit):
    for days in (0, 731):
        question = RegistrationQuestion(
            summit=summit, label="Q", kind=QuestionKind.TEXT, retention_days=days
        )
        with pytest.raises(ValidationError) as error:
            question.full_clean()
        assert "retention_days" in error.value.message_dict


# --- Booking ------------------------------------------------------------------------


def test_the_details_step_asks_the_question_as_a_group_with_a_legend(client, strand):
    summit = strand.summit
    ticket_type = summit.ticket_types.get()
    client.post(_url(summit), {f"quantity_{ticket_type.pk}": "1"})

    page = client.get(_url(summit, "details/")).text

    assert "<legend" in page and "Which strand interests you most?" in page
    assert 'type="radio"' in page and "Transport" in page
    assert "We use this to size the rooms." in page


def test_a_required_question_must_be_answered(client, strand):
    response = _book(client, strand.summit.ticket_types.get())

    assert response.status_code == 400
    assert "Choose an answer." in response.text


def test_a_visitor_books_and_the_answer_is_saved_with_the_place(
    client, strand, django_capture_on_commit_callbacks
):
    ticket_type = strand.summit.ticket_types.get()
    response = _book(client, ticket_type, **{f"question_{strand.pk}": "Transport"})
    assert response.status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_url(strand.summit, "review/"))

    attendee = Attendee.objects.get(email="ann@example.org")
    [answer] = attendee.answers.all()
    assert (answer.question, answer.value) == (strand, "Transport")


def test_every_kind_round_trips(client, ticket_type):
    summit = ticket_type.summit
    questions = {
        QuestionKind.TEXT: "Short",
        QuestionKind.LONG_TEXT: "A longer\nanswer",
        QuestionKind.MULTIPLE_CHOICE: ["Tea", "Cake"],
        QuestionKind.YES_NO: "no",
        QuestionKind.NUMBER: "12",
        QuestionKind.DATE: "2027-03-12",
        QuestionKind.CONSENT: "on",
    }
    made = {
        kind: _question(
            summit,
            f"Q {kind}",
            kind,
            "Tea\nCake\nCoffee" if kind == QuestionKind.MULTIPLE_CHOICE else "",
        )
        for kind in questions
    }
    _book(
        client,
        ticket_type,
        **{f"question_{made[kind].pk}": value for kind, value in questions.items()},
    )
    client.post(_url(summit, "review/"))

    attendee = Attendee.objects.get(email="ann@example.org")
    stored = dict(attendee.answers.values_list("question__kind", "value"))
    assert stored == {
        QuestionKind.TEXT: "Short",
        QuestionKind.LONG_TEXT: "A longer\nanswer",
        QuestionKind.MULTIPLE_CHOICE: ["Tea", "Cake"],
        QuestionKind.YES_NO: False,
        QuestionKind.NUMBER: 12,
        QuestionKind.DATE: "2027-03-12",
        QuestionKind.CONSENT: True,
    }
    page = client.get(attendee.get_absolute_url()).text
    assert "12 March 2027" in page
    assert "Tea, Cake" in page


@pytest.mark.parametrize(
    ("kind", "value", "message"),
    [
        (QuestionKind.NUMBER, "-3", "Enter 0 or more."),
        (QuestionKind.NUMBER, "lots", "Enter a whole number"),
        (QuestionKind.DATE, "2027-02-30", "Enter a real date"),
        (QuestionKind.CONSENT, "", "Tick this box to continue."),
    ],
)
def test_bad_answers_get_a_clear_message_and_a_400(
    client, ticket_type, kind, value, message
):
    question = _question(ticket_type.summit, "Q", kind, required=True)

    response = _book(client, ticket_type, **{f"question_{question.pk}": value})

    assert response.status_code == 400
    assert message in response.text


def test_a_question_for_another_ticket_type_is_not_asked(client, ticket_type):
    other = TicketTypeFactory(summit=ticket_type.summit, name="Speaker")
    question = _question(ticket_type.summit, "Speakers only", QuestionKind.TEXT)
    question.ticket_types.add(other)
    question.save()  # a ParentalManyToManyField is written on save
    client.post(_url(ticket_type.summit), {f"quantity_{ticket_type.pk}": "1"})

    assert "Speakers only" not in client.get(_url(ticket_type.summit, "details/")).text


def test_a_question_deleted_during_booking_is_no_error(client, strand):
    ticket_type = strand.summit.ticket_types.get()
    _book(client, ticket_type, **{f"question_{strand.pk}": "Skills"})
    strand.delete()

    response = client.post(_url(ticket_type.summit, "review/"))

    assert response.status_code == 302
    assert Attendee.objects.filter(email="ann@example.org").exists()
    assert not RegistrationAnswer.objects.exists()


# --- The attendee's own page -----------------------------------------------------------


@pytest.fixture
def answered(strand):
    attendee = AttendeeFactory(
        ticket_type=strand.summit.ticket_types.get(), email="ada@example.org"
    )
    save_answers(attendee=attendee, answers={strand.pk: "Housing"}, at=timezone.now())
    return attendee


def test_the_ticket_page_shows_and_edits_the_answer(client, answered, strand):
    assert "Housing" in client.get(answered.get_absolute_url()).text
    edit_url = f"/tickets/{answered.manage_token}/edit/"
    form = client.get(edit_url).text
    housing = form[form.index('value="Housing"') :].split(">")[0]
    assert "checked" in housing

    response = client.post(
        edit_url,
        {
            "name": answered.name,
            "privacy_accepted": "on",
            f"question_{strand.pk}": "Skills",
        },
    )

    assert response.status_code == 302
    assert answered.answers.get().value == "Skills"
    assert "Skills" in client.get(answered.get_absolute_url()).text


def test_answers_cannot_change_after_the_cutoff(client, answered, strand):
    summit = answered.summit
    summit.attendee_changes_close_at = timezone.now() - datetime.timedelta(hours=1)
    summit.save()

    response = client.post(
        f"/tickets/{answered.manage_token}/edit/",
        {"name": "X", "privacy_accepted": "on", f"question_{strand.pk}": "Skills"},
    )

    assert response.status_code == 409
    assert answered.answers.get().value == "Housing"


def test_a_changed_question_still_shows_the_answer_given(client, answered, strand):
    strand.choices = "Energy\nNature"
    strand.kind = QuestionKind.CHOICE
    strand.save()

    page = client.get(answered.get_absolute_url()).text
    edit = client.get(f"/tickets/{answered.manage_token}/edit/")

    assert "Housing" in page
    assert edit.status_code == 200


def test_a_transfer_drops_the_old_holders_answers(answered):
    changes.transfer_attendee(
        attendee=answered, details=attendee_details("New One", "new@example.org")
    )

    assert not RegistrationAnswer.objects.exists()


# --- Staff --------------------------------------------------------------------------


@pytest.fixture
def staff_client(client, db):
    client.force_login(StaffUserFactory(is_superuser=True))
    return client


def test_staff_see_answers_on_the_attendee_and_in_the_export(
    staff_client, answered, strand
):
    inspect = staff_client.get(
        reverse("wagtailsnippets_events_attendee:inspect", args=[answered.pk])
    ).text
    assert "Which strand interests you most?: Housing" in inspect

    list_url = reverse("wagtailsnippets_events_attendee:list")
    export = staff_client.get(f"{list_url}?summit={answered.summit_id}&export=csv")
    text = b"".join(export.streaming_content).decode()
    header, row = text.splitlines()[:2]
    assert "Which strand interests you most?" in header
    assert row.endswith("Housing")


def test_the_export_query_count_does_not_grow_with_attendees(
    staff_client, answered, strand
):
    list_url = reverse("wagtailsnippets_events_attendee:list")
    url = f"{list_url}?summit={answered.summit_id}&export=csv"

    def count():
        with CaptureQueriesContext(connection) as queries:
            b"".join(staff_client.get(url).streaming_content)
        return len(queries)

    before = count()
    for _number in range(3):
        more = AttendeeFactory(ticket_type=answered.ticket_type)
        save_answers(attendee=more, answers={strand.pk: "Skills"}, at=timezone.now())

    assert count() == before


def test_the_dashboard_counts_live_answers_per_choice(staff_client, answered, strand):
    yes_no = _question(strand.summit, "Staying for the dinner?", QuestionKind.YES_NO)
    save_answers(attendee=answered, answers={yes_no.pk: True}, at=timezone.now())
    cancelled = AttendeeFactory(
        ticket_type=answered.ticket_type, status=AttendeeStatus.CANCELLED
    )
    save_answers(attendee=cancelled, answers={strand.pk: "Skills"}, at=timezone.now())

    with CaptureQueriesContext(connection) as queries:
        counts = answer_counts(strand.summit)
    assert len(queries) == 2
    assert [(q.label, choices) for q, choices, _n in counts] == [
        (
            "Which strand interests you most?",
            [("Housing", 1), ("Transport", 0), ("Skills", 0)],
        ),
        ("Staying for the dinner?", [("Yes", 1), ("No", 0)]),
    ]
    page = staff_client.get(reverse("summit_dashboard", args=[strand.summit.pk])).text
    assert "Staying for the dinner?" in page


def test_attendees_answering_filters_by_an_answer(answered, strand):
    other = AttendeeFactory(ticket_type=answered.ticket_type)
    save_answers(attendee=other, answers={strand.pk: "Skills"}, at=timezone.now())
    many = _question(strand.summit, "Topics", QuestionKind.MULTIPLE_CHOICE, "A\nB\nC")
    save_answers(attendee=other, answers={many.pk: ["A", "C"]}, at=timezone.now())

    everyone = Attendee.objects.all()
    assert list(attendees_answering(everyone, question=strand, value="Housing")) == [
        answered
    ]
    assert list(attendees_answering(everyone, question=many, value="C")) == [other]
    assert not attendees_answering(everyone, question=many, value="B").exists()


# --- Retention ----------------------------------------------------------------------


def test_answers_are_erased_their_days_after_the_summit(answered, strand):
    short = _question(strand.summit, "Short-lived", QuestionKind.TEXT, retention_days=7)
    save_answers(attendee=answered, answers={short.pk: "Gone soon"}, at=timezone.now())
    end = answered.summit.end.astimezone(datetime.UTC)

    def run(at):
        with time_machine.travel(at, tick=False):
            call_command("apply_retention", stdout=io.StringIO())

    run(end + 7 * DAY - datetime.timedelta(hours=1))
    assert answered.answers.count() == 2

    run(end + 7 * DAY + datetime.timedelta(hours=1))
    assert list(answered.answers.values_list("value", flat=True)) == ["Housing"]

    run(end + 90 * DAY + datetime.timedelta(hours=1))
    assert not answered.answers.exists()
    answered.refresh_from_db()
    assert answered.name  # the place itself stays


def test_a_colleague_answers_when_claiming_a_place(client, strand):
    place = AttendeeFactory(
        ticket_type=strand.summit.ticket_types.get(),
        name="",
        email="",
        claim_token="claim-me",
    )
    url = f"/tickets/claim/{place.claim_token}/"
    assert "Which strand interests you most?" in client.get(url).text

    response = client.post(
        url,
        {
            "name": "Col League",
            "email": "col@example.org",
            "privacy_accepted": "on",
            f"question_{strand.pk}": "Skills",
        },
    )

    assert response.status_code == 302
    assert place.answers.get().value == "Skills"


def test_the_summit_editor_offers_only_this_summits_ticket_types(
    staff_client, strand, summit_index
):
    other_summit = SummitPageFactory(parent=summit_index, slug="another")
    TicketTypeFactory(summit=other_summit, name="Someone else's place")

    page = staff_client.get(
        reverse("wagtailadmin_pages:edit", args=[strand.summit.pk])
    ).text

    assert "Registration questions" in page
    assert "Which strand interests you most?" in page
    assert 'type="checkbox" name="registration_questions-0-ticket_types"' in page
    assert "Someone else&#x27;s place" not in page


def test_a_question_survives_a_page_revision(strand):
    ticket_type = strand.summit.ticket_types.get()
    strand.ticket_types.add(ticket_type)
    strand.save()
    summit = strand.summit

    summit.save_revision().publish()
    restored = summit.get_latest_revision_as_object()

    [question] = restored.registration_questions.all()
    assert question.label == strand.label
    assert list(question.ticket_types.all()) == [ticket_type]
