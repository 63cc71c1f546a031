"""Reading supply files (CSV, XLSX, JSON) into a table of text, losing nothing.

Every reader returns a :class:`RawTable`: one string column per column of the file, named as
in the file's header, plus ``_row`` (where the record is: the spreadsheet row number, the
header being row 1, or the record number in JSON) and ``_overflow`` (the record had more
fields than the header). Types are decided later by cleaning; the reader only decides what
text is in which cell, and refuses files it cannot read with a :class:`BadInput` that names
the file and the problem.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import re
from dataclasses import dataclass
from enum import StrEnum

import polars as pl

from csphub.errors import BadInput

ROW = "_row"
OVERFLOW = "_overflow"
_SNIFF_BYTES = 64 * 1024
_DELIMITERS = (",", ";", "\t", "|")


class FileFormat(StrEnum):
    CSV = "csv"
    XLSX = "xlsx"
    JSON = "json"


@dataclass(frozen=True)
class RawTable:
    frame: pl.DataFrame  # header columns (String) + _row (Int64) + _overflow (Boolean)
    columns: tuple[str, ...]  # the header, in file order
    file_format: FileFormat
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None
    blank_rows: int = 0

    @property
    def row_word(self) -> str:
        return "record" if self.file_format == FileFormat.JSON else "row"

    @property
    def height(self) -> int:
        return self.frame.height


# --------------------------------------------------------------------------- detection


def detect_format(data: bytes, name: str) -> FileFormat:
    """Decide the format from the bytes first, the file name second."""
    head = data[:8]
    if head.startswith(b"PK\x03\x04") or head.startswith(b"\xd0\xcf\x11\xe0"):
        return FileFormat.XLSX
    start = data[:64]
    if start.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        start = start.decode("utf-16", errors="ignore").encode("utf-8")
    text_start = start.lstrip(codecs.BOM_UTF8).lstrip()
    if text_start[:1] in (b"[", b"{"):
        return FileFormat.JSON
    lowered = name.lower()
    if lowered.endswith((".xlsx", ".xlsm", ".xls")):
        raise BadInput(
            name,
            "has a spreadsheet file name but is not an Excel workbook.",
            hint="It may be truncated or damaged; ask the supplier to export it again.",
        )
    if lowered.endswith((".json", ".ndjson", ".jsonl")):
        raise BadInput(name, "has a JSON file name but does not start with '[' or '{'.")
    return FileFormat.CSV


def _decode(data: bytes, name: str) -> tuple[str, str]:
    """Text and the encoding it was in: UTF-8 (with or without BOM), UTF-16 with BOM, or
    Windows-1252."""
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data[len(codecs.BOM_UTF8) :].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as error:
            raise BadInput(
                name, f"starts with a UTF-8 mark but byte {error.start} is not UTF-8."
            ) from None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise BadInput(name, "starts with a UTF-16 mark but is not UTF-16 text.") from None
    if b"\x00" in data[:_SNIFF_BYTES]:
        raise BadInput(
            name,
            "is a binary file, not CSV text (it contains NUL bytes).",
            hint="Send CSV, XLSX or JSON.",
        )
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    return _windows_1252_text(data, name), "windows-1252"


def _windows_1252_text(data: bytes, name: str) -> str:
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as error:
        raise BadInput(
            name,
            f"is neither UTF-8 nor Windows-1252 text (byte {error.start} cannot be read); "
            "it may be binary.",
            hint="Send CSV in UTF-8 or Windows-1252, XLSX or JSON.",
        ) from None


def _sniff_delimiter(sample: str) -> str:
    lines = sample.splitlines()[:50]
    if len(lines) > 1 and not sample.endswith(("\n", "\r")):
        lines = lines[:-1]  # the last sampled line may be cut short
    best, best_fields = ",", 1
    for delimiter in _DELIMITERS:
        counts = [len(row) for row in csv.reader(lines, delimiter=delimiter) if row]
        if not counts:
            continue
        header = counts[0]
        consistent = all(count == header for count in counts)
        if header > best_fields and (consistent or best_fields == 1):
            best, best_fields = delimiter, header
    return best


def _refuse_reserved(header: list[str] | tuple[str, ...], name: str) -> None:
    """The hub adds ``_row`` and ``_overflow`` itself; a file's own column cannot take them."""
    for column in header:
        if column in (ROW, OVERFLOW):
            raise BadInput(
                name,
                f"has a column named {column!r}, a name the hub keeps for its own use.",
                hint="Rename or remove that column and send the file again.",
            )


