"""Find every kind of content tagged with commitments, without importing those apps."""

from dataclasses import dataclass

from django.apps import apps

from .models import CommitmentTagged


def tagged_models():
    """Concrete models using `CommitmentTagged`, in showcase order."""
    models = [
        model
        for model in apps.get_models()
        if issubclass(model, CommitmentTagged) and model.showcase_heading
    ]
    return sorted(models, key=lambda model: (model.showcase_order, model.__name__))


@dataclass(frozen=True)
class ShowcaseSection:
    heading: str
    template: str
    items: list


def showcase_sections(commitment):
    """One section per tagged kind for `commitment`'s page, each with its public items
    (one query per kind, plus whatever the kind prefetches)."""
    return [
        ShowcaseSection(
            heading=model.showcase_heading,
            template=model.showcase_item_template,
            items=list(model.showcase_items(commitment)),
        )
        for model in tagged_models()
    ]


def tagged_usage(commitment):
    """{model: count} for each kind holding items tagged with `commitment`."""
    counts = {model: model.tagged_with(commitment).count() for model in tagged_models()}
    return {model: count for model, count in counts.items() if count}
