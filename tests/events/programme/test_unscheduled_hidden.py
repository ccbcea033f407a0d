"""Unscheduled sessions (made from confirmed proposals, no time yet): on no public
page, feed or email, yet seen by Wagtail, the admin and `dumpdata` through
`Session.objects` (docs/proposals.md#decisions-and-the-programme)."""

import datetime
import io
import json

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from modelsearch.tasks import insert_or_update_object_task
from wagtail.models import ReferenceIndex
from wagtail.tasks import update_reference_index_task

from events.booking import emails
from events.booking.forms import AttendeeForm
from events.choices import SessionType
from events.feedback.services import sessions_to_rate
from events.models import AgendaItem, FeedbackSurvey, Session, TicketType
from events.programme.listing import load_programme
from framework.models import Commitment
from framework.site_setup import setup_showcase
from tests.factories import StaffUserFactory
from tests.factories.accounts import VerifiedUserFactory
from tests.factories.events import AttendeeFactory, SessionFactory, TicketTypeFactory
from tests.factories.speakers import SpeakerFactory

pytestmark = pytest.mark.django_db

HIDDEN = ("Not yet placed", "Unplaced workshop", "Drafty Speaker")


@pytest.fixture
def homes(summit):
    return Commitment.objects.get(slug="homes-for-all")


@pytest.fixture
def drafts(summit, homes):
    """A keynote and a workshop as a confirmed proposal leaves them: no time."""
    unscheduled = {"start": None, "end": None}
    return {
        "keynote": SessionFactory(
            summit=summit,
            title="Not yet placed",
            slug="not-yet",
            session_type=SessionType.KEYNOTE,
            speakers=[SpeakerFactory(name="Drafty Speaker", slug="drafty")],
            commitments=[homes],
            **unscheduled,
        ),
        "workshop": SessionFactory(
            summit=summit,
            title="Unplaced workshop",
            slug="unplaced-workshop",
            session_type=SessionType.WORKSHOP,
            **unscheduled,
        ),
    }


@pytest.fixture
def placed(summit):
    return {
        "keynote": SessionFactory(
            summit=summit,
            title="Placed keynote",
            session_type=SessionType.KEYNOTE,
            at=(9, 30),
            speakers=[SpeakerFactory(name="Pat Placed")],
        ),
        "workshop": SessionFactory(
            summit=summit,
            title="Placed workshop",
            session_type=SessionType.WORKSHOP,
            at=(11, 0),
        ),
    }


@pytest.fixture
def holder(db):
    return VerifiedUserFactory(email="holder@example.org")


@pytest.fixture
def place(summit, drafts, placed, holder):
    """A place that booked and starred both drafts (as if they had been offered
    and scheduled before), and the placed workshop."""
    ticket_type = TicketTypeFactory(summit=summit)
    ticket_type.workshops.set([placed["workshop"]])
    attendee = AttendeeFactory(ticket_type=ticket_type, email="holder@example.org")
    attendee.workshops.set([drafts["workshop"], placed["workshop"]])
    for session in drafts.values():
        AgendaItem.objects.create(attendee=attendee, session=session)
    return attendee


def _hides_drafts(text):
    return not [hidden for hidden in HIDDEN if hidden in text]


PUBLIC_PAGES = {
    "summit page": lambda summit, place: summit.url,
    "programme": lambda summit, place: reverse("events:programme", args=[summit.slug]),
    "programme json": lambda summit, place: reverse(
        "events:programme_json", args=[summit.slug]
    ),
    "programme calendar": lambda summit, place: reverse(
        "events:programme_calendar", args=[summit.slug]
    ),
    "summit speakers": lambda summit, place: reverse(
        "events:speakers", args=[summit.slug]
    ),
    "commitment showcase": lambda summit, place: "/showcase/equitable/homes-for-all/",
    "search": lambda summit, place: "/search/?q=placed",
    "sitemap": lambda summit, place: "/sitemap.xml",
    "ticket page": lambda summit, place: reverse(
        "events:ticket", args=[place.manage_token]
    ),
    "ticket agenda": lambda summit, place: reverse(
        "events:ticket_agenda", args=[place.manage_token]
    ),
    "ticket calendar": lambda summit, place: reverse(
        "events:ticket_calendar", args=[place.manage_token]
    ),
    "personal calendar feed": lambda summit, place: place.get_calendar_feed_url(),
}


@pytest.mark.parametrize("surface", PUBLIC_PAGES)
def test_no_public_page_shows_an_unscheduled_session(client, summit, place, surface):
    setup_showcase()
    response = client.get(PUBLIC_PAGES[surface](summit, place))

    assert response.status_code == 200
    assert _hides_drafts(response.content.decode())


