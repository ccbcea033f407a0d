"""Name badges as PDF (`templates/documents/badges.html`): A6, one badge a page (for
badge holders), or an A4 sheet of eight 99.1 × 67.7 mm labels (the common L7165
layout). Each badge has the summit, the holder's name and organisation (smaller
the longer they are, wrapped, never cut short), ticket type, reference and the
ticket's QR code, which the door scans like the one in the ticket email; an A6 badge
also has a small QR code of the summit's ambition postcard form. Badges
come in surname order (`badge_order`); docs/documents.md."""

import base64
import math
import re
import unicodedata

from django.utils import timezone
from django.utils.translation import gettext as _

from .. import qr
from ..choices import AttendeeStatus, BadgeLayout, RunStatus
from ..models import Attendee, BadgeRun
from ..pdf import render_pdf_in_parts
from ..retention import ANONYMISED_EMAIL_DOMAIN

LABELS_PER_SHEET = 8
# Badges laid out at a time; `progress` is called after each part. A whole number
# of label sheets, so every sheet but the last is full.
BADGES_PER_PART = 5 * LABELS_PER_SHEET
# Text sizes by length, in character widths (a Chinese character counts two):
# up to each bound, that size class (templates' CSS: badges.css).
NAME_SIZES = [(16, "l"), (32, "m"), (60, "s"), (math.inf, "xs")]
ORGANISATION_SIZES = [(40, "m"), (80, "s"), (math.inf, "xs")]
# On a label the name and organisation share about 55 × 45 mm: by their widths
# added up, a fit class that sets both (and the lines around them) smaller than
# their own size classes would, so 150 characters of each stay on the label
# (measured: docs/documents.md). An A6 badge holds them at their own sizes.
LABEL_FITS = [(180, "roomy"), (400, "tight"), (math.inf, "tightest")]
# Left out of a name when finding its surname: what is in brackets ("(she/her)"),
# and suffixes after it (casefolded, without their full stop).
BRACKETED = re.compile(r"\([^)]*\)|\[[^\]]*\]")
SUFFIXES = {"jr", "sr", "ii", "iii", "iv"}
# Letters NFKD leaves whole, folded to the Latin letter they are sorted with.
FOLDED_LETTERS = str.maketrans(
    {"ł": "l", "đ": "d", "ø": "o", "ħ": "h", "ı": "i", "æ": "ae", "œ": "oe"}
)


def badges_pdf(attendees, *, summit, layout, progress=None):
    """The PDF bytes of a badge for each of `attendees` (with order and ticket type
    loaded), in `badge_order`. `progress(done)` is called as each part of the
    badges is laid out, and with all of them once the PDF is written."""
    ordered = badge_order(attendees)
    per_sheet = LABELS_PER_SHEET if layout == BadgeLayout.LABELS else 1
    title = _("Badges: %(summit)s") % {"summit": summit.title}
    postcard_qr = _postcard_qr(summit) if layout == BadgeLayout.A6 else None

    def part(start):
        badges = [
            _badge(attendee) for attendee in ordered[start : start + BADGES_PER_PART]
        ]
        sheets = [
            badges[at : at + per_sheet] for at in range(0, len(badges), per_sheet)
        ]
        return {
            "title": title,
            "summit": summit,
            "layout": layout,
            "sheets": sheets,
            "postcard_qr": postcard_qr,
            # Printed for people to type: the scheme adds nothing.
            "postcard_address": summit.postcard_short_url.split("://", 1)[-1],
        }

    def laid_out(parts_done):
        # The last part is reported once the whole PDF is written.
        if progress and parts_done * BADGES_PER_PART < len(ordered):
            progress(parts_done * BADGES_PER_PART)

    pdf = render_pdf_in_parts(
        "documents/badges.html",
        # A generator: each part's QR codes are made as it is laid out.
        (part(start) for start in range(0, max(len(ordered), 1), BADGES_PER_PART)),
        stylesheets=["base", "badges"],
        laid_out=laid_out,
    )
    if progress:
        progress(len(ordered))
    return pdf


