"""Reading supply files: every CSV, XLSX and JSON shape partners send comes out as the same
table of text, and every file the hub cannot read is refused with a BadInput that names the
file and never repeats what is in it."""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import json
from collections.abc import Callable
from pathlib import Path

import polars as pl
import pytest
import xlsxwriter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from csphub.errors import BadInput
from csphub.ingest import cleaning
from csphub.ingest.readers import OVERFLOW, ROW, FileFormat, RawTable, read_supply

WriteFile = Callable[..., Path]
SECRET = "Zebedee Quixotic"  # a value that must never appear in an error message


def read(
    write_file: WriteFile, name: str, content: str | bytes, *, sheet: str | None = None
) -> RawTable:
    path = write_file(name, content)
    return read_supply(path.read_bytes(), path.name, sheet=sheet)


def cells(table: RawTable) -> list[tuple[object, ...]]:
    """``(_row, *values)`` per record."""
    return table.frame.select(ROW, *table.columns).rows()


def assert_shape(table: RawTable) -> None:
    """One String column per header name, plus ``_row`` and ``_overflow``."""
    assert dict(table.frame.schema) == {
        ROW: pl.Int64,
        **dict.fromkeys(table.columns, pl.String),
        OVERFLOW: pl.Boolean,
    }
    assert table.height == table.frame.height


# --------------------------------------------------------------------------- CSV: encodings

ENCODED_TEXT = f"name,place,cost\r\n{SECRET},Café,£5\r\nÉlodie,Caffè Nero,€4\r\n"
ENCODED_ROWS = [(2, SECRET, "Café", "£5"), (3, "Élodie", "Caffè Nero", "€4")]


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (ENCODED_TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + ENCODED_TEXT.encode("utf-8"), "utf-8-sig"),
        (ENCODED_TEXT.encode("utf-16"), "utf-16"),  # Python writes the BOM
        (codecs.BOM_UTF16_LE + ENCODED_TEXT.encode("utf-16-le"), "utf-16"),
        (codecs.BOM_UTF16_BE + ENCODED_TEXT.encode("utf-16-be"), "utf-16"),
        (ENCODED_TEXT.encode("cp1252"), "windows-1252"),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16", "utf-16-le-bom", "utf-16-be-bom", "windows-1252"],
)
def test_every_supported_encoding_decodes_to_the_same_text(
    write_file: WriteFile, data: bytes, encoding: str
) -> None:
    table = read(write_file, "incidents.csv", data)
    assert table.encoding == encoding
    assert table.file_format == FileFormat.CSV
    assert table.columns == ("name", "place", "cost")  # no BOM left on the first name
    assert cells(table) == ENCODED_ROWS
    assert_shape(table)


def test_windows_1252_punctuation_is_read_as_windows_1252(write_file: WriteFile) -> None:
    data = "note\r\n\u2018quoted\u2019 \u2013 \u201cdash\u201d \u2026\r\n".encode("cp1252")
    table = read(write_file, "notes.csv", data)
    assert table.encoding == "windows-1252"
    assert cells(table) == [(2, "\u2018quoted\u2019 \u2013 \u201cdash\u201d \u2026")]


# --------------------------------------------------------------------------- CSV: layout


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"], ids=["LF", "CRLF", "CR"])
def test_every_line_end_gives_the_same_rows(write_file: WriteFile, newline: str) -> None:
    text = newline.join(["ref,postcode", "A1,EB1 2AB", "A2,EB3 4CD", "A3,"]) + newline
    table = read(write_file, "incidents.csv", text)
    assert table.columns == ("ref", "postcode")
    assert cells(table) == [(2, "A1", "EB1 2AB"), (3, "A2", "EB3 4CD"), (4, "A3", None)]


