import pytest
from django.core.cache import cache

from framework.loading import load_framework
from home.demo import seed_home

pytest_plugins = ["tests.fakes.stripe_fixtures"]


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate limits and cached counters must not leak from one test into the next."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def framework(db):
    """The 3 values, 4 outcomes and 14 commitments the project ships."""
    load_framework()


@pytest.fixture
def home_page(db):
    return seed_home()


@pytest.fixture
def site_pages(home_page):
    """Home plus the accessibility statement and privacy notice the footer needs."""
    from home.demo import seed

    seed(stdout=_NullWriter())
    return home_page


class _NullWriter:
    def write(self, *args, **kwargs):
        pass


def pytest_runtest_setup(item):
    """`postgres_only` tests need PostgreSQL's row locks: skipped in the SQLite stage,
    they always run in the PostgreSQL stage (which CI requires)."""
    if item.get_closest_marker("postgres_only"):
        from django.db import connection

        if connection.vendor != "postgresql":
            pytest.skip("needs PostgreSQL; runs in the PostgreSQL stage")
