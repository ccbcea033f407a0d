import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.models import ModelLogEntry

from framework.forms import MAX_CSV_BYTES
from framework.models import Observation
from framework.services import ObservationImportError, import_observations
from tests.factories import StaffUserFactory
from tests.factories.framework import IndicatorFactory, observe

IMPORT_URL = "/admin/snippets/framework/indicator/import/"


@pytest.fixture
def homes(db):
    indicator = IndicatorFactory(slug="homes", unit="homes", decimal_places=0)
    observe(indicator, "2010", "2230", first_year=2022)
    return indicator


@pytest.fixture
def jobs(db):
    return IndicatorFactory(slug="jobs")


def _values(indicator):
    return {
        obs.date.isoformat(): obs.value
        for obs in Observation.objects.filter(indicator=indicator)
    }


def _errors(data):
    with pytest.raises(ObservationImportError) as raised:
        import_observations(data=data.encode())
    return [(error.row, error.message) for error in raised.value.errors]


def test_import_adds_new_dates_updates_existing_ones_and_reports(homes, jobs):
    data = (
        "indicator,date,value\n"
        "homes,2022-03-31,2010\n"
        "homes,2023-03-31,2250\n"
        "homes,31/03/2024,2410\n"
        'jobs,2024-03-31,"1,234.5"\n'
    )

    result = import_observations(data=data.encode())

    assert (result.created, result.updated, result.unchanged) == (2, 1, 1)
    assert str(result) == (
        "4 rows read for 2 indicators: 2 new observations, 1 updated, 1 unchanged."
    )
    assert _values(homes) == {
        "2022-03-31": Decimal("2010"),
        "2023-03-31": Decimal("2250"),
        "2024-03-31": Decimal("2410"),
    }
    assert _values(jobs) == {"2024-03-31": Decimal("1234.5")}


def test_import_records_the_import_in_each_indicators_history(homes, jobs):
    user = StaffUserFactory()

    import_observations(
        data=b"indicator,date,value\nhomes,2024-03-31,2410\n", user=user
    )

    entry = ModelLogEntry.objects.get(action="framework.import_observations")
    assert (entry.object_id, entry.user, entry.data) == (
        str(homes.pk),
        user,
        {"rows": 1},
    )
    assert entry.message == "Observations imported from CSV"


def test_import_accepts_a_spreadsheet_export_with_bom_extra_columns_and_blank_rows(
    homes,
):
    data = "\ufeffValue,Indicator,Notes,Date\r\n2410,homes,provisional,2024-03-31\r\n,,,\r\n"

    result = import_observations(data=data.encode())

    assert result.created == 1
    assert _values(homes)["2024-03-31"] == Decimal("2410")


def test_every_bad_row_is_reported_with_its_row_number_and_nothing_is_saved(
    homes, jobs
):
    data = (
        "indicator,date,value\n"
        "jobs,2024-03-31,10\n"
        "nope,2024-03-31,10\n"
        "homes,2024-02-30,10\n"
        "homes,2024-03-31,72.5%\n"
        ",2024-03-31,1\n"
        "jobs,2024-03-31,11\n"
        "homes,2025-03-31,1.23456\n"
        "homes,2026-03-31,NaN\n"
        "homes,2027-03-31,1e20\n"
    )

    assert _errors(data) == [
        (3, "There is no indicator with the slug “nope”."),
        (4, "The date “2024-02-30” is not a date such as 2024-03-31."),
        (5, "The value “72.5%” is not a number, such as 72.5."),
        (6, "The indicator is missing."),
        (7, "Row 2 already gives jobs a value for 2024-03-31."),
        (8, "Use at most 4 decimal places."),
        (9, "The value “NaN” is not a number, such as 72.5."),
        (10, "The value 1e20 is too large."),
    ]
    assert not Observation.objects.filter(indicator=jobs).exists()
    assert len(_values(homes)) == 2


def test_a_row_with_several_problems_lists_them_all(homes):
    assert _errors("indicator,date,value\nnope,tomorrow,lots\n") == [
        (
            2,
            "There is no indicator with the slug “nope”. The date “tomorrow” is not "
            "a date such as 2024-03-31. The value “lots” is not a number, such as 72.5.",
        )
    ]


@pytest.mark.parametrize(
    "data, error",
    [
        (
            "slug,when,amount\nhomes,2024-03-31,1\n",
            (
                1,
                "The first row must name the columns indicator, date and value "
                "(missing: indicator, date, value).",
            ),
        ),
        (
            "",
            (
                1,
                "The first row must name the columns indicator, date and value (missing: indicator, date, value).",
            ),
        ),
        ("indicator,date,value\n\n", (None, "The file has no data rows.")),
    ],
)
def test_files_without_headings_or_rows_are_refused(homes, data, error):
    assert _errors(data) == [error]


def test_a_file_that_is_not_utf8_is_refused(homes):
    with pytest.raises(ObservationImportError) as raised:
        import_observations(
            data="indicator,date,value\nhomes,2024-03-31,£5\n".encode("cp1252")
        )

    assert raised.value.errors[0].message == (
        "Save the file as CSV UTF-8 and upload it again."
    )


def _upload(client, text, name="figures.csv"):
    upload = SimpleUploadedFile(name, text.encode(), content_type="text/csv")
    return client.post(IMPORT_URL, {"csv_file": upload})


def test_editors_import_observations_from_the_admin(client, homes):
    client.force_login(StaffUserFactory(groups=["Editors"]))

    page = client.get("/admin/snippets/framework/indicator/")
    assert "Import observations" in page.text
    response = _upload(client, "indicator,date,value\nhomes,2024-03-31,2410\n")

    assert response.status_code == 302
    assert response["Location"] == "/admin/snippets/framework/indicator/"
    follow = client.get(response["Location"])
    assert "1 rows read for 1 indicators: 1 new observations" in follow.text
    assert Observation.objects.get(indicator=homes, date=datetime.date(2024, 3, 31))


def test_admin_import_lists_bad_rows_and_saves_nothing(client, homes):
    client.force_login(StaffUserFactory(groups=["Editors"]))

    response = _upload(
        client, "indicator,date,value\nhomes,2024-03-31,2410\nhomes,soon,1\n"
    )

    assert response.status_code == 400
    assert "Nothing was imported: 1 problem needs fixing." in response.text
    assert "<tr><td>3</td><td>The date “soon” is not a date" in response.text
    assert len(_values(homes)) == 2


def test_admin_import_refuses_oversized_files(client, homes):
    client.force_login(StaffUserFactory(groups=["Editors"]))

    response = _upload(client, "x" * (MAX_CSV_BYTES + 1))

    assert response.status_code == 400
    assert "The file is larger than 2.0\xa0MB: split it" in response.text


def test_staff_without_indicator_rights_cannot_import(client, homes):
    client.force_login(StaffUserFactory(groups=["Event managers"]))

    response = _upload(client, "indicator,date,value\nhomes,2024-03-31,2410\n")

    # Wagtail answers a refused admin view by sending the user back to the dashboard.
    assert (response.status_code, response["Location"]) == (302, "/admin/")
    assert len(_values(homes)) == 2