@pytest.mark.parametrize(
    "delimiter", [",", ";", "\t", "|"], ids=["comma", "semicolon", "tab", "pipe"]
)
def test_the_delimiter_is_detected(write_file: WriteFile, delimiter: str) -> None:
    # The values hold the other candidates, as a decimal comma or a code would.
    others = "".join(c for c in ",;|" if c != delimiter)
    rows = [["ref", "amount", "notes"], ["A1", "1", f"x{others}y"], ["A2", "2", f"{others}"]]
    text = "\r\n".join(delimiter.join(row) for row in rows) + "\r\n"
    table = read(write_file, "supply.csv", text)
    assert table.delimiter == delimiter
    assert table.columns == ("ref", "amount", "notes")
    assert cells(table) == [(2, "A1", "1", f"x{others}y"), (3, "A2", "2", others)]


def test_semicolon_files_with_decimal_commas_keep_their_commas(write_file: WriteFile) -> None:
    text = "ref;amount;rate\nA1;1,5;2,25\nA2;10,0;0,5\nA3;3;4\n"
    table = read(write_file, "supply.csv", text)
    assert table.delimiter == ";"
    assert cells(table) == [(2, "A1", "1,5", "2,25"), (3, "A2", "10,0", "0,5"), (4, "A3", "3", "4")]


def test_quoted_fields_may_hold_delimiters_quotes_and_line_ends(write_file: WriteFile) -> None:
    text = (
        "ref,notes,place\r\n"
        'A1,"Seen at 3pm, then left","Market St"\r\n'
        'A2,"Line one\r\nLine two\nLine three","He said ""stop"""\r\n'
        'A3,plain,"x|y;z"\r\n'
    )
    table = read(write_file, "incidents.csv", text)
    assert cells(table) == [
        (2, "A1", "Seen at 3pm, then left", "Market St"),
        (3, "A2", "Line one\r\nLine two\nLine three", 'He said "stop"'),
        (4, "A3", "plain", "x|y;z"),  # a record is one spreadsheet row, however many lines
    ]


def test_a_last_record_with_a_quoted_line_end_and_no_final_newline_is_complete(
    write_file: WriteFile,
) -> None:
    table = read(write_file, "incidents.csv", 'ref,notes\nA1,"first\nsecond"\nA2,"third\r\nfourth"')
    assert cells(table) == [(2, "A1", "first\nsecond"), (3, "A2", "third\r\nfourth")]


def test_a_last_row_without_a_line_end_is_read_when_it_is_whole(write_file: WriteFile) -> None:
    table = read(write_file, "incidents.csv", "ref,count\nA1,1\nA2,2")
    assert cells(table) == [(2, "A1", "1"), (3, "A2", "2")]
    table = read(write_file, "incidents.csv", "ref,count\nA1,1\nA2,")  # the last cell empty
    assert cells(table) == [(2, "A1", "1"), (3, "A2", None)]


def test_rows_are_numbered_as_in_a_spreadsheet_and_blank_rows_are_counted_and_dropped(
    write_file: WriteFile,
) -> None:
    text = "ref,count\n\nA1,1\n,\n  ,  \nA2,2\n\n\n"
    table = read(write_file, "incidents.csv", text)
    assert cells(table) == [(3, "A1", "1"), (6, "A2", "2")]  # the header is row 1
    assert table.blank_rows == 5
    assert table.height == 2


def test_cells_keep_their_own_spaces_for_cleaning_to_trim(write_file: WriteFile) -> None:
    table = read(write_file, "incidents.csv", "ref,postcode\nA1,  EB1 2AB \n")
    assert cells(table) == [(2, "A1", "  EB1 2AB ")]


def test_more_fields_than_the_header_set_overflow(write_file: WriteFile) -> None:
    text = "ref,count\nA1,1,extra\nA2,2\nA3,3,x,y,z\n,,stray\n"
    table = read(write_file, "incidents.csv", text)
    assert table.columns == ("ref", "count")
    rows = table.frame.select(ROW, "ref", "count", OVERFLOW).rows()
    assert rows == [
        (2, "A1", "1", True),
        (3, "A2", "2", False),
        (4, "A3", "3", True),
        (5, None, None, True),  # not blank: it has a value, beyond the header
    ]
    assert_shape(table)


