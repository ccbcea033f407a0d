import pytest

from tests.factories.accounts import VerifiedUserFactory
from tests.factories.events import (
    SummitIndexPageFactory,
    SummitPageFactory,
    TicketTypeFactory,
    open_registration,
)
from tests.factories.speakers import SpeakersIndexPageFactory


@pytest.fixture
def summit_index(site_pages, framework):
    index = SummitIndexPageFactory(parent=site_pages)
    SpeakersIndexPageFactory(parent=index)
    return index


@pytest.fixture
def summit(summit_index):
    return SummitPageFactory(parent=summit_index)


@pytest.fixture
def open_summit(summit):
    """A summit 30 days ahead whose registration opened a week ago."""
    return open_registration(summit)


@pytest.fixture
def ticket_type(open_summit):
    return TicketTypeFactory(summit=open_summit, name="Delegate place", capacity=10)


@pytest.fixture
def booker(db):
    return VerifiedUserFactory(
        email="booker@example.org", first_name="Bea", last_name="Booker"
    )
