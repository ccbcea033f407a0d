"""What organisers see: the dashboard's feedback panel, the CSV, the year-on-year
figures; anonymous unless the respondent agreed; a fixed number of queries."""

import csv
import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from events.feedback import reports, services
from events.models import FeedbackInvitation
from framework.models import Commitment
from tests.factories import StaffUserFactory
from tests.factories.events import AttendeeFactory

pytestmark = pytest.mark.django_db


def answer(
    attendee,
    now,
    *,
    overall,
    come_again="yes",
    comments="",
    show_name=False,
    ratings=(),
):
    services.invite_attendees(summit=attendee.summit, now=now)
    invitation = FeedbackInvitation.objects.get(attendee=attendee)
    FeedbackInvitation.objects.filter(summit=attendee.summit).update(emailed_at=now)
    return services.save_response(
        invitation=invitation,
        survey=services.survey_for(attendee.summit),
        overall=overall,
        come_again=come_again,
        comments=comments,
        show_name=show_name,
        ratings=ratings,
        booked_ids=[session.pk for session, _score in ratings][:1],
    )


@pytest.fixture
def answered(ada, delegate, workshop, keynote, after_the_summit):
    commitment = Commitment.objects.first()
    workshop.commitments.set([commitment])
    workshop.save()
    ben = AttendeeFactory(ticket_type=delegate, name="Ben Named", email="ben@x.org")
    AttendeeFactory(ticket_type=delegate, email="silent@example.org")
    answer(
        ada,
        after_the_summit,
        overall=5,
        comments="Loved the workshop.",
        ratings=[(workshop, 5), (keynote, 4)],
    )
    answer(
        ben,
        after_the_summit,
        overall=3,
        come_again="not_sure",
        comments="Too hot in the hall.",
        show_name=True,
        ratings=[(workshop, 3)],
    )
    return {"commitment": commitment, "ben": ben}


def test_the_figures_count_sent_answered_average_and_come_again(answered, summit):
    figures = reports.feedback_figures(summit)

    assert (figures.sent, figures.responses) == (3, 2)
    assert figures.response_rate == 67
    assert figures.average_overall == 4.0
    assert figures.come_again_share == 50


def test_the_report_scores_sessions_and_commitments(answered, summit, workshop):
    report = reports.feedback_report(summit)

    sessions = {
        line.label: (line.average, line.count, line.booked) for line in report.sessions
    }
    assert sessions == {"Opening keynote": (4.0, 1, 0), workshop.title: (4.0, 2, 2)}
    assert [(line.label, line.average, line.count) for line in report.commitments] == [
        (answered["commitment"].name, 4.0, 2)
    ]
    assert [(bar.label, bar.count) for bar in report.distribution] == [
        ("5", 1),
        ("4", 0),
        ("3", 1),
        ("2", 0),
        ("1", 0),
    ]


def test_comments_are_anonymous_unless_the_person_agreed(answered, summit):
    comments = {c.text: c.name for c in reports.comments(summit)}

    assert comments == {"Loved the workshop.": "", "Too hot in the hall.": "Ben Named"}


def test_the_export_names_no_one_who_did_not_agree(answered, summit):
    rows = list(reports.export_rows(summit))

    anonymous = next(row for row in rows if row["comments"] == "Loved the workshop.")
    named = next(row for row in rows if row["comments"] == "Too hot in the hall.")
    assert (anonymous["name"], anonymous["attendee_id"]) == ("", "")
    assert (named["name"], named["attendee_id"]) == ("Ben Named", answered["ben"].pk)
    assert "Ada" not in str(rows) and "ada@example.org" not in str(rows)


def test_managers_see_the_panel_and_download_the_csv(client, answered, summit):
    client.force_login(StaffUserFactory(groups=["Event managers"]))

    page = client.get(reverse("summit_dashboard", args=[summit.pk]))
    download = client.get(reverse("summit_feedback_csv", args=[summit.pk]))

    assert page.status_code == 200
    assert "2 / 3" in page.text and "4.0 / 5" in page.text
    assert "Too hot in the hall." in page.text and "Ben Named" in page.text
    assert "Ada Example" not in page.text
    assert download.status_code == 200
    rows = list(csv.DictReader(io.StringIO(download.content.decode("utf-8-sig"))))
    assert len(rows) == 2 and "Ada Example" not in download.content.decode()


def test_others_may_not_download_the_answers(client, answered, summit):
    client.force_login(StaffUserFactory(groups=["Editors"]))

    response = client.get(reverse("summit_feedback_csv", args=[summit.pk]))

    assert response.status_code in (302, 403)
    assert "Too hot" not in response.content.decode()


def test_the_report_takes_a_fixed_number_of_queries(
    answered, summit, delegate, workshop, after_the_summit
):
    def count():
        with CaptureQueriesContext(connection) as queries:
            reports.feedback_report(summit)
            list(reports.export_rows(summit))
        return len(queries)

    before = count()
    for number in range(5):
        person = AttendeeFactory(ticket_type=delegate, email=f"more{number}@x.org")
        answer(
            person,
            after_the_summit,
            overall=4,
            comments="Fine.",
            show_name=True,
            ratings=[(workshop, 4)],
        )

    assert count() == before == 11


def test_deleting_a_session_keeps_its_ratings_under_its_title(
    answered, summit, workshop
):
    title = workshop.title
    workshop.delete()

    report = reports.feedback_report(summit)
    rows = list(reports.export_rows(summit))

    sessions = {line.label: (line.average, line.count) for line in report.sessions}
    assert sessions[title] == (4.0, 2)
    assert f"{title}: 5" in next(
        row["session_ratings"] for row in rows if row["overall"] == 5
    )
    assert reports.feedback_figures(summit).responses == 2


def test_the_csv_dates_an_answer_by_the_uk_calendar(summit, ada, after_the_summit):
    answer(ada, after_the_summit, overall=4)
    # 00:30 on 5 July in the UK (BST) is 23:30 on 4 July in UTC.
    submitted = datetime.datetime(2026, 7, 4, 23, 30, tzinfo=datetime.UTC)
    services.FeedbackResponse.objects.update(submitted_at=submitted)

    (row,) = reports.export_rows(summit)

    assert row["submitted"] == "2026-07-05"
