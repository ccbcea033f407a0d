from django.apps import AppConfig, apps
from django.urls import register_converter


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = "Site pages"

    def ready(self):
        # The app registry is ready now: connect receivers and hooks.
        from wagtail.images.models import AbstractImage
        from wagtail.models import Site

        from . import (
            account_records,
            checks,  # noqa: F401  (registers the deployment checks)
            ids,
            kept_routing,
            page_cache,
            personal_data,
            renditions,
            retention,
            signout,  # noqa: F401  (clears the browser's storage on sign-out)
            staff_mfa,  # noqa: F401  (counts setting up an authenticator as using it)
        )

        # Wagtail's own way deadlocks when two visitors draw a picture at once.
        AbstractImage.create_renditions = renditions.create_renditions_in_order
        # Wagtail's own way queries for the site on every request.
        Site.find_for_request = staticmethod(kept_routing.find_site_for_request)
        # `<id:…>` in addresses: a row id the database can hold, else a 404.
        register_converter(ids.IdConverter, "id")
        page_cache.watch_models(self.get_models())
        page_cache.watch_pages()
        personal_data.register(*account_records.HOLDERS)
        retention.register_rules()
        # Wagtail's own rows that show on public pages.
        page_cache.watch_models(
            apps.get_model(label)
            for label in (
                "wagtailcore.Site",
                "wagtailcore.Locale",
                "wagtailcore.PageViewRestriction",
                "wagtailimages.Image",
                "wagtaildocs.Document",
            )
        )
