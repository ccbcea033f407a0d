"""Every PDF the site makes (events/pdf.py and its documents: badges, the programme,
invoices, receipts) keeps every name whole in every script, embeds its fonts, has a
glyph for every character, and is tagged, titled and in British English
(docs/documents.md). `tests/pdfs.py` reads the PDFs back."""

import base64
import io
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from unittest import mock

import pydyf
import pytest
import qrcode
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from events import qr
from events.booking.pricing import PlaceRequest
from events.choices import BadgeLayout, CardPaymentStatus, SessionType
from events.models import CardPayment
from events.organising.badges import badge_holders, badges_pdf
from events.payments.documents import invoice_pdf, receipt_pdf
from events.payments.invoices import BillingDetails, book_with_invoice
from events.pdf import load_weasyprint, render_pdf
from signatories.logos import process_logo
from tests.factories.accounts import VerifiedUserFactory
from tests.factories.events import (
    AttendeeFactory,
    OrderFactory,
    SessionFactory,
    TicketTypeFactory,
    attendee_details,
)
from tests.factories.names import (
    LONG_ORGANISATION,
    LONGEST_PEOPLE,
    NAMES,
    ORGANISATIONS,
    PEOPLE,
)
from tests.factories.speakers import SpeakerFactory
from tests.pdfs import (
    MISSING_GLYPHS,
    pdf_fonts,
    pdf_image_count,
    pdf_info,
    pdf_language,
    pdf_outline,
    pdf_page_text,
    pdf_structure,
    pdf_text,
    reads_back,
    require_document_tools,
    without_glyph,
    word_boxes,
    word_rectangles,
)
from tests.signatories.conftest import image_file

pytestmark = pytest.mark.usefixtures("document_tools")


@pytest.fixture
def document_tools():
    require_document_tools()


def assert_accessible_pdf(content, *, title, texts):
    """`content` is a PDF a screen reader can use, titled `title`, in which every
    one of `texts` comes back whole."""
    info = pdf_info(content)
    assert info["Tagged"] == "yes"
    assert info["Title"] == title
    assert pdf_language(content) == "en-GB"
    fonts = pdf_fonts(content)
    assert fonts
    assert {embedded for _name, embedded in fonts} == {"yes"}, fonts
    text = pdf_text(content)
    assert not MISSING_GLYPHS & set(text)
    assert "…" not in text  # Nothing cut short.
    for expected in texts:
        assert without_glyph(expected) == []
        assert reads_back(expected, text), expected
    return text


@pytest.fixture
def named_places(ticket_type):
    ticket_type.capacity = 100
    ticket_type.save()
    return [
        AttendeeFactory(ticket_type=ticket_type, name=name, organisation=organisation)
        for _language, name, organisation in PEOPLE
    ]


