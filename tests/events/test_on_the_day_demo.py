"""seed_demo leaves the upcoming summit looking alive on the day: some people
checked in by the demo door account, organisation types and areas, bookings spread
over time. Running it again adds nothing."""

from django.utils import timezone

from events.models import CheckIn, SummitPage
from events.organising import dashboard
from tests.seeding import seed_demo


def _seed():
    return seed_demo()


def test_seed_demo_checks_some_people_in(db):
    output = _seed()

    summit = SummitPage.objects.order_by("-start").first()
    check_ins = CheckIn.objects.filter(summit=summit)
    figures = dashboard.summit_figures(summit)
    assert "demo attendees checked in" in output
    assert 0 < check_ins.count() < figures.expected
    assert {c.checked_in_by.email for c in check_ins} == {"checkin@example.org"}
    assert all(c.checked_in_at <= timezone.now() for c in check_ins)
    assert len(figures.bookings_by_day) > 5
    assert len(figures.organisation_types) > 3
    assert len(figures.districts) > 3


def test_seed_demo_on_the_day_is_idempotent(db):
    _seed()
    count = CheckIn.objects.count()

    _seed()

    assert CheckIn.objects.count() == count
