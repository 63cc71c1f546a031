"""Where police events happen, as the force records the place: at an address, or in public at
street level (the street and its locality)."""

from __future__ import annotations

import polars as pl

PLACE_SCHEMA = pl.Schema(
    {
        "uprn": pl.Int64(),
        "address": pl.String(),
        "postcode": pl.String(),
        "easting": pl.Int32(),
        "northing": pl.Int32(),
        "lsoa": pl.String(),
    }
)


def street_level(places: pl.DataFrame) -> pl.DataFrame:
    """A place in public as the force records it: the street and its locality, no address."""
    return places.select(
        pl.lit(None, dtype=pl.Int64).alias("uprn"),
        (pl.col("street") + ", " + pl.col("locality")).alias("address"),
        pl.lit(None, dtype=pl.String).alias("postcode"),
        "easting",
        "northing",
        "lsoa",
    ).cast(PLACE_SCHEMA)


def at_address(places: pl.DataFrame) -> pl.DataFrame:
    """A place as the force records it at an address: its UPRN, address and postcode."""
    return places.select(list(PLACE_SCHEMA)).cast(PLACE_SCHEMA)
