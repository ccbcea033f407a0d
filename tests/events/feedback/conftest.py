import datetime

import pytest
import time_machine

from events.choices import SessionType
from events.feedback import services
from events.models import FeedbackInvitation
from events.models.feedback import survey_opens_at
from tests.factories.events import (
    AttendeeFactory,
    SessionFactory,
    TicketTypeFactory,
)


@pytest.fixture
def workshop(summit):
    return SessionFactory(
        summit=summit,
        title="Bus routes for market towns",
        session_type=SessionType.WORKSHOP,
        at=(11, 0),
    )


@pytest.fixture
def keynote(summit):
    return SessionFactory(
        summit=summit,
        title="Opening keynote",
        session_type=SessionType.KEYNOTE,
        at=(9, 30),
    )


@pytest.fixture
def delegate(summit):
    return TicketTypeFactory(summit=summit, name="Delegate place")


@pytest.fixture
def ada(delegate, workshop):
    attendee = AttendeeFactory(
        ticket_type=delegate, name="Ada Example", email="ada@example.org"
    )
    attendee.workshops.set([workshop])
    return attendee


@pytest.fixture
def morning_after(summit):
    """08:00 UK time the day after the summit: the survey goes out."""
    return survey_opens_at(summit)


@pytest.fixture
def after_the_summit(morning_after):
    """The clock moved to an hour after the survey went out."""
    with time_machine.travel(morning_after + datetime.timedelta(hours=1), tick=False):
        yield morning_after + datetime.timedelta(hours=1)


@pytest.fixture
def invitation(ada, after_the_summit):
    services.invite_attendees(summit=ada.summit, now=after_the_summit)
    return FeedbackInvitation.objects.get(attendee=ada)
