from io import StringIO

from django.core.management import call_command

from framework.loading import load_framework
from framework.models import Commitment, Outcome, Statement, Value


def test_load_framework_creates_the_whole_framework(db):
    report = load_framework()

    assert Statement.objects.count() == 1
    assert Statement.current().text.startswith("By igniting innovation")
    assert list(Value.objects.values_list("name", flat=True)) == [
        "Igniting Innovation",
        "Embracing Diversity",
        "Championing Collaboration",
    ]
    assert list(Outcome.objects.values_list("name", flat=True)) == [
        "Equitable",
        "Pioneering",
        "Connected",
        "Resilient",
    ]
    assert Commitment.objects.count() == 14
    assert len(report.created) == 1 + 3 + 4 + 14


def test_unverified_commitments_ship_as_provisional(db):
    load_framework()

    assert not Commitment.objects.filter(provisional=False).exists()
    homes = Commitment.objects.get(slug="homes-for-all")
    assert homes.outcome.slug == "equitable"


def test_rerunning_changes_nothing_and_keeps_editors_wording(db):
    load_framework()
    Commitment.objects.filter(slug="homes-for-all").update(
        name="Homes for Everyone", provisional=False
    )

    report = load_framework()

    assert report.created == [] and report.updated == []
    homes = Commitment.objects.get(slug="homes-for-all")
    assert (homes.name, homes.provisional) == ("Homes for Everyone", False)


def test_overwrite_resets_edited_rows_to_the_file(db):
    load_framework()
    Commitment.objects.filter(slug="homes-for-all").update(name="Homes for Everyone")

    out = StringIO()
    call_command("load_framework", "--overwrite", stdout=out)

    assert Commitment.objects.get(slug="homes-for-all").name == "Homes for All"
    assert "0 created, 1 updated" in out.getvalue()
