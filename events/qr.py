"""Ticket QR codes: what they carry, and the images.

A QR code carries the attendee's `ticket_token` signed with the site's secret
(`Signer(salt="events.ticket")`), never a database id. Check-in calls
`attendee_for_ticket_payload()`: a forged or altered payload fails the signature
check without touching the database, and a transferred ticket's old token no longer
matches anyone.
"""

import functools
import io
import itertools
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
    qrcode = _qrcode()
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
    from PIL import Image

    qrcode = _qrcode()
    code = qrcode.QRCode(
        error_correction=qrcode.constants.ERROR_CORRECT_M,
        border=4,
        mask_pattern=mask_pattern,
    )
    code.add_data(data)
    # The smallest version that fits, found once: `make(fit=True)` finds it twice
    # (reading `version` finds it, then it searches again from there).
    code.best_fit()
    code.make(fit=False)
    matrix = code.get_matrix()
    modules = len(matrix)
    image = Image.new("1", (modules, modules))
    image.putdata([0 if dark else 255 for row in matrix for dark in row])
    if box_size > 1:
        image = image.resize((modules * box_size,) * 2, Image.Resampling.NEAREST)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


@functools.cache
def _qrcode():
    """qrcode, imported on first use (a heavy library), finding codewords with
    `_create_bytes`."""
    import qrcode
    import qrcode.image.svg
    import qrcode.util

    qrcode.util.create_bytes = _create_bytes
    return qrcode


def _create_bytes(buffer, rs_blocks):
    """The codewords of a QR code, as qrcode 8.2's `util.create_bytes` makes them
    from the data's `buffer`: the data cut into `rs_blocks`, each block's error
    correction (the remainder of its division by the block's generator polynomial
    over GF(256)), interleaved. qrcode divides with a new polynomial per step,
    recursively: most of the time of drawing a ticket's code. Here the remainder
    is found by long division with its tables (tests/events/test_qr.py checks the
    two agree)."""
    # Heavy library: `_qrcode` has loaded it by the time qrcode calls this.
    from qrcode import LUT, base

    data_blocks, ec_blocks, offset = [], [], 0
    for block in rs_blocks:
        data = buffer.buffer[offset : offset + block.data_count]
        offset += block.data_count
        generator = [
            base.glog(factor)
            for factor in LUT.rsPoly_LUT[block.total_count - block.data_count][1:]
        ]
        remainder = [0] * len(generator)
        for byte in data:
            factor = byte ^ remainder[0]
            remainder = remainder[1:] + [0]
            if factor:
                shift = base.LOG_TABLE[factor]
                remainder = [
                    value ^ base.EXP_TABLE[(shift + power) % 255]
                    for value, power in zip(remainder, generator, strict=True)
                ]
        data_blocks.append(data)
        ec_blocks.append(remainder)
    return [
        codeword
        for blocks in (data_blocks, ec_blocks)
        for row in itertools.zip_longest(*blocks)
        for codeword in row
        if codeword is not None
    ]
