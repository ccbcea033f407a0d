from django.db import models
from django.utils.translation import gettext_lazy as _


class District(models.TextChoices):
    """Where delivery happens: the region's councils, the county, or elsewhere.

    The signatory register keeps the same values (with ONS codes) in
    signatories/choices.py; the two lists become one when both apps are merged.
    """

    CAMBRIDGE = "cambridge", _("Cambridge")
    EAST_CAMBRIDGESHIRE = "east-cambridgeshire", _("East Cambridgeshire")
    FENLAND = "fenland", _("Fenland")
    HUNTINGDONSHIRE = "huntingdonshire", _("Huntingdonshire")
    SOUTH_CAMBRIDGESHIRE = "south-cambridgeshire", _("South Cambridgeshire")
    PETERBOROUGH = "peterborough", _("Peterborough")
    CAMBRIDGESHIRE = "cambridgeshire", _("Cambridgeshire-wide")
    OUTSIDE = "outside", _("Outside the region")