def test_the_signed_in_agenda_shows_no_unscheduled_session(
    client, summit, place, holder
):
    client.force_login(holder)
    page = client.get(reverse("events:my_agenda", args=[summit.slug]))

    assert page.status_code == 200
    assert "Placed workshop" in page.text
    assert _hides_drafts(page.text)


@pytest.mark.parametrize("route", ["events:session", "events:session_calendar"])
def test_an_unscheduled_session_has_no_page(client, summit, drafts, route):
    url = reverse(route, args=[summit.slug, drafts["keynote"].slug])

    assert client.get(url).status_code == 404


def test_a_speaker_of_unscheduled_sessions_only_has_no_profile(client, drafts):
    url = reverse("speakers:speaker", args=["drafty"])

    assert client.get(url).status_code == 404


def test_the_programme_filter_offers_no_commitment_of_unscheduled_sessions_only(
    client, summit, drafts, placed
):
    page = client.get(reverse("events:programme", args=[summit.slug])).text

    assert "Placed keynote" in page
    assert 'value="homes-for-all"' not in page


def test_the_programme_pdf_json_and_calendar_read_scheduled_sessions_only(
    summit, drafts, placed
):
    """`load_programme` is what the PDF, the JSON and the calendars list."""
    titles = {session.title for session in load_programme(summit).sessions}

    assert titles == {"Placed keynote", "Placed workshop"}


def test_an_unscheduled_session_cannot_be_starred(
    client, summit, drafts, place, holder
):
    AgendaItem.objects.all().delete()
    client.force_login(holder)
    response = client.post(
        reverse("events:my_agenda", args=[summit.slug]),
        {"session": drafts["keynote"].pk, "action": "star"},
    )

    assert response.status_code == 400
    assert not AgendaItem.objects.exists()


def test_booking_offers_no_unscheduled_workshop(summit, drafts, placed):
    ticket_type = TicketTypeFactory(
        summit=summit, workshops=[drafts["workshop"], placed["workshop"]]
    )
    form = AttendeeForm(summit=summit, ticket_type=ticket_type)

    assert list(form.fields["workshops"].queryset) == [placed["workshop"]]


def test_a_ticket_type_cannot_offer_an_unscheduled_workshop(summit, drafts, placed):
    form_class = TicketType.snippet_viewset.get_edit_handler().get_form_class()
    form = form_class(instance=TicketType(summit=summit))

    assert list(form.fields["workshops"].queryset) == [placed["workshop"]]


def test_the_ticket_email_lists_no_unscheduled_workshop(place):
    emails.send_ticket(place)

    (message,) = mail.outbox
    assert "Placed workshop" in message.body
    assert _hides_drafts(message.body)


def test_the_feedback_survey_asks_about_no_unscheduled_session(summit, place):
    survey = FeedbackSurvey(summit=summit, ask_session_ratings=True)

    booked, others = sessions_to_rate(survey, place)

    assert [s.title for s in booked] == ["Placed workshop"]
    assert [s.title for s in others] == ["Placed keynote"]


def test_the_summit_dates_can_move_with_unscheduled_sessions(summit, drafts):
    summit.start += datetime.timedelta(days=1)
    summit.end += datetime.timedelta(days=1)

    summit.full_clean()


# Where every session must be seen ---------------------------------------------


def test_wagtail_indexes_an_unscheduled_session(drafts):
    draft = drafts["keynote"]
    ReferenceIndex.objects.all().delete()

    update_reference_index_task.call("events", "session", str(draft.pk))
    insert_or_update_object_task.call("events", "session", str(draft.pk))

    assert ReferenceIndex.get_references_for_object(draft).exists()


@pytest.mark.parametrize("action", ["edit", "history", "usage", "copy", "delete"])
def test_the_admin_opens_an_unscheduled_session(client, drafts, action):
    client.force_login(StaffUserFactory(is_superuser=True))
    url = reverse(
        Session.snippet_viewset.get_url_name(action), args=[drafts["keynote"].pk]
    )

    assert client.get(url).status_code == 200


def test_dumpdata_keeps_unscheduled_sessions(drafts):
    out = io.StringIO()
    call_command("dumpdata", "events.session", stdout=out)

    titles = {row["fields"]["title"] for row in json.loads(out.getvalue())}
    assert {"Not yet placed", "Unplaced workshop"} <= titles


def test_a_commitment_tagged_only_on_an_unscheduled_session_stays(drafts, homes):
    assert list(Session.tagged_with(homes)) == [drafts["keynote"]]
    assert list(homes.events_session_tagged.all()) == [drafts["keynote"]]
