"""Ticket QR codes: what they carry, and the images.

A QR code carries the attendee's `ticket_token` signed with the site's secret
(`Signer(salt="events.ticket")`), never a database id. Check-in calls
`attendee_for_ticket_payload()`: a forged or altered payload fails the signature
check without touching the database, and a transferred ticket's old token no longer
matches anyone.
"""

import io
import re

from django.core import signing
from django.utils.html import escape

from .models import Attendee

SALT = "events.ticket"
# The mask scored best on average over signed ticket payloads (qrcode's penalty
# score, 40 random tokens: 945 against 874 for each one's own best, 1,000-1,090
# for the others): for a thousand badges at once, where choosing a mask for each
# was most of drawing its code.
FAST_MASK = 2


def ticket_payload(attendee):
    """The text a ticket's QR code holds: `<ticket_token>:<signature>`."""
    return signing.Signer(salt=SALT).sign(attendee.ticket_token)


def token_from_payload(payload):
    """The ticket token inside a scanned payload, or None if it was not signed by us."""
    try:
        return signing.Signer(salt=SALT).unsign((payload or "").strip())
    except signing.BadSignature:
        return None


def attendee_for_ticket_payload(payload, queryset=None):
    """The attendee whose QR code was scanned, or None for a forged, altered or
    superseded (transferred, re-issued) code. The attendee may be cancelled: the
    caller decides what each status means at the door. Pass `queryset` to choose
    what is loaded with it; by default its order, ticket type and summit."""
    token = token_from_payload(payload)
    if token is None:
        return None
    if queryset is None:
        queryset = Attendee.objects.select_related("order", "ticket_type", "summit")
    return queryset.filter(ticket_token=token).first()


def qr_svg(data, *, label):
    """An SVG QR code that scales to its container (no fixed size), announced to
    screen readers as an image called `label`."""
    # Heavy library: loaded only when a QR code is drawn.
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(
        data,
        image_factory=qrcode.image.svg.SvgPathImage,
        error_correction=qrcode.constants.ERROR_CORRECT_M,
        border=4,
    )
    svg = image.to_string(encoding="unicode")
    # Sized by CSS, and no fixed id: two codes may share a page.
    svg = re.sub(r'\s(width|height|id)="[^"]*"', "", svg)
    return svg.replace(
        "<svg ", f'<svg class="qr-code" role="img" aria-label="{escape(label)}" ', 1
    )


def qr_png(data, *, box_size=8, mask_pattern=None):
    """A PNG QR code (for emails and badges), black on white with the standard quiet
    zone, `box_size` pixels a module. Drawn from the code's matrix in one go:
    qrcode's own image draws a square per module, slower than finding the code.

    `mask_pattern` (0-7) uses that one of the standard's eight masks; by default
    qrcode draws the code with each and keeps the one scored best, nine drawings
    where one would do (`FAST_MASK`)."""
    # Heavy libraries: loaded only when a QR code is drawn.
    import qrcode
    from PIL import Image

    code = qrcode.QRCode(
        error_correction=qrcode.constants.ERROR_CORRECT_M,
        border=4,
        mask_pattern=mask_pattern,
    )
    code.add_data(data)
    code.make(fit=True)
    matrix = code.get_matrix()
    modules = len(matrix)
    image = Image.new("1", (modules, modules))
    image.putdata([0 if dark else 255 for row in matrix for dark in row])
    if box_size > 1:
        image = image.resize((modules * box_size,) * 2, Image.Resampling.NEAREST)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()