@pytest.mark.parametrize("layout", BadgeLayout.values)
def test_badges_keep_every_name_and_organisation_whole(named_places, layout):
    summit = named_places[0].summit

    pdf = badges_pdf(badge_holders(summit), summit=summit, layout=layout)

    text = assert_accessible_pdf(
        pdf, title=f"Badges: {summit.title}", texts=NAMES + ORGANISATIONS
    )
    assert LONG_ORGANISATION in text  # Wrapped across lines, each word whole.
    structure = pdf_structure(pdf)
    assert {"H1", "P", "Figure"} <= set(structure)
    assert pdf_outline(pdf) == []  # Names are headings, not bookmarks.
    postcard_codes = ["QR code for the ambition postcard form"] * len(named_places)
    assert sorted(structure["Figure"]) == sorted(
        [f"QR code for ticket {place.reference}" for place in named_places]
        + (postcard_codes if layout == BadgeLayout.A6 else [])
    )
    per_page = 8 if layout == BadgeLayout.LABELS else 1
    assert pdf_info(pdf)["Pages"] == str(-(-len(PEOPLE) // per_page))


# Points in a millimetre.
MM = 72 / 25.4


@pytest.mark.parametrize(
    "person", LONGEST_PEOPLE, ids=[language for language, *_ in LONGEST_PEOPLE]
)
@pytest.mark.parametrize("layout", BadgeLayout.values)
def test_the_longest_name_and_organisation_stay_inside_the_badge(
    ticket_type, person, layout
):
    _language, name, organisation = person
    ticket_type.name = "Partner organisation delegate (two days, with lunch)"
    ticket_type.save()
    summit = ticket_type.summit
    summit.title = "Shared Ambition Summit 2026: Cambridgeshire and Peterborough"
    summit.save()
    place = AttendeeFactory(
        ticket_type=ticket_type, name=name, organisation=organisation
    )

    pdf = badges_pdf(badge_holders(summit), summit=summit, layout=layout)

    assert reads_back(name, pdf_text(pdf)) and reads_back(organisation, pdf_text(pdf))
    assert ticket_type.name in pdf_text(pdf)
    assert pdf_info(pdf)["Pages"] == "1"
    # The badge's box: the sheet's first label (L7165), or the whole A6 page.
    if layout == BadgeLayout.LABELS:
        left, top, right, bottom = 4.65, 13.1, 4.65 + 99.1, 13.1 + 67.7
    else:
        left, top, right, bottom = 0, 0, 105, 148
    words = word_rectangles(pdf)
    for word, x_min, y_min, x_max, y_max in words:
        assert left * MM <= x_min and x_max <= right * MM, word
        assert top * MM <= y_min and y_max <= bottom * MM, word
    # Nor does any line run into the reference at the badge's foot, or the name
    # and organisation into the postcard form's code above it on an A6 badge.
    (reference_top,) = [box[2] for box in words if box[0] == place.reference]
    assert max(box[4] for box in words if box[0] != place.reference) <= reference_top
    if layout == BadgeLayout.A6:
        postcard_top = min(box[2] for box in words if box[0] == "ambition")
        header = [box for box in words if box[2] < postcard_top - 25 * MM]
        assert reads_back(name, " ".join(box[0] for box in header))


def test_an_a6_badge_invites_an_ambition_postcard_while_the_summit_takes_them(
    ticket_type,
):
    AttendeeFactory(ticket_type=ticket_type, name="Ada Example")
    summit = ticket_type.summit

    def badge(layout):
        return badges_pdf(badge_holders(summit), summit=summit, layout=layout)

    a6 = badge(BadgeLayout.A6)
    address = "testserver/ambition/test-summit-"  # Without "http://"; then the slug.
    assert address in "".join(pdf_text(a6).split())  # Wrapped at any character.
    assert pdf_image_count(a6) == 2  # the ticket's code and the postcard form's
    assert "ambition" not in pdf_text(badge(BadgeLayout.LABELS))
    summit.postcards_open = False
    summit.save()
    closed = badge(BadgeLayout.A6)
    assert "ambition" not in pdf_text(closed) and pdf_image_count(closed) == 1


def test_right_to_left_names_sit_against_the_right_edge_of_a_badge(ticket_type):
    AttendeeFactory(ticket_type=ticket_type, name="عائشہ خان", organisation="")
    AttendeeFactory(ticket_type=ticket_type, name="Ada Example", organisation="")
    summit = ticket_type.summit

    words = word_boxes(
        badges_pdf(badge_holders(summit), summit=summit, layout=BadgeLayout.A6)
    )

    # An A6 page is 298 points wide, with 17 points of margin each side.
    # -bbox gives a right-to-left word's letters in drawing order: pick by script.
    right_to_left = [box for box in words if "\u0600" <= box[0][0] <= "\u06ff"]
    left_to_right = [box for box in words if box[0] in {"Ada", "Example"}]
    assert len(right_to_left) == len(left_to_right) == 2
    assert max(x_max for _word, _x_min, x_max in right_to_left) > 270
    assert min(x_min for _word, x_min, _x_max in right_to_left) > 100
    assert min(x_min for _word, x_min, _x_max in left_to_right) < 20


def test_badges_come_in_surname_order(ticket_type):
    for name in [
        "Zoë Adams",
        "adam Zielinski",
        "Łukasz Lewandowski",
        "Anna Łuczak",
        "Émile Durand",
        "Bob Durand",
    ]:
        AttendeeFactory(ticket_type=ticket_type, name=name)
    summit = ticket_type.summit

    text = pdf_text(
        badges_pdf(badge_holders(summit), summit=summit, layout=BadgeLayout.LABELS)
    )

    found = sorted(
        ["Zoë Adams", "adam Zielinski", "Łukasz Lewandowski"]
        + ["Anna Łuczak", "Émile Durand", "Bob Durand"],
        key=text.index,
    )
    assert found == [
        "Zoë Adams",
        "Bob Durand",
        "Émile Durand",
        "Łukasz Lewandowski",
        "Anna Łuczak",
        "adam Zielinski",
    ]


def test_a_badge_run_reports_progress_as_parts_are_laid_out(ticket_type):
    AttendeeFactory.create_batch(45, ticket_type=ticket_type)
    summit, reported = ticket_type.summit, []

    badges_pdf(
        badge_holders(summit),
        summit=summit,
        layout=BadgeLayout.LABELS,
        progress=reported.append,
    )

    assert reported == [40, 45]  # A part of 40, then all once written.


def test_the_programme_pdf_has_every_speaker_and_title_with_pages_and_bookmarks(
    client, summit, settings
):
    settings.INVOICE_SUPPLIER_NAME = "Example Combined Authority"
    for number, (_language, name, organisation) in enumerate(PEOPLE):
        SessionFactory(
            summit=summit,
            title=organisation,
            session_type=SessionType.WORKSHOP,
            at=(9 + number % 8, 0),
            speakers=[SpeakerFactory(name=name)],
        )

    response = client.get(f"/summit/{summit.slug}/programme/pdf/")

    assert response["Content-Type"] == "application/pdf"
    text = assert_accessible_pdf(
        response.content,
        title=f"{summit.title}: programme",
        texts=NAMES + ORGANISATIONS,
    )
    day = timezone.localdate(summit.start)
    assert pdf_outline(response.content) == [f"{day:%A} {day.day} {day:%B %Y}"]
    pages = pdf_info(response.content)["Pages"]
    assert f"Page 1 of {pages}" in text
    assert int(pages) >= 2
    # The running header: page 2 has no h1, so the title there is the header's.
    assert f"{summit.title}: programme" in pdf_page_text(response.content, 2)
    assert {"H1", "H2", "Table", "TH", "TD"} <= set(pdf_structure(response.content))
    assert pdf_info(response.content)["Author"] == "Example Combined Authority"


@pytest.mark.parametrize("names", [NAMES[:9], NAMES[9:]], ids=["first", "second"])
def test_an_invoice_keeps_every_name_whole(open_summit, booker, names):
    ticket_type = TicketTypeFactory(
        summit=open_summit, price=9500, capacity=50, allows_invoice=True
    )
    order = book_with_invoice(
        booker=booker,
        summit=open_summit,
        places=[
            PlaceRequest(
                ticket_type=ticket_type,
                details=attendee_details(name, f"person{number}@example.org"),
            )
            for number, name in enumerate(names)
        ],
        billing=BillingDetails(
            organisation=LONG_ORGANISATION,
            address="Ελληνική Οδός 1\nPeterborough\nPE1 1AA",
            contact="Nguyễn Thị Phương Thảo",
            email="finance@example.org",
            purchase_order="PO-1",
        ),
    )

    invoice = order.invoice
    text = assert_accessible_pdf(
        invoice_pdf(invoice),
        title=f"Invoice {invoice.display_number}",
        texts=[*names, LONG_ORGANISATION, "Ελληνική Οδός 1", "Nguyễn Thị Phương Thảo"],
    )
    assert f"Total £{95 * len(names):,}" in text


def test_a_receipt_keeps_every_name_whole(ticket_type):
    ticket_type.capacity = 100
    ticket_type.save()
    booker = VerifiedUserFactory(
        first_name="Олена", last_name="Шевчук", email="o@example.org"
    )
    order = OrderFactory(summit=ticket_type.summit, booker=booker)
    for name in NAMES:
        AttendeeFactory(ticket_type=ticket_type, order=order, name=name, price=2500)
    CardPayment.objects.create(
        order=order,
        status=CardPaymentStatus.PAID,
        amount=2500 * len(NAMES),
        amount_paid=2500 * len(NAMES),
        paid_at=timezone.now(),
        hold_expires_at=timezone.now(),
    )

    assert_accessible_pdf(
        receipt_pdf(order),
        title=f"Receipt {order.reference}",
        texts=[*NAMES, "Олена Шевчук"],
    )


@pytest.fixture
def web_server():
    """A server on this machine answering every request with a PNG, recording
    the paths asked for."""
    png, asked = qr.qr_png("x", box_size=1), []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            asked.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.end_headers()
            self.wfile.write(png)

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}", asked
    server.shutdown()
    server.server_close()


def test_a_pdf_loads_only_data_never_a_file_or_an_address(web_server, tmp_path):
    address, asked = web_server
    png = qr.qr_png("x", box_size=1)
    (tmp_path / "code.png").write_bytes(png)
    data = "data:image/png;base64," + base64.b64encode(png).decode()
    html = (
        '<!DOCTYPE html><html lang="en-GB"><head><title>Sources</title>'
        f'<link rel="stylesheet" href="{address}/style.css"></head><body>'
        '<h1>Sources</h1><img src="file:///etc/passwd" alt="password file">'
        f'<img src="file://{tmp_path}/code.png" alt="a file">'
        f'<img src="{address}/code.png" alt="an address">'
        f'<img src="{data}" alt="data"></body></html>'
    )

    with mock.patch("events.pdf.render_to_string", return_value=html):
        pdf = render_pdf("any.html", {}, stylesheets=["base"])

    assert asked == []
    assert pdf_image_count(pdf) == 1  # The data: URI's image alone.


def test_a_process_that_made_a_pdf_still_refuses_a_broken_upload():
    """Importing WeasyPrint tells Pillow to accept truncated images; the web process
    that served a PDF must still turn a broken logo away (it let it through)."""
    html = '<!DOCTYPE html><html lang="en-GB"><title>A</title><p>A</p></html>'
    with mock.patch("events.pdf.render_to_string", return_value=html):
        render_pdf("any.html", {}, stylesheets=["base"])
    upload = image_file("PNG", size=(200, 200))
    broken = SimpleUploadedFile("logo.png", upload.read()[:120])

    with pytest.raises(ValidationError) as refusal:
        process_logo(broken)
    assert refusal.value.code == "logo_unreadable"


def test_a_badge_qr_code_with_the_fast_mask_is_the_code_qrcode_draws_with_it():
    # Badges skip qrcode's choice of mask (nine drawings a code): the code is
    # still the standard's, drawn with mask FAST_MASK, quiet zone included.
    payload = "a-ticket-token:a-signature"
    code = qrcode.QRCode(
        error_correction=qrcode.constants.ERROR_CORRECT_M,
        border=4,
        mask_pattern=qr.FAST_MASK,
    )
    code.add_data(payload)
    code.make(fit=True)
    expected = [not dark for row in code.get_matrix() for dark in row]

    image = Image.open(
        io.BytesIO(qr.qr_png(payload, box_size=1, mask_pattern=qr.FAST_MASK))
    )

    width, height = image.size
    pixels = [image.getpixel((x, y)) for y in range(height) for x in range(width)]
    assert [bool(pixel) for pixel in pixels] == expected


def test_pdf_page_references_are_kept_and_follow_pages_added_later():
    load_weasyprint()  # which makes pydyf keep them
    pdf = pydyf.PDF()
    pdf.add_page(pydyf.Dictionary({"Type": "/Page"}))

    first = pdf.page_references
    kept = pdf.page_references
    pdf.add_page(pydyf.Dictionary({"Type": "/Page"}))

    assert kept is first
    assert pdf.page_references == (*first, f"{pdf.objects[-1].number} 0 R".encode())


def test_the_html_parser_keeps_its_patterns():
    # tinyhtml5 stored each pattern under the wrong key and built it again for
    # every text run it read; events.pdf keeps them under the right one.
    import tinyhtml5
    import tinyhtml5.inputstream

    load_weasyprint()
    tinyhtml5.parse('<p class="a">One &amp; <b>two</b></p>')
    patterns = dict(tinyhtml5.inputstream.characters_until_regex)
    tinyhtml5.parse('<p class="b">Three &amp; <i>four</i></p>')

    assert patterns
    assert tinyhtml5.inputstream.characters_until_regex == patterns
    assert all(isinstance(characters, tuple | frozenset) for characters, _ in patterns)
