"""Emails to attendees (docs/organising.md#email-attendees): choosing who they go
to, the preview's count, the test send, sending once, the send log with its
recipients, and who may do any of it."""

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from events.booking.questions import save_answers
from events.choices import AttendeeStatus, OrderStatus, QuestionKind
from events.door import services as checkin
from events.models import BulkEmail, BulkEmailRecipient, RegistrationQuestion
from events.organising import bulk_email as sending
from events.organising.audience import audience_of
from home.models import SentEmail
from signatories.choices import District, OrganisationType
from tests.factories import StaffUserFactory
from tests.factories.events import AttendeeFactory, OrderFactory, TicketTypeFactory

MESSAGE = {"subject": "Joining instructions", "body": "Doors open at 8:30."}


@pytest.fixture
def manager(db):
    return StaffUserFactory(groups=["Event managers"], email="manager@example.org")


@pytest.fixture
def manager_client(client, manager):
    client.force_login(manager)
    return client


@pytest.fixture
def people(ticket_type):
    """Five places of one summit, each differing in one way from Ada's."""
    summit = ticket_type.summit
    speaker = TicketTypeFactory(summit=summit, name="Speaker place", capacity=10)
    ada = AttendeeFactory(
        ticket_type=ticket_type,
        name="Ada Confirmed",
        organisation_type=OrganisationType.VOLUNTARY,
        district=District.CAMBRIDGE,
    )
    invoice_order = OrderFactory(
        summit=summit, status=OrderStatus.AWAITING_PAYMENT, reference="SA99-INV1"
    )
    ben = AttendeeFactory(
        ticket_type=ticket_type,
        order=invoice_order,
        name="Ben Invoice",
        organisation_type=OrganisationType.PUBLIC_SECTOR,
        district=District.PETERBOROUGH,
    )
    cat = AttendeeFactory(ticket_type=speaker, name="Cat Speaker")
    dan = AttendeeFactory(
        ticket_type=ticket_type, name="Dan Cancelled", status=AttendeeStatus.CANCELLED
    )
    held_order = OrderFactory(
        summit=summit, status=OrderStatus.PENDING, reference="SA99-HELD"
    )
    eve = AttendeeFactory(
        ticket_type=ticket_type,
        order=held_order,
        name="Eve Held",
        status=AttendeeStatus.PENDING,
    )
    checkin.check_in(summit=summit, by=StaffUserFactory(), reference=cat.reference)
    return {
        "summit": summit,
        "speaker": speaker,
        "ada": ada,
        "ben": ben,
        "cat": cat,
        "dan": dan,
        "eve": eve,
    }


def _names(people, audience):
    return {a.name for a in audience_of(people["summit"], audience)}


def test_everyone_confirmed_by_default_never_held_or_cancelled(people):
    assert _names(people, {}) == {"Ada Confirmed", "Ben Invoice", "Cat Speaker"}


@pytest.mark.parametrize(
    "audience, expected",
    [
        ({"booking_statuses": ["confirmed"]}, {"Ada Confirmed", "Cat Speaker"}),
        ({"booking_statuses": ["awaiting_payment"]}, {"Ben Invoice"}),
        ({"booking_statuses": ["cancelled"]}, {"Dan Cancelled"}),
        ({"checked_in": "yes"}, {"Cat Speaker"}),
        ({"checked_in": "no"}, {"Ada Confirmed", "Ben Invoice"}),
        ({"organisation_types": ["voluntary"]}, {"Ada Confirmed"}),
        (
            {"districts": ["peterborough", "cambridge"]},
            {"Ada Confirmed", "Ben Invoice"},
        ),
    ],
)
def test_each_filter(people, audience, expected):
    assert _names(people, audience) == expected


def test_ticket_type_filter(people):
    assert _names(people, {"ticket_types": [people["speaker"].pk]}) == {"Cat Speaker"}


