import pytest

from signatories.choices import SignatoryStatus
from signatories.demo import seed
from signatories.models import Signatory, SignatoryRegisterPage
from signatories.site_setup import setup_register_page
from tests.conftest import _NullWriter

pytestmark = pytest.mark.django_db


def test_demo_register_is_varied_clearly_marked_and_idempotent(site_pages, framework):
    setup_register_page()
    seed(stdout=_NullWriter())
    seed(stdout=_NullWriter())

    signatories = Signatory.objects.all()
    assert signatories.count() == 35
    assert all(s.name.endswith("(demo)") for s in signatories)
    assert all(s.contact_email.endswith("@example.org") for s in signatories)
    assert signatories.filter(status=SignatoryStatus.PENDING).count() == 4
    assert len(set(signatories.values_list("district", flat=True))) == 8
    assert len(set(signatories.values_list("organisation_type", flat=True))) == 6
    assert signatories.exclude(logo="").count() > 20
    assert all(s.commitments.exists() for s in signatories)
    page = SignatoryRegisterPage.objects.get()
    assert page.slug == "signatories" and page.get_parent().specific == site_pages
