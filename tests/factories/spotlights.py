import datetime

import factory
from django.utils import timezone

from signatories.models import Signatory
from spotlights.models import (
    SpotlightDistrict,
    SpotlightIndexPage,
    SpotlightPage,
    SpotlightPartner,
)


class _ChildPageFactory(factory.django.DjangoModelFactory):
    """Pages are created under `parent` (required), as Wagtail's tree needs."""

    class Meta:
        abstract = True

    @classmethod
    def _create(cls, model_class, *args, parent, **kwargs):
        return parent.add_child(instance=model_class(*args, **kwargs))


class SpotlightIndexPageFactory(_ChildPageFactory):
    class Meta:
        model = SpotlightIndexPage

    title = "Delivery stories"
    slug = "stories"
    introduction = "What partners are delivering."


class SpotlightPageFactory(_ChildPageFactory):
    """A published story; pass `commitments`, `partners` and `districts`.

    Each partner is a name, a (name, website) pair or a register entry (Signatory).

    Stories are made live directly (no revision) so big lists stay quick to build.
    """

    class Meta:
        model = SpotlightPage

    title = factory.Sequence(lambda n: f"Story number {n}")
    standfirst = factory.LazyAttribute(lambda o: f"What happened in {o.title.lower()}.")
    date = factory.Sequence(
        lambda n: datetime.date(2026, 9, 1) - datetime.timedelta(days=n)
    )
    live = True
    first_published_at = factory.LazyFunction(timezone.now)

    @classmethod
    def _create(
        cls, model_class, *args, commitments=(), partners=(), districts=(), **kwargs
    ):
        page = model_class(**{k: v for k, v in kwargs.items() if k != "parent"})
        page.commitments = list(commitments)
        page.partners = [_partner(p) for p in partners]
        page.district_links = [SpotlightDistrict(district=d) for d in districts]
        return kwargs["parent"].add_child(instance=page)


def _partner(partner):
    if isinstance(partner, Signatory):
        return SpotlightPartner(name=partner.name, signatory=partner)
    name, website = (partner, "") if isinstance(partner, str) else partner
    return SpotlightPartner(name=name, website=website)


def bulk_stories(
    index, count, *, commitments, images=(), partner="Bulk Partner (test)"
):
    """Add `count` published stories under `index` in a few bulk inserts.

    Adding 1,000 pages one at a time through the tree takes half a minute; these
    rows are what the tree, the admin and the front end would store, minus search
    index entries and revisions.
    """
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import F
    from wagtail.models import Locale, Page

    content_type = ContentType.objects.get_for_model(SpotlightPage)
    locale = Locale.get_default()
    start = index.numchild + 1
    now = timezone.now()
    pages = []
    for number in range(start, start + count):
        slug = f"bulk-story-{number}"
        pages.append(
            Page(
                title=f"Bulk story {number}",
                draft_title=f"Bulk story {number}",
                slug=slug,
                path=Page._get_path(index.path, index.depth + 1, number),
                depth=index.depth + 1,
                numchild=0,
                url_path=f"{index.url_path}{slug}/",
                content_type=content_type,
                locale=locale,
                live=True,
                first_published_at=now,
                last_published_at=now,
            )
        )
    Page.objects.bulk_create(pages, batch_size=200)
    created = list(
        Page.objects.filter(slug__in=[p.slug for p in pages], depth=index.depth + 1)
    )
    stories = [
        SpotlightPage(
            page_ptr_id=page.pk,
            standfirst=f"What happened in {page.title.lower()}.",
            date=datetime.date(2025, 1, 1),
            hero_image=images[i % len(images)] if images else None,
            hero_image_alt="A picture." if images else "",
            body=[],
        )
        for i, page in enumerate(created)
    ]
    fields = SpotlightPage._meta.local_concrete_fields
    for offset in range(0, len(stories), 200):
        SpotlightPage.objects._insert(stories[offset : offset + 200], fields=fields)
    through = SpotlightPage.commitments.through
    through.objects.bulk_create(
        through(
            spotlightpage_id=page.pk, commitment_id=commitments[i % len(commitments)].pk
        )
        for i, page in enumerate(created)
    )
    SpotlightPartner.objects.bulk_create(
        SpotlightPartner(page_id=page.pk, name=partner, sort_order=0)
        for page in created
    )
    SpotlightDistrict.objects.bulk_create(
        SpotlightDistrict(page_id=page.pk, district="fenland") for page in created
    )
    Page.objects.filter(pk=index.pk).update(numchild=F("numchild") + count)
    index.refresh_from_db()
