"""Validation of a whole supply at once.

The file's text is cleaned into typed values (:mod:`csphub.ingest.cleaning`) and every rule is
a boolean column computed over all rows together; no Python runs per row. The result is the
typed table with a validity flag per row, and a long table of issues, one per failing row,
field and rule, whose messages describe the problem without ever quoting the value.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import partial

import polars as pl

from csphub.catalogue import Dataset, Field, FieldKind, FieldType
from csphub.errors import UserError
from csphub.frames import aligned, chunk_lengths, per_distinct
from csphub.ingest import cleaning
from csphub.ingest.readers import OVERFLOW, ROW
from csphub.store import ISSUE_SCHEMA, POLARS_TYPES

VALID = "_valid"
KEY = "_key"
KEY_SEPARATOR = "\x1f"


class Rule(StrEnum):
    STRUCTURE = "structure"
    REQUIRED = "required"
    TYPE = "type"
    ENUM = "enum"
    PATTERN = "pattern"
    MINIMUM = "minimum"
    MAXIMUM = "maximum"
    MIN_LENGTH = "minLength"
    MAX_LENGTH = "maxLength"
    PERIOD = "period"
    DUPLICATE = "duplicate"
    # warnings about the file as a whole
    COLUMNS = "columns"
    BLANK_ROWS = "blank_rows"
    METADATA = "metadata"
    GEOCODING = "geocoding"


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"  # what the hub did, for the record (how records were geocoded)


@dataclass(frozen=True)
class Period:
    """The time a supply covers, inclusive."""

    start: dt.date
    end: dt.date

    @classmethod
    def parse(cls, text: str) -> Period:
        """``2026-01`` (a month), ``2026-01-01..2026-03-31`` (a range) or ``2026-01-15`` (a day)."""
        value = text.strip()
        try:
            if ".." in value:
                first, last = value.split("..", 1)
                start, end = (
                    dt.date.fromisoformat(first.strip()),
                    dt.date.fromisoformat(last.strip()),
                )
            elif re.fullmatch(r"[0-9]{4}-[0-9]{2}", value):
                start = dt.date.fromisoformat(value + "-01")
                following = (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
                end = following - dt.timedelta(days=1)
            else:
                start = end = dt.date.fromisoformat(value)
        except ValueError:
            raise UserError(
                f"The period {value!r} is not a month (2026-01), a day (2026-01-15) or a range "
                "(2026-01-01..2026-03-31)."
            ) from None
        if end < start:
            raise UserError(f"The period {value!r} ends before it starts.")
        return cls(start, end)

    def __str__(self) -> str:
        return f"{self.start.isoformat()} to {self.end.isoformat()}"


@dataclass(frozen=True)
class PeriodStats:
    """How the period field's dates sit against the declared period."""

    dated_rows: int
    outside_rows: int
    earliest: dt.date | None
    latest: dt.date | None

    @property
    def share_outside(self) -> float:
        return self.outside_rows / self.dated_rows if self.dated_rows else 0.0


@dataclass(frozen=True)
class Checked:
    clean: pl.DataFrame  # _row, _valid, _key, then the dataset's fields, typed
    issues: pl.DataFrame  # ISSUE_SCHEMA: row_number, field, rule, severity, message
    period_stats: PeriodStats | None

    @property
    def rows_invalid(self) -> int:
        return int(self.clean.height - self.clean[VALID].sum())


# --------------------------------------------------------------------------- typing


_TYPE_WORDS = {
    FieldType.INTEGER: "not a whole number",
    FieldType.NUMBER: "not a number",
    FieldType.BOOLEAN: "not a yes/no value (Y/N, Yes/No, 1/0, True/False)",
    FieldType.DATE: "not a date the hub can read (such as 2026-01-31, 31/01/2026 or 31-Jan-26)",
    FieldType.TIME: "not a time of day (such as 21:45, 2145 or 21.45)",
    FieldType.DATETIME: "not a date and time the hub can read (such as 2026-01-31T21:45:00)",
    FieldType.YEARMONTH: "not a year and month (such as 2026-01)",
}


