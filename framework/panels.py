from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel

from .widgets import CommitmentsByOutcomeWidget

DEFAULT_HEADING = _("Shared Ambition commitments")


def commitments_panel(heading=DEFAULT_HEADING):
    """The admin panel for `CommitmentTagged.commitments`; every tagged model uses it."""
    return FieldPanel("commitments", widget=CommitmentsByOutcomeWidget, heading=heading)
