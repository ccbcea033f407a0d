"""Year-on-year figures (events/year_on_year.py) and their table on the
summit dashboard."""

import pytest
from django.urls import reverse

from events import year_on_year
from events.choices import AttendeeStatus, ComeAgain
from events.door import services as checkin
from events.feedback.reports import feedback_figures
from events.models import FeedbackInvitation, FeedbackResponse
from events.year_on_year import normalise_organisation
from tests.factories import StaffUserFactory
from tests.factories.events import (
    AttendeeFactory,
    SessionFactory,
    SummitPageFactory,
    TicketTypeFactory,
)
from tests.factories.framework import CommitmentFactory
from tests.queries import assert_same_queries, queries_of


@pytest.fixture
def manager_client(client, db):
    client.force_login(StaffUserFactory(groups=["Event managers"]))
    return client


def _edition(summit_index, *, days_ahead, organisations, arrived=0, commitment=None):
    """A summit with a named, confirmed place per (organisation, type, area), the
    first `arrived` of them checked in, and a session tagged `commitment`."""
    summit = SummitPageFactory(parent=summit_index, days_ahead=days_ahead)
    ticket_type = TicketTypeFactory(summit=summit)
    people = [
        AttendeeFactory(
            ticket_type=ticket_type,
            organisation=name,
            organisation_type=kind,
            district=district,
        )
        for name, kind, district in organisations
    ]
    staff = StaffUserFactory()
    for person in people[:arrived]:
        checkin.check_in(summit=summit, by=staff, reference=person.reference)
    SessionFactory(summit=summit, commitments=[commitment] if commitment else [])
    return summit


@pytest.fixture
def editions(summit_index, framework):
    """Last year (two organisations, one of them twice in other spellings, 2 of 3
    in) and this year (one returning, one new, nobody in yet)."""
    commitment = CommitmentFactory(name="Skills for all")
    last = _edition(
        summit_index,
        days_ahead=-330,
        organisations=[
            ("Fen Council", "public-sector", "fenland"),
            ("  fen   COUNCIL", "public-sector", "fenland"),
            ("Ely Trust", "voluntary", "east-cambridgeshire"),
        ],
        arrived=2,
        commitment=commitment,
    )
    AttendeeFactory(
        ticket_type=last.ticket_types.get(),
        organisation="Cancelled Ltd",
        status=AttendeeStatus.CANCELLED,
    )
    this = _edition(
        summit_index,
        days_ahead=30,
        organisations=[
            ("Fen council", "public-sector", "fenland"),
            ("March Works", "business", ""),
        ],
        commitment=commitment,
    )
    return last, this


def test_normalised_organisation_names():
    assert normalise_organisation("  Fen\t Council ") == "fen council"
    assert normalise_organisation("FEN COUNCIL") == normalise_organisation(
        "fen council"
    )


def test_figures_per_summit_oldest_first(editions):
    last, this = editions

    figures = year_on_year.year_on_year_figures()

    old, new = figures.editions
    assert (old.summit, new.summit) == (last, this)
    assert (old.booked, old.confirmed, old.arrived) == (3, 3, 2)
    assert old.attendance_rate == 67
    # Nobody can have arrived before the day: no rate rather than 0 %.
    assert new.attendance_rate is None
    assert len(old.organisations) == 2
    assert (old.new_organisations, old.returning_organisations) == (2, 0)
    assert (new.new_organisations, new.returning_organisations) == (1, 1)
    assert (old.sessions, new.sessions) == (1, 1)
    assert old.feedback_score is None


def test_sessions_never_given_a_time_were_not_in_the_programme(editions):
    last, this = editions
    commitment = last.sessions.get().commitments.get()
    SessionFactory(summit=last, start=None, end=None, commitments=[commitment])

    figures = year_on_year.year_on_year_figures()

    assert figures.editions[0].sessions == 1
    assert {row.label: row.counts for row in figures.commitments} == {
        "Skills for all": [1, 1]
    }


