"""Cells that would run as formulas in a spreadsheet are written as text."""

import pytest

from home.exports import spreadsheet_safe

HOSTILE = '=HYPERLINK("http://evil.example/","Click")'


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_text_a_spreadsheet_would_run_is_marked_as_text(start):
    assert spreadsheet_safe(f"{start}1+2") == f"'{start}1+2"


@pytest.mark.parametrize(
    "value", ["Łukasz Żółć-Nguyễn", "Fen Council", "", "a=b", 42, -5, None]
)
def test_everything_else_is_left_alone(value):
    assert spreadsheet_safe(value) == value
