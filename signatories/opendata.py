"""The register as open data: public fields only, never contact details."""

from django.conf import settings
from django.utils.timezone import localdate

from .models import Signatory

# Column order of the CSV; the JSON uses the same keys.
FIELDS = [
    "id",
    "name",
    "url",
    "website",
    "organisation_type",
    "organisation_type_label",
    "district",
    "ons_code",
    "commitments",
    "signed_on",
    "logo_url",
]


def public_signatories():
    return Signatory.objects.public().prefetch_related("commitments")


def record(signatory):
    """One organisation as a dict of FIELDS; `commitments` is a list of slugs."""
    return {
        "id": signatory.pk,
        "name": signatory.name,
        "url": settings.SITE_URL + signatory.get_absolute_url(),
        "website": signatory.website,
        "organisation_type": signatory.organisation_type,
        "organisation_type_label": str(signatory.get_organisation_type_display()),
        "district": str(signatory.get_district_display()),
        "ons_code": signatory.ons_code,
        "commitments": [commitment.slug for commitment in signatory.commitments.all()],
        "signed_on": localdate(signatory.approved_at).isoformat()
        if signatory.approved_at
        else "",
        "logo_url": settings.SITE_URL + signatory.logo.url if signatory.logo else "",
    }


def records():
    # Chunked, with the commitments fetched per chunk: memory stays flat at any size.
    for signatory in public_signatories().iterator(chunk_size=1000):
        yield record(signatory)