def test_filters_combine(people):
    audience = {
        "ticket_types": [people["ada"].ticket_type_id],
        "booking_statuses": ["confirmed", "awaiting_payment", "cancelled"],
        "checked_in": "no",
        "districts": ["cambridge"],
    }
    assert _names(people, audience) == {"Ada Confirmed"}


def test_an_undone_check_in_does_not_count(people):
    check_in = people["cat"].check_ins.get()
    checkin.undo_check_in(
        summit=people["summit"], check_in_id=check_in.pk, by=StaffUserFactory()
    )

    assert "Cat Speaker" in _names(people, {"checked_in": "no"})


@pytest.mark.parametrize(
    "order_status",
    [OrderStatus.EXPIRED, OrderStatus.UNCONFIRMED, OrderStatus.PENDING],
)
def test_cancelled_leaves_out_places_of_bookings_never_completed(people, order_status):
    order = OrderFactory(
        summit=people["summit"], status=order_status, reference="SA99-GONE"
    )
    AttendeeFactory(
        ticket_type=people["ada"].ticket_type,
        order=order,
        name="Never Confirmed",
        email="typed-by-a-stranger@example.org",
        status=AttendeeStatus.CANCELLED,
    )

    assert _names(people, {"booking_statuses": ["cancelled"]}) == {"Dan Cancelled"}


def _url(people):
    return reverse("summit_bulk_email", args=[people["summit"].pk])


# --- By registration answer ----------------------------------------------------------


@pytest.fixture
def questions(people):
    """Ada and Cat answered the strand question and the topics; only Ada said yes
    to dinner; Ben answered nothing."""
    summit = people["summit"]

    def question(label, kind, choices=""):
        return RegistrationQuestion.objects.create(
            summit=summit, label=label, kind=kind, choices=choices
        )

    strand = question("Which strand?", QuestionKind.CHOICE, "Housing\nTransport")
    topics = question("Topics", QuestionKind.MULTIPLE_CHOICE, "Buses\nTrains\nBikes")
    dinner = question("Staying for dinner?", QuestionKind.YES_NO)
    question("Anything else?", QuestionKind.TEXT)  # not offered: free text
    now = timezone.now()
    save_answers(
        attendee=people["ada"],
        answers={
            strand.pk: "Transport",
            topics.pk: ["Buses", "Trains"],
            dinner.pk: True,
        },
        at=now,
    )
    save_answers(
        attendee=people["cat"],
        answers={strand.pk: "Housing", topics.pk: ["Trains"], dinner.pk: False},
        at=now,
    )
    return {"strand": strand, "topics": topics, "dinner": dinner}


def _answer(question, value):
    return {"question": question.pk, "question_label": question.label, "value": value}


@pytest.mark.parametrize(
    "question, value, expected",
    [
        ("strand", "Transport", {"Ada Confirmed"}),
        ("strand", "Housing", {"Cat Speaker"}),
        ("topics", "Trains", {"Ada Confirmed", "Cat Speaker"}),
        ("topics", "Bikes", set()),
        ("dinner", True, {"Ada Confirmed"}),
        ("dinner", False, {"Cat Speaker"}),
    ],
)
def test_the_answer_filter(people, questions, question, value, expected):
    audience = {"answer": _answer(questions[question], value)}

    assert _names(people, audience) == expected


def test_the_answer_filter_combines_with_the_others(people, questions):
    trains = {"answer": _answer(questions["topics"], "Trains")}

    assert _names(people, {**trains, "checked_in": "no"}) == {"Ada Confirmed"}
    assert _names(people, {**trains, "ticket_types": [people["speaker"].pk]}) == {
        "Cat Speaker"
    }
    assert _names(people, {**trains, "districts": ["peterborough"]}) == set()


