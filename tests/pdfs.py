"""Reading a PDF back as a reader or a screen reader gets it: its text (poppler's
`pdftotext`), its fonts (`pdffonts`), whether it is tagged (`pdfinfo`), its catalog's
language (pypdf), and whether the fonts of the documents' CSS stack have a glyph for
every character (fontTools). `make fonts` installs poppler-utils and the fonts;
without them these tests skip, or fail when `CI=true` (docs/documents.md)."""

import functools
import html
import os
import re
import shutil
import subprocess
import tempfile
import unicodedata
from io import BytesIO
from pathlib import Path

import pytest
from fontTools.ttLib import TTCollection, TTFont
from pypdf import PdfReader

from events.pdf import load_weasyprint

ROOT = Path(__file__).resolve().parents[1]
BASE_CSS = ROOT / "site" / "static" / "css" / "documents" / "base.css"
# Bidirectional formatting characters pdftotext puts around right-to-left runs.
BIDI_CONTROLS = dict.fromkeys(
    [0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)]
)
# What a reader would see in place of a glyph no font had.
MISSING_GLYPHS = {"\ufffd", "■", "□"}


def require_document_tools():
    """Skip (fail under CI=true) unless poppler-utils, the fonts and Pango are
    installed."""
    tools = ("pdftotext", "pdffonts", "pdfinfo", "pdfimages", "fc-match")
    missing = [tool for tool in tools if shutil.which(tool) is None]
    missing += [family for family in font_stack() if font_file(family) is None]
    missing += [] if pango_loads() else ["Pango"]
    if missing:
        message = f"`make fonts` installs what PDFs need: missing {missing}"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)


def pango_loads():
    """Whether WeasyPrint finds Pango (it loads the library when imported)."""
    try:
        load_weasyprint()  # an OSError without Pango
    except OSError:
        return False
    return True


def pdf_text(content):
    """The PDF's text in the order it is drawn, which for these PDFs is the order of
    the HTML and of the tagged structure (`pdftotext -raw`: the default mode joins
    label sheets' columns line by line and drops a hyphen that ends a line). Runs of
    whitespace (line and page breaks) become single spaces and the bidirectional
    controls around right-to-left runs are dropped. A right-to-left line's words
    come in the order they are drawn, right to left; see `reads_back`."""
    text = _poppler("pdftotext", content, "-raw", "-enc", "UTF-8", output=["-"])
    return " ".join(text.translate(BIDI_CONTROLS).split())


def pdf_page_text(content, number):
    """The text of page `number` alone, as `pdf_text` gives it."""
    text = _poppler(
        "pdftotext",
        content,
        "-f",
        str(number),
        "-l",
        str(number),
        "-raw",
        "-enc",
        "UTF-8",
        output=["-"],
    )
    return " ".join(text.translate(BIDI_CONTROLS).split())


def reads_back(expected, text):
    """Whether `expected` comes back whole in `text` (from `pdf_text`).

    Line breaks fall where the layout puts them (after a hyphen, between two
    Chinese characters), so whitespace is not compared: every other character
    must come back, in order. Two kinds of text are compared as far as a PDF can
    carry them back (the fonts' coverage and embedding prove the rest is drawn):

    - right-to-left text (Arabic, Urdu) is drawn word by word from the right, so
      each word must come back whole, its letters in reading order;
    - text with vowel signs (Bengali, Gurmukhi) is drawn with a sign before or
      around its consonant, which a PDF's text layer cannot put back in reading
      order (poppler drops or moves the sign), so its letters must come back in
      order, the signs aside.
    """
    if any(
        unicodedata.bidirectional(character) in {"R", "AL"} for character in expected
    ):
        return set(expected.split()) <= set(text.split())
    if any(unicodedata.category(character) in {"Mc", "Mn"} for character in expected):
        return _letters(expected) in _letters(text)
    return "".join(expected.split()) in "".join(text.split())


def _letters(text):
    return "".join(
        character for character in text if unicodedata.category(character)[0] == "L"
    )


