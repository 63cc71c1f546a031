"""Properties of the cleaners, checked on whole Series the way ingestion calls them.

Each property builds one Series from a generated list and compares it element by element
with what the documented rules say, so the vectorised cascade (several forms in one column,
nulls among values, long and short Series) is exercised as well as each form.
"""

from __future__ import annotations

import datetime as dt
import re

import polars as pl
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from csphub.ingest import cleaning

PROPERTY = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def series(values: list[str | None]) -> pl.Series:
    return pl.Series("value", values, dtype=pl.String)


# --------------------------------------------------------------------------- postcodes

FIRST_LETTERS = "ABCDEFGHIJKLMNOPRSTUWYZ"  # never Q, V, X
SECOND_LETTERS = "ABCDEFGHKLMNOPQRSTUVWXY"  # never I, J, Z
A9A_LETTERS = "ABCDEFGHJKPSTUW"
AA9A_LETTERS = "ABEHMNPRVWXY"
INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
DIGITS = "0123456789"
SLIP = {"0": "O", "1": "I", "O": "0", "I": "1"}


def letter(alphabet: str) -> st.SearchStrategy[str]:
    return st.sampled_from(alphabet)


digit = st.sampled_from(DIGITS)

OUTWARD_FORMS = {
    "A9": st.tuples(letter(FIRST_LETTERS), digit),
    "A99": st.tuples(letter(FIRST_LETTERS), digit, digit),
    "AA9": st.tuples(letter(FIRST_LETTERS), letter(SECOND_LETTERS), digit),
    "AA99": st.tuples(letter(FIRST_LETTERS), letter(SECOND_LETTERS), digit, digit),
    "A9A": st.tuples(letter(FIRST_LETTERS), digit, letter(A9A_LETTERS)),
    "AA9A": st.tuples(letter(FIRST_LETTERS), letter(SECOND_LETTERS), digit, letter(AA9A_LETTERS)),
}


@st.composite
def postcodes(draw: st.DrawFn) -> tuple[str, list[str], str]:
    """(form, outward characters, inward code) of a postcode the grammar allows."""
    form = draw(st.sampled_from(sorted(OUTWARD_FORMS)))
    outward = list(draw(OUTWARD_FORMS[form]))
    inward = draw(digit) + draw(letter(INWARD_LETTERS)) + draw(letter(INWARD_LETTERS))
    return form, outward, inward


def canonical(outward: list[str], inward: str) -> str:
    return "".join(outward) + " " + inward


@st.composite
def mistyped(draw: st.DrawFn) -> tuple[str, str]:
    """(as a partner might type it, canonical form): case, spacing and the mendable slips."""
    form, outward, inward = draw(postcodes())
    expected = canonical(outward, inward)
    typed = list(outward)
    # The slips the grammar leaves no doubt about, each applied or not.
    if typed[0] in "OI" and draw(st.booleans()):
        typed[0] = SLIP[typed[0]]
    if form == "A9" and typed[1] in "01" and draw(st.booleans()):
        typed[1] = SLIP[typed[1]]
    if form.startswith("AA") and typed[1] != "O" and typed[2] in "01" and draw(st.booleans()):
        typed[2] = SLIP[typed[2]]
    inward_typed = inward
    if inward[0] in "01" and draw(st.booleans()):
        inward_typed = SLIP[inward[0]] + inward[1:]
    characters = [*typed, *inward_typed]
    # Any mix of case.
    lowered = draw(st.lists(st.booleans(), min_size=len(characters), max_size=len(characters)))
    characters = [c.lower() if low else c for c, low in zip(characters, lowered, strict=True)]
    # Spaces removed, added anywhere, including non-breaking ones.
    gaps = draw(
        st.lists(
            st.sampled_from(["", "", " ", "  ", "\u00a0", " \u00a0"]),
            min_size=len(characters) + 1,
            max_size=len(characters) + 1,
        )
    )
    text = gaps[0] + "".join(c + gap for c, gap in zip(characters, gaps[1:], strict=True))
    return text, expected


