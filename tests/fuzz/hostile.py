"""The hostile values the fuzz test sends, and which kinds of field must refuse each.

A value is refused by a field of a kind in its `refused_by`: a request carrying it
there must change nothing. Elsewhere it may be legitimate data (a name with odd
Unicode, or one that looks like SQL), so only "no server error" holds.
"""

import io
import json
import struct
import zlib
from dataclasses import dataclass

# Kinds of form field.
TEXT = "text"  # a CharField with a maximum length
EMAIL = "email"
NUMBER = "number"  # a count or an id
CHOICE = "choice"  # one of a fixed list (including a model's slug or id)
MULTI = "multi"  # several of a fixed list
URL = "url"
BOOL = "bool"  # a checkbox: anything but "" is ticked
FILE = "file"
KINDS = {TEXT, EMAIL, NUMBER, CHOICE, MULTI, URL, BOOL, FILE}
ALL = frozenset(KINDS)
NOT_TEXT = frozenset(KINDS - {TEXT, BOOL})

XSS = '"><script>alert("fz")</script>'


@dataclass(frozen=True)
class Hostile:
    name: str
    value: str | bytes  # bytes go on the wire as they are (not UTF-8)
    refused_by: frozenset = NOT_TEXT


VALUES = [
    Hostile("NUL", "a\x00b", ALL - {FILE}),
    Hostile("100k characters", "A" * 100_000, ALL - {BOOL, FILE}),
    Hostile("invalid UTF-8", b"\xff\xfe\xc3\x28\xed\xa0\x80"),
    Hostile("percent garbage", "%zz%%%u0000%C0%AF"),
    Hostile("SQL", "' OR 1=1; DROP TABLE events_attendee; --"),
    Hostile("HTML", XSS),
    Hostile("template", "{{ settings.SECRET_KEY }}{% debug %}{{ request.user }}"),
    Hostile("negative", "-1", NOT_TEXT - {NUMBER}),
    Hostile("huge number", "9" * 40),
    Hostile("float", "1e308"),
    Hostile("NaN", "NaN"),
    Hostile("empty", "", frozenset()),
    Hostile("spaces", " \t\r\n ", frozenset()),
    Hostile("RTL override", "\u202egnp.exe\u202c"),
    Hostile("zero-width", "a\u200b\u200c\u200d\ufeffb"),
    Hostile("combining", "Z" + "\u0336\u0301\u0317" * 60),
    Hostile("emoji", "\U0001f469\u200d\U0001f469\u200d\U0001f467"),
    Hostile("header injection", "a@example.org\r\nBcc: victim@example.org"),
    Hostile("IP-literal email", "x@[127.0.0.1]", NOT_TEXT - {EMAIL}),
    Hostile("path traversal", "../../../../etc/passwd"),
    Hostile("earliest date", "0001-01-01"),
    Hostile("latest date", "9999-12-31T23:59:59+14:00"),
    Hostile("impossible date", "2026-02-30"),
]

# Values for the parts of an address that are ids, slugs and secret tokens:
# unknown, overflowing, wrong kind. `None` means the place's real value.
PATH_VALUES = [
    "0",
    "-1",
    "9" * 25,
    "A" * 300,
    "%00",
    "%FF%FE",
    "..%2F..%2Fetc",
    "%E2%80%AE",
    "x.y",
    "%27%20OR%201%3D1",
]


def deep_json(depth=100_000):
    return "[" * depth + "]" * depth


def huge_json():
    return json.dumps({"scans": [{"id": str(n)} for n in range(60_000)]})


JSON_BODIES = [
    ("not JSON", "{'a': 1"),
    ("deep", deep_json()),
    ("deep object", '{"a":' * 20_000 + "1" + "}" * 20_000),
    ("huge", huge_json()),
    ("array", "[1, 2, 3]"),
    ("null", "null"),
    ("string", '"hello"'),
    ("number", "1e999"),
    ("empty", ""),
    ("NUL escaped", '{"payload": "a\\u0000b", "reference": "\\u0000"}'),
    ("lone surrogate", '{"payload": "\\ud800", "reference": "\\udfff"}'),
    ("invalid UTF-8", b'{"payload": "\xff\xfe"}'),
]


def json_scalars():
    """Values to put where the JSON endpoints expect a scalar."""
    return [
        True,  # the first five are always sent
        2**63,
        "A" * 100_000,
        "0001-01-01T00:00:00+00:00",
        {"id": 1},
        None,
        -1,
        0,
        -(2**63) - 1,
        10**400,
        1.5,
        float("1e308"),
        "",
        "a\u202eb",
        "a\u0000b",
        [],
        ["a"],
        {},
        "9999-12-31T23:59:59+14:00",
        "2026-02-30T10:00:00+00:00",
        "2026-06-01T10:00:00",
        XSS,
    ]


def _png(**save_kwargs):
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (64, 64), "teal").save(buffer, "PNG", **save_kwargs)
    return buffer.getvalue()


def _chunk(kind, data):
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))


def _png_claiming(width, height):
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IEND", b"")


def hostile_files():
    """(name, filename, content type, bytes): uploads no image field may take."""
    return [
        ("garbage EXIF", "logo.png", "image/png", _png(exif=b"Exif\x00\x00garbage")),
        ("truncated PNG", "logo.png", "image/png", _png()[:70]),
        ("empty", "logo.png", "image/png", b""),
        ("SVG", "logo.svg", "image/svg+xml", b"<svg><script>x()</script></svg>"),
        ("PHP", "logo.php.png", "image/png", b"<?php system($_GET['c']); ?>"),
        ("billion pixels", "logo.png", "image/png", _png_claiming(60_000, 60_000)),
        ("PDF", "logo.pdf", "application/pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"),
        ("NUL name", "lo\x00go.png", "image/png", _png()[:70]),
    ]
