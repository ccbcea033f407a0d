"""A summit's wall as open data: what each card says, never who wrote it (no first
name, and nothing else a person gave; docs/postcards.md)."""

from django.utils.timezone import localdate

from signatories.choices import ONS_CODES, District

from ..models import Postcard

# Column order of the CSV; the JSON uses the same keys.
FIELDS = [
    "id",
    "ambition",
    "outcome",
    "outcome_name",
    "district",
    "district_name",
    "ons_code",
    "published_on",
]


def records(summit):
    """Each card on `summit`'s wall, newest first, as a dict of FIELDS."""
    district_names = {value: str(label) for value, label in District.choices}
    for postcard in Postcard.objects.for_wall().filter(summit=summit):
        yield {
            "id": postcard.pk,
            "ambition": postcard.ambition,
            "outcome": postcard.outcome.slug,
            "outcome_name": postcard.outcome.name,
            "district": postcard.district,
            "district_name": district_names.get(postcard.district, ""),
            "ons_code": ONS_CODES.get(postcard.district, ""),
            "published_on": localdate(postcard.published_at).isoformat(),
        }
