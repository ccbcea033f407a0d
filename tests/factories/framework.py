import datetime
from decimal import Decimal

import factory

from framework.choices import Colour
from framework.models import Commitment, Indicator, Observation, Outcome


class OutcomeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Outcome

    name = factory.Sequence(lambda n: f"Outcome {n}")
    slug = factory.Sequence(lambda n: f"outcome-{n}")
    summary = "An outcome for tests."
    colour = Colour.GREEN


class CommitmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commitment

    outcome = factory.SubFactory(OutcomeFactory)
    name = factory.Sequence(lambda n: f"Commitment {n}")
    slug = factory.Sequence(lambda n: f"commitment-{n}")
    summary = "A commitment for tests."
    provisional = False


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    name = factory.Sequence(lambda n: f"Indicator {n}")
    slug = factory.Sequence(lambda n: f"indicator-{n}")
    commitment = factory.SubFactory(CommitmentFactory)
    unit = "%"
    decimal_places = 1
    source_name = "Test statistics (example.org)"
    source_url = "https://example.org/statistics"


class ObservationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Observation

    indicator = factory.SubFactory(IndicatorFactory)
    date = factory.Sequence(lambda n: datetime.date(2000 + n, 3, 31))
    value = Decimal("50.0")


def observe(indicator, *values, first_year=2020):
    """Give `indicator` one observation per year from `first_year`."""
    return [
        ObservationFactory(
            indicator=indicator,
            date=datetime.date(first_year + offset, 3, 31),
            value=Decimal(value),
        )
        for offset, value in enumerate(values)
    ]
