"""PDFs from HTML templates (`render_pdf`, `render_pdf_in_parts`) and how PDFs holding
personal details are sent (`pdf_response`): docs/documents.md.

WeasyPrint lays the HTML out with Pango and HarfBuzz, so every script is shaped
(Arabic joined right to left, Bengali and Gurmukhi vowel signs placed), and embeds a
subset of each font it used. Every PDF is PDF/UA-1: tagged (headings, paragraphs,
tables, figures with their alternative text), titled by the template's `<title>` and
in the language of its `<html lang>`. Stylesheets are parsed once per process.
Nothing is fetched from a file or the network: only `data:` URIs load."""

import functools
import re

from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.cache import patch_cache_control
from PIL import ImageFile

# PDF/UA-1: tagged PDF 1.7 with the title shown and the language set.
PDF_VARIANT = "pdf/ua-1"
# site/static/css/documents/<name>.css
STYLESHEET_PATH = "css/documents/{name}.css"


def render_pdf(template, context, *, stylesheets):
    """The PDF bytes of `template` rendered with `context`, laid out with the
    named `stylesheets` (`base` first, then the document's own)."""
    return render_pdf_in_parts(template, [context], stylesheets=stylesheets)


def render_pdf_in_parts(template, contexts, *, stylesheets, laid_out=None):
    """One PDF of `template` rendered once per context in `contexts`, the pages
    of each part following the last's: a long document (everyone's badges) is
    laid out a part at a time and `laid_out(part_number)` is called after each,
    for a progress bar. The fonts are shared, so each is embedded once."""
    weasyprint = load_weasyprint()
    fonts = weasyprint.text.fonts.FontConfiguration()
    parsed = [_stylesheet(name) for name in stylesheets]
    documents = []
    for number, context in enumerate(contexts, start=1):
        html = weasyprint.HTML(
            string=render_to_string(template, context), url_fetcher=_url_fetcher()
        )
        documents.append(html.render(stylesheets=parsed, font_config=fonts))
        if laid_out:
            laid_out(number)
    pages = [page for document in documents for page in document.pages]
    # The first part's <title> and lang are the whole PDF's.
    return documents[0].copy(pages).write_pdf(pdf_variant=PDF_VARIANT)


@functools.cache
def load_weasyprint():
    """WeasyPrint, imported on first use. Importing it tells Pillow to accept
    truncated images in the whole process (weasyprint/images.py), which would let a
    broken upload through the image and logo checks of a process that had made a
    PDF; PDFs draw only the images the site makes, so the setting is put back.
    pydyf's page references are kept once made (`_page_references`), and the HTML
    parser's patterns are kept (`_CharactersUntil`)."""
    previous = ImageFile.LOAD_TRUNCATED_IMAGES
    # Heavy library: loaded only when a PDF is made.
    import pydyf
    import tinyhtml5.inputstream
    import weasyprint
    import weasyprint.text.fonts
    import weasyprint.urls

    ImageFile.LOAD_TRUNCATED_IMAGES = previous
    pydyf.PDF.page_references = property(_page_references(pydyf.PDF.page_references))
    tinyhtml5.inputstream.characters_until_regex = _CharactersUntil()
    return weasyprint


def _page_references(built):
    """pydyf's `PDF.page_references` (`built`, a property), kept once made: it
    builds the reference of every page each time it is read, and WeasyPrint reads
    it for every tagged element (PDF/UA), so 1,000 A6 badges built millions of
    references, a tenth of their time. Made again if pages were added since."""

    def page_references(pdf):
        references = pdf.__dict__.get("_kept_page_references")
        if references is None or len(references) != pdf.pages["Count"]:
            references = built.fget(pdf)
            pdf.__dict__["_kept_page_references"] = references
        return references

    return page_references


class _CharactersUntil(dict):
    """tinyhtml5's cache of the patterns its tokenizer reads text runs with
    (`HTMLInputStream.chars_until`), keyed by (characters, opposite). tinyhtml5
    stores each pattern under the wrong key (itself), so every look-up missed and
    built the pattern again: a third of parsing a badge part, whose QR codes are
    long attribute values. Made here on a miss, as tinyhtml5 makes it, and kept."""

    def __missing__(self, key):
        characters, opposite = key
        pattern = "".join(f"\\x{ord(character):02x}" for character in characters)
        if not opposite:
            pattern = f"^{pattern}"
        self[key] = regex = re.compile(f"[{pattern}]+")
        return regex


@functools.cache
def _stylesheet(name):
    path = finders.find(STYLESHEET_PATH.format(name=name))
    if path is None:
        raise FileNotFoundError(STYLESHEET_PATH.format(name=name))
    return load_weasyprint().CSS(filename=path, url_fetcher=_url_fetcher())


def _url_fetcher():
    """What WeasyPrint may load while laying a PDF out: only `data:` URIs (the
    badges' QR codes). Never a file on the server (`file:`) or an address on the
    network, whatever a template, a stylesheet or text put into them names:
    stylesheets are read from disk above, not by URL."""
    return load_weasyprint().urls.URLFetcher(allowed_protocols={"data"})


def pdf_response(content, filename, *, inline=False):
    """An HTTP response sending PDF bytes `content` as `filename` (".pdf" added),
    to download or, `inline`, to show in the browser. Never stored by the browser
    or a cache on the way: invoices, receipts and badges carry personal details."""
    disposition = "inline" if inline else "attachment"
    response = HttpResponse(
        content,
        content_type="application/pdf",
        headers={"Content-Disposition": f'{disposition}; filename="{filename}.pdf"'},
    )
    patch_cache_control(response, private=True, no_store=True)
    return response
