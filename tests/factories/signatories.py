import factory
from django.utils import timezone
from django.utils.text import slugify

from signatories.choices import SignatoryStatus
from signatories.models import Signatory


class SignatoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Signatory
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Test Organisation {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    organisation_type = "business"
    district = "cambridge"
    website = factory.LazyAttribute(lambda o: f"https://{slugify(o.name)}.example.org/")
    pledge = "We will help deliver the Shared Ambition."
    contact_name = "Pat Example"
    contact_role = "Director"
    contact_email = factory.Sequence(lambda n: f"contact{n}@example.org")
    status = SignatoryStatus.APPROVED
    confirmed_at = factory.LazyFunction(timezone.now)
    approved_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def commitments(self, create, extracted, **kwargs):
        if create and extracted:
            self.commitments.set(extracted)
            self.save()


class PendingSignatoryFactory(SignatoryFactory):
    status = SignatoryStatus.PENDING
    approved_at = None


class UnconfirmedSignatoryFactory(PendingSignatoryFactory):
    status = SignatoryStatus.UNCONFIRMED
    confirmed_at = None
