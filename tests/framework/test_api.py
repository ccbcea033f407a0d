from framework.models import Commitment
from tests.factories.framework import (
    CommitmentFactory,
    IndicatorFactory,
    OutcomeFactory,
    observe,
)
from tests.queries import assert_same_queries

URL = "/api/framework.json"


def test_framework_json_holds_the_whole_framework_keyed_by_slug(client, showcase):
    homes = Commitment.objects.get(slug="homes-for-all")
    indicator = IndicatorFactory(
        commitment=homes, slug="affordable-homes", unit="homes", decimal_places=0
    )
    observe(indicator, "2230", "2410.5")

    response = client.get(URL)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    document = response.json()
    assert document["version"] == 1
    assert document["url"] == "http://testserver/showcase/"
    assert document["statement"]["text"].startswith("By igniting innovation")
    assert document["statement"]["approved_on"] == "2024-10-16"
    assert [value["slug"] for value in document["values"]] == [
        "igniting-innovation",
        "embracing-diversity",
        "championing-collaboration",
    ]
    equitable = document["outcomes"][0]
    assert equitable["slug"] == "equitable"
    assert equitable["url"] == "http://testserver/showcase/equitable/"
    assert "homes-for-all" in equitable["commitments"]
    assert len(document["commitments"]) == 14
    commitment = next(
        c for c in document["commitments"] if c["slug"] == "homes-for-all"
    )
    assert commitment == {
        "slug": "homes-for-all",
        "name": "Homes for All",
        "summary": homes.summary,
        "description": homes.description,
        "outcome": "equitable",
        "provisional": True,
        "url": "http://testserver/showcase/equitable/homes-for-all/",
    }
    assert document["indicators"] == [
        {
            "slug": "affordable-homes",
            "name": indicator.name,
            "kind": "headline",
            "unit": "homes",
            "decimal_places": 0,
            "better": "higher",
            "description": "",
            "source": {
                "name": "Test statistics (example.org)",
                "url": "https://example.org/statistics",
            },
            "commitment": "homes-for-all",
            "outcome": None,
            "observations": [
                {"date": "2020-03-31", "value": "2230"},
                {"date": "2021-03-31", "value": "2410.5"},
            ],
        }
    ]


def test_framework_json_is_cacheable_and_open_to_other_sites(client, showcase):
    response = client.get(URL)

    assert response["Cache-Control"] == "public, max-age=300"
    assert response["Access-Control-Allow-Origin"] == "*"
    again = client.get(URL, headers={"If-None-Match": response["ETag"]})
    assert again.status_code == 304


def test_framework_json_changes_its_etag_when_the_framework_changes(client, showcase):
    etag = client.get(URL)["ETag"]
    Commitment.objects.filter(slug="homes-for-all").update(name="Homes for Everyone")

    response = client.get(URL, headers={"If-None-Match": etag})

    assert response.status_code == 200
    assert "Homes for Everyone" in response.text


def test_framework_json_works_without_a_showcase_page(client, framework):
    document = client.get(URL).json()

    assert document["url"] is None
    assert {c["url"] for c in document["commitments"]} == {None}


def test_framework_json_refuses_writes(client, framework):
    response = client.post(URL, {})

    assert response.status_code == 405


def test_framework_json_query_count_does_not_grow_with_indicators(client, showcase):
    homes = Commitment.objects.get(slug="homes-for-all")
    observe(IndicatorFactory(commitment=homes), "1", "2")

    def grow():
        for _ in range(3):
            observe(IndicatorFactory(commitment=homes), "1", "2", "3")
        outcome = OutcomeFactory()
        observe(IndicatorFactory(commitment=None, outcome=outcome), "1", "2")
        CommitmentFactory.create_batch(2, outcome=outcome)

    counts = assert_same_queries(client, [URL], grow=grow)

    assert counts == {URL: 9}
    document = client.get(URL).json()
    assert len(document["indicators"]) == 5
    assert len(document["commitments"]) == 16
