"""The register as open data: public fields only, never contact details."""

import itertools
import json
import textwrap

from django.conf import settings
from django.db.models import Count, Window
from django.urls import reverse
from django.utils import timezone
from django.utils.timezone import localdate

from home.links import absolute_url

from .choices import District, OrganisationType
from .models import Signatory

CHUNK_SIZE = 1000

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
    return (record for _signatory, record in _rows(Signatory.objects.public()))


def _counted_records():
    """(how many, `records()`) from one query: the count comes with each row (a
    window over the whole result), so it agrees with the rows even when an
    organisation is approved while they are being sent. The first chunk is fetched
    now, the rest as the iterator is read."""
    rows = _rows(Signatory.objects.public().annotate(total=Window(Count("pk"))))
    first = next(rows, None)
    if first is None:
        return 0, iter(())
    signatory, record = first
    rest = (record for _signatory, record in rows)
    return signatory.total, itertools.chain([record], rest)


def json_document(batch=100):
    """The register as one JSON document, in pieces of `batch` organisations: the
    text `json.dumps(document, ensure_ascii=False, indent=1)` gives, without holding
    every record at once (10,000 made 4.5 MB)."""
    count, items = _counted_records()
    head = {
        "title": "Organisations supporting the Shared Ambition for "
        "Cambridgeshire & Peterborough",
        "generated_at": timezone.now().isoformat(),
        "count": count,
        "fields": FIELDS,
    }
    opening = json.dumps(head, ensure_ascii=False, indent=1).removesuffix("\n}")
    first = next(items, None)
    if first is None:
        yield f'{opening},\n "signatories": []\n}}'
        return
    yield f'{opening},\n "signatories": [\n{_nested_json(first)}'
    while chunk := list(itertools.islice(items, batch)):
        yield "".join(f",\n{_nested_json(item)}" for item in chunk)
    yield "\n ]\n}"


def _nested_json(record):
    """`record` as `json.dumps(..., indent=1)` writes it inside the document's list:
    JSON strings hold no line breaks, so indenting each line is enough."""
    return textwrap.indent(json.dumps(record, ensure_ascii=False, indent=1), "  ")


def _rows(queryset):
    """(signatory, its record) for each organisation `queryset` finds."""
    type_labels = {value: str(label) for value, label in OrganisationType.choices}
    district_labels = {value: str(label) for value, label in District.choices}
    page_prefix = settings.SITE_URL + reverse(
        "signatories:detail", args=["slug"]
    ).removesuffix("slug/")
    queryset = queryset.prefetch_related("commitments")
    for signatory in queryset.iterator(chunk_size=CHUNK_SIZE):
        record = {
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
        yield signatory, record
