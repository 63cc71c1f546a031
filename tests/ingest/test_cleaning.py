"""The cleaners, by example: each documented form of each type and the ways it fails.

Every table is cleaned as one column, the way ingestion calls the cleaners, and again as a
long column (the same table many times over) so that the vectorised cascade is checked on
more than a handful of values. See docs/reference/dataset-descriptors.md ("How values are
read").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

import polars as pl
import pytest

from csphub import frames
from csphub.ingest import cleaning

D = dt.date
T = dt.time
DT = dt.datetime
PIVOT = 2026  # the supply period's year, as validation passes it


def series(values: Sequence[str | None], name: str = "value") -> pl.Series:
    return pl.Series(name, list(values), dtype=pl.String)


def check_table(
    clean: Callable[[pl.Series], pl.Series], table: Sequence[tuple[str | None, Any]]
) -> None:
    """Clean the table's inputs as one column, then as a long one; report every mismatch."""
    texts = [text for text, _ in table]
    expected = [value for _, value in table]
    got = clean(series(texts)).to_list()
    assert [(t, e, g) for t, e, g in zip(texts, expected, got, strict=True) if e != g] == []
    repeats = 40
    assert clean(series(texts * repeats)).to_list() == expected * repeats
    # long enough, and repetitive enough, to be parsed one distinct text at a time
    many = -(-frames.DISTINCT_MIN_ROWS // len(texts))
    assert frames.per_distinct(clean, series(texts * many)).to_list() == expected * many


# --------------------------------------------------------------------------- trim


TRIM = [
    ("  a  ", "a"),
    ("\ta\r\n", "a"),
    ("\u00a0b\u00a0", "b"),  # non-breaking spaces, as pasted from web pages
    ("\u2007c\u202f", "c"),  # figure space, narrow no-break space
    ("\ufeffd", "d"),  # a byte-order mark left on the first cell
    ("x  y", "x  y"),  # inner white space is the value's own
    ("", None),
    ("   ", None),
    ("\u00a0", None),
    ("NA", None),
    ("  NA ", None),  # a marker is recognised after trimming
    ("-", None),
    ("na", "na"),  # markers match exactly, case included
    ("N/A", "N/A"),  # not one of this dataset's markers
    ("NAN", "NAN"),
    (None, None),
]


def test_trim_strips_white_space_and_turns_missing_value_markers_into_null() -> None:
    frame = pl.DataFrame({"v": [text for text, _ in TRIM]}, schema={"v": pl.String})
    got = frame.select(cleaning.trim(pl.col("v"), ["NA", "-"])).to_series().to_list()
    assert got == [value for _, value in TRIM]


def test_trim_without_markers_nulls_only_empty_text() -> None:
    frame = pl.DataFrame({"v": ["NA", " ", "", " a", None]}, schema={"v": pl.String})
    assert frame.select(cleaning.trim(pl.col("v"))).to_series().to_list() == [
        "NA", None, None, "a", None,
    ]  # fmt: skip


def test_trimmed_gives_what_trim_gives_column_by_column() -> None:
    """Each case alone in a column (only padding, only a marker, neither), then all together:
    doing only the work a column needs never changes what comes out."""
    plain = ["plain"] * (len(TRIM) - 1)
    columns = {f"c{i}": [text, *plain] for i, (text, _) in enumerate(TRIM)}
    columns["all"] = [text for text, _ in TRIM]
    frame = pl.DataFrame(columns, schema={name: pl.String for name in columns})
    expressions = cleaning.trimmed(frame, list(columns), ["NA", "-"])
    got = frame.select(**expressions)
    expected = frame.select(cleaning.trim(pl.col(c), ["NA", "-"]) for c in columns)
    assert got.to_dict(as_series=False) == expected.to_dict(as_series=False)


def test_trimmed_uses_text_that_needs_nothing_as_it_is() -> None:
    frame = pl.DataFrame({"clean": ["a b", "c"], "marked": ["a b", "NA"], "padded": ["a b ", "c"]})
    expressions = cleaning.trimmed(frame, frame.columns, ["NA"])
    assert expressions["clean"].meta.is_column()
    assert not expressions["marked"].meta.is_column()
    assert frame.select(**expressions).rows() == [("a b", "a b", "a b"), ("c", None, "c")]
    assert cleaning.trimmed(frame, [], ["NA"]) == {}


# --------------------------------------------------------------------------- postcodes


POSTCODES = [
    # Every outward form, already canonical.
    ("M1 1AE", "M1 1AE"),  # A9
    ("B33 8TH", "B33 8TH"),  # A99
    ("CR2 6XH", "CR2 6XH"),  # AA9
    ("DN55 1PT", "DN55 1PT"),  # AA99
    ("W1A 1AA", "W1A 1AA"),  # A9A
    ("EC1A 1BB", "EC1A 1BB"),  # AA9A
    # Case and spacing.
    ("eb1 2ab", "EB1 2AB"),
    ("EB12AB", "EB1 2AB"),
    (" e b 1  2 a b ", "EB1 2AB"),
    ("EB1\u00a02AB", "EB1 2AB"),
    ("EB1\u202f2AB", "EB1 2AB"),
    ("ec1a1bb", "EC1A 1BB"),
    # The slips the grammar leaves no doubt about.
    ("0X4 4AB", "OX4 4AB"),  # the first character is always a letter
    ("1G1 1AA", "IG1 1AA"),
    ("EB1 OAB", "EB1 0AB"),  # the inward code starts with a digit
    ("EB1 IAB", "EB1 1AB"),
    ("MI 1AE", "M1 1AE"),  # a two-character outward code ends in a digit
    ("MO 1AE", "M0 1AE"),
    ("EBI 2AB", "EB1 2AB"),  # after a letter other than O or I, a digit
    ("SWIA 2AA", "SW1A 2AA"),
    ("DNS5 1PT", None),  # S is not a slip of anything
    ("eb1o 2ab", "EB1O 2AB"),  # the fourth character of AA9A is a letter: left as typed
    ("ebio 2ab", "EB1O 2AB"),
    # Left alone where either reading fits the grammar.
    ("S01 2AB", "S01 2AB"),
    ("SO1 4AB", "SO1 4AB"),
    # Outside the grammar.
    ("EB1 2CB", None),  # C is never an inward letter
    ("EB1 2AI", None),
    ("EB1 2AO", None),
    ("QA1 1AA", None),  # Q, V and X never come first
    ("VA1 1AA", None),
    ("XA1 1AA", None),
    ("AI1 1AA", None),  # I, J and Z never come second
    ("AZ1 1AA", None),
    ("EB1", None),
    ("EB1 2A", None),
    ("EB1 2ABC", None),
    ("EBC12 2AB", None),
    ("EB1-2AB", None),
    ("12345", None),
    ("not known", None),
    ("", None),
    (None, None),
]


def test_postcodes() -> None:
    check_table(cleaning.clean_postcode, POSTCODES)


# --------------------------------------------------------------------------- dates


DATES = [
    ("2026-01-31", D(2026, 1, 31)),
    ("2026-1-5", D(2026, 1, 5)),
    ("31/01/2026", D(2026, 1, 31)),
    ("5/1/2026", D(2026, 1, 5)),
    ("05/01/2026", D(2026, 1, 5)),  # day first, always
    ("31-01-2026", D(2026, 1, 31)),
    ("31.01.2026", D(2026, 1, 31)),
    ("31/01/26", D(2026, 1, 31)),
    ("31/12/26", D(2026, 12, 31)),  # the pivot year itself
    ("01/01/27", D(1927, 1, 1)),  # after it: a hundred years back
    ("15/06/99", D(1999, 6, 15)),
    ("31-Jan-26", D(2026, 1, 31)),
    ("31 Jan 26", D(2026, 1, 31)),
    ("31-JAN-26", D(2026, 1, 31)),
    ("31 Jan 2026", D(2026, 1, 31)),
    ("1-may-2026", D(2026, 5, 1)),
    ("31 January 2026", D(2026, 1, 31)),
    ("1 june 2026", D(2026, 6, 1)),
    ("20260131", D(2026, 1, 31)),
    ("19000101", D(1900, 1, 1)),
    ("46053", D(2026, 1, 31)),  # Excel serial
    ("44566", D(2022, 1, 5)),
    ("44566.75", D(2022, 1, 5)),  # a serial with a time keeps its date
    ("10000", D(1927, 5, 18)),  # the first serial read: five digits
    ("73050", D(2099, 12, 31)),
    ("2026/01/31", D(2026, 1, 31)),  # year first with slashes or dots
    ("2026.1.5", D(2026, 1, 5)),
    ("2026-01-05T13:45", D(2026, 1, 5)),  # a date-time keeps its date
    ("2026-01-05 13:45:00", D(2026, 1, 5)),
    ("05/01/2026 13:45", D(2026, 1, 5)),
    ("29/02/2024", D(2024, 2, 29)),
    ("01/01/1880", D(1880, 1, 1)),
    ("31/12/2100", D(2100, 12, 31)),
    # Failures.
    ("2026", None),  # a bare year is not a date (and not Excel serial 2026, 1905-07-18)
    ("9999", None),
    ("31/02/2026", None),
    ("29/02/2025", None),
    ("31/04/2026", None),
    ("00/01/2026", None),
    ("12/13/2026", None),  # month first is not read
    ("01/31/2026", None),
    ("2026-13-01", None),
    ("31-Foo-2026", None),
    ("60", None),  # Lotus's phantom 29 February 1900 and before
    ("1", None),
    ("73051", None),  # past 2099
    ("21010101", None),
    ("31/12/1879", None),  # implausibly early
    ("01/01/2101", None),  # implausibly late
    ("tomorrow", None),
    ("", None),
    (None, None),
]


def test_dates() -> None:
    check_table(lambda values: cleaning.parse_date(values, PIVOT), DATES)


@pytest.mark.parametrize(
    ("pivot_year", "text", "expected"),
    [
        (2026, "29/02/00", D(2000, 2, 29)),
        (1999, "29/02/00", None),  # 1900 had no 29 February
        (1999, "28/02/00", D(1900, 2, 28)),
        (2100, "29-Feb-00", None),  # nor will 2100
        (2100, "01/01/00", D(2100, 1, 1)),
        (2100, "01/01/01", D(2001, 1, 1)),
        (2050, "31/12/50", D(2050, 12, 31)),
        (2050, "01/01/51", D(1951, 1, 1)),
        (2050, "01-Jan-69", D(1969, 1, 1)),
        (2100, "01-Jan-69", D(2069, 1, 1)),
        (2000, "01/01/00", D(2000, 1, 1)),
        (2000, "01/01/01", D(1901, 1, 1)),
    ],
)
def test_two_digit_years_fall_in_the_hundred_years_ending_with_the_pivot(
    pivot_year: int, text: str, expected: dt.date | None
) -> None:
    assert cleaning.parse_date(series([text]), pivot_year).to_list() == [expected]


def test_a_date_time_whose_date_is_a_lost_leap_day_is_null_too() -> None:
    parsed = cleaning.parse_datetime(series(["29/02/00 12:00", "28/02/00 12:00"]), 1999)
    assert parsed.to_list() == [None, DT(1900, 2, 28, 12, 0)]


# --------------------------------------------------------------------------- times


TIMES = [
    ("21:45", T(21, 45)),
    ("9:45", T(9, 45)),
    ("09:45", T(9, 45)),
    ("21:45:00", T(21, 45)),
    ("21:45:30", T(21, 45, 30)),
    ("2145", T(21, 45)),
    ("0945", T(9, 45)),
    ("945", T(9, 45)),
    ("0000", T(0, 0)),
    ("21.45", T(21, 45)),
    ("9.05", T(9, 5)),
    ("9:45pm", T(21, 45)),
    ("9:45 PM", T(21, 45)),
    ("9:45am", T(9, 45)),
    ("9pm", T(21, 0)),
    ("12:00am", T(0, 0)),
    ("12:30pm", T(12, 30)),
    ("00:00", T(0, 0)),
    ("23:59:59", T(23, 59, 59)),
    ("1899-12-30 21:45:00", T(21, 45)),  # an Excel time-only cell exported as a date-time
    ("1899-12-31 21:45:00", T(21, 45)),  # how fastexcel renders one
    ("1899-12-30T21:45:00", T(21, 45)),
    # Failures.
    ("24:00", None),
    ("2400", None),
    ("25:00", None),
    ("12:60", None),
    ("1260", None),
    ("960", None),
    ("9.60", None),
    ("13:00pm", None),
    ("0:30am", None),
    ("21", None),
    ("21:4", None),
    ("quarter past nine", None),
    ("", None),
    (None, None),
]


def test_times() -> None:
    check_table(cleaning.parse_time, TIMES)


# --------------------------------------------------------------------------- date-times


DATETIMES = [
    # ISO with an offset: stored in UTC.
    ("2022-01-01T02:15+0100", DT(2022, 1, 1, 1, 15)),
    ("2022-01-01T02:15+01:00", DT(2022, 1, 1, 1, 15)),
    ("2022-01-01T02:15:30Z", DT(2022, 1, 1, 2, 15, 30)),
    ("2022-01-01 02:15:30+00:00", DT(2022, 1, 1, 2, 15, 30)),
    ("2022-06-01T00:30:00+05:30", DT(2022, 5, 31, 19, 0)),  # back over midnight
    ("2022-06-01T23:30-01:30", DT(2022, 6, 2, 1, 0)),  # forward over midnight
    ("2022-01-01T02:15:30.25-05:00", DT(2022, 1, 1, 7, 15, 30, 250000)),
    # ISO without one.
    ("2022-01-01T02:15", DT(2022, 1, 1, 2, 15)),
    ("2022-01-01 02:15", DT(2022, 1, 1, 2, 15)),
    ("2022-01-01 02:15:30", DT(2022, 1, 1, 2, 15, 30)),
    ("2022-01-01T02:15:30.5", DT(2022, 1, 1, 2, 15, 30, 500000)),
    # A date and a time in the forms the date and time cleaners read.
    ("05/01/2026 13:45", DT(2026, 1, 5, 13, 45)),
    ("05/01/2026 9:45pm", DT(2026, 1, 5, 21, 45)),
    ("5-Jan-26 2145", DT(2026, 1, 5, 21, 45)),
    ("5 January 2026 21.45", DT(2026, 1, 5, 21, 45)),
    ("31 Jan 2026 9:45 pm", DT(2026, 1, 31, 21, 45)),
    ("31 Jan 26 21:45:30", DT(2026, 1, 31, 21, 45, 30)),
    ("31-Jan-2026 21:45", DT(2026, 1, 31, 21, 45)),
    ("31 Jan 2026", DT(2026, 1, 31)),
    ("05.01.2026 21:45:10", DT(2026, 1, 5, 21, 45, 10)),
    # A bare date means midnight.
    ("05/01/2026", DT(2026, 1, 5)),
    ("2026-01-05", DT(2026, 1, 5)),
    ("44566", DT(2022, 1, 5)),
    # An Excel serial with a fraction.
    ("44566.5", DT(2022, 1, 5, 12, 0)),
    ("44566.25", DT(2022, 1, 5, 6, 0)),
    ("10000.75", DT(1927, 5, 18, 18, 0)),
    # Failures.
    ("05/01/2026 25:00", None),  # the time cannot be read, so neither can the date-time
    ("05/01/2026 lunchtime", None),
    ("05/01/2026 13:45 BST", None),
    ("2022-01-01T24:00", None),
    ("2022-02-30T12:00", None),
    ("31/02/2026 12:00", None),
    ("60.5", None),
    ("not a time", None),
    ("", None),
    (None, None),
]


def test_datetimes() -> None:
    check_table(lambda values: cleaning.parse_datetime(values, PIVOT), DATETIMES)


# --------------------------------------------------------------------------- year-months


YEARMONTHS = [
    ("2026-01", "2026-01"),
    ("2026-1", "2026-01"),
    ("2026/01", "2026-01"),
    ("01/2026", "2026-01"),
    ("1/2026", "2026-01"),
    ("Jan-26", "2026-01"),
    ("jan 26", "2026-01"),
    ("Dec-26", "2026-12"),
    ("Jan-27", "1927-01"),  # two-digit years, as for dates
    ("Jan 2026", "2026-01"),
    ("January 2026", "2026-01"),
    ("SEPTEMBER 2026", "2026-09"),
    # Any whole date gives its month.
    ("2026-01-31", "2026-01"),
    ("31/01/2026", "2026-01"),
    ("31-Jan-26", "2026-01"),
    ("46053", "2026-01"),
    # Failures.
    ("2026-13", None),
    ("13/2026", None),
    ("00/2026", None),
    ("Foo-26", None),
    ("Smarch 2026", None),
    ("31/02/2026", None),
    ("", None),
    (None, None),
]


def test_yearmonths() -> None:
    check_table(lambda values: cleaning.parse_yearmonth(values, PIVOT), YEARMONTHS)


# --------------------------------------------------------------------------- flags


FLAGS = [
    ("Y", True), ("y", True), ("Yes", True), ("YES", True), ("yes", True),
    ("1", True), ("True", True), ("TRUE", True), ("true", True), ("T", True), ("t", True),
    ("N", False), ("n", False), ("No", False), ("NO", False), ("no", False),
    ("0", False), ("False", False), ("FALSE", False), ("false", False), ("F", False), ("f", False),
    ("maybe", None), ("2", None), ("-1", None), ("on", None), ("off", None), ("ye", None),
    ("yess", None), ("1.0", None), ("unknown", None), ("", None), (None, None),
]  # fmt: skip


def test_flags() -> None:
    check_table(cleaning.parse_flag, FLAGS)


# --------------------------------------------------------------------------- numbers


INTEGERS = [
    ("12", 12),
    ("0", 0),
    ("-5", -5),
    ("+5", 5),
    ("12.0", 12),  # a zero fraction is still whole
    ("12.00", 12),
    ("12.", 12),
    ("1,234", 1234),  # thousands separators
    ("1,234,567", 1234567),
    ("1 234", 1234),
    ("1_000", None),  # not a separator anyone's export writes
    ("£12", 12),
    ("999999999999999999", 999999999999999999),
    # Failures.
    ("1,2,3", None),  # commas that are not thousands separators
    ("12.5", None),
    ("12.01", None),
    ("1e3", None),
    ("twelve", None),
    ("12a", None),
    ("--5", None),
    ("9223372036854775808", None),  # past Int64
    ("", None),
    (None, None),
]


def test_integers() -> None:
    check_table(cleaning.parse_integer, INTEGERS)


NUMBERS = [
    ("12", 12.0),
    ("12.5", 12.5),
    ("£12.50", 12.5),
    ("1,234.5", 1234.5),
    ("1 234.5", 1234.5),
    ("-0.5", -0.5),
    ("+0.5", 0.5),
    (".5", 0.5),
    ("12.", 12.0),
    ("1e3", 1000.0),
    ("1.5E-2", 0.015),
    # Failures.
    ("1e999", None),  # not finite: an unreadable number, not infinity
    ("1,2,3", None),  # commas that are not thousands separators
    ("abc", None),
    ("1.2.3", None),
    (".", None),
    ("£", None),
    ("12%", None),
    ("nan", None),
    ("inf", None),
    ("", None),
    (None, None),
]


def test_numbers() -> None:
    check_table(cleaning.parse_number, NUMBERS)


# --------------------------------------------------------------------------- every cleaner


CLEANERS: dict[str, tuple[Callable[[pl.Series], pl.Series], pl.DataType]] = {
    "postcode": (cleaning.clean_postcode, pl.String()),
    "date": (lambda v: cleaning.parse_date(v, PIVOT), pl.Date()),
    "time": (cleaning.parse_time, pl.Time()),
    "datetime": (lambda v: cleaning.parse_datetime(v, PIVOT), pl.Datetime("us")),
    "yearmonth": (lambda v: cleaning.parse_yearmonth(v, PIVOT), pl.String()),
    "flag": (cleaning.parse_flag, pl.Boolean()),
    "integer": (cleaning.parse_integer, pl.Int64()),
    "number": (cleaning.parse_number, pl.Float64()),
}


@pytest.mark.parametrize("kind", sorted(CLEANERS))
@pytest.mark.parametrize("length", [0, 3, 200])
def test_cleaners_keep_length_name_and_type_on_empty_and_all_null_columns(
    kind: str, length: int
) -> None:
    clean, dtype = CLEANERS[kind]
    cleaned = clean(series([None] * length, name="reported_on"))
    assert cleaned.len() == length
    assert cleaned.name == "reported_on"
    assert cleaned.dtype == dtype
    assert cleaned.null_count() == length


@pytest.mark.parametrize("kind", sorted(CLEANERS))
@pytest.mark.parametrize("length", [0, 3, 20_000])
def test_parsing_per_distinct_text_keeps_length_name_and_type(kind: str, length: int) -> None:
    clean, dtype = CLEANERS[kind]
    texts = series((["2026-01-05", None, "rubbish", "1"] * length)[:length], name="reported_on")
    cleaned = frames.per_distinct(clean, texts)
    assert (cleaned.name, cleaned.dtype, cleaned.len()) == ("reported_on", dtype, length)
    assert cleaned.equals(clean(texts))


@pytest.mark.parametrize("kind", sorted(CLEANERS))
def test_cleaners_keep_the_column_name_and_type_on_mixed_values(kind: str) -> None:
    clean, dtype = CLEANERS[kind]
    cleaned = clean(series(["rubbish", None, "1", "EB1 2AB", "2026-01-05"], name="raw"))
    assert (cleaned.name, cleaned.dtype, cleaned.len()) == ("raw", dtype, 5)
    assert cleaned[1] is None  # no value in, no value out
