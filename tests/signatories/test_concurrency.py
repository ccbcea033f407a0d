"""Two organisations whose names make the same web address sign at the same moment,
each on its own database connection: both are saved, at different addresses."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from framework.loading import load_framework
from framework.models import Commitment
from signatories import services
from signatories.models import Signatory

pytestmark = [
    pytest.mark.postgres_only,
    # Restores the migrations' rows that an earlier transactional test flushed.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PAIRS = [
    ("Alpha+Beta Trust", "AlphaBeta Trust"),
    ("Fen & Marsh Co-op", "Fen Marsh Co op"),
    ("Ely+Fen Youth", "ElyFen Youth"),
]


@pytest.mark.parametrize("names", PAIRS)
def test_same_address_sign_ups_at_once_are_both_saved(names):
    load_framework()
    commitment = Commitment.objects.first()
    both_ready = threading.Barrier(len(names))

    def sign(name):
        try:
            both_ready.wait()
            services.submit_signature(
                name=name,
                organisation_type="voluntary",
                district="fenland",
                website="",
                pledge="We pledge.",
                commitments=[commitment],
                contact_name="Ada",
                contact_role="Chair",
                contact_email=f"{len(name)}@example.org",
            )
            return "saved"
        except services.DuplicateSignatory:
            return "duplicate"
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(names)) as pool:
        outcomes = list(pool.map(sign, names))

    assert outcomes == ["saved", "saved"]
    slugs = sorted(Signatory.objects.values_list("slug", flat=True))
    assert len(set(slugs)) == 2
    assert slugs[1] == f"{slugs[0]}-2"
