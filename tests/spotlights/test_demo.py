from events.models import SummitPage
from spotlights.models import SpotlightPage, SpotlightPartner, StoryProposal
from tests.seeding import seed_demo


def test_seed_demo_adds_about_twenty_stories_across_the_framework(db):
    output = seed_demo()

    stories = SpotlightPage.objects.live()
    assert stories.count() == 20
    assert "Stories: 20 demo stories added under /stories/." in output
    assert all("(demo)" in s.partners.first().name for s in stories)
    assert all(s.hero_image and s.hero_image_alt for s in stories)
    assert stories.filter(featured=True).count() == 3
    tagged = {c.slug for s in stories for c in s.commitments.all()}
    assert len(tagged) == 14
    places = {link.district for s in stories for link in s.district_links.all()}
    assert len(places) == 8
    # One draft shows editors what a public proposal looks like.
    assert StoryProposal.objects.get().page.live is False


def test_seed_demo_links_stories_to_the_register_and_the_past_summit(client, db):
    seed_demo()

    linked = SpotlightPartner.objects.exclude(signatory=None).select_related(
        "signatory"
    )
    assert len(linked) == 5
    assert all(p.name == p.signatory.name and p.signatory.is_public for p in linked)
    presented = SpotlightPage.objects.live().exclude(summit=None)
    assert presented.count() == 3
    past_summit = SummitPage.objects.order_by("start").first()
    assert {story.summit_id for story in presented} == {past_summit.pk}
    signatory_page = client.get(linked[0].signatory.get_absolute_url()).text
    assert 'id="organisation-stories-heading"' in signatory_page
    assert linked[0].page.title in signatory_page
    summit_page = client.get(presented[0].summit.url).text
    assert "Stories presented at this summit" in summit_page


def test_seed_demo_stories_are_idempotent(db):
    seed_demo()
    counts = (
        SpotlightPage.objects.count(),
        StoryProposal.objects.count(),
        SpotlightPartner.objects.exclude(signatory=None).count(),
    )

    output = seed_demo()

    assert (
        SpotlightPage.objects.count(),
        StoryProposal.objects.count(),
        SpotlightPartner.objects.exclude(signatory=None).count(),
    ) == counts
    assert "Stories: 0 demo stories added" in output
