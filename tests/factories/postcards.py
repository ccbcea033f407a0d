import factory
from django.utils import timezone

from events.models import Postcard
from framework.models import Outcome


class PostcardFactory(factory.django.DjangoModelFactory):
    """A card on the wall; pass `status="held"` (and `published_at=None`) for one
    awaiting approval."""

    class Meta:
        model = Postcard

    ambition = factory.Sequence(lambda n: f"Ambition number {n} for the region.")
    outcome = factory.LazyFunction(lambda: Outcome.objects.order_by("pk").first())
    first_name = "Ada"
    district = "fenland"
    status = "published"
    published_at = factory.LazyFunction(timezone.now)
