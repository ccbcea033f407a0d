"""The framework as one JSON document for partners (served at /api/framework.json).

Slugs are the stable ids; names and wording may change. Observation values are decimal
strings so no precision is lost.
"""

from wagtail.rich_text import expand_db_html

from .models import (
    Commitment,
    CommitmentsShowcasePage,
    Indicator,
    Outcome,
    Statement,
    Value,
)

FORMAT_VERSION = 1


def decimal_string(value):
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def framework_document(request):
    """Statement, values, outcomes, commitments and indicators with observations."""

    def absolute(url):
        return request.build_absolute_uri(url) if url else None

    def item(obj):
        return {
            "slug": obj.slug,
            "name": obj.name,
            "summary": obj.summary,
            "description": expand_db_html(obj.description),
        }

    showcase = CommitmentsShowcasePage.objects.live().first()
    statement = Statement.current()
    outcomes = Outcome.objects.prefetch_related("commitments")
    return {
        "version": FORMAT_VERSION,
        "url": absolute(showcase and showcase.url),
        "statement": statement
        and {
            "title": statement.title,
            "text": statement.text,
            "horizon_year": statement.horizon_year,
            "approved_on": statement.approved_on and statement.approved_on.isoformat(),
            "approved_by": statement.approved_by,
        },
        "values": [item(value) for value in Value.objects.all()],
        "outcomes": [
            {
                **item(outcome),
                "url": absolute(outcome.get_url(request)),
                "commitments": [c.slug for c in outcome.commitments.all()],
            }
            for outcome in outcomes
        ],
        "commitments": [
            {
                **item(commitment),
                "outcome": commitment.outcome.slug,
                "provisional": commitment.provisional,
                "url": absolute(commitment.get_url(request)),
            }
            for commitment in Commitment.objects.all()
        ],
        "indicators": [
            {
                "slug": indicator.slug,
                "name": indicator.name,
                "kind": indicator.kind,
                "unit": indicator.unit,
                "decimal_places": indicator.decimal_places,
                "better": indicator.direction,
                "description": expand_db_html(indicator.description),
                "source": {
                    "name": indicator.source_name,
                    "url": indicator.source_url or None,
                },
                "commitment": indicator.commitment and indicator.commitment.slug,
                "outcome": indicator.outcome and indicator.outcome.slug,
                "observations": [
                    {"date": obs.date.isoformat(), "value": decimal_string(obs.value)}
                    for obs in indicator.observations.all()
                ],
            }
            for indicator in Indicator.objects.select_related(
                "commitment", "outcome"
            ).prefetch_related("observations")
        ],
    }
