import pytest

from tests.factories.events import SummitIndexPageFactory, SummitPageFactory
from tests.factories.speakers import SpeakersIndexPageFactory


@pytest.fixture
def summit_index(site_pages, framework):
    index = SummitIndexPageFactory(parent=site_pages)
    SpeakersIndexPageFactory(parent=index)
    return index


@pytest.fixture
def summit(summit_index):
    return SummitPageFactory(parent=summit_index)
