"""Validation of a file read in chunks: the typed table keeps the file's chunks.

A CSV reader hands over a million rows as dozens of chunks. A column made whole (by a lookup of
each distinct text, or a join) set beside them makes Polars copy every other column into one
chunk to match: hundreds of MB. These tests fail if a column validation or geocoding adds comes
out in other chunks than the file's, or if keeping the chunks changes any value.
"""

from __future__ import annotations

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from csphub import frames
from csphub.catalogue import Catalogue
from csphub.geo.reference import Geography
from csphub.ingest.geocoding import geocode_records
from csphub.ingest.readers import OVERFLOW, ROW
from csphub.ingest.validation import VALID, Period, check_rows

OFFENCE = Catalogue.builtin().get("police-crime-offence")
CHUNKS = [4_000, 7_000, 9_000, 5_000]  # long enough for per-distinct parsing (10,000 rows)


def _supply_text(rows: int, repeats: bool = True) -> pl.DataFrame:
    """The offence fields as a file gives them: text, with repeats, faults and gaps."""
    r = pl.int_range(rows, eager=True)
    day = (r % 28 + 1).cast(pl.String).str.zfill(2)
    frame = pl.DataFrame(
        {
            ROW: (r + 2).cast(pl.Int64),
            OVERFLOW: r % 997 == 5,
            "crime_reference": "EB/" + (r + 100_000).cast(pl.String) + "/26",
            "offence_code": pl.Series(["105/01", "092/41", "028/01", "BURGLARY"]).gather(r % 4),
            "committed_from_date": "2026-01-" + day,
            "committed_from_time": (r % 24).cast(pl.String).str.zfill(2) + ":15",
            "location_postcode": pl.Series(["EB1 2AB", "eb12ab", "EB9 9ZZ", "not one"]).gather(
                r % 4
            ),
            "easting": (440_000 + r % 5_000).cast(pl.String),
            "northing": (200_000 + r % 5_000).cast(pl.String),
            "domestic_flag": pl.Series(["Y", "N", "", "maybe"]).gather(r % 4),
        }
    )
    # every thousandth row repeats the reference before it
    repeating = (r % 1_000 == 999) & (r > 0) & repeats
    return frame.with_columns(
        pl.when(repeating)
        .then(pl.col("crime_reference").shift(1))
        .otherwise(pl.col("crime_reference"))
        .alias("crime_reference"),
        pl.when(r % 501 == 7)
        .then(None)
        .otherwise(pl.col("committed_from_date"))
        .alias("committed_from_date"),
    )


def _in_chunks(frame: pl.DataFrame, lengths: list[int]) -> pl.DataFrame:
    pieces, start = [], 0
    for length in lengths:
        pieces.append(frame.slice(start, length).rechunk())
        start += length
    return pl.concat(pieces, rechunk=False)


def _layouts(frame: pl.DataFrame) -> set[tuple[int, ...]]:
    return {tuple(frames.chunk_lengths(column)) for column in frame.get_columns()}


def test_aligned_cuts_a_series_into_the_given_chunks_keeping_its_values() -> None:
    whole = pl.Series("v", [1, None, 3, 4, 5, 6])
    cut = frames.aligned(whole, [2, 3, 1])
    assert frames.chunk_lengths(cut) == [2, 3, 1]
    assert cut.name == "v" and cut.to_list() == whole.to_list()
    assert frames.chunk_lengths(frames.aligned(cut, [4, 2])) == [4, 2]
    assert frames.aligned(cut, [2, 3, 1]) is cut  # already so: untouched


@pytest.mark.parametrize("repeats", [True, False], ids=["repeated references", "none"])
def test_validating_a_file_read_in_chunks_keeps_them_and_every_value(repeats: bool) -> None:
    text = _supply_text(sum(CHUNKS), repeats)
    chunked = _in_chunks(text, CHUNKS)
    options = {"period": Period.parse("2026-01"), "pivot_year": 2026}

    checked = check_rows(chunked, OFFENCE, **options)
    whole = check_rows(text.rechunk(), OFFENCE, **options)

    assert _layouts(checked.clean) == {tuple(CHUNKS)}
    assert_frame_equal(checked.clean, whole.clean)
    assert_frame_equal(checked.issues, whole.issues)
    assert checked.period_stats == whole.period_stats
    # the test's faults are really there: types, codes, overflow and repeated references
    rules = set(checked.issues["rule"])
    assert {"type", "pattern", "structure", "required"} <= rules
    assert ("duplicate" in rules) == repeats
    assert 0 < checked.rows_invalid < checked.clean.height
    assert checked.clean.filter(~pl.col(VALID)).height == checked.rows_invalid


def test_geocoding_records_in_chunks_keeps_them() -> None:
    text = _in_chunks(_supply_text(sum(CHUNKS)), CHUNKS)
    checked = check_rows(text, OFFENCE, period=Period.parse("2026-01"), pivot_year=2026)
    records = checked.clean
    geocodes, _ = geocode_records(Geography(), OFFENCE, records, 50.0)
    assert _layouts(geocodes) == {tuple(CHUNKS)}
    whole, _ = geocode_records(Geography(), OFFENCE, records.rechunk(), 50.0)
    assert_frame_equal(geocodes, whole)
    assert geocodes["_geo_offence_method"].value_counts().height > 0
