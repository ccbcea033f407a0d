import pytest
from django.core.cache import cache
from django.test import override_settings

from framework.loading import load_framework
from home.site_setup import setup_home

pytest_plugins = ["tests.fakes.stripe_fixtures", "tests.fakes.object_store"]


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
    return setup_home()


@pytest.fixture
def site_pages(home_page):
    """Home plus the accessibility statement and privacy notice the footer needs (as
    `setup_site` makes them), and the demo's About page and staff accounts (made
    with DEBUG on, as on a development machine)."""
    from home import demo, site_setup

    site_setup.setup(stdout=_NullWriter())
    demo.seed_about_page(home_page)
    with override_settings(DEBUG=True):
        demo.seed_accounts()
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