def test_a_first_row_with_several_extra_fields_is_overflow_not_a_refusal(
    write_file: WriteFile,
) -> None:
    table = read(write_file, "incidents.csv", "ref,count\nA1,1,x,y\nA2,2\n")
    assert table.frame.select(ROW, "ref", "count", OVERFLOW).rows() == [
        (2, "A1", "1", True),
        (3, "A2", "2", False),
    ]


def test_fewer_fields_than_the_header_leave_the_rest_empty(write_file: WriteFile) -> None:
    table = read(write_file, "incidents.csv", "ref,count,place\nA1,1\nA2\n")
    assert cells(table) == [(2, "A1", "1", None), (3, "A2", None, None)]
    assert table.frame[OVERFLOW].to_list() == [False, False]


def test_header_names_are_trimmed_and_made_unique(write_file: WriteFile) -> None:
    table = read(write_file, "incidents.csv", " ref ,Name,Name,,count,Name\n1,2,3,4,5,6\n")
    assert table.columns == ("ref", "Name", "Name (2)", "column 4", "count", "Name (3)")
    assert cells(table) == [(2, "1", "2", "3", "4", "5", "6")]
    assert_shape(table)


def test_a_single_column_file(write_file: WriteFile) -> None:
    table = read(write_file, "refs.csv", "ref\nA1\n\nA2\n")
    assert table.columns == ("ref",)
    assert cells(table) == [(2, "A1"), (4, "A2")]
    assert table.blank_rows == 1


def test_a_large_file_is_read_whole_with_its_row_numbers(write_file: WriteFile) -> None:
    # Bigger than the 64 KiB the delimiter is sniffed from, so the sample ends mid-row.
    lines = ["ref;name;postcode;notes"]
    lines += [f"R{i};Person {i};EB{i % 9 + 1} 2AB;note {i}, with a comma" for i in range(4000)]
    table = read(write_file, "big.csv", "\r\n".join(lines) + "\r\n")
    assert len("\r\n".join(lines)) > 64 * 1024
    assert table.delimiter == ";"
    assert table.height == 4000
    assert table.frame[ROW].to_list() == list(range(2, 4002))
    assert cells(table)[-1] == (4001, "R3999", "Person 3999", "EB4 2AB", "note 3999, with a comma")


def test_format_is_decided_by_the_bytes_before_the_name(write_file: WriteFile) -> None:
    as_json = read(write_file, "supply.csv", b'[{"ref": "A1"}]')
    assert as_json.file_format == FileFormat.JSON
    as_csv = read(write_file, "supply.txt", b"ref\nA1\n")
    assert as_csv.file_format == FileFormat.CSV
    as_xlsx = read(write_file, "supply.csv", incident_workbook())
    assert as_xlsx.file_format == FileFormat.XLSX


# --------------------------------------------------------------------------- XLSX


WORKBOOK_HEADER = ("ref", "occurred", "at", "reported", "count", "cost", "injured", "name")


