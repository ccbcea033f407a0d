"""Sessions on the commitments showcase: listed on the commitment page and
protecting the commitments they are tagged with."""

from framework.models import Commitment
from framework.site_setup import setup_showcase
from tests.factories.events import SessionFactory


def test_commitment_page_lists_the_summit_sessions_tagged_with_it(client, summit):
    setup_showcase()
    homes = Commitment.objects.get(slug="homes-for-all")
    SessionFactory(summit=summit, title="Homes workshop", commitments=[homes])

    html = client.get("/showcase/equitable/homes-for-all/").text

    assert "Summit sessions</h2>" in html
    assert ">Homes workshop</a>" in html


def test_a_commitment_tagged_on_a_session_cannot_be_deleted(admin_client, summit):
    homes = Commitment.objects.get(slug="homes-for-all")
    SessionFactory(summit=summit, commitments=[homes])

    response = admin_client.post(
        f"/admin/snippets/framework/commitment/delete/{homes.pk}/", follow=True
    )

    messages = [str(m) for m in response.context["messages"]]
    assert messages == [
        "“Homes for All” can’t be deleted: it is used by 1 session. "
        "Remove it from them first, then try again."
    ]
    assert Commitment.objects.filter(pk=homes.pk).exists()