def test_the_form_offers_each_answer_of_the_choice_and_yes_no_questions(
    manager_client, people, questions
):
    response = manager_client.get(_url(people))

    options = dict(response.context["form"].fields["answer"].choices)
    assert options == {
        "": "Anyone, whatever they answered",
        f"{questions['strand'].pk}:Housing": "Which strand?: Housing",
        f"{questions['strand'].pk}:Transport": "Which strand?: Transport",
        f"{questions['topics'].pk}:Buses": "Topics: Buses",
        f"{questions['topics'].pk}:Trains": "Topics: Trains",
        f"{questions['topics'].pk}:Bikes": "Topics: Bikes",
        f"{questions['dinner'].pk}:yes": "Staying for dinner?: Yes",
        f"{questions['dinner'].pk}:no": "Staying for dinner?: No",
    }
    assert 'name="answer"' in response.text


def test_without_questions_the_form_has_no_answer_filter(manager_client, people):
    response = manager_client.get(_url(people))

    assert 'name="answer"' not in response.text


def test_an_email_by_answer_is_sent_to_those_who_gave_it_and_logged(
    manager_client, people, questions, django_capture_on_commit_callbacks
):
    chosen = {
        **MESSAGE,
        "answer": f"{questions['dinner'].pk}:yes",
        "booking_statuses": ["confirmed"],
    }
    preview = manager_client.post(_url(people), {**chosen, "preview": "1"})
    assert "This goes to 1 person." in preview.text
    assert "Registration answer: Staying for dinner?: Yes" in preview.text

    send_key = preview.context["form"]["send_key"].value()
    with django_capture_on_commit_callbacks(execute=True):
        manager_client.post(_url(people), {**chosen, "send_key": send_key, "send": "1"})

    assert [m.to for m in mail.outbox] == [[people["ada"].email]]
    email = BulkEmail.objects.get()
    assert email.audience == {
        "booking_statuses": ["confirmed"],
        "answer": {
            "question": questions["dinner"].pk,
            "question_label": "Staying for dinner?",
            "value": True,
        },
    }
    log = manager_client.get(
        reverse("summit_bulk_email_log", args=[people["summit"].pk, email.pk])
    )
    assert "Registration answer: Staying for dinner?: Yes" in log.text
    assert "since deleted" not in log.text


def test_a_question_deleted_after_the_email_was_saved_matches_nobody(
    manager_client, people, questions
):
    email = BulkEmail.objects.create(
        summit=people["summit"],
        subject="Hi",
        body="Hi",
        audience={"answer": _answer(questions["strand"], "Transport")},
    )
    questions["strand"].delete()

    sending.send_bulk_email(bulk_email=email)
    log = manager_client.get(
        reverse("summit_bulk_email_log", args=[people["summit"].pk, email.pk])
    )

    email.refresh_from_db()
    assert (email.sent, email.failed) == (0, 0)
    assert not mail.outbox
    assert log.status_code == 200
    assert "Which strand?: Transport (question since deleted: matches nobody)" in (
        log.text
    )


@pytest.mark.parametrize(
    "answer", [{"question": "x"}, {"question": 999999, "value": "A"}, "Transport"]
)
def test_a_stored_answer_filter_that_makes_no_sense_matches_nobody(people, answer):
    assert _names(people, {"answer": answer}) == set()


def test_an_answer_no_longer_offered_is_a_form_error(manager_client, people, questions):
    data = {**MESSAGE, "answer": f"{questions['strand'].pk}:Transport", "preview": "1"}
    questions["strand"].delete()

    response = manager_client.post(_url(people), data)

    assert response.status_code == 400
    assert "Choose an answer from the list" in response.text
    assert not BulkEmail.objects.exists()


def test_an_answer_filter_takes_the_same_queries_whatever_the_audience(
    manager_client, people, questions
):
    data = {**MESSAGE, "answer": f"{questions['topics'].pk}:Trains", "preview": "1"}

    def queries():
        with CaptureQueriesContext(connection) as captured:
            response = manager_client.post(_url(people), data)
        assert response.status_code == 200
        return len(captured)

    queries()  # the first request fills what a live site keeps (tests/queries.py)
    before = queries()
    for number in range(15):
        more = AttendeeFactory(ticket_type=people["ada"].ticket_type, name=f"M{number}")
        save_answers(
            attendee=more,
            answers={questions["topics"].pk: ["Trains"]},
            at=timezone.now(),
        )
    assert queries() == before