def _feedback(summit, *scores):
    for attendee, overall in zip(summit.attendees.all(), scores, strict=False):
        invitation = FeedbackInvitation.objects.create(summit=summit, attendee=attendee)
        FeedbackResponse.objects.create(
            invitation=invitation,
            summit=summit,
            overall=overall,
            come_again=ComeAgain.YES,
        )


def test_the_feedback_score_is_the_surveys_average_overall_score(editions):
    last, this = editions
    _feedback(last, 5, 4, 4)

    old, new = year_on_year.year_on_year_figures().editions

    assert old.feedback_score == feedback_figures(last).average_overall == 4.3
    assert new.feedback_score is None


def test_breakdowns_count_distinct_organisations(editions):
    figures = year_on_year.year_on_year_figures()

    types = {row.label: row.counts for row in figures.organisation_types}
    assert types == {
        "Public sector": [1, 1],
        "Business": [0, 1],
        "Voluntary or community": [1, 0],
    }
    areas = {row.label: row.counts for row in figures.districts}
    assert areas["Fenland"] == [1, 1]
    assert areas["Not given"] == [0, 1]
    assert {row.label: row.counts for row in figures.commitments} == {
        "Skills for all": [1, 1]
    }


def test_the_dashboard_shows_the_table(manager_client, editions):
    last, this = editions

    response = manager_client.get(reverse("summit_dashboard", args=[this.pk]))

    text = response.content.decode()
    assert "Year on year" in text
    assert "67% (2 / 3)" in text
    assert "Returning organisations" in text
    assert "Feedback score" in text
    assert last.title in text and this.title in text
    # No personal data: organisations are counted, never named.
    assert "Ely Trust" not in text


def test_the_summit_index_shows_the_published_summits_figures(client, editions):
    last, this = editions
    SummitPageFactory(
        parent=last.get_parent(), title="Next year's draft", days_ahead=400, live=False
    )
    _feedback(last, 5, 4, 4)

    text = client.get("/summit/").text

    section = text[text.index('id="year-on-year-heading"') :]
    assert section.index(last.title) < section.index(this.title)
    assert "Next year&#x27;s draft" not in text and "Next year's draft" not in text
    assert "67% (2 / 3)" in section
    assert '<td class="num">4.3</td>' in section
    assert "Organisations by area" in section and "Sessions by commitment" in section
    # No personal data: organisations are counted, never named.
    assert "Ely Trust" not in text and "Fen Council" not in text


def test_the_summit_index_has_no_figures_before_a_summit_is_published(
    client, summit_index
):
    SummitPageFactory(parent=summit_index, live=False)

    assert "Year on year" not in client.get("/summit/").text


def test_a_fixed_number_of_queries_however_many_summits(summit_index, framework):
    commitment = CommitmentFactory()

    def add(days_ahead):
        _edition(
            summit_index,
            days_ahead=days_ahead,
            organisations=[("A", "business", "fenland"), ("B", "health", "")],
            arrived=1,
            commitment=commitment,
        )

    add(-700)
    one = queries_of(year_on_year.year_on_year_figures)
    add(-330)
    add(30)
    three = queries_of(year_on_year.year_on_year_figures)
    # Six grouped queries for the places, organisations and sessions, and one for
    # the feedback scores (`FeedbackResponse.objects.scores_by_summit`, all
    # summits at once).
    assert len(one) == len(three) == 7


def test_the_dashboards_queries_do_not_grow_with_summits(
    manager_client, summit_index, framework
):
    commitment = CommitmentFactory()
    first = _edition(
        summit_index,
        days_ahead=-700,
        organisations=[("A", "business", "fenland")],
        arrived=1,
        commitment=commitment,
    )

    def grow():
        for days in (-330, 30):
            _edition(
                summit_index,
                days_ahead=days,
                organisations=[("A", "business", "fenland"), ("C", "other", "")],
                arrived=1,
                commitment=commitment,
            )

    assert_same_queries(
        manager_client, [reverse("summit_dashboard", args=[first.pk])], grow=grow
    )
