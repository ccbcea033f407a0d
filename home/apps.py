from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = "Site pages"

    def ready(self):
        # The app registry is ready now: connect receivers and hooks.
        from . import (
            checks,  # noqa: F401  (registers the deployment checks)
            signout,  # noqa: F401  (clears the browser's storage on sign-out)
        )
