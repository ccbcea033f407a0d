"""The printable programme as a PDF: real text, document title and language set,
and a bookmark per day so screen readers and PDF viewers can navigate it."""

import io
from itertools import groupby
from xml.sax.saxutils import escape

from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

NAVY = "#12284c"
MUTED = "#4a5561"


def programme_pdf(summit, sessions):
    """Return the PDF bytes of `summit`'s whole programme (sessions ordered by start,
    with room, track and speakers loaded)."""
    # Heavy library: loaded only when a PDF is drawn.
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
    from reportlab.lib.units import cm
    from reportlab.platypus import (
        Paragraph,
        SimpleDocTemplate,
        Spacer,
        Table,
        TableStyle,
    )

    class ProgrammeDocument(SimpleDocTemplate):
        def afterFlowable(self, flowable):
            # Each day heading becomes a PDF bookmark (the document outline).
            if getattr(flowable, "outline_key", None):
                self.canv.bookmarkPage(flowable.outline_key)
                self.canv.addOutlineEntry(
                    flowable.outline_title, flowable.outline_key, level=0
                )

    styles = getSampleStyleSheet()
    title_style = ParagraphStyle(
        "ProgrammeTitle", parent=styles["Title"], textColor=NAVY, alignment=0
    )
    day_style = ParagraphStyle(
        "Day", parent=styles["Heading2"], textColor=NAVY, spaceBefore=12
    )
    body = ParagraphStyle("Cell", parent=styles["BodyText"], fontSize=9.5, leading=12)
    muted = ParagraphStyle("Muted", parent=body, textColor=MUTED)
    header = ParagraphStyle("Header", parent=body, fontName="Helvetica-Bold")

    title = _("%(summit)s: programme") % {"summit": summit.title}
    buffer = io.BytesIO()
    document = ProgrammeDocument(
        buffer,
        pagesize=A4,
        leftMargin=1.8 * cm,
        rightMargin=1.8 * cm,
        topMargin=1.8 * cm,
        bottomMargin=1.8 * cm,
        title=title,
        author="Cambridgeshire & Peterborough Combined Authority",
        subject=summit.summary,
        creator=settings.SITE_URL,
        lang="en-GB",
        displayDocTitle=True,
    )
    story = [
        Paragraph(escape(title), title_style),
        Paragraph(escape(f"{summit.date_range_text}. {summit.location_text}."), muted),
        Spacer(1, 0.3 * cm),
    ]
    widths = [2.6 * cm, 10.2 * cm, 4.6 * cm]
    by_day = groupby(sessions, key=lambda session: timezone.localdate(session.start))
    for number, (day, day_sessions) in enumerate(by_day, start=1):
        day_text = date_format(day, "l j F Y")
        heading = Paragraph(escape(day_text), day_style)
        heading.outline_title = day_text
        heading.outline_key = f"day-{number}"
        rows = [
            [
                Paragraph(_("Time"), header),
                Paragraph(_("Session"), header),
                Paragraph(_("Where"), header),
            ]
        ]
        rows += [_session_row(session, body, muted) for session in day_sessions]
        table = Table(rows, colWidths=widths, repeatRows=1)
        table.setStyle(
            TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LINEBELOW", (0, 0), (-1, -1), 0.5, colors.HexColor("#b7c0cb")),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#f3f5f8")),
                    ("TOPPADDING", (0, 0), (-1, -1), 4),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
                ]
            )
        )
        story += [heading, table]
    if len(story) == 3:
        story.append(Paragraph(_("The programme has not been published yet."), body))
    document.build(story)
    return buffer.getvalue()


def _session_row(session, body, muted):
    # Heavy library: loaded only when a PDF is drawn.
    from reportlab.platypus import Paragraph

    what = [
        f"<b>{escape(session.title)}</b>",
        escape(str(session.get_session_type_display())),
    ]
    speakers = ", ".join(
        ", ".join(part for part in [speaker.name, speaker.organisation] if part)
        for speaker in session.speakers.all()
    )
    details = [Paragraph(" · ".join(what), body)]
    if speakers:
        details.append(Paragraph(escape(speakers), muted))
    if session.access_features:
        details.append(
            Paragraph(
                escape(
                    _("Access: %(features)s")
                    % {"features": session.access_feature_labels}
                ),
                muted,
            )
        )
    where = [
        session.room.name if session.room else "",
        session.track.name if session.track else "",
    ]
    return [
        Paragraph(escape(session.time_range_text), body),
        details,
        Paragraph("<br/>".join(escape(part) for part in where if part), body),
    ]
