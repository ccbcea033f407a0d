from framework.demo import DEMO_INDICATORS
from framework.models import CommitmentsShowcasePage, Indicator, Observation
from tests.seeding import seed_demo


def _seed():
    return seed_demo()


def test_seed_demo_adds_the_showcase_and_demo_indicators_with_years_of_figures(
    client, db
):
    output = _seed()

    assert "Indicators: 11 demo indicators added." in output
    showcase = CommitmentsShowcasePage.objects.get()
    assert (showcase.url, showcase.get_parent().specific_class.__name__) == (
        "/showcase/",
        "HomePage",
    )
    assert Indicator.objects.count() == len(DEMO_INDICATORS)
    measured = Indicator.objects.filter(outcome__isnull=False)
    assert sorted(measured.values_list("outcome__slug", flat=True)) == [
        "connected",
        "equitable",
        "pioneering",
        "resilient",
    ]
    for indicator in Indicator.objects.all():
        assert indicator.name.endswith("(demo)")
        assert indicator.observations.count() >= 5
    home = client.get("/").text
    assert '<a class="site-nav__link" href="/showcase/">Commitments</a>' in home
    homes_page = client.get("/showcase/equitable/homes-for-all/").text
    assert "Affordable homes completed (demo)" in homes_page
    latest = Observation.objects.filter(indicator__slug="affordable-homes-completed")
    year = latest.order_by("-date").first().date.year
    assert f"2,410 homes</strong> in {year}" in homes_page


def test_seed_demo_keeps_edited_indicators_and_adds_nothing_twice(db):
    _seed()
    Indicator.objects.filter(slug="affordable-homes-completed").update(
        name="Edited by an editor"
    )
    counts = (Indicator.objects.count(), Observation.objects.count())

    output = _seed()

    assert (Indicator.objects.count(), Observation.objects.count()) == counts
    assert "Indicators: 0 demo indicators added." in output
    assert Indicator.objects.filter(name="Edited by an editor").exists()
    assert CommitmentsShowcasePage.objects.count() == 1