def test_preview_counts_the_audience_and_shows_a_sample(manager_client, people):
    response = manager_client.post(
        _url(people),
        {**MESSAGE, "booking_statuses": ["confirmed"], "preview": "1"},
    )

    assert response.status_code == 200
    assert "This goes to 2 people." in response.text
    assert "Send to 2 people" in response.text
    assert "Hello Sample Person," in response.text
    assert "Ada Confirmed" not in response.text
    assert not mail.outbox


def test_preview_takes_the_same_queries_whatever_the_audience(manager_client, people):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            manager_client.post(_url(people), {**MESSAGE, "preview": "1"})
        return len(captured)

    queries()  # the first request fills what a live site keeps (tests/queries.py)
    before = queries()
    for number in range(15):
        AttendeeFactory(ticket_type=people["ada"].ticket_type, name=f"More {number}")
    assert queries() == before


def test_nobody_in_the_audience_is_a_form_error_and_sends_nothing(
    manager_client, people, django_capture_on_commit_callbacks
):
    audience = {"organisation_types": ["business"], "send_key": "k" * 32}

    preview = manager_client.post(_url(people), {**MESSAGE, **audience, "preview": "1"})
    with django_capture_on_commit_callbacks(execute=True):
        send = manager_client.post(_url(people), {**MESSAGE, **audience, "send": "1"})

    for response in (preview, send):
        assert response.status_code == 400
        assert "Nobody is in this audience" in response.text
    assert not BulkEmail.objects.exists()
    assert not mail.outbox


def test_test_send_goes_only_to_the_sender(manager_client, people, manager):
    response = manager_client.post(_url(people), {**MESSAGE, "test": "1"}, follow=True)

    assert response.status_code == 200
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["manager@example.org"]
    assert mail.outbox[0].subject == "[Test] Joining instructions"
    assert "Hello Sample Person," in mail.outbox[0].body
    assert not BulkEmail.objects.exists()
    assert not SentEmail.objects.exists()
    assert "A test was sent to manager@example.org" in response.text


def test_test_send_is_rate_limited(manager_client, people, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "bulk-email-test": (1, 600)}
    manager_client.post(_url(people), {**MESSAGE, "test": "1"})

    response = manager_client.post(_url(people), {**MESSAGE, "test": "1"})

    assert response.status_code == 429
    assert len(mail.outbox) == 1


def test_send_needs_the_preview_then_sends_once_and_logs_each_recipient(
    manager_client, people, django_capture_on_commit_callbacks
):
    chosen = {**MESSAGE, "booking_statuses": ["confirmed"]}
    without_preview = manager_client.post(_url(people), {**chosen, "send": "1"})
    assert "Send to 2 people" in without_preview.text  # shown the preview instead
    assert not BulkEmail.objects.exists()

    send_key = without_preview.context["form"]["send_key"].value()
    with django_capture_on_commit_callbacks(execute=True):
        first = manager_client.post(
            _url(people), {**chosen, "send_key": send_key, "send": "1"}
        )
        again = manager_client.post(
            _url(people), {**chosen, "send_key": send_key, "send": "1"}, follow=True
        )

    assert first.status_code == 302
    assert "was sent already" in again.text
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [people["ada"].email, people["cat"].email]
    )
    email = BulkEmail.objects.get()
    assert email.audience == {"booking_statuses": ["confirmed"]}
    assert (email.sent, email.failed, email.total) == (2, 0, 2)

    # Run again (a worker restarted): nobody gets it twice.
    sending.send_bulk_email(bulk_email=email)
    assert len(mail.outbox) == 2
    assert BulkEmailRecipient.objects.count() == 2

    log = manager_client.get(
        reverse("summit_bulk_email_log", args=[people["summit"].pk, email.pk])
    )
    assert log.status_code == 200
    assert "Ada Confirmed" in log.text
    assert people["cat"].email in log.text
    assert "Ben Invoice" not in log.text
    assert "Confirmed and paid" in log.text  # the audience as chosen

    export = manager_client.get(
        reverse("summit_bulk_email_log", args=[people["summit"].pk, email.pk]),
        {"export": "csv"},
    )
    rows = export.content.decode().splitlines()
    assert rows[0].startswith("Name,Email")
    assert len(rows) == 3
    assert any("Ada Confirmed" in row and "Sent" in row for row in rows)


