"""The register as open data: public fields only, never contact details."""

from django.conf import settings
from django.urls import reverse
from django.utils.timezone import localdate

from home.links import absolute_url

from .choices import District, OrganisationType
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


def records():
    """Each public organisation as a dict of FIELDS (`commitments`: a list of slugs).

    Fetched in chunks with their commitments, so memory stays flat at any size; labels
    and the page address are worked out once, not per row (translating lazy labels and
    reversing URLs dominated the time for thousands of rows).
    """
    type_labels = {value: str(label) for value, label in OrganisationType.choices}
    district_labels = {value: str(label) for value, label in District.choices}
    page_prefix = settings.SITE_URL + reverse(
        "signatories:detail", args=["slug"]
    ).removesuffix("slug/")
    queryset = Signatory.objects.public().prefetch_related("commitments")
    for signatory in queryset.iterator(chunk_size=1000):
        yield {
            "id": signatory.pk,
            "name": signatory.name,
            "url": f"{page_prefix}{signatory.slug}/",
            "website": signatory.website,
            "organisation_type": signatory.organisation_type,
            "organisation_type_label": type_labels[signatory.organisation_type],
            "district": district_labels[signatory.district],
            "ons_code": signatory.ons_code,
            "commitments": [c.slug for c in signatory.commitments.all()],
            "signed_on": localdate(signatory.approved_at).isoformat()
            if signatory.approved_at
            else "",
            # Storage may give a full address already (object storage, a CDN).
            "logo_url": absolute_url(signatory.logo.url) if signatory.logo else "",
        }
