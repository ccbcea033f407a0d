"""What every deployment needs from `signatories`: the register's page. Run by
`manage.py setup_site`."""

from home.models import HomePage

from .models import SignatoryRegisterPage

REGISTER_PAGE = {
    "title": "Organisations supporting the Shared Ambition",
    "slug": "signatories",
    "introduction": (
        "<p>Councils, businesses, colleges, health bodies and community groups across "
        "Cambridgeshire &amp; Peterborough have signed up to support the Shared "
        "Ambition and say which of its commitments they will help deliver.</p>"
    ),
}


def setup_register_page():
    """The register under the home page, unless there is one (anywhere)."""
    page = SignatoryRegisterPage.objects.first()
    if page:
        return page
    home = HomePage.objects.get()
    return home.add_child(instance=SignatoryRegisterPage(**REGISTER_PAGE))


def setup(*, stdout):
    if not SignatoryRegisterPage.objects.exists():
        page = setup_register_page()
        stdout.write(f"Supporters' register added at /{page.slug}/.")
