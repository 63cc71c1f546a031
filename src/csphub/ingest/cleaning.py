"""Cleaners: vectorised functions that turn partners' text into typed values.

Each cleaner takes a Series of trimmed strings (null for empty) and returns a Series of the
target type, null where the text cannot be read. A value that was present but came out null is
a type error for validation to report; cleaners never raise on bad data and never run Python
per value.

Readers of several forms work as a cascade: the first form is tried on every value, the next
only on the values still unread, and so on, so a file written in one form costs one pass.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

import polars as pl

Step = Callable[[pl.Series], pl.Series]

# --------------------------------------------------------------------------- text

# White space as spreadsheets and exports leave it: ASCII, and the non-breaking kinds.
_SPACES = " \t\r\n\x0b\x0c\u00a0\u2007\u202f\ufeff"


def trim(expr: pl.Expr, missing_values: Sequence[str] = ("",)) -> pl.Expr:
    """Strip white space (including non-breaking spaces); missing-value markers become null."""
    markers = sorted({*missing_values, ""})
    return _unmarked(expr.str.strip_chars(_SPACES), markers)


def _unmarked(expr: pl.Expr, markers: list[str]) -> pl.Expr:
    return pl.when(~expr.is_in(markers)).then(expr)


def _padded(text: pl.Expr) -> pl.Expr:
    # (faster than a regular expression anchored at both ends)
    return text.str.len_bytes() != text.str.strip_chars(_SPACES).str.len_bytes()


def trimmed(
    frame: pl.DataFrame, columns: Sequence[str], missing_values: Sequence[str] = ("",)
) -> dict[str, pl.Expr]:
    """:func:`trim` for each of ``columns`` of ``frame``, doing only what its values need. Most
    columns of most supplies have no padding and many have no missing-value marker; their text
    is then used as it is, not copied (a copy of a million rows' text is hundreds of MB)."""
    if not columns:
        return {}
    markers = sorted({*missing_values, ""})
    probe = frame.select(
        *(_padded(pl.col(c)).any().alias(f"padded {c}") for c in columns),
        *(pl.col(c).is_in(markers).any().alias(f"marked {c}") for c in columns),
    ).row(0, named=True)
    expressions = {}
    for column in columns:
        expr = pl.col(column)
        if probe[f"padded {column}"]:
            expr = trim(expr, missing_values)
        elif probe[f"marked {column}"]:
            expr = _unmarked(expr, markers)
        expressions[column] = expr
    return expressions


# --------------------------------------------------------------------------- machinery


def _nulls(length: int, dtype: pl.DataType) -> pl.Series:
    return (
        pl.Series(values=[None] * length, dtype=dtype)
        if length < 64
        else pl.repeat(None, length, dtype=dtype, eager=True)
    )


def _cascade(values: pl.Series, steps: Sequence[Step], dtype: pl.DataType) -> pl.Series:
    """Apply each step to the values earlier steps left unread; keep the first reading."""
    result = _nulls(values.len(), dtype).rename(values.name)
    pending = values.is_not_null().arg_true()
    for step in steps:
        if pending.len() == 0:
            break
        parsed = step(values.gather(pending)).cast(dtype)
        read = parsed.is_not_null()
        if read.any():
            result = result.scatter(pending.filter(read), parsed.filter(read))
        pending = pending.filter(~read)
    return result


def _gated(pattern: str, parse: Step, dtype: pl.DataType) -> Step:
    """A step that parses only the values matching ``pattern`` (a full-match regex)."""

    def step(values: pl.Series) -> pl.Series:
        matches = values.str.contains(pattern)
        out = _nulls(values.len(), dtype)
        if matches.any():
            out = out.scatter(matches.arg_true(), parse(values.filter(matches)).cast(dtype))
        return out

    return step


def _strptime(fmt: str, dtype: pl.DataType) -> Step:
    return lambda values: values.str.strptime(dtype, fmt, strict=False)  # type: ignore[arg-type]


def _through(transform: Callable[[pl.Expr], pl.Expr], step: Step) -> Step:
    """Rewrite the text, then parse it."""
    return lambda values: step(values.to_frame("v").select(transform(pl.col("v"))).to_series())


# --------------------------------------------------------------------------- postcodes

# The inward code's letters are never C, I, K, M, O or V.
_INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
POSTCODE_PATTERN = r"^[A-PR-UWYZ][A-HK-Y]?[0-9][A-Z0-9]? [0-9][" + _INWARD_LETTERS + r"]{2}$"


def _as_digit(char: pl.Expr) -> pl.Expr:
    return char.str.replace("O", "0").str.replace("I", "1")


def _as_letter(char: pl.Expr) -> pl.Expr:
    return char.str.replace("0", "O").str.replace("1", "I")


def clean_postcode(values: pl.Series) -> pl.Series:
    """Canonical UK postcode (``EB1 2AB``), or null when the text is not one.

    Upper-cases, removes every space and puts one back before the inward code, then mends the
    O/0 and I/1 slips only where the postcode grammar leaves no doubt: the first character is
    always a letter; the inward code starts with a digit; a two-character outward code ends in
    a digit; and when the second character is a letter other than O or I, the third is a
    digit. Anything still outside the grammar is null.
    """
    canonical = values.str.contains(POSTCODE_PATTERN).fill_null(False)
    if canonical.all():
        return values
    mended = _mend_postcodes(values.filter(~canonical))
    return values.set(~canonical, None).scatter((~canonical).arg_true(), mended)


def _mend_postcodes(values: pl.Series) -> pl.Series:
    c = pl.col
    frame = (
        values.to_frame("v")
        .lazy()
        .with_columns(c("v").str.to_uppercase().str.replace_all(r"[\s\u00a0]", "").alias("s"))
        .with_columns(c("s").str.len_chars().alias("n"))
        .with_columns(
            c("s").str.slice(0, c("n") - 3).alias("out"),
            c("s").str.slice(-3).alias("inw"),
            (c("n") - 3).alias("out_len"),
        )
        .with_columns(
            _as_letter(c("out").str.slice(0, 1)).alias("c1"),
            c("out").str.slice(1, 1).alias("c2"),
            c("out").str.slice(2, 1).alias("c3"),
            c("out").str.slice(3).alias("rest"),
        )
        .with_columns(
            pl.when(c("out_len") == 2).then(_as_digit(c("c2"))).otherwise(c("c2")).alias("c2")
        )
        .with_columns(
            pl.when(c("c2").str.contains("^[A-HJ-NP-Z]$") & (c("out_len") >= 3))
            .then(_as_digit(c("c3")))
            .otherwise(c("c3"))
            .alias("c3")
        )
        .with_columns(
            pl.concat_str(
                c("c1"),
                c("c2"),
                c("c3"),
                c("rest"),
                pl.lit(" "),
                _as_digit(c("inw").str.slice(0, 1)),
                c("inw").str.slice(1),
            ).alias("candidate")
        )
        .select(
            pl.when(c("n").is_between(5, 7) & c("candidate").str.contains(POSTCODE_PATTERN))
            .then(c("candidate"))
            .alias(values.name)
        )
        .collect()
    )
    return frame.to_series()


# --------------------------------------------------------------------------- dates

# Excel counts days from 1899-12-30. Serials are read only with five digits, 10000
# (1927-05-18) to 73050 (2099-12-31): a four-digit number in a date column is far more often
# a year than a day in 1900-1927, and reading "2026" as 18 July 1905 would be silently wrong.
EXCEL_EPOCH = dt.date(1899, 12, 30)
_EXCEL_MIN_SERIAL = 10000
_EXCEL_MAX_SERIAL = 73050
EARLIEST_YEAR = 1880
LATEST_YEAR = 2100

_DATE = pl.Date()
_TIME = pl.Time()
_DATETIME = pl.Datetime("us")


def _plausible(values: pl.Series) -> pl.Series:
    year = values.dt.year()
    return values.set(~year.is_between(EARLIEST_YEAR, LATEST_YEAR).fill_null(True), None)


def _century(pivot_year: int) -> Callable[[pl.Series], pl.Series]:
    """Put dates read from two-digit years into the hundred years ending at ``pivot_year``."""

    def shift(values: pl.Series) -> pl.Series:
        frame = values.to_frame("d").select(
            pl.col("d").dt.year().alias("y"),
            pl.col("d").dt.month().alias("m"),
            pl.col("d").dt.day().alias("day"),
        )
        year = pl.col("y") - ((pl.col("y") - pivot_year + 99) // 100) * 100
        # 29/02/00 is a real date in 2000 but not in 1900 or 2100: null, not an error.
        leap = (year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0))
        lost = (pl.col("m") == 2) & (pl.col("day") == 29) & ~leap
        day = pl.when(lost).then(None).otherwise(pl.col("day"))
        return frame.select(pl.date(year, pl.col("m"), day)).to_series()

    return shift


def _then(step: Step, after: Callable[[pl.Series], pl.Series]) -> Step:
    return lambda values: after(step(values))


def _excel_date(values: pl.Series) -> pl.Series:
    serial = values.cast(pl.Float64, strict=False).floor().cast(pl.Int64)
    serial = serial.set(
        ~serial.is_between(_EXCEL_MIN_SERIAL, _EXCEL_MAX_SERIAL).fill_null(True), None
    )
    return (
        serial.to_frame("n").select(pl.lit(EXCEL_EPOCH) + pl.duration(days=pl.col("n"))).to_series()
    )


def _date_steps(pivot_year: int) -> list[Step]:
    two_digit = _century(pivot_year)
    spaced_expr = lambda v: v.str.replace_all(r"[-/ ]+", " ")  # noqa: E731
    return [
        _gated(r"^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}$", _strptime("%Y-%m-%d", _DATE), _DATE),
        _gated(
            r"^[0-9]{4}[/.][0-9]{1,2}[/.][0-9]{1,2}$",
            _through(lambda v: v.str.replace_all(r"[/.]", "-"), _strptime("%Y-%m-%d", _DATE)),
            _DATE,
        ),
        _gated(
            r"^[0-9]{1,2}[/.-][0-9]{1,2}[/.-][0-9]{4}$",
            _through(lambda v: v.str.replace_all(r"[-.]", "/"), _strptime("%d/%m/%Y", _DATE)),
            _DATE,
        ),
        _gated(
            r"^[0-9]{1,2}[/.-][0-9]{1,2}[/.-][0-9]{2}$",
            _then(
                _through(lambda v: v.str.replace_all(r"[-.]", "/"), _strptime("%d/%m/%y", _DATE)),
                two_digit,
            ),
            _DATE,
        ),
        _gated(
            r"^[0-9]{1,2}[- /][A-Za-z]{3}[- /][0-9]{2}$",
            _then(_through(spaced_expr, _strptime("%d %b %y", _DATE)), two_digit),
            _DATE,
        ),
        _gated(
            r"^[0-9]{1,2}[- /][A-Za-z]{3}[- /][0-9]{4}$",
            _through(spaced_expr, _strptime("%d %b %Y", _DATE)),
            _DATE,
        ),
        _gated(
            r"^[0-9]{1,2}[- /][A-Za-z]{4,9}[- /][0-9]{4}$",
            _through(spaced_expr, _strptime("%d %B %Y", _DATE)),
            _DATE,
        ),
        _gated(r"^(19|20)[0-9]{6}$", _strptime("%Y%m%d", _DATE), _DATE),
        _gated(r"^[0-9]{5}(\.[0-9]+)?$", _excel_date, _DATE),
    ]


def _date_part(values: pl.Series) -> pl.Series:
    """The date of a date-time: ``2026-01-05T13:45``, ``2026-01-05 13:45:00``,
    ``05/01/2026 13:45``."""
    return (
        values.to_frame("v")
        .select(
            pl.when(pl.col("v").str.contains(r"^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}[T ]"))
            .then(pl.col("v").str.extract(r"^([0-9]{4}-[0-9]{1,2}-[0-9]{1,2})", 1))
            .when(pl.col("v").str.contains(r"^[0-9]{1,2}[/.-][0-9]{1,2}[/.-][0-9]{2,4} "))
            .then(pl.col("v").str.extract(r"^(\S+) ", 1))
            .otherwise(pl.col("v"))
        )
        .to_series()
    )


def parse_date(values: pl.Series, pivot_year: int) -> pl.Series:
    """A date from any form partners send (see docs/reference/dataset-descriptors.md).

    Day always comes before month. A date-time keeps its date.
    """
    steps = [  # ISO dates as they come, then everything else
        _gated(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$", _strptime("%Y-%m-%d", _DATE), _DATE),
        lambda rest: _cascade(_date_part(rest), _date_steps(pivot_year), _DATE),
    ]
    return _plausible(_cascade(values, steps, _DATE)).rename(values.name)


# --------------------------------------------------------------------------- times


def _time_text(values: pl.Series) -> pl.Series:
    """Lower-case, no spaces, the time part of a date-time, ``H.MM`` as ``H:MM``."""
    v = pl.col("v")
    squeezed = v.str.to_lowercase().str.replace_all(r"\s+", "")
    return (
        values.to_frame("v")
        .select(squeezed.alias("v"))
        .select(
            pl.when(v.str.contains(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}t?[0-9]"))
            .then(v.str.extract(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}t?(.*)$", 1))
            .otherwise(v)
            .str.replace(r"^([0-9]{1,2})\.([0-9]{2})", "$1:$2")
            .str.replace(r"\.[0-9]+$", "")
        )
        .to_series()
    )


_TIME_STEPS: list[Step] = [
    _gated(r"^[0-9]{1,2}:[0-9]{2}$", _strptime("%H:%M", _TIME), _TIME),
    _gated(r"^[0-9]{1,2}:[0-9]{2}:[0-9]{2}$", _strptime("%H:%M:%S", _TIME), _TIME),
    _gated(r"^[0-9]{3,4}$", _through(lambda v: v.str.zfill(4), _strptime("%H%M", _TIME)), _TIME),
    _gated(
        r"^[0-9]{1,2}:[0-9]{2}[ap]m$",
        _through(lambda v: v.str.to_uppercase(), _strptime("%I:%M%p", _TIME)),
        _TIME,
    ),
    _gated(
        r"^[0-9]{1,2}[ap]m$",
        _through(
            lambda v: v.str.to_uppercase().str.replace(r"^([0-9]{1,2})", "$1:00"),
            _strptime("%I:%M%p", _TIME),
        ),
        _TIME,
    ),
]


def _normalised_time(values: pl.Series) -> pl.Series:
    return _cascade(_time_text(values), _TIME_STEPS, _TIME)


def parse_time(values: pl.Series) -> pl.Series:
    """A time of day from ``21:45``, ``21:45:00``, ``2145``, ``945``, ``21.45``, ``9:45pm``, or
    the time part of a date-time (how Excel exports a time-only cell)."""
    steps = [  # the usual forms as they come, then everything else after normalising
        _gated(r"^[0-9]{2}:[0-9]{2}:[0-9]{2}$", _strptime("%H:%M:%S", _TIME), _TIME),
        _gated(r"^[0-9]{2}:[0-9]{2}$", _strptime("%H:%M", _TIME), _TIME),
        _normalised_time,
    ]
    return _cascade(values, steps, _TIME).rename(values.name)


# --------------------------------------------------------------------------- date-times

_ISO_HEAD = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}"


def _iso_with_offset(values: pl.Series) -> pl.Series:
    text = (
        values.to_frame("v")
        .select(
            pl.col("v")
            .str.replace(" ", "T")
            .str.replace(r"Z$", "+00:00")
            .str.replace(r"([+-][0-9]{2}):?([0-9]{2})$", "$1$2")
            .str.replace(r"^([0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2})([+-])", "$1:00$2")
        )
        .to_series()
    )
    parsed = text.str.strptime(pl.Datetime("us", "UTC"), "%Y-%m-%dT%H:%M:%S%.f%z", strict=False)
    return parsed.dt.replace_time_zone(None)


def _iso_naive(values: pl.Series) -> pl.Series:
    text = (
        values.to_frame("v")
        .select(
            pl.col("v").str.replace(" ", "T").str.replace(r"^([0-9-]+T[0-9]{2}:[0-9]{2})$", "$1:00")
        )
        .to_series()
    )
    return text.str.strptime(_DATETIME, "%Y-%m-%dT%H:%M:%S%.f", strict=False)


def _excel_datetime(values: pl.Series) -> pl.Series:
    serial = values.cast(pl.Float64, strict=False)
    serial = serial.set(
        ~serial.is_between(_EXCEL_MIN_SERIAL, _EXCEL_MAX_SERIAL + 1).fill_null(True), None
    )
    return (
        serial.to_frame("n")
        .select(
            pl.lit(dt.datetime(1899, 12, 30))
            + pl.duration(microseconds=(pl.col("n") * 86_400_000_000).round(0).cast(pl.Int64))
        )
        .to_series()
    )


# The date, then the time: a date written with spaces (``31 Jan 2026``) is one part.
_DATE_THEN_TIME = r"^([0-9]{1,2} [A-Za-z]{3,9} [0-9]{2,4}|\S+)(?:\s+(.+))?$"


def _date_and_time(pivot_year: int) -> Step:
    def step(values: pl.Series) -> pl.Series:
        parts = values.to_frame("v").select(
            pl.col("v").str.extract(_DATE_THEN_TIME, 1).alias("d"),
            pl.col("v").str.extract(_DATE_THEN_TIME, 2).alias("t"),
        )
        # The date alone, not parse_date: a date-time whose time cannot be read is not a date.
        date = _plausible(_cascade(parts["d"], _date_steps(pivot_year), _DATE))
        time = parse_time(parts["t"])
        has_time = parts["t"].is_not_null()
        combined = pl.DataFrame({"d": date, "t": time, "h": has_time}).select(
            pl.when(pl.col("h"))
            .then(pl.col("d").dt.combine(pl.col("t")))
            .otherwise(pl.col("d").cast(_DATETIME))
        )
        return combined.to_series()

    return step


def parse_datetime(values: pl.Series, pivot_year: int) -> pl.Series:
    """A UTC date-time (stored without zone) from ISO forms with an optional offset, a date and
    a time in the forms :func:`parse_date` and :func:`parse_time` read, or an Excel serial with
    a fraction. A bare date means midnight."""
    steps = [
        _gated(
            _ISO_HEAD + r"(:[0-9]{2}(\.[0-9]+)?)?(Z|[+-][0-9]{2}:?[0-9]{2})$",
            _iso_with_offset,
            _DATETIME,
        ),
        _gated(_ISO_HEAD + r"(:[0-9]{2}(\.[0-9]+)?)?$", _iso_naive, _DATETIME),
        _gated(r"^[0-9]{5}\.[0-9]+$", _excel_datetime, _DATETIME),
        _date_and_time(pivot_year),
    ]
    return _plausible(_cascade(values, steps, _DATETIME))


# --------------------------------------------------------------------------- year-months


def parse_yearmonth(values: pl.Series, pivot_year: int) -> pl.Series:
    """``YYYY-MM`` text from ``2026-01``, ``2026/01``, ``01/2026``, ``Jan-26``, ``January 2026``
    or any whole date."""
    spaced = lambda v: "01 " + v.str.replace_all(r"[-/. ]+", " ")  # noqa: E731
    steps = [
        _gated(
            r"^[0-9]{4}[-/.][0-9]{1,2}$",
            _through(
                lambda v: v.str.replace_all(r"[/.]", "-") + "-01", _strptime("%Y-%m-%d", _DATE)
            ),
            _DATE,
        ),
        _gated(
            r"^[0-9]{1,2}[-/. ][0-9]{4}$", _through(spaced, _strptime("%d %m %Y", _DATE)), _DATE
        ),
        _gated(
            r"^[A-Za-z]{3}[-/. ][0-9]{2}$",
            _then(_through(spaced, _strptime("%d %b %y", _DATE)), _century(pivot_year)),
            _DATE,
        ),
        _gated(
            r"^[A-Za-z]{3}[-/. ][0-9]{4}$", _through(spaced, _strptime("%d %b %Y", _DATE)), _DATE
        ),
        _gated(
            r"^[A-Za-z]{4,9}[-/. ][0-9]{4}$", _through(spaced, _strptime("%d %B %Y", _DATE)), _DATE
        ),
        lambda v: parse_date(v, pivot_year),
    ]
    return _plausible(_cascade(values, steps, _DATE)).dt.strftime("%Y-%m")


# --------------------------------------------------------------------------- flags and numbers

TRUE_WORDS = ("y", "yes", "1", "true", "t")
FALSE_WORDS = ("n", "no", "0", "false", "f")
_FLAG_WORDS = {**dict.fromkeys(TRUE_WORDS, True), **dict.fromkeys(FALSE_WORDS, False)}


# The spellings met in practice, matched as they are before anything is lower-cased.
_FLAG_SPELLINGS = {
    spelling: value
    for word, value in _FLAG_WORDS.items()
    for spelling in {word, word.upper(), word.capitalize()}
}


def parse_flag(values: pl.Series) -> pl.Series:
    """``Y/N``, ``Yes/No``, ``1/0``, ``True/False``, ``T/F`` in any case; anything else null."""
    flags = values.replace_strict(_FLAG_SPELLINGS, default=None, return_dtype=pl.Boolean)
    odd = flags.is_null() & values.is_not_null()
    if odd.any():  # other mixes of case (yES): look again in lower case
        again = (
            values.filter(odd)
            .str.to_lowercase()
            .replace_strict(_FLAG_WORDS, default=None, return_dtype=pl.Boolean)
        )
        flags = flags.scatter(odd.arg_true(), again)
    return flags


def _numeric_text(values: pl.Series) -> pl.Series:
    """Drop a leading £, spaces, and commas that really are thousands separators (1,234,567);
    other commas (1,2,3) stay, and the value does not read as a number."""
    squeezed = values.str.replace_all(r"^£|\s", "")
    grouped = squeezed.str.contains(r"^[+-]?[0-9]{1,3}(,[0-9]{3})+(\.[0-9]*)?$").fill_null(False)
    return squeezed.set(grouped, None).scatter(
        grouped.arg_true(), squeezed.filter(grouped).str.replace_all(",", "")
    )


def parse_integer(values: pl.Series) -> pl.Series:
    """Whole numbers, allowing thousands separators and a zero fraction (``12.0``)."""
    text = _numeric_text(values).str.replace(r"^([+-]?[0-9]+)\.0*$", "$1")
    return text.set(~text.str.contains(r"^[+-]?[0-9]{1,18}$").fill_null(True), None).cast(
        pl.Int64, strict=False
    )


_PLAIN_NUMBER = r"^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$"


def parse_number(values: pl.Series) -> pl.Series:
    """Decimal numbers, allowing thousands separators and a leading £."""
    plain = values.str.contains(_PLAIN_NUMBER).fill_null(False)
    if plain.all():
        return _finite(values.cast(pl.Float64, strict=False))
    text = values.set(~plain, None).scatter(
        (~plain).arg_true(), _numeric_text(values.filter(~plain))
    )
    valid = text.str.contains(_PLAIN_NUMBER).fill_null(False)
    return _finite(text.set(~valid, None).cast(pl.Float64, strict=False))


def _finite(numbers: pl.Series) -> pl.Series:
    """1e999 is not a measurement: infinities (and NaN) are unreadable, not values."""
    return numbers.set(~numbers.is_finite().fill_null(True), None)
