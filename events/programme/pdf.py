"""The printable programme as a PDF (`templates/documents/programme.html`): the
sessions the web programme lists, from the same code (`load_programme`,
`programme_entries`, `build_timetable`'s days), as a list in time order per day.
Page numbers and the summit's name on every page, a bookmark per day; tagged, so
screen readers and PDF viewers can navigate it (docs/documents.md)."""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from home.links import absolute_url

from ..pdf import render_pdf
from .listing import load_programme, programme_entries
from .timetable import build_timetable


def programme_pdf(summit):
    """The PDF bytes of `summit`'s whole programme."""
    programme = load_programme(summit)
    entries = programme_entries(programme)
    return render_pdf(
        "documents/programme.html",
        {
            "title": _("%(summit)s: programme") % {"summit": summit.title},
            # Who publishes it: the same organisation as the invoices name.
            "author": settings.INVOICE_SUPPLIER_NAME,
            "summit": summit,
            "days": build_timetable(entries, tracks=programme.tracks),
            "web_address": absolute_url(
                reverse("events:programme", args=[summit.slug])
            ),
        },
        stylesheets=["base", "programme"],
    )