@PROPERTY
@given(st.lists(postcodes(), min_size=1, max_size=80))
def test_every_postcode_the_grammar_allows_is_already_canonical(
    codes: list[tuple[str, list[str], str]],
) -> None:
    expected = [canonical(outward, inward) for _, outward, inward in codes]
    assert cleaning.clean_postcode(series(expected)).to_list() == expected
    assert all(re.fullmatch(cleaning.POSTCODE_PATTERN, code) for code in expected)


@PROPERTY
@given(st.lists(mistyped(), min_size=1, max_size=80))
@example([("eb1 2ab", "EB1 2AB")])
@example([("e\u00a0b 1 2 a b", "EB1 2AB")])
@example([("SWIA IAA", "SW1A 1AA")])  # third character after a letter; inward digit
@example([("MI 1AE", "M1 1AE")])  # two-character outward code ends in a digit
@example([("0X4 4AB", "OX4 4AB")])  # the first character is a letter
@example([("so14 0aa", "SO14 0AA")])
def test_case_spacing_and_unambiguous_slips_clean_back_to_the_canonical_form(
    cases: list[tuple[str, str]],
) -> None:
    typed = [text for text, _ in cases]
    expected = [canonical_form for _, canonical_form in cases]
    assert cleaning.clean_postcode(series(typed)).to_list() == expected


@PROPERTY
@given(st.lists(st.one_of(st.none(), st.text(max_size=12), mistyped().map(lambda c: c[0]))))
def test_postcode_cleaning_is_idempotent(values: list[str | None]) -> None:
    once = cleaning.clean_postcode(series(values))
    assert cleaning.clean_postcode(once).to_list() == once.to_list()


@PROPERTY
@given(st.lists(st.one_of(st.none(), st.text(), st.text(alphabet="AEIO01 bn9\u00a0", max_size=9))))
def test_any_text_cleans_to_null_or_a_grammatical_postcode(values: list[str | None]) -> None:
    cleaned = cleaning.clean_postcode(series(values))
    assert cleaned.dtype == pl.String
    assert cleaned.len() == len(values)
    for before, after in zip(values, cleaned.to_list(), strict=True):
        if before is None:
            assert after is None
        elif after is not None:
            assert re.fullmatch(cleaning.POSTCODE_PATTERN, after), (before, after)


# --------------------------------------------------------------------------- dates

MONTHS = [
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
]  # fmt: skip
EXCEL_EPOCH = dt.date(1899, 12, 30)


def any_case(text: str, lowered: list[bool]) -> str:
    return "".join(c.lower() if low else c.upper() for c, low in zip(text, lowered, strict=False))


@st.composite
def written_dates(draw: st.DrawFn) -> tuple[str, dt.date]:
    """(text, date): a date in 1900–2099 written in one of the four-digit-year forms."""
    date = draw(st.dates(dt.date(1900, 1, 1), dt.date(2099, 12, 31)))
    d, m, y = date.day, date.month, date.year
    name = MONTHS[m - 1]
    case = draw(st.lists(st.booleans(), min_size=9, max_size=9))
    forms = [
        date.isoformat(),
        f"{d:02}/{m:02}/{y}",
        f"{d}/{m}/{y}",
        f"{d:02}-{m:02}-{y}",
        f"{d:02}.{m:02}.{y}",
        f"{d}-{name[:3]}-{y}",
        f"{d}-{any_case(name[:3], case)}-{y}",
        f"{d} {name} {y}",
        f"{d} {any_case(name, case)} {y}",
        f"{y}{m:02}{d:02}",
    ]
    if date >= dt.date(1927, 5, 18):  # Excel serials are read with five digits only
        forms.append(str((date - EXCEL_EPOCH).days))
    return draw(st.sampled_from(forms)), date


