"""Next year's summit from this year's (events/organising/next_edition.py): what is
copied, what moves, what never comes along, and the admin page that asks for it."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from events.booking.questions import save_answers
from events.choices import QuestionKind
from events.door import services as checkin
from events.models import (
    AccessCode,
    Attendee,
    CallForProposals,
    CallQuestion,
    CallSessionType,
    CheckIn,
    FeedbackQuestion,
    FeedbackSurvey,
    Order,
    Postcard,
    Proposal,
    RegistrationAnswer,
    RegistrationQuestion,
    ReviewCriterion,
    Session,
    SummitPage,
    TicketType,
    WaitingListEntry,
)
from events.organising import next_edition
from events.organising.next_edition import (
    NextEditionError,
    copy_summit,
    shift_datetime,
)
from events.site_setup import grant_page_permissions
from home.models import EmailText
from tests.events.proposals.conftest import make_proposal
from tests.factories import StaffUserFactory
from tests.factories.accounts import VerifiedUserFactory
from tests.factories.events import (
    AccessCodeFactory,
    AttendeeFactory,
    RoomFactory,
    SessionFactory,
    TicketTypeFactory,
    TrackFactory,
    WaitingListEntryFactory,
)
from tests.factories.framework import CommitmentFactory
from tests.factories.postcards import PostcardFactory
from tests.factories.speakers import SpeakerFactory

YEAR = datetime.timedelta(days=364)


@pytest.fixture
def proposer(db):
    return VerifiedUserFactory(email="pat@example.org")


@pytest.fixture
def manager(summit_index):
    grant_page_permissions(summit_index)
    return StaffUserFactory(groups=["Event managers"])


@pytest.fixture
def manager_client(client, manager):
    client.force_login(manager)
    return client


@pytest.fixture
def this_year(open_summit):
    """A summit with registration dates, two rooms, a track, ticket types with
    rules, sessions (one recurring, in a room and track, with a speaker) and
    everything people leave behind: orders, places, a waiting list, a check-in, a
    postcard and an access code."""
    summit = open_summit
    summit.registration_closes_at = summit.start - datetime.timedelta(days=2)
    summit.attendee_changes_close_at = summit.start - datetime.timedelta(days=3)
    summit.save()
    hall = RoomFactory(summit=summit, name="Main hall")
    RoomFactory(summit=summit, name="Studio")
    track = TrackFactory(summit=summit, name="Growth")
    SessionFactory(
        summit=summit,
        title="Welcome",
        recurring=True,
        room=hall,
        track=track,
        at=(9, 30),
        speakers=[SpeakerFactory(name="Dora Demo")],
        commitments=[CommitmentFactory()],
    )
    workshop = SessionFactory(
        summit=summit, title="Skills workshop", session_type="workshop", at=(11, 0)
    )
    delegate = TicketTypeFactory(
        summit=summit,
        name="Delegate place",
        price=9500,
        capacity=120,
        max_per_order=4,
        allows_invoice=True,
        sales_start=summit.registration_opens_at,
        sales_end=summit.start - datetime.timedelta(days=5),
        refund_deadline=summit.start - datetime.timedelta(days=14),
        workshops=[workshop],
    )
    TicketTypeFactory(summit=summit, name="Partner place", requires_code=True)
    attendee = AttendeeFactory(ticket_type=delegate, organisation="Fen Council")
    WaitingListEntryFactory(ticket_type=delegate)
    checkin.check_in(summit=summit, by=StaffUserFactory(), reference=attendee.reference)
    PostcardFactory(summit=summit)
    AccessCodeFactory(summit=summit, code="PARTNERS")
    return SummitPage.objects.get(pk=summit.pk)


def _copy(summit, user, **kwargs):
    return copy_summit(
        summit=summit,
        title="Next Summit",
        slug="next-summit",
        user=user,
        **kwargs,
    ).page


def test_the_copy_is_an_unpublished_draft_beside_the_summit(this_year, manager):
    copy = _copy(this_year, manager)

    assert copy.get_parent().pk == this_year.get_parent().pk
    assert (copy.title, copy.slug, copy.live) == ("Next Summit", "next-summit", False)
    assert copy.venue_name == this_year.venue_name
    assert copy.summary == this_year.summary
    assert copy.owner == manager
    assert copy.latest_revision is not None
    assert not SummitPage.objects.live().filter(pk=copy.pk).exists()


def test_every_date_moves_by_52_weeks_at_the_same_time_of_day(this_year, manager):
    copy = _copy(this_year, manager)

    for name in (
        "start",
        "end",
        "registration_opens_at",
        "registration_closes_at",
        "attendee_changes_close_at",
    ):
        old, new = getattr(this_year, name), getattr(copy, name)
        assert timezone.localdate(new) - timezone.localdate(old) == YEAR, name
        assert timezone.localtime(new).time() == timezone.localtime(old).time(), name
    assert timezone.localdate(copy.start).weekday() == (
        timezone.localdate(this_year.start).weekday()
    )
    new_type = copy.ticket_types.get(name="Delegate place")
    old_type = this_year.ticket_types.get(name="Delegate place")
    for name in ("sales_start", "sales_end", "refund_deadline"):
        old, new = getattr(old_type, name), getattr(new_type, name)
        assert timezone.localdate(new) - timezone.localdate(old) == YEAR, name


def test_a_chosen_first_day_moves_everything_by_the_same_days(this_year, manager):
    first = timezone.localdate(this_year.start) + datetime.timedelta(days=400)

    copy = _copy(this_year, manager, new_start=first)

    assert timezone.localdate(copy.start) == first
    assert timezone.localtime(copy.start).hour == 9
    assert timezone.localdate(copy.registration_closes_at) == first - (
        datetime.timedelta(days=2)
    )


def test_clock_changes_keep_the_time_of_day():
    summer = timezone.make_aware(datetime.datetime(2026, 10, 20, 9, 0))
    moved = shift_datetime(summer, 14)
    assert timezone.localtime(moved).replace(tzinfo=None) == datetime.datetime(
        2026, 11, 3, 9, 0
    )


def test_ticket_types_come_with_their_prices_capacities_and_rules(this_year, manager):
    copy = _copy(this_year, manager)

    types = {t.name: t for t in copy.ticket_types.all()}
    assert set(types) == {"Delegate place", "Partner place"}
    delegate = types["Delegate place"]
    assert (delegate.price, delegate.capacity, delegate.max_per_order) == (
        9500,
        120,
        4,
    )
    assert delegate.allows_invoice
    assert types["Partner place"].requires_code
    # The workshop wasn't copied, so next year's ticket offers none yet.
    assert list(delegate.workshops.all()) == []
    assert delegate.places_left() == 120


def test_rooms_and_tracks_are_copied(this_year, manager):
    copy = _copy(this_year, manager)

    assert [room.name for room in copy.rooms.all()] == ["Main hall", "Studio"]
    assert [track.name for track in copy.tracks.all()] == ["Growth"]
    assert this_year.rooms.count() == 2


def test_nothing_personal_is_copied(this_year, manager):
    before = {
        model: model.objects.count()
        for model in (Attendee, Order, WaitingListEntry, CheckIn, Postcard, AccessCode)
    }

    copy = _copy(this_year, manager, copy_recurring_sessions=True)

    for model, count in before.items():
        assert model.objects.count() == count, model
    for related in ("attendees", "orders", "check_ins", "postcards", "access_codes"):
        assert not getattr(copy, related).exists(), related
    assert not WaitingListEntry.objects.filter(ticket_type__summit=copy).exists()
    assert not copy.sessions.filter(speakers__isnull=False).exists()


def test_sessions_stay_behind_unless_asked(this_year, manager):
    copy = _copy(this_year, manager)

    assert not copy.sessions.exists()


def test_recurring_sessions_come_as_drafts_without_speakers(this_year, manager):
    copy = _copy(this_year, manager, copy_recurring_sessions=True)

    (welcome,) = copy.sessions.all()
    old = this_year.sessions.get(title="Welcome")
    assert welcome.slug == old.slug
    assert timezone.localdate(welcome.start) - timezone.localdate(old.start) == YEAR
    assert timezone.localtime(welcome.start).time() == (
        timezone.localtime(old.start).time()
    )
    assert timezone.localdate(welcome.start) == timezone.localdate(copy.start)
    assert welcome.room.summit_id == copy.pk and welcome.room.name == "Main hall"
    assert welcome.track.summit_id == copy.pk and welcome.track.name == "Growth"
    assert list(welcome.speakers.all()) == []
    assert list(welcome.commitments.all()) == list(old.commitments.all())
    assert welcome.recurring
    # Shown nowhere until the summit is published.
    assert not Session.objects.public().filter(pk=welcome.pk).exists()
    welcome.full_clean()


def test_an_unscheduled_session_is_not_copied(this_year, manager):
    this_year.sessions.filter(title="Skills workshop").update(
        recurring=True, start=None, end=None
    )

    copy = _copy(this_year, manager, copy_recurring_sessions=True)

    assert [session.title for session in copy.sessions.all()] == ["Welcome"]


def test_tickets_offer_the_copied_workshops(this_year, manager):
    this_year.sessions.filter(title="Skills workshop").update(recurring=True)

    copy = _copy(this_year, manager, copy_recurring_sessions=True)

    delegate = copy.ticket_types.get(name="Delegate place")
    assert [(s.title, s.summit_id) for s in delegate.workshops.all()] == [
        ("Skills workshop", copy.pk)
    ]


def test_a_taken_web_address_is_refused(this_year, manager):
    with pytest.raises(NextEditionError) as refused:
        copy_summit(summit=this_year, title="Again", slug=this_year.slug, user=manager)

    assert "already uses the web address" in str(refused.value.message_dict["slug"])
    assert SummitPage.objects.count() == 1


@pytest.mark.parametrize("days", [0, -364, 2000])
def test_a_start_not_after_this_summit_or_too_far_is_refused(this_year, manager, days):
    with pytest.raises(NextEditionError):
        _copy(this_year, manager, offset_days=days)

    assert SummitPage.objects.count() == 1


def test_the_copy_is_all_or_nothing(this_year, manager, monkeypatch):
    def broken_step(context):
        raise RuntimeError("a step failed")

    monkeypatch.setattr(
        next_edition, "COPY_STEPS", [*next_edition.COPY_STEPS, broken_step]
    )
    pages, types = SummitPage.objects.count(), TicketType.objects.count()

    with pytest.raises(RuntimeError):
        _copy(this_year, manager, copy_recurring_sessions=True)

    assert SummitPage.objects.count() == pages
    assert TicketType.objects.count() == types
    assert Session.objects.count() == 2


def _questions(summit):
    """Two questions, one asked only of delegates, and an answer to it."""
    delegate = summit.ticket_types.get(name="Delegate place")
    strand = RegistrationQuestion.objects.create(
        summit=summit,
        label="Which strand?",
        kind=QuestionKind.CHOICE,
        choices="Housing\nTransport",
        required=True,
        retention_days=30,
        sort_order=0,
    )
    strand.ticket_types.set([delegate])
    strand.save()
    RegistrationQuestion.objects.create(
        summit=summit,
        label="Staying for dinner?",
        kind=QuestionKind.YES_NO,
        sort_order=1,
    )
    save_answers(
        attendee=summit.attendees.get(),
        answers={strand.pk: "Housing"},
        at=timezone.now(),
    )
    return SummitPage.objects.get(pk=summit.pk)


def test_registration_questions_ask_the_copied_ticket_types(this_year, manager):
    this_year = _questions(this_year)

    copy = _copy(this_year, manager)

    strand, dinner = copy.registration_questions.order_by("sort_order")
    assert (strand.label, strand.kind, strand.required, strand.retention_days) == (
        "Which strand?",
        QuestionKind.CHOICE,
        True,
        30,
    )
    assert strand.choice_list == ["Housing", "Transport"]
    assert [(t.name, t.summit_id) for t in strand.ticket_types.all()] == [
        ("Delegate place", copy.pk)
    ]
    assert list(dinner.ticket_types.all()) == []  # still asks everyone
    # This year's questions are untouched, and no answer came along.
    old = this_year.registration_questions.get(label="Which strand?")
    assert [t.summit_id for t in old.ticket_types.all()] == [this_year.pk]
    assert not RegistrationAnswer.objects.filter(question__summit=copy).exists()
    assert RegistrationAnswer.objects.count() == 1


def test_the_editor_opens_the_questions_with_the_copied_ticket_types(
    this_year, manager
):
    copy = _copy(_questions(this_year), manager)

    # The edit page shows the latest revision, not the rows.
    draft = copy.get_latest_revision_as_object()
    strand = next(
        q for q in draft.registration_questions.all() if q.label == "Which strand?"
    )
    assert [t.summit_id for t in strand.ticket_types.all()] == [copy.pk]
    assert draft.title == "Next Summit"
    assert draft.slug == "next-summit"


def test_the_summits_own_email_texts_are_copied(this_year, manager):
    EmailText.objects.create(
        key="ticket", page=this_year, subject="See you, {name}", body="Bring a pen."
    )
    EmailText.objects.create(key="ticket", subject="For every summit", body="Hello.")

    copy = _copy(this_year, manager)

    copied = EmailText.objects.get(page=copy)
    assert (copied.key, copied.subject, copied.body) == (
        "ticket",
        "See you, {name}",
        "Bring a pen.",
    )
    assert EmailText.objects.filter(page=this_year).count() == 1
    assert EmailText.objects.filter(page__isnull=True).count() == 1


def test_the_message_counts_questions_and_email_texts(
    this_year, manager, manager_client
):
    this_year = _questions(this_year)
    EmailText.objects.create(key="ticket", page=this_year, subject="Hi", body="Hi")

    response = manager_client.post(
        _url(this_year),
        {
            "title": "Summit next year",
            "start": (timezone.localdate(this_year.start) + YEAR).isoformat(),
            "slug": "summit-next-year",
        },
    )

    (message,) = [str(m) for m in get_messages(response.wsgi_request)]
    assert "registration questions: 2" in message
    assert "email texts: 1" in message


def test_the_feedback_survey_and_call_for_proposals_come_along(
    this_year, manager, proposer
):
    survey = FeedbackSurvey.objects.create(
        summit=this_year, intro="Tell us how it went.", open_days=14
    )
    FeedbackQuestion.objects.create(survey=survey, text="What should change?")
    opens = timezone.now() - datetime.timedelta(days=7)
    call = CallForProposals.objects.create(
        summit=this_year,
        opens_at=opens,
        closes_at=opens + datetime.timedelta(days=17),
        text="<p>Tell us what you deliver.</p>",
    )
    CallSessionType.objects.create(call=call, session_type="panel", duration_minutes=60)
    CallQuestion.objects.create(call=call, label="Run it before?", kind="yes_no")
    ReviewCriterion.objects.create(call=call, name="Relevance", weight=2)
    make_proposal(call, proposer)

    copy = _copy(this_year, manager)

    new_survey = FeedbackSurvey.objects.get(summit=copy)
    assert (new_survey.intro, new_survey.open_days) == ("Tell us how it went.", 14)
    assert [q.text for q in new_survey.questions.all()] == ["What should change?"]
    new_call = CallForProposals.objects.get(summit=copy)
    assert new_call.text == "<p>Tell us what you deliver.</p>"
    assert timezone.localdate(new_call.opens_at) - timezone.localdate(opens) == YEAR
    assert timezone.localdate(new_call.closes_at) - timezone.localdate(
        call.closes_at
    ) == (YEAR)
    assert [t.session_type for t in new_call.session_types.all()] == ["panel"]
    assert [q.label for q in new_call.questions.all()] == ["Run it before?"]
    assert [(c.name, c.weight) for c in new_call.criteria.all()] == [("Relevance", 2)]
    assert not Proposal.objects.filter(call=new_call).exists()
    assert Proposal.objects.count() == 1
    assert this_year.call.session_types.count() == 1


# The admin page


def _url(summit):
    return reverse("summit_next_edition", args=[summit.pk])


def test_the_form_suggests_the_same_weekday_next_year(this_year, manager_client):
    response = manager_client.get(_url(this_year))

    assert response.status_code == 200
    form = response.context["form"]
    start = timezone.localdate(this_year.start) + YEAR
    assert form.initial["start"] == start
    assert str(start.year) in form.initial["title"]
    assert b"Create next year" in response.content


def test_an_event_manager_creates_next_years_summit(this_year, manager_client):
    start = timezone.localdate(this_year.start) + YEAR

    response = manager_client.post(
        _url(this_year),
        {
            "title": "Summit next year",
            "start": start.isoformat(),
            "slug": "summit-next-year",
            "copy_recurring_sessions": "on",
        },
    )

    copy = SummitPage.objects.get(slug="summit-next-year")
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[copy.pk])
    (message,) = [str(m) for m in get_messages(response.wsgi_request)]
    assert "Summit next year is a draft" in message
    assert "ticket types: 2" in message
    assert "sessions that happen every year: 1" in message
    assert copy.sessions.count() == 1


def test_a_taken_web_address_is_a_form_error(this_year, manager_client):
    response = manager_client.post(
        _url(this_year),
        {
            "title": "Again",
            "start": (timezone.localdate(this_year.start) + YEAR).isoformat(),
            "slug": this_year.slug,
        },
    )

    assert response.status_code == 400
    assert "already uses the web address" in response.content.decode()
    assert 'href="#id_slug"' in response.content.decode()
    assert SummitPage.objects.count() == 1


def test_a_start_before_the_summit_ends_is_a_form_error(this_year, manager_client):
    response = manager_client.post(
        _url(this_year),
        {
            "title": "Again",
            "start": timezone.localdate(this_year.start).isoformat(),
            "slug": "again",
        },
    )

    assert response.status_code == 400
    assert "must start after this one ends" in response.content.decode()
    assert SummitPage.objects.count() == 1


def test_nonsense_is_a_form_error(this_year, manager_client):
    response = manager_client.post(
        _url(this_year), {"title": "", "start": "31/02/2027", "slug": "no spaces"}
    )

    assert response.status_code == 400
    assert SummitPage.objects.count() == 1


def test_the_edit_page_offers_it_to_event_managers(this_year, manager_client):
    response = manager_client.get(
        reverse("wagtailadmin_pages:edit", args=[this_year.pk])
    )

    assert _url(this_year) in response.content.decode()


def test_editors_may_not(this_year, client):
    editor = StaffUserFactory(groups=["Editors"])
    client.force_login(editor)
    start = timezone.localdate(this_year.start) + YEAR

    assert not next_edition.can_create_next_edition(summit=this_year, user=editor)
    # Wagtail's admin turns a refusal into a redirect with a message.
    assert client.get(_url(this_year)).status_code in (302, 403)
    response = client.post(
        _url(this_year),
        {"title": "Mine", "start": start.isoformat(), "slug": "mine"},
    )
    assert response.status_code in (302, 403)
    assert SummitPage.objects.count() == 1
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[this_year.pk]))
    assert _url(this_year) not in edit.content.decode()


def test_superusers_may(this_year, admin_user):
    assert next_edition.can_create_next_edition(summit=this_year, user=admin_user)
