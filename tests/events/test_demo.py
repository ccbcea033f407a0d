from django.utils import timezone
from wagtail.models import GroupPagePermission

from events.models import Session, SummitPage
from events.year_on_year import year_on_year_figures
from home.models import HomePage
from speakers.models import Speaker
from tests.seeding import seed_demo


def test_seed_demo_adds_a_past_and_an_upcoming_summit(db):
    seed_demo()

    past, upcoming = SummitPage.objects.live().order_by("start")
    today = timezone.localdate()
    assert 28 <= (upcoming.start.date() - today).days <= 56
    assert 300 <= (today - past.start.date()).days <= 400
    assert upcoming.slug == str(upcoming.start.year)
    assert upcoming.title == f"Shared Ambition Summit {upcoming.start.year}"
    assert past.slug == str(past.start.year)
    assert upcoming.registration_opens_at < timezone.now()
    assert upcoming.registration_closes_at > timezone.now()
    sessions = Session.objects.filter(summit=upcoming)
    assert sessions.count() >= 20
    assert {track.name for track in upcoming.tracks.all()} == {
        "Growing together",
        "Connected places",
    }
    assert set(sessions.values_list("session_type", flat=True)) == {
        "keynote",
        "panel",
        "workshop",
        "breakout",
        "networking",
    }
    assert sessions.filter(commitments__isnull=False).distinct().count() >= 15
    assert sessions.exclude(capacity=None).exists()
    assert Speaker.objects.public().count() >= 15
    assert all(speaker.photo for speaker in Speaker.objects.all())
    assert HomePage.objects.get().summit_page.specific == upcoming


def test_demo_programme_double_books_nobody(db):
    seed_demo()

    for session in Session.objects.prefetch_related("speakers"):
        clashes = (
            Session.objects.overlapping(session.start, session.end)
            .filter(speakers__in=session.speakers.all())
            .exclude(pk=session.pk)
        )
        assert not clashes.exists(), session.title
        session.full_clean()


def test_seed_demo_is_idempotent_for_summits(db):
    seed_demo()
    counts = (
        SummitPage.objects.count(),
        Session.objects.count(),
        Speaker.objects.count(),
    )

    seed_demo()

    assert (
        SummitPage.objects.count(),
        Session.objects.count(),
        Speaker.objects.count(),
    ) == counts


def test_demo_lets_event_managers_edit_and_publish_summit_pages(db):
    seed_demo()

    granted = GroupPagePermission.objects.filter(
        group__name="Event managers", page__slug="summit"
    ).values_list("permission__codename", flat=True)
    assert set(granted) == {"add_page", "change_page", "publish_page"}


def test_demo_year_on_year_compares_last_year_with_this(db):
    seed_demo()

    past, upcoming = year_on_year_figures().editions
    assert past.booked >= 100 and past.attendance_rate >= 60
    assert upcoming.booked >= 100 and upcoming.attendance_rate is None
    assert upcoming.returning_organisations >= 5
    assert past.new_organisations == len(past.organisations)
    assert Session.objects.filter(summit=upcoming.summit, recurring=True).count() >= 3
    assert Session.objects.filter(summit=past.summit, recurring=True).exists()