def _typed(field: Field, raw: pl.Series, pivot_year: int) -> tuple[pl.Series, str | None]:
    """The cleaned, typed values of a field and, when cleaning can fail, what a failure means.
    Postcodes, flags, dates and times repeat: they are parsed once per distinct text."""
    words = _TYPE_WORDS.get(field.type)
    parse: cleaning.Step
    match field.type:
        case FieldType.STRING if field.kind == FieldKind.POSTCODE:
            parse, words = cleaning.clean_postcode, "not a valid UK postcode"
        case FieldType.STRING if field.constraints.enum is not None:
            lookup = _enum_lookup(field)
            return raw.str.to_lowercase().replace_strict(
                lookup, default=None, return_dtype=pl.String
            ), None
        case FieldType.STRING:
            return raw, None
        case FieldType.INTEGER:
            return cleaning.parse_integer(raw), words
        case FieldType.NUMBER:
            return cleaning.parse_number(raw), words
        case FieldType.BOOLEAN:
            parse = cleaning.parse_flag
        case FieldType.DATE:
            parse = partial(cleaning.parse_date, pivot_year=pivot_year)
        case FieldType.TIME:
            parse = cleaning.parse_time
        case FieldType.DATETIME:
            parse = partial(cleaning.parse_datetime, pivot_year=pivot_year)
        case FieldType.YEARMONTH:
            parse = partial(cleaning.parse_yearmonth, pivot_year=pivot_year)
        case _:
            raise AssertionError(field.type)
    return per_distinct(parse, raw), words


def _enum_lookup(field: Field) -> dict[str, str]:
    """Lower-cased code or label → code."""
    lookup: dict[str, str] = {}
    for category in field.categories:
        lookup.setdefault(category.label.lower(), category.value)
    for code in field.constraints.enum or ():
        lookup[code.lower()] = code
    return lookup


def _codes_text(field: Field) -> str:
    codes = list(field.constraints.enum or ())
    shown = ", ".join(codes[:12])
    return shown if len(codes) <= 12 else f"{shown}, … ({len(codes)} codes)"


def _bound(value: float | str, ftype: FieldType) -> pl.Expr:
    if ftype == FieldType.DATE:
        return pl.lit(dt.date.fromisoformat(str(value)))
    return pl.lit(value)


# --------------------------------------------------------------------------- rules


@dataclass(frozen=True)
class _Check:
    field: str | None
    rule: Rule
    mask: str  # name of a boolean column, true where the row fails
    message: pl.Expr  # per row, as text


def _raw(name: str) -> str:
    return f"__raw__{name}"


def _mask(name: str, rule: Rule) -> str:
    return f"__fail__{name}__{rule}"


def _field_checks(
    field: Field, period: Period | None, dataset: Dataset, type_words: str | None
) -> tuple[list[pl.Expr], list[_Check]]:
    """The failure masks of one field's rules, over its raw text and its typed value."""
    raw = pl.col(_raw(field.name))
    value = pl.col(field.name)
    present = value.is_not_null()
    masks: list[pl.Expr] = []
    checks: list[_Check] = []

    def add(rule: Rule, failing: pl.Expr, message: str) -> None:
        name = _mask(field.name, rule)
        masks.append(failing.fill_null(False).alias(name))
        checks.append(_Check(field.name, rule, name, pl.lit(message)))

    constraints = field.constraints
    codes = f"not one of the codes for {field.name}: {_codes_text(field)}"
    if field.required:
        add(Rule.REQUIRED, raw.is_null(), "missing, and the field is required")
    if type_words is not None:
        add(Rule.TYPE, raw.is_not_null() & value.is_null(), type_words)
    if constraints.enum is not None and field.type == FieldType.STRING:
        add(Rule.ENUM, raw.is_not_null() & value.is_null(), codes)
    elif constraints.enum is not None:
        add(Rule.ENUM, present & ~value.cast(pl.String).is_in(list(constraints.enum)), codes)
    if constraints.pattern is not None:
        add(
            Rule.PATTERN,
            present & ~value.str.contains(f"^(?:{constraints.pattern})$"),
            f"does not have the form the dataset requires (pattern {constraints.pattern})",
        )
    if constraints.minimum is not None:
        add(
            Rule.MINIMUM,
            present & (value < _bound(constraints.minimum, field.type)),
            f"below the minimum of {constraints.minimum}",
        )
    if constraints.maximum is not None:
        add(
            Rule.MAXIMUM,
            present & (value > _bound(constraints.maximum, field.type)),
            f"above the maximum of {constraints.maximum}",
        )
    if constraints.min_length is not None:
        add(
            Rule.MIN_LENGTH,
            present & (value.str.len_chars() < constraints.min_length),
            f"shorter than {constraints.min_length} characters",
        )
    if constraints.max_length is not None:
        add(
            Rule.MAX_LENGTH,
            present & (value.str.len_chars() > constraints.max_length),
            f"longer than {constraints.max_length} characters",
        )
    if period is not None and field.name == dataset.period_field:
        add(
            Rule.PERIOD,
            present & ~_within(value, field.type, period),
            f"outside the supply's period, {period}",
        )
    return masks, checks


