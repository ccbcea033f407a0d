from io import StringIO

from django.core.management import call_command

from spotlights.models import SpotlightPage, StoryProposal


def test_seed_demo_adds_about_twenty_stories_across_the_framework(db):
    out = StringIO()
    call_command("seed_demo", stdout=out)

    stories = SpotlightPage.objects.live()
    assert stories.count() == 20
    assert "Stories: 20 demo stories added under /stories/." in out.getvalue()
    assert all("(demo)" in s.partners.first().name for s in stories)
    assert all(s.hero_image and s.hero_image_alt for s in stories)
    assert stories.filter(featured=True).count() == 3
    tagged = {c.slug for s in stories for c in s.commitments.all()}
    assert len(tagged) == 14
    places = {link.district for s in stories for link in s.district_links.all()}
    assert len(places) == 8
    # One draft shows editors what a public proposal looks like.
    assert StoryProposal.objects.get().page.live is False


def test_seed_demo_stories_are_idempotent(db):
    call_command("seed_demo", stdout=StringIO())
    counts = (SpotlightPage.objects.count(), StoryProposal.objects.count())

    out = StringIO()
    call_command("seed_demo", stdout=out)

    assert (SpotlightPage.objects.count(), StoryProposal.objects.count()) == counts
    assert "Stories: 0 demo stories added" in out.getvalue()
