import pytest

from framework.models import Outcome
from framework.site_setup import setup_showcase


@pytest.fixture
def showcase(site_pages, framework):
    return setup_showcase()


@pytest.fixture
def outcome(framework):
    return Outcome.objects.get(slug="connected")
