"""The scheduled `send_feedback_surveys`, with the clock moved past the summit."""

import datetime
import io

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from events.choices import AttendeeStatus
from events.feedback import emails, services
from events.models import CheckIn, FeedbackInvitation, FeedbackSurvey
from tests.factories.events import AttendeeFactory

pytestmark = pytest.mark.django_db


def run(at):
    out = io.StringIO()
    with time_machine.travel(at, tick=False):
        call_command("send_feedback_surveys", stdout=out)
    return out.getvalue()


def recipients():
    return sorted(address for message in mail.outbox for address in message.to)


def test_nothing_is_sent_before_0800_the_day_after(ada, morning_after):
    run(ada.summit.end + datetime.timedelta(hours=1))
    run(morning_after - datetime.timedelta(minutes=1))

    assert mail.outbox == []
    assert not FeedbackInvitation.objects.exists()


def test_the_morning_after_everyone_confirmed_gets_a_personal_link_once(
    ada, delegate, morning_after
):
    CheckIn.objects.create(
        attendee=ada, summit=ada.summit, checked_in_at=ada.summit.start, source="search"
    )
    no_show = AttendeeFactory(ticket_type=delegate, email="ben@example.org")
    AttendeeFactory(
        ticket_type=delegate,
        email="cancelled@example.org",
        status=AttendeeStatus.CANCELLED,
    )
    AttendeeFactory(
        ticket_type=delegate, email="held@example.org", status=AttendeeStatus.PENDING
    )

    output = run(morning_after)

    assert "2 links made, 2 emails sent" in output
    assert recipients() == ["ada@example.org", "ben@example.org"]
    message = next(m for m in mail.outbox if m.to == ["ada@example.org"])
    assert "How was" in message.subject
    link = FeedbackInvitation.objects.get(attendee=ada).token
    assert len(link) >= 32
    assert f"/feedback/{link}/" in message.body
    html = message.alternatives[0][0]
    assert f"/feedback/{link}/" in html
    assert no_show.feedback_invitation.token != link

    run(morning_after + datetime.timedelta(hours=1))
    run(morning_after + datetime.timedelta(days=2))
    assert len(mail.outbox) == 2  # once per place, ever


def test_a_place_confirmed_later_gets_it_on_the_next_run(ada, delegate, morning_after):
    run(morning_after)
    late = AttendeeFactory(ticket_type=delegate, email="late@example.org")

    run(morning_after + datetime.timedelta(hours=1))

    assert recipients() == ["ada@example.org", "late@example.org"]
    assert late.feedback_invitation


def test_nothing_is_sent_once_the_survey_has_closed(ada, morning_after):
    FeedbackSurvey.objects.create(summit=ada.summit, open_days=3)

    run(morning_after + datetime.timedelta(days=3))

    assert mail.outbox == []


def test_a_failed_email_is_tried_again_on_the_next_run(ada, morning_after, monkeypatch):
    real = emails.send_survey

    def broken(invitation, survey):
        raise OSError("mail server down")

    monkeypatch.setattr(emails, "send_survey", broken)
    assert "1 failed" in run(morning_after)
    monkeypatch.setattr(emails, "send_survey", real)

    run(morning_after + datetime.timedelta(hours=1))

    assert recipients() == ["ada@example.org"]


def test_runs_that_overlap_count_only_the_links_they_made(
    ada, delegate, morning_after, monkeypatch
):
    AttendeeFactory(ticket_type=delegate, email="ben@example.org")
    # Another run already invited Ada between this run's reading and writing.
    FeedbackInvitation.objects.create(summit=ada.summit, attendee=ada)
    real_recipients = services.recipients

    def read_before_the_other_run(summit):
        return real_recipients(summit).model.objects.filter(
            summit=summit, email__in=["ada@example.org", "ben@example.org"]
        )

    monkeypatch.setattr(services, "recipients", read_before_the_other_run)
    made = services.invite_attendees(summit=ada.summit, now=morning_after)

    assert made == 1
    assert FeedbackInvitation.objects.count() == 2
