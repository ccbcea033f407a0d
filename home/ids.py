"""Ids read from addresses: the one home for "is this a row id?". An id is ASCII
digits a database integer column can hold (PostgreSQL's bigint, SQLite's), so an
odd one (`²`, `١`, twenty digits) is "not found" rather than an error from the
database driver."""

# The largest id a database integer column holds (PostgreSQL's bigint, SQLite's).
MAX_ID = 2**63 - 1
_MAX_DIGITS = len(str(MAX_ID))


def parse_id(value):
    """`value` (a query-string value) as a row id, or None if it can't be one."""
    value = str(value or "")
    if (
        not value.isascii()
        or not value.isdigit()
        or len(value) > _MAX_DIGITS
        or int(value) > MAX_ID
    ):
        return None
    return int(value)


def beyond_any_id(value):
    """True when `value` is written as a whole number (signed or not, in any
    script's digits) that is no row id: Django would pass it to the database,
    whose driver fails on it, instead of refusing it as a choice."""
    digits = str(value).strip().removeprefix("-").removeprefix("+")
    return digits.isdigit() and parse_id(digits) is None


class IdConverter:
    """The `<id:name>` path converter (registered in `home.apps`): like `<int:…>`
    but an id too big for the database doesn't match, so the address is a 404."""

    regex = f"[0-9]{{1,{_MAX_DIGITS}}}"

    def to_python(self, value):
        number = parse_id(value)
        if number is None:
            raise ValueError("not a row id")
        return number

    def to_url(self, value):
        return str(int(value))