def test_a_failed_address_is_logged_as_failed(people, monkeypatch):
    email = BulkEmail.objects.create(
        summit=people["summit"],
        subject="Hi",
        body="Hi",
        audience={"ticket_types": [people["speaker"].pk]},
    )

    def refuse(**kwargs):
        raise OSError("mail server down")

    monkeypatch.setattr(sending, "send_templated_email_once", refuse)
    sending.send_bulk_email(bulk_email=email)

    email.refresh_from_db()
    assert (email.sent, email.failed) == (0, 1)
    assert BulkEmailRecipient.objects.get().sent is False


def test_the_log_pages_recipients(manager_client, people):
    email = BulkEmail.objects.create(summit=people["summit"], subject="Hi", body="Hi")
    for number in range(55):
        AttendeeFactory(ticket_type=people["ada"].ticket_type, name=f"Zed {number:02d}")
    sending.send_bulk_email(bulk_email=email)
    url = reverse("summit_bulk_email_log", args=[people["summit"].pk, email.pk])

    first = manager_client.get(url)
    second = manager_client.get(url, {"p": "2"})

    assert "Page 1 of 2" in first.text
    assert "Zed 54" in second.text
    assert "Zed 54" not in first.text


@pytest.mark.parametrize(
    "data",
    [
        {**MESSAGE, "ticket_types": ["abc"], "preview": "1"},
        {**MESSAGE, "ticket_types": ["999999"], "preview": "1"},
        {**MESSAGE, "booking_statuses": ["held"], "preview": "1"},
        {**MESSAGE, "checked_in": "maybe", "preview": "1"},
        {**MESSAGE, "districts": ["atlantis"], "send": "1"},
        {**MESSAGE, "answer": "1:Nothing", "preview": "1"},
        {**MESSAGE, "answer": "not-an-answer", "send": "1"},
        {**MESSAGE, "send_key": "<script>", "send": "1"},
        {"subject": "", "body": "", "test": "1"},
    ],
)
def test_bad_posts_are_4xx_and_write_nothing(manager_client, people, data):
    response = manager_client.post(_url(people), data)

    assert response.status_code == 400
    assert not BulkEmail.objects.exists()
    assert not mail.outbox


@pytest.mark.parametrize("group", ["Editors", "Moderators", "Check-in staff"])
def test_other_staff_are_refused_and_nothing_is_written(client, people, group):
    email = BulkEmail.objects.create(summit=people["summit"], subject="Hi", body="Hi")
    sending.send_bulk_email(bulk_email=email)
    mail.outbox.clear()
    client.force_login(StaffUserFactory(groups=[group]))
    log_url = reverse("summit_bulk_email_log", args=[people["summit"].pk, email.pk])

    for response in (
        client.get(_url(people)),
        client.post(_url(people), {**MESSAGE, "test": "1"}),
        client.post(_url(people), {**MESSAGE, "send_key": "k" * 32, "send": "1"}),
        client.get(log_url),
        client.get(log_url, {"export": "csv"}),
    ):
        # Wagtail answers a refusal in its admin with a redirect to the admin home
        # and a message (403 to a request that isn't a page's).
        assert response.status_code in (302, 403)
        assert b"Ada Confirmed" not in response.content
    assert BulkEmail.objects.count() == 1
    assert not mail.outbox


