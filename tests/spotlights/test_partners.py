"""Story partners linked to the signatory register, and back."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from spotlights.models import SpotlightPage, SpotlightPartner
from tests.factories.signatories import PendingSignatoryFactory, SignatoryFactory
from tests.factories.spotlights import SpotlightPageFactory
from tests.queries import assert_same_queries


def titles(html):
    return re.findall(r'class="card__link" href="[^"]+">([^<]+)</a>', html)


@pytest.fixture
def energy(db):
    return SignatoryFactory(name="Fen Energy (test)", slug="fen-energy-test")


def test_story_links_a_partner_to_its_public_register_entry(client, index, energy):
    story = SpotlightPageFactory(
        parent=index,
        partners=[energy, ("Parish Council (test)", "https://parish.example.org/")],
    )

    html = client.get(story.url).text

    assert '<a href="/signatories/fen-energy-test/">Fen Energy (test)</a>' in html
    assert '<a href="https://parish.example.org/">Parish Council (test)</a>' in html


@pytest.mark.parametrize("status", ["pending", "withdrawn", "rejected"])
def test_story_names_a_partner_without_linking_an_entry_that_is_not_public(
    client, index, energy, status
):
    story = SpotlightPageFactory(parent=index, partners=[energy])
    energy.status = status
    energy.save()

    html = client.get(story.url).text

    assert "<li>Fen Energy (test)</li>" in html
    assert "/signatories/fen-energy-test/" not in html


def test_deleting_a_register_entry_keeps_the_partner_name(index, energy):
    story = SpotlightPageFactory(parent=index, partners=[energy])

    energy.delete()

    [partner] = story.partners.all()
    assert (partner.name, partner.signatory) == ("Fen Energy (test)", None)


def test_partner_takes_the_register_entry_name_when_left_blank(energy):
    partner = SpotlightPartner(signatory=energy, name=" ")
    partner.clean()
    assert partner.name == "Fen Energy (test)"

    with pytest.raises(ValidationError) as error:
        SpotlightPartner(name="").clean()
    assert error.value.message_dict == {
        "name": ["Name the organisation, or choose its register entry."]
    }


def test_signatory_page_lists_its_live_stories(client, site_pages, index, energy):
    SpotlightPageFactory(parent=index, title="Solar halls", partners=[energy])
    SpotlightPageFactory(parent=index, title="Draft", partners=[energy], live=False)
    SpotlightPageFactory(
        parent=index, title="Same name, not linked", partners=["Fen Energy (test)"]
    )
    SpotlightPageFactory(parent=index, title="Someone else's", partners=["Other"])

    html = client.get(energy.get_absolute_url()).text

    section = html.split('id="organisation-stories-heading"')[1]
    assert section.startswith(">Delivery stories</h2>")
    assert titles(section) == ["Solar halls"]
    assert "See every story" not in section


def test_signatory_page_has_no_story_section_without_stories(client, energy):
    html = client.get(energy.get_absolute_url()).text

    assert "organisation-stories-heading" not in html


def test_signatory_page_links_to_all_its_stories_when_there_are_many(
    client, index, energy
):
    for number in range(7):
        SpotlightPageFactory(parent=index, title=f"Story {number}", partners=[energy])

    html = client.get(energy.get_absolute_url()).text
    listing = client.get("/stories/?organisation=Fen+Energy+%28test%29")

    section = html.split('id="organisation-stories-heading"')[1]
    assert len(titles(section)) == 6
    assert (
        '<a href="/stories/?organisation=Fen+Energy+%28test%29">'
        "See every story with Fen Energy (test)</a>" in section
    )
    assert listing.status_code == 200
    assert len(titles(listing.text)) == 7


@pytest.mark.parametrize("few, many", [(1, 3), (7, 20)])
def test_signatory_page_queries_do_not_grow_with_its_stories(
    client, index, energy, commitments, few, many
):
    def add_stories(start, stop):
        for number in range(start, stop):
            SpotlightPageFactory(
                parent=index,
                title=f"Story {number}",
                partners=[energy, "Another partner"],
                commitments=list(commitments.values())[number % 12 :][:2],
            )

    add_stories(0, few)
    url = energy.get_absolute_url()

    assert_same_queries(client, [url], grow=lambda: add_stories(few, many))

    assert len(titles(client.get(url).text)) == min(many, 6)


def test_index_organisation_filter_matches_linked_register_entries(
    client, index, energy
):
    SpotlightPageFactory(
        parent=index, title="Named as on the register", partners=[energy]
    )
    linked = SpotlightPageFactory(parent=index, title="Named differently")
    linked.partners = [SpotlightPartner(name="Fen Energy Ltd", signatory=energy)]
    linked.save()
    SpotlightPageFactory(parent=index, title="Unrelated", partners=["Other (test)"])

    by_entry = client.get("/stories/?organisation=Fen+Energy+%28test%29")
    by_name = client.get("/stories/?organisation=Fen+Energy+Ltd")

    by_part = client.get("/stories/?organisation=fen+energy")

    assert titles(by_entry.text) == ["Named as on the register", "Named differently"]
    assert titles(by_name.text) == ["Named differently"]
    assert titles(by_part.text) == ["Named as on the register", "Named differently"]
    # A search box keeping what was searched, not a menu of every partner.
    assert 'value="Fen Energy (test)"' in by_entry.text
    assert "Other (test)" not in by_entry.text


def test_index_does_not_offer_entries_that_are_not_public(client, index):
    pending = PendingSignatoryFactory(name="Pending Org (test)")
    story = SpotlightPageFactory(parent=index)
    story.partners = [SpotlightPartner(name="Renamed partner", signatory=pending)]
    story.save()

    filtered = client.get("/stories/?organisation=Pending+Org")

    assert filtered.status_code == 200
    assert titles(filtered.text) == []


def test_story_editor_chooses_partners_from_the_register(admin_client, index, energy):
    story = SpotlightPageFactory(parent=index, partners=[energy])
    PendingSignatoryFactory(name="Pending Org (test)")

    edit = admin_client.get(reverse("wagtailadmin_pages:edit", args=[story.pk]))
    chooser = admin_client.get(reverse("signatory_chooser:choose"))

    assert edit.status_code == 200
    assert "Choose another register entry" in edit.text
    assert 'name="partners-0-signatory"' in edit.text
    assert chooser.status_code == 200
    assert "Fen Energy (test)" in chooser.text
    assert "Pending Org" not in chooser.text


def test_publishing_a_story_keeps_its_partner_links(index, energy):
    story = SpotlightPageFactory(parent=index, partners=[energy])

    story.save_revision().publish()

    assert list(SpotlightPage.objects.published().with_partner(energy)) == [story]


def test_story_preview_links_partners_chosen_in_the_editor(index, energy):
    story = SpotlightPageFactory(parent=index)
    draft = story.save_revision().as_object()
    # As in the admin's preview: unsaved partners, held in memory on the page.
    draft.partners = [SpotlightPartner(name="Fen Energy (test)", signatory=energy)]

    response = draft.make_preview_request()

    assert response.status_code == 200
    assert (
        '<a href="/signatories/fen-energy-test/">Fen Energy (test)</a>'
        in response.content.decode()
    )
