from django.core.exceptions import ObjectDoesNotExist
from wagtail.admin.panels import Panel


class ProposalPanel(Panel):
    """Shows staff who proposed a story through the public form, and how to reach them."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "spotlights/admin/proposal_panel.html"

        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            try:
                self.proposal = self.instance.proposal if self.instance.pk else None
            except ObjectDoesNotExist:
                self.proposal = None

        def is_shown(self):
            return self.proposal is not None
