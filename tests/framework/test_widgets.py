"""One commitments widget, grouped by outcome, in the admin and in public forms."""

import re

import pytest
from django.urls import reverse

from events.models import Session
from signatories.forms import SignatoryForm
from spotlights.forms import StoryProposalForm
from tests.factories.events import (
    SessionFactory,
    SummitIndexPageFactory,
    SummitPageFactory,
)
from tests.factories.signatories import SignatoryFactory
from tests.factories.spotlights import SpotlightIndexPageFactory, SpotlightPageFactory

OUTCOMES = ["Equitable", "Pioneering", "Connected", "Resilient"]


def groups(html):
    """Each outcome fieldset's legend and the commitments checkboxes inside it."""
    return {
        legend: len(re.findall(r'name="commitments" value="\d+"', body))
        for legend, body in re.findall(
            r'<fieldset class="commitment-group">\s*'
            r'<legend class="commitment-group__legend">([^<]+)</legend>(.*?)</fieldset>',
            html,
            re.S,
        )
    }


@pytest.mark.parametrize("form_class", [SignatoryForm, StoryProposalForm])
def test_public_forms_group_commitments_in_a_fieldset_per_outcome(
    framework, form_class
):
    html = str(form_class()["commitments"])

    assert groups(html) == {
        "Equitable": 4,
        "Pioneering": 3,
        "Connected": 4,
        "Resilient": 3,
    }


@pytest.mark.parametrize(
    "path", ["/signatories/sign/", "/stories/propose/"], ids=["sign", "propose"]
)
def test_public_form_pages_group_commitments_by_outcome(
    client, site_pages, framework, path
):
    SpotlightIndexPageFactory(parent=site_pages)

    html = client.get(path).text

    assert list(groups(html)) == OUTCOMES


def test_admin_forms_use_the_grouped_widget(admin_client, site_pages, framework):
    story = SpotlightPageFactory(parent=SpotlightIndexPageFactory(parent=site_pages))
    summit = SummitPageFactory(parent=SummitIndexPageFactory(parent=site_pages))
    session = SessionFactory(summit=summit)
    signatory = SignatoryFactory()

    pages = [
        reverse("wagtailadmin_pages:edit", args=[story.pk]),
        reverse(Session.snippet_viewset.get_url_name("edit"), args=[session.pk]),
        reverse("signatory:edit", args=[signatory.pk]),
    ]

    for url in pages:
        response = admin_client.get(url)
        assert response.status_code == 200, url
        assert list(groups(response.text)) == OUTCOMES, url
