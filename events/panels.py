from wagtail.admin.panels import Panel


class SummitSessionsPanel(Panel):
    """Lists a summit's sessions on its edit page, linking to the sessions admin."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "events/admin/summit_sessions_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            summit = self.instance
            if summit.pk:
                context["sessions"] = summit.sessions.select_related("room", "track")
                viewset = summit.sessions.model.snippet_viewset
                context["edit_url_name"] = viewset.get_url_name("edit")
                context["list_url_name"] = viewset.get_url_name("list")
                context["add_url_name"] = viewset.get_url_name("add")
            return context
