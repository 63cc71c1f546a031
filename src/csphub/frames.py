"""Polars machinery the hub's domains share: a value computed once per distinct value, and
columns kept in the chunks of the table they join."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import polars as pl

# Columns at least this long, with at most a quarter as many distinct values, are worked one
# distinct value at a time: a month's dates, times and flags repeat thousands of times each.
DISTINCT_MIN_ROWS = 10_000


def per_distinct(step: Callable[[pl.Series], pl.Series], values: pl.Series) -> pl.Series:
    """``step(values)``, applying ``step`` to each distinct value once when values repeat a
    lot (``step`` works value by value: parsing text, formatting dates)."""
    if values.len() < DISTINCT_MIN_ROWS:
        return step(values)
    distinct = values.unique()
    if distinct.len() * 4 > values.len():
        return step(values)
    done = step(distinct)
    return values.replace_strict(distinct, done, default=None, return_dtype=done.dtype)


def chunk_lengths(series: pl.Series) -> list[int]:
    return [chunk.len() for chunk in series.get_chunks()]


def aligned(series: pl.Series, lengths: Sequence[int]) -> pl.Series:
    """``series`` in chunks of ``lengths``, as zero-copy slices. A file is read in chunks, and
    a column made whole (by a lookup, a join) set beside them would make Polars copy every
    other column into one chunk to match it: hundreds of MB for a million rows."""
    if chunk_lengths(series) == list(lengths):
        return series
    whole = series.rechunk() if series.n_chunks() > 1 else series
    pieces, start = [], 0
    for length in lengths:
        pieces.append(whole.slice(start, length))
        start += length
    return pl.concat(pieces, rechunk=False)
