"""Address → UPRN with uk-address-matcher (the Ministry of Justice's matcher for British
addresses, on DuckDB)."""

from __future__ import annotations

import polars as pl

# A match is taken only when the matcher is sure; otherwise the record falls back to its
# postcode: a wrong property is worse than a postcode centroid.
MIN_MATCH_WEIGHT = 10.0
MIN_DISTINGUISHABILITY = 5.0


def match_addresses(properties: pl.DataFrame, records: pl.DataFrame) -> pl.DataFrame:
    """``records``: row, address, postcode. Returns row, uprn for the records matched."""
    import duckdb
    from uk_address_matcher import AddressMatcher

    empty = pl.DataFrame(schema={"row": pl.UInt32, "uprn": pl.Int64})
    if records.height == 0 or properties.height == 0:
        return empty
    con = duckdb.connect()
    try:
        canonical_frame = properties.select(
            pl.col("uprn").cast(pl.String).alias("unique_id"),
            pl.col("address").alias("address_concat"),
            pl.col("postcode").fill_null(""),
        )
        messy_frame = records.select(
            pl.col("row").cast(pl.String).alias("unique_id"),
            pl.col("address").alias("address_concat"),
            pl.col("postcode").fill_null(""),
        )
        canonical = con.from_arrow(canonical_frame.to_arrow())
        messy = con.from_arrow(messy_frame.to_arrow())
        result = AddressMatcher(
            canonical_addresses=canonical,
            addresses_to_match=messy,
            con=con,
            show_progress="off",
        ).match()
        matches = pl.from_arrow(result.matches().arrow())
    finally:
        con.close()
    assert isinstance(matches, pl.DataFrame)
    sure = matches.filter(
        pl.col("resolved_canonical_id").is_not_null()
        & (
            (pl.col("match_reason").cast(pl.String).str.contains("exact"))
            | (
                (pl.col("match_weight") >= MIN_MATCH_WEIGHT)
                & (pl.col("distinguishability").fill_null(99) >= MIN_DISTINGUISHABILITY)
            )
        )
    )
    return sure.select(
        pl.col("unique_id").cast(pl.UInt32).alias("row"),
        pl.col("resolved_canonical_id").cast(pl.Int64).alias("uprn"),
    )
