from django.urls import reverse
from wagtail.admin.panels import Panel


class SummitSessionsPanel(Panel):
    """Lists a summit's sessions on its edit page, linking to the sessions admin."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "events/admin/summit_sessions_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            summit = self.instance
            if summit.pk:
                context["sessions"] = summit.sessions.scheduled().select_related(
                    "room", "track"
                )
                viewset = summit.sessions.model.snippet_viewset
                context["edit_url_name"] = viewset.get_url_name("edit")
                context["list_url_name"] = viewset.get_url_name("list")
                context["add_url_name"] = viewset.get_url_name("add")
                context["unscheduled"] = summit.sessions.unscheduled()
                context["releases_url"] = reverse(
                    "programme_releases", args=[summit.pk]
                )
            return context


class SummitTicketTypesPanel(Panel):
    """The summit's ticket types with places taken, on its Registration tab, linking
    to the ticket type and access code admin. Counts only: no personal data."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "events/admin/summit_ticket_types_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            summit = self.instance
            if summit.pk:
                context["ticket_types"] = summit.ticket_types.with_places_taken()
                ticket_viewset = summit.ticket_types.model.snippet_viewset
                code_viewset = summit.access_codes.model.snippet_viewset
                context["edit_url_name"] = ticket_viewset.get_url_name("edit")
                context["add_url"] = reverse(ticket_viewset.get_url_name("add"))
                context["list_url"] = reverse(ticket_viewset.get_url_name("list"))
                context["codes_url"] = reverse(code_viewset.get_url_name("list"))
            return context
