import pytest
from django.contrib.auth.models import User
from django.db import transaction
from wagtail.test.utils.form_data import querydict_from_html

from framework.deletion import CommitmentInUse
from framework.models import Commitment, Indicator, Outcome
from tests.factories import StaffUserFactory
from tests.factories.framework import CommitmentFactory, IndicatorFactory, observe
from tests.framework.conftest import FakeStory

SNIPPETS = "/admin/snippets/framework"


@pytest.fixture
def admin_client(client, db):
    client.force_login(
        User.objects.create_superuser("boss", "boss@example.org", "not-used-here")
    )
    return client


def _edit_form(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return querydict_from_html(response.text, form_id="w-editor-form")


def _messages(response):
    return [str(message) for message in response.context["messages"]]


def test_shared_ambition_menu_groups_the_framework_snippets(admin_client, framework):
    html = admin_client.get("/admin/").text

    assert "Shared Ambition" in html
    for model in ["statement", "value", "outcome", "commitment", "indicator"]:
        assert f"{SNIPPETS}/{model}/" in html


def test_commitment_listing_filters_by_outcome_and_searches(admin_client, framework):
    equitable = Outcome.objects.get(slug="equitable")

    listing = admin_client.get(f"{SNIPPETS}/commitment/")
    filtered = admin_client.get(f"{SNIPPETS}/commitment/?outcome={equitable.pk}")
    found = admin_client.get(f"{SNIPPETS}/commitment/?q=homes")

    assert listing.context["page_obj"].paginator.count == 14
    assert [c.slug for c in filtered.context["page_obj"]] == [
        "harness-health-wellbeing",
        "education-skills-employment-for-all",
        "homes-for-all",
        "thriving-inclusive-communities",
    ]
    assert "homes-for-all" in [c.slug for c in found.context["page_obj"]]


def test_editing_a_commitment_changes_the_showcase_its_page_and_json(
    admin_client, showcase
):
    homes = Commitment.objects.get(slug="homes-for-all")
    url = f"{SNIPPETS}/commitment/edit/{homes.pk}/"
    data = _edit_form(admin_client, url)
    data["name"] = "Homes for Everyone"
    data["provisional"] = ""

    response = admin_client.post(url, data)

    assert response.status_code == 302
    homes.refresh_from_db()
    assert (homes.name, homes.provisional) == ("Homes for Everyone", False)
    assert homes.revisions.count() == 1
    assert ">Homes for Everyone</a>" in admin_client.get("/showcase/").text
    page = admin_client.get("/showcase/equitable/homes-for-all/").text
    assert "<h1>Homes for Everyone</h1>" in page
    assert "Wording to be confirmed." not in page
    feed = admin_client.get("/api/framework.json").json()
    assert {"slug": "homes-for-all", "name": "Homes for Everyone"}.items() <= next(
        c for c in feed["commitments"] if c["slug"] == "homes-for-all"
    ).items()


def test_indicator_observations_are_edited_inline(admin_client, framework):
    indicator = IndicatorFactory()
    observe(indicator, "50.0")
    url = f"{SNIPPETS}/indicator/edit/{indicator.pk}/"
    data = _edit_form(admin_client, url)
    data.update(
        {
            "observations-TOTAL_FORMS": "2",
            "observations-1-id": "",
            "observations-1-date": "2021-03-31",
            "observations-1-value": "52.5",
            "observations-1-DELETE": "",
            "observations-1-ORDER": "2",
        }
    )

    response = admin_client.post(url, data)

    assert response.status_code == 302
    assert [str(o.value) for o in indicator.observations.all()] == [
        "50.0000",
        "52.5000",
    ]


def test_indicator_needs_exactly_one_of_commitment_or_outcome(admin_client, framework):
    indicator = IndicatorFactory()
    url = f"{SNIPPETS}/indicator/edit/{indicator.pk}/"
    data = _edit_form(admin_client, url)
    data["outcome"] = str(Outcome.objects.first().pk)

    response = admin_client.post(url, data)

    assert response.status_code == 200
    assert "Link the indicator to either a commitment or an outcome" in response.text
    assert Indicator.objects.get(pk=indicator.pk).outcome is None


def test_deleting_a_tagged_commitment_is_refused_with_a_clear_message(
    admin_client, framework, fake_stories
):
    homes = Commitment.objects.get(slug="homes-for-all")
    fake_stories.tag(homes, FakeStory("Story A", "/a/"))
    fake_stories.tag(homes, FakeStory("Draft B", "/b/"), public=False)

    for url in [
        f"{SNIPPETS}/commitment/delete/{homes.pk}/",
        f"/admin/bulk/framework/commitment/delete/?id={homes.pk}",
    ]:
        response = admin_client.post(url, follow=True)

        assert _messages(response) == [
            "“Homes for All” can’t be deleted: it is used by 2 delivery stories. "
            "Remove it from them first, then try again."
        ]
        assert Commitment.objects.filter(pk=homes.pk).exists()


def test_deleting_a_commitment_with_indicators_is_refused(admin_client, framework):
    homes = Commitment.objects.get(slug="homes-for-all")
    IndicatorFactory(commitment=homes)

    response = admin_client.get(
        f"{SNIPPETS}/commitment/delete/{homes.pk}/", follow=True
    )

    assert "it is used by 1 indicator." in _messages(response)[0]
    assert Commitment.objects.filter(pk=homes.pk).exists()


def test_deleting_an_outcome_with_commitments_is_refused(admin_client, framework):
    equitable = Outcome.objects.get(slug="equitable")

    response = admin_client.post(
        f"{SNIPPETS}/outcome/delete/{equitable.pk}/", follow=True
    )

    assert _messages(response) == [
        "“Equitable” can’t be deleted: it is used by 4 commitments. Remove it from "
        "them first, then try again."
    ]
    assert Outcome.objects.filter(pk=equitable.pk).exists()


def test_an_unused_commitment_can_be_deleted(admin_client, framework, fake_stories):
    spare = CommitmentFactory(name="Spare commitment")

    response = admin_client.post(
        f"{SNIPPETS}/commitment/delete/{spare.pk}/", follow=True
    )

    assert "Commitment &#x27;Spare commitment&#x27; deleted." in _messages(response)[0]
    assert not Commitment.objects.filter(pk=spare.pk).exists()


def test_tagged_commitments_cannot_be_deleted_outside_the_admin_either(
    framework, fake_stories
):
    homes = Commitment.objects.get(slug="homes-for-all")
    fake_stories.tag(homes, FakeStory("Story A", "/a/"))

    # Deletion runs without a savepoint, so each attempt gets its own.
    in_use = pytest.raises(CommitmentInUse, match="it is used by 1 delivery story")
    with in_use, transaction.atomic():
        homes.delete()
    with pytest.raises(CommitmentInUse), transaction.atomic():
        Commitment.objects.filter(outcome__slug="equitable").delete()
    assert Commitment.objects.count() == 14


@pytest.mark.parametrize(
    "group, url, allowed",
    [
        ("Moderators", "commitment/edit/{commitment}/", True),
        ("Moderators", "indicator/add/", True),
        ("Editors", "commitment/", True),
        ("Editors", "commitment/edit/{commitment}/", False),
        ("Editors", "indicator/edit/{indicator}/", True),
        ("Editors", "indicator/add/", False),
        ("Event managers", "commitment/", False),
    ],
)
def test_staff_groups_get_the_documented_framework_rights(
    client, framework, group, url, allowed
):
    commitment = Commitment.objects.first()
    indicator = IndicatorFactory(commitment=commitment)
    client.force_login(StaffUserFactory(groups=[group]))

    response = client.get(
        f"{SNIPPETS}/" + url.format(commitment=commitment.pk, indicator=indicator.pk)
    )

    assert (response.status_code == 200) == allowed
