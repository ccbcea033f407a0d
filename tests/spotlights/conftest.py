import pytest

from framework.models import Commitment
from tests.factories.spotlights import SpotlightIndexPageFactory


@pytest.fixture
def index(home_page):
    return SpotlightIndexPageFactory(parent=home_page)


@pytest.fixture
def commitments(framework):
    """The framework's commitments by slug."""
    return {commitment.slug: commitment for commitment in Commitment.objects.all()}