def test_an_email_of_another_summit_has_no_log_here(
    manager_client, people, summit_index
):
    from tests.factories.events import SummitPageFactory  # only this test needs it

    other = SummitPageFactory(parent=summit_index)
    email = BulkEmail.objects.create(summit=other, subject="Hi", body="Hi")

    response = manager_client.get(
        reverse("summit_bulk_email_log", args=[people["summit"].pk, email.pk])
    )

    assert response.status_code == 404


def test_the_log_takes_the_same_queries_whatever_the_recipients(manager_client, people):
    email = BulkEmail.objects.create(summit=people["summit"], subject="Hi", body="Hi")
    sending.send_bulk_email(bulk_email=email)
    url = reverse("summit_bulk_email_log", args=[people["summit"].pk, email.pk])

    def queries():
        with CaptureQueriesContext(connection) as captured:
            manager_client.get(url)
        return len(captured)

    before = queries()
    for number in range(12):
        attendee = AttendeeFactory(
            ticket_type=people["ada"].ticket_type, name=f"More {number}"
        )
        BulkEmailRecipient.objects.create(
            bulk_email=email, attendee=attendee, sent=True, at=email.created_at
        )
    assert queries() == before


def _previewed(manager_client, people, data):
    preview = manager_client.post(_url(people), {**data, "preview": "1"})
    return preview.context["form"]["send_key"].value()


@pytest.mark.parametrize(
    "change",
    [
        {"organisation_types": []},  # the filter unticked: everyone confirmed
        {"organisation_types": ["public-sector"]},
        {"body": "Words nobody previewed"},
        {"subject": "Another subject"},
    ],
)
def test_send_refuses_anything_but_what_was_previewed(
    manager_client, people, change, django_capture_on_commit_callbacks
):
    previewed = {**MESSAGE, "organisation_types": ["voluntary"]}  # Ada only
    send_key = _previewed(manager_client, people, previewed)

    with django_capture_on_commit_callbacks(execute=True):
        response = manager_client.post(
            _url(people), {**previewed, **change, "send_key": send_key, "send": "1"}
        )

    assert response.status_code == 409
    assert "preview again" in response.text
    assert not BulkEmail.objects.exists()
    assert not mail.outbox


def test_send_refuses_a_forged_or_other_summits_key(
    manager_client, people, summit_index, django_capture_on_commit_callbacks
):
    from tests.factories.events import SummitPageFactory  # only this test needs it

    other = SummitPageFactory(parent=summit_index, title="Another summit")
    other_key = sending.make_send_key(summit=other, audience={}, **MESSAGE)
    own_key = _previewed(manager_client, people, MESSAGE)
    forged = own_key[:-4] + ("AAAA" if not own_key.endswith("AAAA") else "BBBB")

    with django_capture_on_commit_callbacks(execute=True):
        responses = [
            manager_client.post(_url(people), {**MESSAGE, "send_key": key, "send": "1"})
            for key in (forged, other_key, "k" * 32)
        ]

    assert [response.status_code for response in responses] == [409, 409, 409]
    assert not BulkEmail.objects.exists()
    assert not mail.outbox


def test_send_sends_exactly_the_preview_once(
    manager_client, people, django_capture_on_commit_callbacks
):
    previewed = {**MESSAGE, "organisation_types": ["voluntary"]}
    send_key = _previewed(manager_client, people, previewed)

    with django_capture_on_commit_callbacks(execute=True):
        first = manager_client.post(
            _url(people), {**previewed, "send_key": send_key, "send": "1"}
        )
        again = manager_client.post(
            _url(people), {**previewed, "send_key": send_key, "send": "1"}, follow=True
        )

    assert first.status_code == 302
    assert "was sent already" in again.text
    assert [message.to for message in mail.outbox] == [[people["ada"].email]]
    assert "Doors open at 8:30." in mail.outbox[0].body
    assert BulkEmail.objects.get().audience == {"organisation_types": ["voluntary"]}