@PROPERTY
@given(st.lists(written_dates(), min_size=1, max_size=100), st.integers(1980, 2100))
@example([("46053", dt.date(2026, 1, 31)), ("10000", dt.date(1927, 5, 18))], 2026)
@example([("29 February 2000", dt.date(2000, 2, 29)), ("1-may-1900", dt.date(1900, 5, 1))], 2026)
def test_every_date_in_every_four_digit_form_reads_back(
    cases: list[tuple[str, dt.date]], pivot_year: int
) -> None:
    texts = [text for text, _ in cases]
    assert cleaning.parse_date(series(texts), pivot_year).to_list() == [d for _, d in cases]


@st.composite
def two_digit_dates(draw: st.DrawFn) -> tuple[str, int, int, int]:
    """(text, day, month, two-digit year), the day not necessarily valid for the month."""
    day, month, yy = draw(st.integers(1, 31)), draw(st.integers(1, 12)), draw(st.integers(0, 99))
    form = draw(st.sampled_from(["dd/mm/yy", "d/m/yy", "dd-mm-yy", "d-Mon-yy", "d Mon yy"]))
    text = {
        "dd/mm/yy": f"{day:02}/{month:02}/{yy:02}",
        "d/m/yy": f"{day}/{month}/{yy:02}",
        "dd-mm-yy": f"{day:02}-{month:02}-{yy:02}",
        "d-Mon-yy": f"{day}-{MONTHS[month - 1][:3]}-{yy:02}",
        "d Mon yy": f"{day} {MONTHS[month - 1][:3]} {yy:02}",
    }[form]
    return text, day, month, yy


def in_century_ending(pivot_year: int, day: int, month: int, yy: int) -> dt.date | None:
    year = next(y for y in range(pivot_year - 99, pivot_year + 1) if y % 100 == yy)
    try:
        return dt.date(year, month, day)
    except ValueError:  # 31 April, or 29 February in a year without one
        return None


@PROPERTY
@given(st.lists(two_digit_dates(), min_size=1, max_size=100), st.integers(1980, 2100))
@example([("29/02/00", 29, 2, 0)], 1999)  # 1900 had no 29 February
@example([("29-Feb-00", 29, 2, 0)], 2100)  # nor will 2100
@example([("29/02/00", 29, 2, 0), ("01/01/69", 1, 1, 69)], 2050)
@example([("31/12/68", 31, 12, 68), ("01-Jan-69", 1, 1, 69)], 2100)
@example([("31/12/26", 31, 12, 26), ("01/01/27", 1, 1, 27)], 2026)
def test_two_digit_years_fall_in_the_hundred_years_ending_at_the_pivot(
    cases: list[tuple[str, int, int, int]], pivot_year: int
) -> None:
    texts = [text for text, *_ in cases]
    expected = [in_century_ending(pivot_year, d, m, yy) for _, d, m, yy in cases]
    assert cleaning.parse_date(series(texts), pivot_year).to_list() == expected


date_like = st.from_regex(
    r"\A[0-9]{1,4}[-/. ]([0-9]{1,2}|[A-Za-z]{3,9})[-/. ][0-9]{1,4}\Z|\A[0-9]{2,8}(\.[0-9]{1,3})?\Z"
)


@PROPERTY
@given(
    st.lists(st.one_of(st.none(), st.text(max_size=20), date_like), max_size=60),
    st.integers(1900, 2150),
)
@example(["29/02/00", "29-Feb-00", "60", "73051", "0", "99999", "1879-12-31", "2101-01-01"], 1999)
@example(["29/02/00", "29-Feb-00", "29/02/00 12:00"], 2100)
def test_any_text_gives_null_or_a_plausible_date(values: list[str | None], pivot_year: int) -> None:
    parsed = cleaning.parse_date(series(values), pivot_year)
    assert parsed.dtype == pl.Date
    assert parsed.len() == len(values)
    for before, after in zip(values, parsed.to_list(), strict=True):
        if before is None:
            assert after is None
        elif after is not None:
            assert cleaning.EARLIEST_YEAR <= after.year <= cleaning.LATEST_YEAR, (before, after)


