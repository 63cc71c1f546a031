"""Where police events happen, as the force records the place: at an address, or in public at
street level (the street and its locality); and a random pick of places or people."""

from __future__ import annotations

import numpy as np
import polars as pl


def pick_rows(
    rng: np.random.Generator, frame: pl.DataFrame, count: int, weight: str | None = None
) -> pl.DataFrame:
    """``count`` rows of ``frame`` drawn at random (in proportion to ``weight``, if given)."""
    if frame.height == 0 or count == 0:
        return frame.head(0)
    if weight is None:
        return frame[rng.integers(0, frame.height, count)]
    p = frame[weight].to_numpy().astype(float)
    return frame[rng.choice(frame.height, size=count, p=p / p.sum())]


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