def _period_date(value: pl.Expr, ftype: FieldType) -> pl.Expr:
    if ftype == FieldType.YEARMONTH:
        return (value + "-01").str.to_date("%Y-%m-%d", strict=False)
    return value.cast(pl.Date)


def _within(value: pl.Expr, ftype: FieldType, period: Period) -> pl.Expr:
    if ftype == FieldType.YEARMONTH:
        first = period.start.replace(day=1)
        return _period_date(value, ftype).is_between(pl.lit(first), pl.lit(period.end))
    return _period_date(value, ftype).is_between(pl.lit(period.start), pl.lit(period.end))


def _apply_code_maps(raw: pl.Expr, mapping: Mapping[str, str]) -> pl.Expr:
    lowered = {local.lower(): code for local, code in mapping.items()}
    return pl.coalesce(raw.str.to_lowercase().replace_strict(lowered, default=None), raw)


def check_rows(
    frame: pl.DataFrame,
    dataset: Dataset,
    *,
    period: Period | None,
    pivot_year: int,
    code_maps: Mapping[str, Mapping[str, str]] | None = None,
) -> Checked:
    """Clean and validate ``frame``: one String column per field the file has (named by field),
    plus ``_row`` and ``_overflow``."""
    code_maps = code_maps or {}
    raw_columns = []
    given = [field.name for field in dataset.fields if field.name in frame.columns]
    trimmed = cleaning.trimmed(frame, given, dataset.missing_values)
    for field in dataset.fields:
        if field.name in trimmed:
            raw = trimmed[field.name]
            if field.name in code_maps:
                raw = _apply_code_maps(raw, code_maps[field.name])
        else:
            raw = pl.lit(None, dtype=pl.String)
        raw_columns.append(raw.alias(_raw(field.name)))
    work = frame.select(pl.col(ROW), pl.col(OVERFLOW), *raw_columns)
    chunks = chunk_lengths(work[ROW])

    typed_columns, masks, checks = [], [], []
    for field in dataset.fields:
        typed, type_words = _typed(field, work[_raw(field.name)], pivot_year)
        typed_columns.append(
            aligned(typed.cast(POLARS_TYPES[field.type]).alias(field.name), chunks)
        )
        field_masks, field_checks = _field_checks(field, period, dataset, type_words)
        masks += field_masks
        checks += field_checks
    work = work.with_columns(typed_columns).with_columns(masks)

    structure = _Check(None, Rule.STRUCTURE, OVERFLOW, pl.lit("has more fields than the header"))
    checks.insert(0, structure)
    key_columns = list(dataset.primary_key)
    if key_columns:
        work, duplicate = _duplicates(work, key_columns, chunks)
        checks.append(duplicate)
    else:
        work = work.with_columns(pl.lit(None, dtype=pl.String).alias(KEY))
    work = work.with_columns((~pl.any_horizontal([pl.col(c.mask) for c in checks])).alias(VALID))
    clean = work.select(ROW, VALID, KEY, *dataset.field_names)
    return Checked(clean, _issues(work, checks), _period_stats(work, dataset, period))


