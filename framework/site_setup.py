"""What every deployment needs from `framework`: the framework itself (as
`manage.py load_framework` loads it, never overwriting editors' wording) and the
showcase page. Run by `manage.py setup_site`."""

from wagtail.models import Site

from .loading import load_framework
from .models import CommitmentsShowcasePage

SHOWCASE_PAGE = {
    "title": "Our commitments",
    "slug": "showcase",
    "introduction": (
        "One statement, three values, four outcomes and fourteen commitments: what "
        "partners across Cambridgeshire and Peterborough are working towards by 2050, "
        "and how we track progress."
    ),
    "measures_introduction": (
        "Headline measures change slowly; proxy measures show progress sooner."
    ),
}


def setup_showcase():
    """The showcase under the home page, unless there is one (anywhere)."""
    if CommitmentsShowcasePage.objects.exists():
        return None
    home = Site.objects.get(is_default_site=True).root_page
    return home.add_child(instance=CommitmentsShowcasePage(**SHOWCASE_PAGE))


def setup(*, stdout):
    stdout.write(f"Framework: {load_framework()}.")
    if setup_showcase():
        stdout.write("Showcase page added at /showcase/.")
