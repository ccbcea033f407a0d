"""Spreadsheets people open: a cell never becomes a formula.

A name like `=HYPERLINK("http://evil.example/","Click")` typed into a public form
would run as a formula in the events team's spreadsheet (CSV injection). Text
starting with a character a spreadsheet reads as the start of a formula is written
with a leading apostrophe, which spreadsheets show as text (OWASP's advice).
XLSX exports need nothing: Wagtail writes every cell there as text.
"""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    """`value`, or for text a spreadsheet would run, that text marked as text."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class SpreadsheetSafeExportMixin:
    """For Wagtail index views with `list_export`: CSV cells are spreadsheet-safe."""

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        if export_format == self.FORMAT_CSV:
            return spreadsheet_safe(value)
        return value