@PROPERTY
@given(
    st.lists(st.one_of(st.none(), st.text(max_size=25), date_like), max_size=40),
    st.integers(1900, 2150),
)
@example(["29/02/00 12:00", "05/01/2026 24:00", "44566.5", "2022-01-01T02:15+0100"], 2100)
def test_datetime_and_yearmonth_never_raise_on_any_text(
    values: list[str | None], pivot_year: int
) -> None:
    stamps = cleaning.parse_datetime(series(values), pivot_year)
    months = cleaning.parse_yearmonth(series(values), pivot_year)
    assert stamps.len() == months.len() == len(values)
    for stamp in stamps.drop_nulls().to_list():
        assert cleaning.EARLIEST_YEAR <= stamp.year <= cleaning.LATEST_YEAR
    for month in months.drop_nulls().to_list():
        assert re.fullmatch(r"[0-9]{4}-(0[1-9]|1[0-2])", month)


# --------------------------------------------------------------------------- times


@st.composite
def written_times(draw: st.DrawFn) -> tuple[str, dt.time]:
    """(text, time): any minute of the day (with seconds in one form) in a documented form."""
    h, m = draw(st.integers(0, 23)), draw(st.integers(0, 59))
    s = draw(st.integers(0, 59))
    twelve = h % 12 or 12
    suffix = draw(
        st.sampled_from(["am", "AM", " am", "Am"] if h < 12 else ["pm", "PM", " pm", "pM"])
    )
    forms = [
        (f"{h:02}:{m:02}", dt.time(h, m)),
        (f"{h}:{m:02}", dt.time(h, m)),
        (f"{h:02}:{m:02}:{s:02}", dt.time(h, m, s)),
        (f"{h:02}{m:02}", dt.time(h, m)),
        (f"{h}.{m:02}", dt.time(h, m)),
        (f"{h:02}.{m:02}", dt.time(h, m)),
        (f"{twelve}:{m:02}{suffix}", dt.time(h, m)),
        (f"1899-12-30 {h:02}:{m:02}:{s:02}", dt.time(h, m, s)),
    ]
    if h < 10:
        forms.append((f"{h}{m:02}", dt.time(h, m)))  # three digits, HMM
    return draw(st.sampled_from(forms))


@PROPERTY
@given(st.lists(written_times(), min_size=1, max_size=100))
@example([("0000", dt.time(0, 0)), ("2359", dt.time(23, 59)), ("945", dt.time(9, 45))])
@example([("12:00am", dt.time(0, 0)), ("12:00pm", dt.time(12, 0)), ("21.45", dt.time(21, 45))])
def test_every_minute_of_the_day_in_every_form_reads_back(
    cases: list[tuple[str, dt.time]],
) -> None:
    texts = [text for text, _ in cases]
    assert cleaning.parse_time(series(texts)).to_list() == [t for _, t in cases]


@st.composite
def impossible_times(draw: st.DrawFn) -> str:
    """A time whose hour or minute is out of range, in one of the documented forms."""
    if draw(st.booleans()):
        h, m = draw(st.integers(24, 99)), draw(st.integers(0, 59))
    else:
        h, m = draw(st.integers(0, 23)), draw(st.integers(60, 99))
    twelve_hour = draw(st.one_of(st.just(0), st.integers(13, 99)))
    return draw(
        st.sampled_from(
            [
                f"{h:02}:{m:02}",
                f"{h:02}:{m:02}:00",
                f"{h:02}{m:02}",
                f"{h}.{m:02}",
                f"{twelve_hour}:{m % 60:02}pm",
                f"{twelve_hour}:{m % 60:02}am",
            ]
        )
    )


@PROPERTY
@given(st.lists(impossible_times(), min_size=1, max_size=60))
@example(["24:00", "2400", "12:60", "960", "0:30am", "13:00pm", "24.00"])
def test_impossible_hours_and_minutes_give_null(texts: list[str]) -> None:
    assert cleaning.parse_time(series(texts)).to_list() == [None] * len(texts)


