"""A product CSV file read into rows: its encoding, its delimiter, its header, each record's line.

Nothing here knows the catalogue: it turns bytes into (line number, {column: cell}) or says,
in a sentence for a person, why the file cannot be read. The line number is the physical line
a record starts on, so it stays right when quoted cells hold line breaks.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass

from .csv_export import COLUMNS, restore
from .errors import CatalogueError

DELIMITERS = (",", ";", "\t", "|")
DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab", "|": "vertical bar"}
# More rows than this is not a catalogue edit but a migration: refused before any is checked
# (the 100k-row benchmark stays well inside; a 1M-row file is told so at once).
MAX_ROWS = 200_000
# The command line reads files from disk; the web form has the app's upload limit first.
MAX_BYTES = 100 * 1024 * 1024
ACCEPTED = (
    "UTF-8 (with or without a byte-order mark), UTF-16 with a byte-order mark, or Windows-1252"
)


class FileRefused(CatalogueError):
    """The file as a whole cannot be read; nothing of it was looked at further."""

    def __init__(self, message: str) -> None:
        super().__init__(message, field="file")


@dataclass(frozen=True)
class CsvFile:
    encoding: str  # as a person names it
    delimiter: str
    columns: tuple[str, ...]
    text: str

    def records(self) -> Iterator[tuple[int, list[str]]]:
        """(line the record starts on, its cells) for each record after the header."""
        reader = csv.reader(io.StringIO(self.text, newline=""), delimiter=self.delimiter)
        next(reader)
        line = reader.line_num
        for cells in reader:
            start, line = line + 1, reader.line_num
            if cells:  # a blank line is no record
                yield start, cells


def decode(data: bytes) -> tuple[str, str]:
    """The text of `data` and the name of the encoding it was read as, or FileRefused."""
    if not data.strip():
        raise FileRefused("The file is empty.")
    if len(data) > MAX_BYTES:
        raise FileRefused(f"The file is larger than {MAX_BYTES // (1024 * 1024)} MB.")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates = [("utf-16", "UTF-16")]
    elif data.startswith(codecs.BOM_UTF8):
        candidates = [("utf-8-sig", "UTF-8")]
    else:
        # Spreadsheets on Windows save "CSV" as Windows-1252; the review page names the
        # encoding read, so a wrong guess is seen before anything is applied.
        candidates = [("utf-8", "UTF-8"), ("cp1252", "Windows-1252")]
    for codec, name in candidates:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if "\x00" in text:
            break  # no text file holds NUL characters (nor can the database store one)
        return text, name
    raise FileRefused(
        "This file is not text the shop can read. Save it from your spreadsheet as CSV in "
        f"{ACCEPTED}."
    )


def _header_line(text: str) -> str:
    end = len(text)
    for mark in ("\r", "\n"):
        found = text.find(mark)
        if found != -1:
            end = min(end, found)
    return text[:end]


def sniff_delimiter(header: str) -> str:
    """The delimiter that splits the header line into the most known column names."""

    def known(delimiter: str) -> int:
        cells = next(csv.reader([header], delimiter=delimiter), [])
        return sum(cell.strip().lower() in COLUMNS for cell in cells)

    best = max(DELIMITERS, key=known)
    return best if known(best) else ","


def read_csv(data: bytes) -> CsvFile:
    """The file's text, delimiter and header, checked: FileRefused for an unreadable file,
    a header without `sku`, unknown or repeated columns, or more than MAX_ROWS records."""
    text, encoding = decode(data)
    header_text = _header_line(text)
    delimiter = sniff_delimiter(header_text)
    header = next(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), [])
    columns = tuple(restore(cell).strip().lower() for cell in header)
    unknown = [c for c in columns if c not in COLUMNS]
    if "sku" not in columns or unknown:
        shown = ", ".join(repr(c[:40]) for c in (unknown or columns)[:5])
        raise FileRefused(
            "The first line must name the columns, among: "
            f"{', '.join(COLUMNS)} (sku is required)."
            + (f" Not columns of a product: {shown}." if shown else "")
        )
    repeated = sorted({c for c in columns if columns.count(c) > 1})
    if repeated:
        raise FileRefused(f"The column {repeated[0]} appears more than once in the first line.")
    _check_row_count(text, delimiter)
    return CsvFile(encoding, delimiter, columns, text)


def _check_row_count(text: str, delimiter: str) -> None:
    # Line breaks are an upper bound of records; only a file that might be too long is
    # counted exactly (quoted cells may hold line breaks).
    if text.count("\n") + text.count("\r") <= MAX_ROWS:
        return
    rows = -1
    for _ in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
        rows += 1
        if rows > MAX_ROWS:
            raise FileRefused(
                f"The file has more than {MAX_ROWS:,} products; import it in parts of at most "
                f"{MAX_ROWS:,} rows."
            )


def named(delimiter: str) -> str:
    return DELIMITER_NAMES.get(delimiter, repr(delimiter))
