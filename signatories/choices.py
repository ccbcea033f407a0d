from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationType(models.TextChoices):
    PUBLIC_SECTOR = "public-sector", _("Public sector")
    BUSINESS = "business", _("Business")
    EDUCATION = "education", _("Education")
    HEALTH = "health", _("Health")
    VOLUNTARY = "voluntary", _("Voluntary or community")
    OTHER = "other", _("Other")


class District(models.TextChoices):
    """The region's council areas, the county as a whole, or elsewhere: where an
    organisation mainly works, and where a delivery story's work happened."""

    CAMBRIDGESHIRE = "cambridgeshire", _("Across Cambridgeshire")
    CAMBRIDGE = "cambridge", _("Cambridge")
    EAST_CAMBRIDGESHIRE = "east-cambridgeshire", _("East Cambridgeshire")
    FENLAND = "fenland", _("Fenland")
    HUNTINGDONSHIRE = "huntingdonshire", _("Huntingdonshire")
    SOUTH_CAMBRIDGESHIRE = "south-cambridgeshire", _("South Cambridgeshire")
    PETERBOROUGH = "peterborough", _("Peterborough")
    OUTSIDE = "outside", _("Outside the region")


# ONS GSS codes of each area's council: E10 county, E07 non-metropolitan district,
# E06 unitary authority (ONS Register of Geographic Codes; the five districts and
# Peterborough together make up the Combined Authority area, E47000008).
ONS_CODES = {
    District.CAMBRIDGESHIRE.value: "E10000003",
    District.CAMBRIDGE.value: "E07000008",
    District.EAST_CAMBRIDGESHIRE.value: "E07000009",
    District.FENLAND.value: "E07000010",
    District.HUNTINGDONSHIRE.value: "E07000011",
    District.SOUTH_CAMBRIDGESHIRE.value: "E07000012",
    District.PETERBOROUGH.value: "E06000031",
}


class SignatoryStatus(models.TextChoices):
    UNCONFIRMED = "unconfirmed", _("Awaiting email confirmation")
    PENDING = "pending", _("Awaiting approval")
    APPROVED = "approved", _("On the register")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class AuditAction(models.TextChoices):
    SUBMITTED = "submitted", _("Signed")
    CONFIRMED = "confirmed", _("Email confirmed")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    UPDATED = "updated", _("Updated")
    UPDATE_SUBMITTED = "update-submitted", _("Update submitted")
    UPDATE_APPROVED = "update-approved", _("Update approved")
    UPDATE_REJECTED = "update-rejected", _("Update rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")
