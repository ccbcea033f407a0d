"""Find every kind of content tagged with commitments, without importing those apps."""

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