def _badge(attendee):
    name, organisation = attendee.display_name, attendee.organisation
    name_width, organisation_width = _width(name), _width(organisation)
    return {
        "fit": _size(name_width + organisation_width, LABEL_FITS),
        "name": name,
        "name_size": _size(name_width, NAME_SIZES),
        "name_direction": _direction(name),
        "organisation": organisation,
        "organisation_size": _size(organisation_width, ORGANISATION_SIZES),
        "organisation_direction": _direction(organisation),
        "ticket_type": attendee.ticket_type.name,
        "reference": attendee.reference,
        # One pixel a module, drawn unsmoothed (badges.css): WeasyPrint draws an
        # image far faster than an SVG path of hundreds of squares.
        "qr_code": _png_data_uri(
            qr.qr_png(
                qr.ticket_payload(attendee), box_size=1, mask_pattern=qr.FAST_MASK
            )
        ),
    }


def _postcard_qr(summit):
    """The QR code of the summit's ambition postcard form, printed on each A6 badge
    while the summit takes postcards (docs/postcards.md); a label has no room."""
    if not summit.postcards_open:
        return None
    return _png_data_uri(qr.qr_png(summit.postcard_short_url, box_size=1))


def _png_data_uri(png):
    return "data:image/png;base64," + base64.b64encode(png).decode()


def _size(width, sizes):
    return next(size for bound, size in sizes if width <= bound)


def _width(text):
    return sum(
        2 if unicodedata.east_asian_width(character) in "WF" else 1
        for character in text
    )


def _direction(text):
    """ "rtl" for text whose first letter is written right to left (Arabic, Urdu),
    so it sits on the right as its readers expect; otherwise "ltr". (HTML's
    dir="auto" would say the same; WeasyPrint doesn't read it.)"""
    for character in text:
        direction = unicodedata.bidirectional(character)
        if direction in {"R", "AL"}:
            return "rtl"
        if direction == "L":
            return "ltr"
    return "ltr"


def badge_order(attendees):
    """`attendees` sorted by surname, then given names, then whole name, then
    reference; places with no name yet ("Unnamed place") last. The booking form asks for one name, so the surname is its
    last word ("Nguyễn Thị Thảo" files under Thảo; "王芳", one word, under
    itself), leaving out what is in brackets ("Jane Smith (she/her)"), punctuation
    and a suffix (Jr, Sr, II, III, IV); a name written "Smith, Jane" files under
    what comes before the comma. Case and accents don't count: names compare with
    accents and strokes folded away (Żółć as zolc, Łukasz as lukasz), so Ż sorts
    with Z, as a British reader expects."""
    return sorted(attendees, key=_badge_sort_key)


def _badge_sort_key(attendee):
    name = _folded(attendee.name or attendee.intended_name)
    return (not name, *_surname_and_given(name), name, attendee.reference)


def _surname_and_given(name):
    parts = [
        words
        for words in (_words(part) for part in BRACKETED.sub(" ", name).split(","))
        if words and not set(words) <= SUFFIXES  # "John Smith, Jr."
    ]
    if not parts:
        return "", ""
    if len(parts) > 1:  # "Smith, Jane": the surname first.
        return " ".join(parts[0]), " ".join(word for part in parts[1:] for word in part)
    words = parts[0]
    while len(words) > 1 and words[-1] in SUFFIXES:
        words.pop()
    return words[-1], " ".join(words[:-1])


def _words(text):
    # Without punctuation or symbols: "Smith." as smith, "O'Brien" as obrien.
    words = (
        "".join(c for c in word if unicodedata.category(c)[0] not in "PS")
        for word in text.split()
    )
    return [word for word in words if word]


def _folded(text):
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(
        character for character in decomposed if not unicodedata.combining(character)
    ).translate(FOLDED_LETTERS)


def badge_holders(summit):
    """Confirmed, named places: who gets a badge or an email (not places
    anonymised after the summit). Badges sort them with `badge_order`."""
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
        # All of them at once: badge_order sorts the whole list anyway.
        pdf = badges_pdf(
            badge_holders(run.summit),
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
