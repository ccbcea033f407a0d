"""Staff pages fetch nothing from third parties about the person using them."""

from tests.factories.accounts import StaffUserFactory


def test_the_admin_shows_no_gravatar(client, site_pages):
    client.force_login(
        StaffUserFactory(email="editor.person@example.org", groups=["Editors"])
    )

    html = client.get("/admin/").text

    assert "gravatar" not in html.lower()
    assert 'class="avatar' in html