@PROPERTY
@given(st.lists(st.one_of(st.none(), st.text(max_size=15)), max_size=60))
def test_any_text_gives_null_or_a_time(values: list[str | None]) -> None:
    parsed = cleaning.parse_time(series(values))
    assert parsed.dtype == pl.Time
    assert parsed.len() == len(values)
    for before, after in zip(values, parsed.to_list(), strict=True):
        if before is None:
            assert after is None
        elif after is not None:
            assert isinstance(after, dt.time)


@PROPERTY
@given(
    st.lists(
        st.tuples(
            written_dates(),
            written_times().filter(lambda case: not case[0].startswith("1899")),
        ),
        min_size=1,
        max_size=60,
    )
)
@example([(("31 January 2026", dt.date(2026, 1, 31)), ("9:45 pm", dt.time(21, 45)))])
def test_a_date_and_a_time_in_any_of_their_forms_make_a_datetime(
    cases: list[tuple[tuple[str, dt.date], tuple[str, dt.time]]],
) -> None:
    texts = [f"{date_text} {time_text}" for (date_text, _), (time_text, _) in cases]
    expected = [dt.datetime.combine(date, time) for (_, date), (_, time) in cases]
    assert cleaning.parse_datetime(series(texts), 2026).to_list() == expected


# --------------------------------------------------------------------------- flags

FLAG_WORDS = {
    **dict.fromkeys(["y", "yes", "1", "true", "t"], True),
    **dict.fromkeys(["n", "no", "0", "false", "f"], False),
}


@st.composite
def flag_words(draw: st.DrawFn) -> tuple[str, bool]:
    word = draw(st.sampled_from(sorted(FLAG_WORDS)))
    case = draw(st.lists(st.booleans(), min_size=len(word), max_size=len(word)))
    return any_case(word, case), FLAG_WORDS[word]


@PROPERTY
@given(st.lists(flag_words(), min_size=1, max_size=100))
@example([("Y", True), ("nO", False), ("TRUE", True), ("False", False), ("t", True), ("F", False)])
def test_every_case_of_every_flag_word_reads(cases: list[tuple[str, bool]]) -> None:
    texts = [text for text, _ in cases]
    assert cleaning.parse_flag(series(texts)).to_list() == [flag for _, flag in cases]


@PROPERTY
@given(st.lists(st.one_of(st.none(), st.text(max_size=8)), max_size=60))
@example(["", "ye", "yess", "2", "-1", "on", "off", " y", "1.0", "tru"])
def test_any_other_text_gives_null(values: list[str | None]) -> None:
    others = [v for v in values if v is None or v.lower() not in FLAG_WORDS]
    assert cleaning.parse_flag(series(others)).to_list() == [None] * len(others)


# --------------------------------------------------------------------------- trimming

SPACES = " \t\r\n\x0b\x0c\u00a0\u2007\u202f\ufeff"
MARKERS = ["NA", "-"]


def trimmed_by_hand(value: str | None) -> str | None:
    if value is None:
        return None
    stripped = value.strip(SPACES)
    return None if stripped in ("", *MARKERS) else stripped


@PROPERTY
@given(
    st.lists(
        st.lists(
            st.one_of(
                st.none(),
                st.text(max_size=6),
                st.text(alphabet=SPACES + "ab", max_size=5),
                st.sampled_from(MARKERS),
            ),
            min_size=4,
            max_size=4,
        ),
        min_size=1,
        max_size=30,
    )
)
@example([["a", "NA", " b", None], ["c", "d", "e", "\u00a0"]])
def test_trimming_only_what_needs_it_gives_what_trimming_everything_gives(
    rows: list[list[str | None]],
) -> None:
    columns = [f"c{i}" for i in range(4)]
    frame = pl.DataFrame(rows, schema={c: pl.String for c in columns}, orient="row")
    got = frame.select(**cleaning.trimmed(frame, columns, MARKERS))
    assert got.rows() == [tuple(trimmed_by_hand(v) for v in row) for row in rows]
