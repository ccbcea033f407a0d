"""Name badges as PDF: A6, one badge a page (for badge holders), or an A4 sheet of
eight 99.1 × 67.7 mm labels (the common L7165 layout). Each badge has the
summit, the holder's name (shrunk to fit), organisation, ticket type and the ticket's
QR code, which the door scans like the one in the ticket email."""

import io

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import qr
from ..choices import AttendeeStatus, BadgeLayout, RunStatus
from ..models import Attendee, BadgeRun
from ..retention import ANONYMISED_EMAIL_DOMAIN

NAVY = "#12284c"
# A4 label sheet: 2 columns by 4 rows of 99.1 × 67.7 mm, in millimetres.
LABEL_WIDTH, LABEL_HEIGHT = 99.1, 67.7
LABEL_COLUMNS, LABEL_ROWS = 2, 4
LABEL_LEFT, LABEL_TOP, LABEL_GAP = 4.65, 13.1, 2.5
BADGES_PER_PROGRESS_REPORT = 50  # badges drawn between calls of `progress`


def badges_pdf(attendees, *, summit, layout, progress=None):
    """The PDF bytes of a badge for each of `attendees` (with order and ticket type
    loaded). `progress(done)` is called every few badges, for a progress bar."""
    # Heavy library: loaded only when a PDF is drawn.
    from reportlab.lib.pagesizes import A4, A6
    from reportlab.lib.units import mm
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    labels = layout == BadgeLayout.LABELS
    pdf = canvas.Canvas(
        buffer, pagesize=A4 if labels else A6, pageCompression=1, lang="en-GB"
    )
    pdf.setTitle(_("Badges: %(summit)s") % {"summit": summit.title})
    pdf.setAuthor("Cambridgeshire & Peterborough Combined Authority")
    pdf.setCreator(settings.SITE_URL)
    per_page = LABEL_COLUMNS * LABEL_ROWS if labels else 1
    done = 0
    for done, attendee in enumerate(attendees, start=1):
        slot = (done - 1) % per_page
        if done > 1 and slot == 0:
            pdf.showPage()
        if labels:
            column, row = slot % LABEL_COLUMNS, slot // LABEL_COLUMNS
            x = (LABEL_LEFT + column * (LABEL_WIDTH + LABEL_GAP)) * mm
            y = A4[1] - (LABEL_TOP + (row + 1) * LABEL_HEIGHT) * mm
            _draw_badge(
                pdf, attendee, summit, x, y, LABEL_WIDTH * mm, LABEL_HEIGHT * mm
            )
        else:
            _draw_badge(pdf, attendee, summit, 0, 0, A6[0], A6[1])
        if progress and done % BADGES_PER_PROGRESS_REPORT == 0:
            progress(done)
    if not done:
        pdf.drawString(20 * mm, A6[1] / 2, _("Nobody to print a badge for."))
    pdf.showPage()
    pdf.save()
    if progress:
        progress(done)
    return buffer.getvalue()


def _draw_badge(pdf, attendee, summit, x, y, width, height):
    # Heavy library: loaded only when a PDF is drawn.
    from reportlab.lib.colors import HexColor
    from reportlab.lib.units import mm

    margin = 6 * mm if height > 100 * mm else 4 * mm
    text_width = width - 2 * margin
    top = y + height - margin
    pdf.setFillColor(HexColor(NAVY))
    pdf.setFont("Helvetica-Bold", 9)
    pdf.drawString(
        x + margin, top - 9, _fit(summit.title, "Helvetica-Bold", 9, text_width)
    )
    qr_size = min(width, height) * (0.42 if height > width else 0.5)
    name_size = 30 if height > 100 * mm else 20
    name = attendee.display_name
    while name_size > 10 and pdf.stringWidth(name, "Helvetica-Bold", name_size) > (
        text_width if height > width else text_width - qr_size
    ):
        name_size -= 1
    line = top - 14 - name_size
    pdf.setFillColor(HexColor("#000000"))
    pdf.setFont("Helvetica-Bold", name_size)
    pdf.drawString(x + margin, line, name)
    narrow = text_width if height > width else text_width - qr_size - 2 * mm
    for text, size in [
        (attendee.organisation, 13 if height > 100 * mm else 11),
        (attendee.ticket_type.name, 10),
    ]:
        if text:
            line -= size + 6
            pdf.setFont("Helvetica", size)
            pdf.drawString(x + margin, line, _fit(text, "Helvetica", size, narrow))
    _draw_qr(
        pdf,
        qr.ticket_payload(attendee),
        x + width - margin - qr_size,
        y + margin,
        qr_size,
    )
    pdf.setFont("Helvetica", 8)
    pdf.drawString(x + margin, y + margin, attendee.reference)


def _draw_qr(pdf, data, x, y, size):
    """A QR code as one filled path (a rectangle per run of dark modules): far
    quicker to draw and smaller than a shape per module."""
    # Heavy library: loaded only when a QR code is drawn.
    import qrcode

    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=4)
    code.add_data(data)
    code.make(fit=True)
    matrix = code.get_matrix()
    cell = size / len(matrix)
    path = pdf.beginPath()
    for row_number, row in enumerate(matrix):
        top = y + size - (row_number + 1) * cell
        column = 0
        while column < len(row):
            if not row[column]:
                column += 1
                continue
            start = column
            while column < len(row) and row[column]:
                column += 1
            path.rect(x + start * cell, top, (column - start) * cell, cell)
    pdf.setFillColorRGB(0, 0, 0)
    pdf.drawPath(path, stroke=0, fill=1)


def _fit(text, font, size, width):
    """`text`, cut with an ellipsis to fit `width` points."""
    # Heavy library: loaded only when a PDF is drawn.
    from reportlab.pdfbase.pdfmetrics import stringWidth

    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def badge_holders(summit):
    """Confirmed, named places, in name order: who gets a badge or an email (not
    places anonymised after the summit)."""
    return (
        Attendee.objects.filter(
            summit=summit, status=AttendeeStatus.CONFIRMED, email__gt=""
        )
        .exclude(email__endswith=f"@{ANONYMISED_EMAIL_DOMAIN}")
        .select_related("order", "ticket_type")
        .order_by("name", "pk")
    )


def make_badges(*, run):
    """Build `run`'s PDF, saving progress as it goes (the task's body)."""
    BadgeRun.objects.filter(pk=run.pk).update(status=RunStatus.RUNNING, done=0)

    def progress(done):
        BadgeRun.objects.filter(pk=run.pk).update(done=done)

    try:
        pdf = badges_pdf(
            badge_holders(run.summit).iterator(chunk_size=500),
            summit=run.summit,
            layout=run.layout,
            progress=progress,
        )
    except Exception:
        BadgeRun.objects.filter(pk=run.pk).update(status=RunStatus.FAILED)
        raise
    BadgeRun.objects.filter(pk=run.pk).update(
        status=RunStatus.DONE, pdf=pdf, finished_at=timezone.now()
    )