def _duplicates(
    work: pl.DataFrame, key_columns: list[str], chunks: list[int]
) -> tuple[pl.DataFrame, _Check]:
    """Rows whose key repeats an earlier row's. Only the (few) repeated keys are grouped to
    find the row each one first appeared in. The columns added keep ``work``'s ``chunks``."""
    parts = [pl.col(c).cast(pl.String) for c in key_columns]
    if len(parts) == 1:  # the reference itself, not a copy of it
        key = parts[0]
    else:
        complete = pl.all_horizontal([p.is_not_null() for p in parts])
        key = pl.when(complete).then(pl.concat_str(parts, separator=KEY_SEPARATOR))
    work = work.with_columns(key.alias(KEY))
    mask = _mask("_key", Rule.DUPLICATE)
    repeats = work.select(
        (pl.col(KEY).is_not_null() & ~pl.col(KEY).is_first_distinct()).alias(mask)
    ).to_series()
    work = work.with_columns(aligned(repeats, chunks))
    if not repeats.any():  # (most supplies)
        work = work.with_columns(pl.lit(None, dtype=work.schema[ROW]).alias("__first_row"))
    else:
        repeated = work.filter(pl.col(mask)).select(KEY).unique()
        first_rows = (
            work.join(repeated, on=KEY, how="semi")
            .group_by(KEY)
            .agg(pl.col(ROW).min().alias("__first_row"))
        )
        first_row = (
            work.select(KEY)
            .join(first_rows, on=KEY, how="left", maintain_order="left")
            .get_column("__first_row")
        )
        work = work.with_columns(aligned(first_row, chunks))
    names = ", ".join(key_columns)
    message = pl.format(f"repeats the {names} of row {{}} in this supply", pl.col("__first_row"))
    field = key_columns[0] if len(key_columns) == 1 else names
    return work, _Check(field, Rule.DUPLICATE, mask, message)


def _issues(work: pl.DataFrame, checks: list[_Check]) -> pl.DataFrame:
    counts = work.select([pl.col(c.mask).sum().alias(str(i)) for i, c in enumerate(checks)]).row(0)
    parts = []
    for check, count in zip(checks, counts, strict=True):
        if not count:
            continue
        parts.append(
            work.filter(pl.col(check.mask)).select(
                pl.col(ROW).cast(pl.Int64).alias("row_number"),
                pl.lit(check.field, dtype=pl.String).alias("field"),
                pl.lit(str(check.rule)).alias("rule"),
                pl.lit(str(Severity.ERROR)).alias("severity"),
                check.message.cast(pl.String).alias("message"),
            )
        )
    if not parts:
        return pl.DataFrame(schema=ISSUE_SCHEMA)
    return pl.concat(parts).sort("row_number", maintain_order=True)


def _period_stats(
    work: pl.DataFrame, dataset: Dataset, period: Period | None
) -> PeriodStats | None:
    if dataset.period_field is None:
        return None
    field = dataset.field(dataset.period_field)
    when = _period_date(pl.col(field.name), field.type)
    outside = (
        ~_within(pl.col(field.name), field.type, period) if period is not None else pl.lit(False)
    )
    row = work.select(
        when.count().alias("dated"),
        (when.is_not_null() & outside).sum().alias("outside"),
        when.min().alias("earliest"),
        when.max().alias("latest"),
    ).row(0)
    return PeriodStats(int(row[0]), int(row[1]), row[2], row[3])


def file_issue(rule: Rule, message: str, field: str | None = None) -> dict[str, object]:
    """An issue about the whole file (a warning), as a row of the issues table."""
    return {
        "row_number": None,
        "field": field,
        "rule": str(rule),
        "severity": str(Severity.WARNING),
        "message": message,
    }
