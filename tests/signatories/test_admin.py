import re
from html import unescape

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse
from django.utils.html import strip_tags

from signatories import links, services
from signatories.choices import SignatoryStatus
from tests.factories import StaffUserFactory
from tests.factories.signatories import PendingSignatoryFactory, SignatoryFactory

from .conftest import image_file

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderator_client(client):
    client.force_login(StaffUserFactory(groups=["Moderators"]))
    return client


@pytest.fixture
def editor_client(client):
    client.force_login(StaffUserFactory(groups=["Editors"]))
    return client


@pytest.fixture
def pending(framework):
    return PendingSignatoryFactory(
        name="Ely Growers",
        contact_name="Alex Private",
        contact_email="alex.private@example.org",
    )


def test_moderation_queue_lists_and_filters_entries(moderator_client, pending):
    SignatoryFactory(name="Already Approved")

    everything = moderator_client.get("/admin/signatories/").content.decode()
    awaiting = moderator_client.get("/admin/signatories/?awaiting=on").content.decode()

    assert "Ely Growers" in everything and "Already Approved" in everything
    assert "Ely Growers" in awaiting and "Already Approved" not in awaiting
    assert "Awaiting approval" in awaiting


def test_moderators_see_contacts_and_editors_do_not(moderator_client, pending, client):
    url = f"/admin/signatories/inspect/{pending.pk}/"

    moderator_view = moderator_client.get(url).content.decode()
    assert "alex.private@example.org" in moderator_view
    assert 'href="/admin/signatories/approve/' in moderator_view

    client.logout()
    client.force_login(StaffUserFactory(groups=["Editors"]))
    editor_view = client.get(url).content.decode()
    assert "Ely Growers" in editor_view
    assert "alex.private@example.org" not in editor_view
    assert "Alex Private" not in editor_view
    assert "/admin/signatories/approve/" not in editor_view


def test_editors_cannot_moderate_or_edit(editor_client, pending):
    # The admin answers "permission denied" with a redirect and a message.
    for action in ["approve", "reject", "edit"]:
        response = editor_client.post(f"/admin/signatories/{action}/{pending.pk}/")
        assert response.status_code == 302
        assert response["Location"] == "/admin/"
    pending.refresh_from_db()
    assert pending.status == SignatoryStatus.PENDING


def test_nobody_adds_entries_in_the_admin(client, framework):
    client.force_login(StaffUserFactory(is_superuser=True))

    listing = client.get("/admin/signatories/").content.decode()

    assert "/admin/signatories/new/" not in listing
    assert client.get("/admin/signatories/new/").status_code in (302, 403)


def test_moderator_approves_in_the_admin(
    moderator_client, pending, django_capture_on_commit_callbacks
):
    page = moderator_client.get(f"/admin/signatories/approve/{pending.pk}/")
    assert "Publish Ely Growers on the register?" in page.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = moderator_client.post(f"/admin/signatories/approve/{pending.pk}/")

    assert response["Location"] == "/admin/signatories/"
    pending.refresh_from_db()
    assert pending.status == SignatoryStatus.APPROVED
    assert mail.outbox[0].to == ["alex.private@example.org"]


def test_rejecting_needs_a_reason_which_is_emailed(
    moderator_client, pending, django_capture_on_commit_callbacks
):
    url = f"/admin/signatories/reject/{pending.pk}/"

    empty = moderator_client.post(url, {"reason": ""})
    assert empty.status_code == 200
    assert "This field is required" in empty.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        moderator_client.post(url, {"reason": "Not an organisation we can verify."})

    pending.refresh_from_db()
    assert pending.status == SignatoryStatus.REJECTED
    assert "Not an organisation we can verify." in mail.outbox[0].body
    history = moderator_client.get(f"/admin/signatories/inspect/{pending.pk}/")
    assert "Not an organisation we can verify." in history.content.decode()


def test_approving_something_not_awaiting_moderation_explains(moderator_client):
    approved = SignatoryFactory()

    response = moderator_client.post(
        f"/admin/signatories/approve/{approved.pk}/", follow=True
    )

    assert "This entry is not awaiting moderation." in response.content.decode()


def test_export_includes_contacts_for_moderators_only(
    moderator_client, client, pending
):
    moderator_csv = b"".join(
        moderator_client.get("/admin/signatories/?export=csv").streaming_content
    ).decode()
    assert "alex.private@example.org" in moderator_csv
    assert "E07000008" in moderator_csv  # the ONS code of Cambridge

    client.logout()
    client.force_login(StaffUserFactory(groups=["Editors"]))
    response = client.get("/admin/signatories/?export=csv")
    editor_csv = b"".join(response.streaming_content).decode()
    assert response["Content-Disposition"] == 'attachment; filename="signatories.csv"'
    assert "Ely Growers" in editor_csv
    assert "alex.private@example.org" not in editor_csv

    xlsx = moderator_client.get("/admin/signatories/?export=xlsx")
    assert xlsx["Content-Disposition"].endswith('filename="signatories.xlsx"')


def test_moderator_edits_keep_logos_clean(moderator_client, pending, commitments):
    response = moderator_client.post(
        f"/admin/signatories/edit/{pending.pk}/",
        {
            "name": "Ely Growers Cooperative",
            "organisation_type": "business",
            "district": "fenland",
            "website": "",
            "logo": image_file("JPEG", size=(800, 800)),
            "pledge": "More food.",
            "commitments": [commitments[0].pk],
            "contact_name": "Alex",
            "contact_role": "Chair",
            "contact_email": "alex@example.org",
        },
    )

    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.name == "Ely Growers Cooperative"
    assert pending.normalised_name == "ely growers cooperative"
    assert (pending.logo_width, pending.logo_height) == (400, 400)
    assert list(pending.commitments.all()) == [commitments[0]]


