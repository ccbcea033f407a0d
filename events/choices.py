from django.db import models
from django.utils.translation import gettext_lazy as _


class SessionType(models.TextChoices):
    KEYNOTE = "keynote", _("Keynote")
    PANEL = "panel", _("Panel")
    WORKSHOP = "workshop", _("Workshop")
    BREAKOUT = "breakout", _("Breakout")
    NETWORKING = "networking", _("Networking")


class SummitStatus(models.TextChoices):
    UPCOMING = "upcoming", _("Upcoming")
    REGISTRATION_OPEN = "registration_open", _("Registration open")
    PAST = "past", _("Past")


class AccessFeature(models.TextChoices):
    """A session's access provision; each value names a boolean field on `Session`."""

    BSL_INTERPRETATION = "bsl_interpretation", _("British Sign Language interpretation")
    LIVE_CAPTIONS = "live_captions", _("Live captions")
    HEARING_LOOP = "hearing_loop", _("Hearing loop")
    STEP_FREE = "step_free", _("Step-free access")