def _unique_header(names: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    result = []
    for position, raw in enumerate(names, start=1):
        name = raw.strip().lstrip("\ufeff") or f"column {position}"
        if name in seen:
            seen[name] += 1
            name = f"{name} ({seen[name]})"
        else:
            seen[name] = 1
        result.append(name)
    return result


# --------------------------------------------------------------------------- CSV


def _check_not_truncated(text: str, delimiter: str, width: int, name: str) -> None:
    """A file that stops part-way through its last record was cut short."""
    if text.endswith(("\n", "\r")):
        return
    # The last record is the last line, plus the lines before it while a quoted field is open.
    last_line = start = text.rfind("\n") + 1
    quotes = text.count('"', start)
    while quotes % 2 == 1 and start > 0:
        previous = text.rfind("\n", 0, start - 1) + 1
        quotes += text.count('"', previous, start)
        start = previous
    record = text[start:] if quotes % 2 == 0 else text[last_line:]
    try:
        rows = list(csv.reader(io.StringIO(record, newline=""), delimiter=delimiter, strict=True))
        fields = rows[-1] if rows else []
    except csv.Error:
        fields = []
    if quotes % 2 == 1 or len(fields) < width:
        raise BadInput(
            name,
            f"is truncated: its last line has {len(fields)} of the header's {width} fields and "
            "no line end.",
            hint="Ask the supplier to send the whole file again.",
        )


_TAIL_BYTES = 256 * 1024


class _NotUtf8(Exception):
    """Bytes past the sniffed start of a file turned out not to be UTF-8."""


def _utf8_start(data: bytes) -> bool:
    """Whether the first megabyte is UTF-8 (a character cut at the end is allowed)."""
    try:
        codecs.getincrementaldecoder("utf-8")().decode(data[: 1024 * 1024], final=False)
    except UnicodeDecodeError:
        return False
    return True


def _as_utf8(data: bytes, name: str) -> tuple[bytes, str]:
    """The file's bytes as UTF-8 and the encoding they were in. UTF-8 files are not decoded
    here at all: Polars checks them as it parses (see :func:`read_csv`)."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :], "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text, encoding = _decode(data, name)
        return text.encode("utf-8"), encoding
    if b"\x00" in data[:_SNIFF_BYTES]:
        raise BadInput(
            name,
            "is a binary file, not CSV text (it contains NUL bytes).",
            hint="Send CSV, XLSX or JSON.",
        )
    if _utf8_start(data):
        return data, "utf-8"
    return _from_windows_1252(data, name), "windows-1252"


def _from_windows_1252(data: bytes, name: str) -> bytes:
    return _windows_1252_text(data, name).encode("utf-8")


def read_csv(data: bytes, name: str) -> RawTable:
    utf8, encoding = _as_utf8(data, name)
    try:
        return _read_utf8_csv(utf8, name, encoding)
    except _NotUtf8:
        if encoding != "utf-8":  # the file said what it was (a byte-order mark) and is not
            raise BadInput(
                name, "starts with a UTF-8 mark but holds bytes that are not UTF-8."
            ) from None
        return _read_utf8_csv(_from_windows_1252(data, name), name, "windows-1252")


_NOT_SPACE = re.compile(rb"\S")
# A byte that is neither white space, NUL nor part of a UTF-8 byte order mark.
_CONTENT = re.compile(b"[^ \t\r\n\x00" + re.escape(codecs.BOM_UTF8) + b"]")


def _read_utf8_csv(data: bytes, name: str, encoding: str) -> RawTable:
    if not _NOT_SPACE.search(data):  # (searching stops at the first character; strip() copies)
        raise BadInput(name, "is empty.")
    if b"\n" not in data and b"\r" in data:
        data = data.replace(b"\r", b"\n")  # classic Mac line ends
    try:
        start = data[:_SNIFF_BYTES].decode(
            "utf-8", errors="strict" if len(data) <= _SNIFF_BYTES else "ignore"
        )
    except UnicodeDecodeError:
        raise _NotUtf8 from None
    delimiter = _sniff_delimiter(start)
    first_line_end = data.find(b"\n")
    header_text = (data if first_line_end < 0 else data[:first_line_end]).decode(
        "utf-8", errors="replace"
    )
    if not header_text.strip():
        raise BadInput(
            name,
            "starts with a blank line where the header should be.",
            hint="Remove the blank lines above the header and send the file again.",
        )
    try:
        names = next(csv.reader([header_text.rstrip("\r")], delimiter=delimiter))
    except csv.Error:  # a bare carriage return inside the header line
        raise BadInput(name, "has a header line that cannot be read as CSV.") from None
    header = _unique_header(names)
    _refuse_reserved(header, name)
    if first_line_end < 0 or not _NOT_SPACE.search(data, first_line_end + 1):
        raise BadInput(name, "has a header but no rows.")
    if not data.endswith((b"\n", b"\r")):
        tail = data[-_TAIL_BYTES:].decode("utf-8", errors="replace")
        _check_not_truncated(tail, delimiter, len(header), name)
    positional = [f"c{i}" for i in range(len(header))]
    try:
        frame = pl.read_csv(
            data,
            has_header=False,
            skip_lines=1,
            separator=delimiter,
            schema={**{c: pl.String for c in positional}, OVERFLOW: pl.String},
            missing_columns="insert",
            extra_columns="ignore",
            truncate_ragged_lines=True,
            row_index_name=ROW,
            row_index_offset=2,
            raise_if_empty=False,
            encoding="utf8",
        )
    except pl.exceptions.ComputeError as error:
        if "invalid utf-8" in str(error):
            raise _NotUtf8 from None
        raise _unreadable(name) from None
    except pl.exceptions.PolarsError:
        raise _unreadable(name) from None
    frame = frame.rename(dict(zip(positional, header, strict=True)))
    frame = frame.with_columns(
        pl.col(ROW).cast(pl.Int64), pl.col(OVERFLOW).is_not_null().alias(OVERFLOW)
    )
    return _drop_blank(
        frame, tuple(header), FileFormat.CSV, name, encoding=encoding, delimiter=delimiter
    )


def _unreadable(name: str) -> BadInput:
    return BadInput(
        name,
        "cannot be read as CSV: a quoted field is never closed, so the file is truncated or "
        "a quote is unbalanced.",
        hint="Check the file opens cleanly in a spreadsheet and send it again.",
    )


# --------------------------------------------------------------------------- XLSX


def read_xlsx(data: bytes, name: str, sheet: str | None = None) -> RawTable:
    import fastexcel

    try:
        workbook = fastexcel.read_excel(data)
        sheets = workbook.sheet_names
    except Exception:  # fastexcel raises its own family for every kind of damage
        raise BadInput(
            name,
            "is not a readable Excel workbook (it may be truncated or damaged).",
            hint="Open it in a spreadsheet, save it again as .xlsx, and resend.",
        ) from None
    if sheet is not None and sheet not in sheets:
        raise BadInput(name, f"has no sheet named {sheet!r}; it has {', '.join(sheets)}.")
    chosen = sheet if sheet is not None else sheets[0] if sheets else None
    if chosen is None:
        raise BadInput(name, "is a workbook with no sheets.")
    try:
        frame = workbook.load_sheet(chosen, dtypes="string").to_polars()
    except Exception:
        raise BadInput(
            name, f"sheet {chosen!r} cannot be read (the workbook may be damaged)."
        ) from None
    if frame.width == 0:
        raise BadInput(name, f"is empty (sheet {chosen!r} has nothing in it).")
    header = _unique_header(list(frame.columns))
    _refuse_reserved(header, name)
    frame = frame.rename(dict(zip(frame.columns, header, strict=True)))
    if frame.height == 0:
        raise BadInput(name, f"has a header but no rows (sheet {chosen!r}).")
    frame = frame.with_columns(pl.all().cast(pl.String)).with_row_index(ROW, offset=2)
    frame = frame.with_columns(pl.col(ROW).cast(pl.Int64), pl.lit(False).alias(OVERFLOW))
    return _drop_blank(frame, tuple(header), FileFormat.XLSX, name, sheet=chosen)


# --------------------------------------------------------------------------- JSON


def _json_text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str | int | float):
        return str(value)
    raise TypeError


def _json_records(text: str, name: str) -> list[object]:
    try:
        parsed = json.loads(text)
    except json.JSONDecodeError as error:
        try:  # newline-delimited JSON: one object per line
            return [json.loads(line) for line in text.splitlines() if line.strip()]
        except json.JSONDecodeError:
            pass
        # A string left open runs to the end of the text, so that too is an early end.
        early = error.pos >= len(text.rstrip()) or error.msg.startswith("Unterminated string")
        ending = " (it ends early, so it looks truncated)" if early else ""
        raise BadInput(
            name, f"is not valid JSON at line {error.lineno}, column {error.colno}{ending}."
        ) from None
    if isinstance(parsed, dict):
        lists = [v for v in parsed.values() if isinstance(v, list)]
        if len(lists) != 1:
            raise BadInput(
                name,
                "is a JSON object; the hub expects a list of records, or an object holding "
                'exactly one list of records (such as {"records": [...]}).',
            )
        parsed = lists[0]
    if not isinstance(parsed, list):
        raise BadInput(name, "holds a single JSON value, not a list of records.")
    return parsed


def read_json(data: bytes, name: str) -> RawTable:
    text, encoding = _decode(data, name)
    if not text.strip():
        raise BadInput(name, "is empty.")
    records = _json_records(text, name)
    if not records:
        raise BadInput(name, "has no records (an empty list).")
    header: dict[str, None] = {}
    objects: list[dict[str, object]] = []
    for number, record in enumerate(records, start=1):
        if not isinstance(record, dict):
            raise BadInput(name, f"record {number} is not an object of field names and values.")
        header.update(dict.fromkeys(record))
        objects.append(record)
    _refuse_reserved(tuple(header), name)
    columns: dict[str, list[str | None]] = {}
    for column in header:
        try:
            columns[column] = [_json_text(record.get(column)) for record in objects]
        except TypeError:
            raise BadInput(
                name, f"field {column!r} holds nested lists or objects; records must be flat."
            ) from None
    frame = pl.DataFrame(columns, schema={c: pl.String for c in header})
    frame = frame.with_row_index(ROW, offset=1).with_columns(
        pl.col(ROW).cast(pl.Int64), pl.lit(False).alias(OVERFLOW)
    )
    return _drop_blank(frame, tuple(header), FileFormat.JSON, name, encoding=encoding)


# --------------------------------------------------------------------------- common


def _drop_blank(
    frame: pl.DataFrame, header: tuple[str, ...], fmt: FileFormat, name: str, **kw: object
) -> RawTable:
    """Rows with no value in any column are not records; count them and drop them.

    A row's first non-empty cell settles almost every row; only rows whose first cell holds
    nothing but white space are looked at cell by cell."""
    if not header:  # JSON records with no fields at all
        raise BadInput(name, "has a header but no rows (every row is blank).")
    first = frame.select(pl.coalesce([pl.col(c) for c in header])).to_series()
    doubtful = first.str.contains(r"^\s*$").fill_null(True) & ~frame[OVERFLOW]
    if not doubtful.any():
        kept = frame
    else:
        rows = doubtful.arg_true()
        present = [pl.col(c).str.strip_chars().fill_null("").str.len_chars() > 0 for c in header]
        has_value = frame[rows].select(pl.any_horizontal(present)).to_series()
        blank = rows.filter(~has_value)
        kept = (
            frame.filter(~pl.int_range(pl.len()).is_in(blank.implode())) if blank.len() else frame
        )
    if kept.height == 0:
        raise BadInput(name, "has a header but no rows (every row is blank).")
    return RawTable(kept, header, fmt, blank_rows=frame.height - kept.height, **kw)  # type: ignore[arg-type]


def read_supply(data: bytes, name: str, *, sheet: str | None = None) -> RawTable:
    """Read a supply's bytes, whatever its format, into a :class:`RawTable`."""
    if not _CONTENT.search(data):  # (stops at the first byte of content; strip() copies)
        raise BadInput(name, "is empty.")
    fmt = detect_format(data, name)
    if fmt == FileFormat.XLSX:
        return read_xlsx(data, name, sheet)
    if fmt == FileFormat.JSON:
        return read_json(data, name)
    return read_csv(data, name)
