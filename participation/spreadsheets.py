"""CSV and spreadsheet files people open in Excel or LibreOffice: one place for the two things
every export needs.

- A cell starting with ``=``, ``+``, ``-``, ``@`` (or a tab or carriage return) is a formula to a
  spreadsheet: text residents typed must never run as one (CSV injection), so it gets a leading
  apostrophe, which spreadsheets hide.
- CSV is streamed line by line and starts with a byte order mark, so Arabic reads as UTF-8.
"""

import csv

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    """Text as a spreadsheet shows it rather than runs it; numbers (also written as text, as
    "-6.8105" a longitude) and empty cells unchanged."""
    if value is None or isinstance(value, int | float):
        return value
    value = str(value)
    if value.startswith(FORMULA_TRIGGERS) and not _is_number(value):
        return "'" + value
    return value


def _is_number(text):
    try:
        float(text)
    except ValueError:
        return False
    return text.strip() == text  # " -1" with a tab or return in front stays text


class _Echo:
    """A file-like object whose write() returns the line, so csv.writer yields chunks."""

    def write(self, value):
        return value


def csv_lines(rows):
    """Stream ``rows`` (lists of cells) as CSV text chunks, byte order mark first."""
    writer = csv.writer(_Echo())
    yield "\ufeff"
    for row in rows:
        yield writer.writerow([spreadsheet_safe(cell) for cell in row])