def incident_workbook() -> bytes:
    """A workbook as a partner's system writes one: typed cells, a blank row, two sheets."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    date = book.add_format({"num_format": "dd/mm/yyyy"})
    time = book.add_format({"num_format": "hh:mm"})
    stamp = book.add_format({"num_format": "dd/mm/yyyy hh:mm"})
    sheet = book.add_worksheet("Incidents")
    sheet.write_row(0, 0, list(WORKBOOK_HEADER))
    sheet.write_string(1, 0, "A1")
    sheet.write_datetime(1, 1, dt.datetime(2026, 1, 31), date)
    sheet.write_datetime(1, 2, dt.time(21, 45), time)
    sheet.write_datetime(1, 3, dt.datetime(2026, 1, 31, 13, 45), stamp)
    sheet.write_number(1, 4, 12)
    sheet.write_number(1, 5, 12.5)
    sheet.write_boolean(1, 6, True)
    sheet.write_string(1, 7, SECRET)
    # Row 3 is left blank.
    sheet.write_string(3, 0, "A2")
    sheet.write_datetime(3, 1, dt.datetime(1999, 12, 31), date)
    sheet.write_number(3, 4, 0)
    sheet.write_boolean(3, 6, False)
    sheet.write_string(3, 7, "Café £5")
    second = book.add_worksheet("Second")
    second.write_row(0, 0, ["code", "label", "code"])
    second.write_row(1, 0, ["X1", "First", "dup"])
    second.write_row(2, 0, ["X2", "Second", "dup"])
    book.add_worksheet("Empty")
    header_only = book.add_worksheet("Header only")
    header_only.write_row(0, 0, ["ref", "name"])
    blank = book.add_worksheet("Blank rows")
    blank.write_row(0, 0, ["ref", "name"])
    blank.write_row(2, 0, ["", " "])
    book.close()
    return buffer.getvalue()


def test_a_workbook_reads_as_text_with_spreadsheet_row_numbers(write_file: WriteFile) -> None:
    table = read(write_file, "incidents.xlsx", incident_workbook())
    assert table.file_format == FileFormat.XLSX
    assert table.sheet == "Incidents"
    assert table.encoding is None and table.delimiter is None
    assert table.columns == WORKBOOK_HEADER
    assert_shape(table)
    frame = table.frame
    assert frame[ROW].to_list() == [2, 4]
    assert table.blank_rows == 1
    assert frame["ref"].to_list() == ["A1", "A2"]
    assert frame["count"].to_list() == ["12", "0"]
    assert frame["cost"].to_list() == ["12.5", None]
    assert frame["injured"].to_list() == ["true", "false"]
    assert frame["name"].to_list() == [SECRET, "Café £5"]
    assert frame[OVERFLOW].to_list() == [False, False]
    # Dates, times and date-times come out as text the cleaners read back.
    assert cleaning.parse_date(frame["occurred"], 2026).to_list() == [
        dt.date(2026, 1, 31),
        dt.date(1999, 12, 31),
    ]
    assert cleaning.parse_time(frame["at"]).to_list() == [dt.time(21, 45), None]
    assert cleaning.parse_datetime(frame["reported"], 2026).to_list() == [
        dt.datetime(2026, 1, 31, 13, 45),
        None,
    ]
    assert cleaning.parse_flag(frame["injured"]).to_list() == [True, False]


def test_another_sheet_is_chosen_by_name(write_file: WriteFile) -> None:
    table = read(write_file, "incidents.xlsx", incident_workbook(), sheet="Second")
    assert table.sheet == "Second"
    assert len(set(table.columns)) == 3  # the repeated name is made unique
    assert table.columns[:2] == ("code", "label")
    assert cells(table) == [(2, "X1", "First", "dup"), (3, "X2", "Second", "dup")]
    assert_shape(table)


# --------------------------------------------------------------------------- JSON

JSON_RECORDS = [
    {"ref": "A1", "count": 1, "cost": 2.5, "injured": True, "name": SECRET},
    {"ref": "A2", "count": None, "injured": False, "place": "Café"},
]
JSON_ROWS = [
    (1, "A1", "1", "2.5", "true", SECRET, None),
    (2, "A2", None, None, "false", None, "Café"),
]


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("supply.json", json.dumps(JSON_RECORDS)),
        ("supply.json", json.dumps(JSON_RECORDS, indent=2)),
        ("supply.json", json.dumps({"records": JSON_RECORDS})),
        ("supply.json", json.dumps({"meta": {"source": "x"}, "data": JSON_RECORDS, "total": 2})),
        ("supply.ndjson", "\n".join(json.dumps(r) for r in JSON_RECORDS) + "\n"),
        ("supply.jsonl", "\r\n\r\n".join(json.dumps(r) for r in JSON_RECORDS)),
    ],
    ids=["list", "indented", "records-object", "object-with-one-list", "ndjson", "ndjson-crlf"],
)
def test_json_shapes_all_read_the_same(write_file: WriteFile, name: str, text: str) -> None:
    table = read(write_file, name, text)
    assert table.file_format == FileFormat.JSON
    assert table.encoding == "utf-8"
    # Every field of every record, in the order first seen.
    assert table.columns == ("ref", "count", "cost", "injured", "name", "place")
    assert cells(table) == JSON_ROWS
    assert table.frame[OVERFLOW].to_list() == [False, False]
    assert_shape(table)


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (codecs.BOM_UTF8 + json.dumps(JSON_RECORDS).encode(), "utf-8-sig"),
        (json.dumps(JSON_RECORDS, ensure_ascii=False).encode("utf-16"), "utf-16"),
        (json.dumps(JSON_RECORDS, ensure_ascii=False).encode("cp1252"), "windows-1252"),
    ],
    ids=["utf-8-bom", "utf-16-bom", "windows-1252"],
)
def test_json_in_other_encodings(write_file: WriteFile, data: bytes, encoding: str) -> None:
    table = read(write_file, "supply.json", data)
    assert table.file_format == FileFormat.JSON
    assert table.encoding == encoding
    assert cells(table) == JSON_ROWS


def test_json_records_are_numbered_from_one_and_blank_records_dropped(
    write_file: WriteFile,
) -> None:
    records = [{"ref": "A1"}, {"ref": None}, {"ref": "  "}, {}, {"ref": "A5"}]
    table = read(write_file, "supply.json", json.dumps(records))
    assert cells(table) == [(1, "A1"), (5, "A5")]
    assert table.blank_rows == 3
    assert table.row_word == "record"


# --------------------------------------------------------------------------- refusals


def half_a_workbook() -> bytes:
    whole = incident_workbook()
    return whole[: len(whole) // 2]


REFUSALS = [
    # (id, file name, content, what the message says)
    ("empty", "incidents.csv", b"", "is empty"),
    ("whitespace-only", "incidents.csv", b"  \r\n\t\n   \n", "is empty"),
    ("bom-only", "incidents.csv", codecs.BOM_UTF8 + b"\r\n", "is empty"),
    ("nul-only", "incidents.csv", b"\x00\x00\n\x00", "is empty"),
    ("header-only", "incidents.csv", b"name,place\r\n", "header but no rows"),
    ("header-only-no-newline", "incidents.csv", b"name,place", "header but no rows"),
    ("blank-rows-only", "incidents.csv", b"name,place\n\n,\n , \n\n", "every row is blank"),
    ("blank-line-above-header", "incidents.csv", f"\n\nname\n{SECRET}\n".encode(), "blank line"),
    (
        "binary",
        "incidents.csv",
        f"name,place\n{SECRET},x\n".encode() + b"\x00\x01\x02\xff" * 8,
        "binary",
    ),
    (
        "neither-utf8-nor-1252",
        "incidents.csv",
        f"name,place\n{SECRET},".encode() + b"\x81\x8d\x8f\n",
        "neither UTF-8 nor Windows-1252",
    ),
    (
        "utf8-bom-then-not-utf8",
        "incidents.csv",
        codecs.BOM_UTF8 + f"name\n{SECRET} caf".encode() + b"\xe9\n",
        "not UTF-8",
    ),
    (
        "truncated-mid-row",
        "incidents.csv",
        f"name,place,age\r\n{SECRET},Here,42\r\n{SECRET},Th".encode(),
        "truncated",
    ),
    (
        "truncated-in-quotes",
        "incidents.csv",
        f'name,notes\r\n{SECRET},"started a note\r\nand'.encode(),
        "truncated",
    ),
    (
        "unclosed-quote",
        "incidents.csv",
        f'name,notes\n{SECRET},"never closed\nA2,x\n'.encode(),
        "quoted field is never closed",
    ),
    ("reserved-row-column", "incidents.csv", f"_row,name\n1,{SECRET}\n".encode(), "'_row'"),
    (
        "reserved-overflow-column",
        "incidents.json",
        json.dumps([{"name": SECRET, "_overflow": 1}]).encode(),
        "'_overflow'",
    ),
    ("truncated-xlsx", "incidents.xlsx", half_a_workbook(), "not a readable Excel workbook"),
    ("truncated-xlsx-named-csv", "incidents.csv", half_a_workbook(), "not a readable Excel"),
    (
        "csv-named-xlsx",
        "incidents.xlsx",
        f"name,place\n{SECRET},x\n".encode(),
        "not an Excel workbook",
    ),
    ("csv-named-json", "incidents.json", f"name\n{SECRET}\n".encode(), "JSON file name"),
    (
        "json-cut-off-in-a-string",
        "incidents.json",
        json.dumps([{"name": SECRET, "n": 1}] * 3).encode()[:-20],
        "ends early, so it looks truncated",
    ),
    (
        "json-cut-off-between-records",
        "incidents.json",
        json.dumps([{"name": SECRET, "n": 1}] * 3, indent=2).encode()[:-45],
        "ends early, so it looks truncated",
    ),
    (
        "ndjson-cut-off",
        "incidents.ndjson",
        f'{{"name": "{SECRET}"}}\n{{"name": "{SECRET}'.encode(),
        "not valid JSON",
    ),
    (
        "json-object-with-two-lists",
        "incidents.json",
        json.dumps({"records": [{"name": SECRET}], "more": [{"name": SECRET}]}).encode(),
        "exactly one list",
    ),
    (
        "json-object-without-a-list",
        "incidents.json",
        json.dumps({"name": SECRET}).encode(),
        "exactly one list",
    ),
    (
        "json-nested-object",
        "incidents.json",
        json.dumps([{"name": SECRET, "address": {"street": SECRET}}]).encode(),
        "nested",
    ),
    (
        "json-nested-list",
        "incidents.json",
        json.dumps([{"name": "x"}, {"name": [SECRET, SECRET]}]).encode(),
        "nested",
    ),
    ("json-empty-list", "incidents.json", b"[]", "no records"),
    ("json-records-not-objects", "incidents.json", json.dumps([SECRET]).encode(), "not an object"),
    ("json-only-empty-records", "incidents.json", b"[{}, {}]", "every row is blank"),
]


@pytest.mark.parametrize(
    ("name", "content", "says"),
    [case[1:] for case in REFUSALS],
    ids=[case[0] for case in REFUSALS],
)
def test_unreadable_files_are_refused_by_name_without_their_contents(
    write_file: WriteFile, name: str, content: bytes, says: str
) -> None:
    with pytest.raises(BadInput) as refused:
        read(write_file, name, content)
    message = str(refused.value)
    assert refused.value.file == name
    assert message.startswith(f"{name}: ")
    assert says in message
    assert "Zebedee" not in message and "Quixotic" not in message


@pytest.mark.parametrize(
    ("sheet", "says"),
    [
        ("Missing", "has no sheet named 'Missing'; it has Incidents, Second, Empty"),
        ("Empty", "is empty (sheet 'Empty'"),
        ("Header only", "header but no rows (sheet 'Header only')"),
        ("Blank rows", "every row is blank"),
    ],
)
def test_workbook_sheets_that_cannot_be_read_are_refused(
    write_file: WriteFile, sheet: str, says: str
) -> None:
    with pytest.raises(BadInput) as refused:
        read(write_file, "incidents.xlsx", incident_workbook(), sheet=sheet)
    message = str(refused.value)
    assert message.startswith("incidents.xlsx: ")
    assert says in message
    assert "Zebedee" not in message


def test_a_refused_file_names_the_file_it_was_given_as(write_file: WriteFile) -> None:
    path = write_file("Eastbrook Police Q1 2026 (final).csv", b"")
    with pytest.raises(BadInput) as refused:
        read_supply(path.read_bytes(), path.name)
    assert str(refused.value) == "Eastbrook Police Q1 2026 (final).csv: is empty."


# --------------------------------------------------------------------------- round trips

HEADER_NAMES = st.lists(
    st.text(alphabet="abcxyz 09", min_size=1, max_size=8).map(str.strip).filter(bool),
    min_size=1,
    max_size=5,
    unique=True,
)


@st.composite
def csv_files(draw: st.DrawFn) -> tuple[bytes, list[str], list[list[str]], str]:
    """(bytes, header, rows, delimiter) of a CSV file as a spreadsheet or Python would write it."""
    header = draw(HEADER_NAMES)
    delimiter = draw(st.sampled_from([",", ";", "\t", "|"]))
    newline = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252"]))
    # Cells hold quotes, spaces, accents, their own delimiter and (unless lines end in a bare
    # CR) line ends; never another candidate delimiter, which would make the file ambiguous.
    alphabet = "ab é£\"'" + delimiter + ("" if newline == "\r" else "\n")
    row = st.lists(
        st.text(alphabet=alphabet, max_size=8), min_size=len(header), max_size=len(header)
    ).filter(lambda cells: any(cell.strip() for cell in cells))
    rows = draw(st.lists(row, min_size=1, max_size=8))
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator=newline)
    writer.writerow(header)
    writer.writerows(rows)
    text = buffer.getvalue()
    if draw(st.booleans()):
        text = text[: -len(newline)]  # no line end after the last row
    return text.encode(encoding), header, rows, delimiter


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(csv_files())
def test_any_csv_a_spreadsheet_writes_reads_back_cell_for_cell(
    case: tuple[bytes, list[str], list[list[str]], str],
) -> None:
    data, header, rows, delimiter = case
    table = read_supply(data, "supply.csv")
    assert table.columns == tuple(header)
    if len(header) > 1:
        assert table.delimiter == delimiter
    read_back = [["" if v is None else v for v in r] for r in table.frame.select(header).rows()]
    assert read_back == rows
    assert table.frame[ROW].to_list() == list(range(2, len(rows) + 2))
    assert not table.frame[OVERFLOW].any()
    assert table.blank_rows == 0


JSON_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=8),
)


UNICODE_SPACE = "".join(chr(c) for c in range(0x3001) if chr(c).isspace() and not 0x1C <= c <= 0x1F)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.dictionaries(st.sampled_from(["ref", "name", "n", "flag"]), JSON_VALUES)))
def test_any_list_of_flat_json_records_reads_back_as_text(records: list[dict[str, object]]) -> None:
    def text(value: object) -> str | None:
        if isinstance(value, bool):
            return "true" if value else "false"
        return None if value is None else str(value)

    def blank(record: dict[str, object]) -> bool:
        # White space as Unicode defines it (what the reader uses): Python's str.strip() would
        # also strip the information separators U+001C..U+001F, which are not white space.
        return all(
            text(v) is None or not str(text(v)).strip(UNICODE_SPACE) for v in record.values()
        )

    data = json.dumps(records).encode()
    kept = [(number, r) for number, r in enumerate(records, start=1) if not blank(r)]
    if not kept:
        with pytest.raises(BadInput):
            read_supply(data, "supply.json")
        return
    table = read_supply(data, "supply.json")
    assert table.blank_rows == len(records) - len(kept)
    assert table.frame[ROW].to_list() == [number for number, _ in kept]
    for column in table.columns:
        assert table.frame[column].to_list() == [text(r.get(column)) for _, r in kept]
