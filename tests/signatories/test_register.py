import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from signatories import services
from signatories.models import Signatory
from signatories.site_setup import setup_register_page
from tests.factories import StaffUserFactory
from tests.factories.signatories import PendingSignatoryFactory, SignatoryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def register(site_pages, framework):
    return setup_register_page()


def names_on(response):
    return [signatory.name for signatory in response.context["signatories"]]


def test_register_lists_approved_organisations_from_a_to_z(client, register):
    SignatoryFactory(name="The Zebra Trust")
    SignatoryFactory(name="Apple Growers")
    PendingSignatoryFactory(name="Pending Org")
    SignatoryFactory(name="Gone Away", status="withdrawn")

    response = client.get("/signatories/")

    html = response.content.decode()
    assert names_on(response) == ["Apple Growers", "The Zebra Trust"]
    assert '<strong class="register-count__number">2</strong> organisations' in html
    assert '<h3 class="register__letter">Z</h3>' in html
    assert "Pending Org" not in html


def test_register_filters_by_type_district_commitment_and_name(
    client, register, commitments
):
    SignatoryFactory(
        name="Fen Energy",
        organisation_type="voluntary",
        district="fenland",
        commitments=[commitments[0]],
    )
    SignatoryFactory(name="Fen Bank", organisation_type="business", district="fenland")
    SignatoryFactory(name="City Energy", organisation_type="voluntary")
    SignatoryFactory(name="3 Rivers Trust")

    def names(query):
        return names_on(client.get(f"/signatories/?{query}"))

    assert names("letter=%23") == ["3 Rivers Trust"]
    assert names("district=fenland") == ["Fen Bank", "Fen Energy"]
    assert names("organisation_type=voluntary&district=fenland") == ["Fen Energy"]
    assert names(f"commitment={commitments[0].slug}") == ["Fen Energy"]
    assert names("q=energy") == ["City Energy", "Fen Energy"]
    assert client.get("/signatories/").context["letters"] == ["C", "F", "#"]
    assert names("letter=C") == ["City Energy"]
    assert (
        "2 matching organisations" in client.get("/signatories/?q=fen").content.decode()
    )


def test_register_explains_bad_filters(client, register):
    response = client.get("/signatories/?district=atlantis&letter=%3C")

    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()


def test_register_is_paginated_keeping_filters(client, register):
    for number in range(30):
        SignatoryFactory(name=f"Member {number:02d}", district="fenland")

    first = client.get("/signatories/?district=fenland")
    second = client.get("/signatories/?district=fenland&page=2")

    assert len(first.context["signatories"]) == 24
    assert names_on(second) == [f"Member {n}" for n in range(24, 30)]
    assert 'href="?district=fenland&amp;page=2"' in first.content.decode()
    assert client.get("/signatories/?page=99").status_code == 200


def test_supporter_count_is_not_recounted_on_every_request(client, register):
    SignatoryFactory.create_batch(3)
    client.get("/signatories/")

    with CaptureQueriesContext(connection) as queries:
        response = client.get("/signatories/")

    counts = [
        query["sql"]
        for query in queries
        if "COUNT(" in query["sql"].upper() and "signatories_signatory" in query["sql"]
    ]
    assert counts == []
    assert response.context["supporter_count"] == 3


def test_supporter_count_follows_approval_and_withdrawal(
    client, register, django_capture_on_commit_callbacks
):
    moderator = StaffUserFactory(groups=["Moderators"])
    pending = PendingSignatoryFactory()
    assert client.get("/signatories/").context["supporter_count"] == 0

    with django_capture_on_commit_callbacks(execute=True):
        services.approve_signatory(signatory=pending, user=moderator)
    assert client.get("/signatories/").context["supporter_count"] == 1

    with django_capture_on_commit_callbacks(execute=True):
        services.withdraw_signature(signatory=pending)
    assert client.get("/signatories/").context["supporter_count"] == 0


def test_supporter_count_follows_deletion_in_the_admin(
    client, register, django_capture_on_commit_callbacks
):
    signatory = SignatoryFactory()
    assert client.get("/signatories/").context["supporter_count"] == 1

    with django_capture_on_commit_callbacks(execute=True):
        signatory.delete()

    assert client.get("/signatories/").context["supporter_count"] == 0


def test_showcase_lists_only_public_signatories_without_extra_queries(
    commitments, django_assert_num_queries
):
    from django.template.loader import render_to_string

    commitment = commitments[0]
    for name in ["Beta", "Alpha"]:
        SignatoryFactory(name=name, commitments=[commitment])
    PendingSignatoryFactory(name="Pending", commitments=[commitment])
    SignatoryFactory(name="Elsewhere", commitments=[commitments[1]])

    with django_assert_num_queries(1):
        items = list(Signatory.showcase_items(commitment))
        html = "".join(
            render_to_string(Signatory.showcase_item_template, {"item": item})
            for item in items
        )

    assert [item.name for item in items] == ["Alpha", "Beta"]
    assert 'href="/signatories/alpha/"' in html
    assert str(Signatory.showcase_heading) == "Organisations pledging this commitment"


def test_signatory_slugs_avoid_the_registers_own_paths(signature):
    signatory = services.submit_signature(**{**signature, "name": "Sign"})

    assert signatory.slug == "sign-organisation"


def test_sitemap_lists_each_public_organisation(client, register):
    SignatoryFactory(name="Ely Growers")
    PendingSignatoryFactory(name="Not Yet")

    xml = client.get("/sitemap.xml").content.decode()

    assert "<loc>http://testserver/signatories/</loc>" in xml
    assert "<loc>http://testserver/signatories/ely-growers/</loc>" in xml
    assert "not-yet" not in xml


def test_the_kept_first_page_never_stands_in_for_a_filtered_or_later_one(
    client, register, django_capture_on_commit_callbacks
):
    for number in range(25):
        SignatoryFactory(name=f"Member {number:02d}")
    SignatoryFactory(name="Zebra Trust")
    client.get("/signatories/")  # the unfiltered first page, kept

    assert names_on(client.get("/signatories/?letter=Z")) == ["Zebra Trust"]
    assert names_on(client.get("/signatories/?page=2")) == ["Member 24", "Zebra Trust"]
    newcomer = PendingSignatoryFactory(name="Aardvark Energy")
    with django_capture_on_commit_callbacks(execute=True):
        services.approve_signatory(
            signatory=newcomer, user=StaffUserFactory(groups=["Moderators"])
        )
    assert "Aardvark Energy" in client.get("/signatories/").content.decode()