def word_boxes(content):
    """Each word pdftotext finds, with where it is drawn: (word, x_min, x_max) in
    points from the left edge of its page."""
    return [
        (word, x_min, x_max) for word, x_min, _y, x_max, _y in word_rectangles(content)
    ]


def word_rectangles(content):
    """Each word pdftotext finds, with the box it is drawn in: (word, x_min, y_min,
    x_max, y_max) in points from its page's top left corner."""
    boxes = _poppler("pdftotext", content, "-bbox", output=["-"])
    return [
        (html.unescape(word), *(float(number) for number in box))
        for *box, word in re.findall(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">'
            r"([^<]*)</word>",
            boxes,
        )
    ]


def pdf_image_count(content):
    """How many images the PDF draws (`pdfimages -list`, after its two heading
    lines)."""
    return len(_poppler("pdfimages", content, "-list").splitlines()[2:])


def pdf_info(content):
    """pdfinfo's fields (Title, Tagged, Pages, ...) as a dict of strings."""
    lines = _poppler("pdfinfo", content).splitlines()
    return {
        key.strip(): value.strip()
        for key, value in (line.split(":", 1) for line in lines if ":" in line)
    }


def pdf_fonts(content):
    """pdffonts' rows: (font name, embedded "yes"/"no")."""
    rows = _poppler("pdffonts", content).splitlines()[2:]
    # Columns: name type [type...] encoding emb sub uni object ID.
    return [(row.split()[0], row.split()[-5]) for row in rows if row.strip()]


def pdf_language(content):
    return str(PdfReader(BytesIO(content)).trailer["/Root"]["/Lang"])


def pdf_outline(content):
    """The bookmarks' titles, top level only."""
    return [
        item.title
        for item in PdfReader(BytesIO(content)).outline
        if not isinstance(item, list)
    ]


def pdf_structure(content):
    """The tagged structure: each structure type (H1, P, Table, Figure...) with
    the alternative texts of its elements, in document order."""
    found = {}

    def walk(node):
        node = node.get_object()
        if isinstance(node, list):
            for child in node:
                walk(child)
            return
        if not hasattr(node, "get") or node.get("/Type") == "/MCR":
            return
        if "/S" in node:
            found.setdefault(str(node["/S"])[1:], []).extend(
                [str(node["/Alt"])] if "/Alt" in node else []
            )
        if "/K" in node:
            walk(node["/K"])

    walk(PdfReader(BytesIO(content)).trailer["/Root"]["/StructTreeRoot"])
    return found


def without_glyph(text):
    """The characters of `text` no font of the documents' stack can draw."""
    return sorted(
        {
            character
            for character in text
            if not character.isspace()
            and unicodedata.category(character) not in {"Cf"}
            and not any(ord(character) in cmap for cmap in _stack_cmaps())
        }
    )


def font_stack():
    """The families of base.css's font-family, in fallback order."""
    declaration = re.search(r"font-family:([^;]+);", BASE_CSS.read_text()).group(1)
    families = [family.strip().strip('"') for family in declaration.split(",")]
    return [family for family in families if family != "sans-serif"]


@functools.cache
def font_file(family):
    """The file fontconfig gives for `family`, or None if it has no such family."""
    found = subprocess.run(
        ["fc-match", "-f", "%{family}\n%{file}", family],
        capture_output=True,
        text=True,
    ).stdout.splitlines()
    if len(found) < 2 or family not in found[0].split(","):
        return None
    return found[1]


@functools.cache
def _stack_cmaps():
    cmaps = []
    for family in font_stack():
        path = font_file(family)
        collection = path.endswith((".ttc", ".otc"))
        # A collection's fonts (CJK SC, TC, JP...) cover the same characters.
        font = TTCollection(path, lazy=True)[0] if collection else TTFont(path)
        cmaps.append(set(font.getBestCmap()))
    return cmaps


def _poppler(tool, content, *options, output=()):
    """`tool`'s output for the PDF `content` (written to a file: not every poppler
    tool reads standard input)."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as pdf:
        pdf.write(content)
        pdf.flush()
        return subprocess.run(
            [tool, *options, pdf.name, *output], capture_output=True, check=True
        ).stdout.decode()