def test_staff_groups_get_signatory_permissions():
    def codenames(group):
        return set(
            Group.objects.get(name=group)
            .permissions.filter(content_type__app_label="signatories")
            .values_list("codename", flat=True)
        )

    assert codenames("Moderators") == {
        "view_signatory",
        "change_signatory",
        "delete_signatory",
        "moderate_signatory",
    }
    assert codenames("Editors") == {"view_signatory"}


def test_a_commitment_pledged_by_a_signatory_cannot_be_deleted(admin_client, pending):
    from framework.models import Commitment

    homes = Commitment.objects.get(slug="homes-for-all")
    # Pending pledges count too: approving them later needs the commitment.
    pending.commitments.set([homes])
    pending.save()

    response = admin_client.post(
        f"/admin/snippets/framework/commitment/delete/{homes.pk}/", follow=True
    )

    messages = [str(m) for m in response.context["messages"]]
    assert messages == [
        "“Homes for All” can’t be deleted: it is used by 1 signatory. "
        "Remove it from them first, then try again."
    ]
    assert Commitment.objects.filter(pk=homes.pk).exists()


def test_the_chooser_shows_only_what_its_viewer_may_see(client, db):
    """Event managers have no rights on the register: no chooser. Editors see
    public entries only, even when asking for a pending one by id."""
    public = SignatoryFactory(name="Public Org (test)")
    pending = PendingSignatoryFactory(name="Pending Org (test)")
    chosen = reverse("signatory_chooser:chosen", args=[pending.pk])

    client.force_login(StaffUserFactory(groups=["Event managers"]))
    for refused in (
        client.get(reverse("signatory_chooser:choose")),
        client.get(chosen),
    ):
        # Wagtail answers a refusal in its admin by sending people to the dashboard.
        assert (refused.status_code, refused["Location"]) == (302, "/admin/")

    client.force_login(StaffUserFactory(groups=["Editors"]))
    listed = client.get(reverse("signatory_chooser:choose_results") + "?q=Org")
    assert "Public Org (test)" in listed.text
    assert "Pending Org" not in listed.text
    assert client.get(chosen).status_code == 404
    picked = client.get(reverse("signatory_chooser:chosen", args=[public.pk]))
    assert "Public Org (test)" in picked.text


def _edit_form(signatory, **changes):
    return {
        "name": signatory.name,
        "organisation_type": signatory.organisation_type,
        "district": signatory.district,
        "website": signatory.website,
        "pledge": signatory.pledge,
        "commitments": [commitment.pk for commitment in signatory.commitments.all()],
        "contact_name": signatory.contact_name,
        "contact_role": signatory.contact_role,
        "contact_email": signatory.contact_email,
        **changes,
    }


def test_a_new_contact_address_stops_the_links_sent_to_the_old_one(
    moderator_client, commitments
):
    signatory = SignatoryFactory(commitments=commitments[:1])
    path = links.link_path(signatory, links.MANAGE)
    url = f"/admin/signatories/edit/{signatory.pk}/"

    moderator_client.post(url, _edit_form(signatory, pledge="Edited by a moderator."))
    assert moderator_client.get(path).status_code == 200
    moderator_client.post(url, _edit_form(signatory, contact_email="new@example.org"))

    signatory.refresh_from_db()
    assert signatory.contact_email == "new@example.org"
    assert moderator_client.get(path).status_code == 410


def test_the_moderator_sees_proposed_changes_by_their_labels(
    moderator_client, commitments
):
    signatory = SignatoryFactory(
        name="Ely Growers",
        organisation_type="business",
        district="cambridge",
        commitments=commitments[:1],
    )
    services.update_signature(
        signatory=signatory,
        name="Ely Growers",
        organisation_type="voluntary",
        district="fenland",
        website=signatory.website,
        pledge=signatory.pledge,
        commitments=commitments[1:2],
        contact_name=signatory.contact_name,
        contact_role=signatory.contact_role,
    )

    for url in (
        f"/admin/signatories/inspect/{signatory.pk}/",
        f"/admin/signatories/approve/{signatory.pk}/",
        f"/admin/signatories/reject/{signatory.pk}/",
    ):
        html = moderator_client.get(url).content.decode()
        table = html[html.index("Changes awaiting approval") :]
        table = table[: table.index("</table>")]
        rows = {
            " ".join(unescape(strip_tags(row)).split())
            for row in re.findall(r"<tr>.*?</tr>", table, re.DOTALL)
        }
        assert "Type Changed Business Voluntary or community" in rows, url
        assert "Area Changed Cambridge Fenland" in rows, url
        assert "Name Ely Growers Ely Growers" in rows, url
        assert (
            f"Commitments Changed {commitments[0].name} {commitments[1].name}" in rows
        ), url
        assert ">voluntary<" not in table and ">fenland<" not in table


def test_export_writes_a_formula_as_text(moderator_client):
    SignatoryFactory(name="-2+3 Partners", contact_name="=cmd|' /C calc'!A0")

    body = b"".join(
        moderator_client.get("/admin/signatories/?export=csv").streaming_content
    ).decode()

    assert "'-2+3 Partners" in body
    assert "'=cmd|' /C calc'!A0" in body
