"""Street-level geocoding: an address whose property cannot be found, and whose postcode is
missing or unknown, is placed at the middle of its street, when the street can be named
without doubt.

Street names are compared in one normal form on both sides: upper case, punctuation gone,
the usual abbreviations applied (ROAD and RD, SAINT and ST…), so "St Mary's Rd" and "SAINT
MARYS ROAD" meet. Matching is whole words only ("MILL RD" is not found in "WINDMILL RD").
A street name that more than one locality uses is settled by the locality named in the address
or by the postcode district; if neither settles it, the record is not placed by street.
"""

from __future__ import annotations

import polars as pl

_WORDS = {
    "ROAD": "RD",
    "STREET": "ST",
    "SAINT": "ST",
    "AVENUE": "AVE",
    "LANE": "LN",
    "DRIVE": "DR",
    "CLOSE": "CL",
    "CRESCENT": "CRES",
    "PLACE": "PL",
    "COURT": "CT",
    "GARDENS": "GDNS",
    "TERRACE": "TER",
    "SQUARE": "SQ",
    "GROVE": "GR",
    "PARADE": "PDE",
    "WALK": "WK",
    "MOUNT": "MT",
    "NORTH": "N",
    "SOUTH": "S",
    "EAST": "E",
    "WEST": "W",
}


def normal_words(text: pl.Expr) -> pl.Expr:
    """Upper case, no punctuation, abbreviations applied, one space between words, and one
    space before and after (so whole words can be found with a plain substring search)."""
    words = (
        text.str.to_uppercase().str.replace_all(r"['’]", "").str.replace_all(r"[^A-Z0-9]+", "  ")
    )
    padded = pl.concat_str(pl.lit("  "), words, pl.lit("  "))
    abbreviated = padded.str.replace_many(
        [f" {word} " for word in _WORDS], [f" {short} " for short in _WORDS.values()]
    )
    return pl.concat_str(
        pl.lit(" "), abbreviated.str.replace_all(r" +", " ").str.strip_chars(), pl.lit(" ")
    )


def street_table(properties: pl.DataFrame) -> pl.DataFrame:
    """Each street (name, locality, town) with the middle of its properties and the postcode
    districts it runs through."""
    return (
        properties.filter(pl.col("street").is_not_null())
        .with_columns(
            normal_words(pl.col("street")).alias("street_words"),
            normal_words(pl.col("locality").fill_null("")).alias("locality_words"),
            normal_words(pl.col("town").fill_null("")).alias("town_words"),
            pl.col("postcode").str.split(" ").list.first().alias("district"),
        )
        .group_by("street_words", "locality_words", "town_words")
        .agg(
            pl.col("easting").median(),
            pl.col("northing").median(),
            pl.col("district").drop_nulls().unique().alias("districts"),
        )
        .filter(pl.col("street_words").str.len_chars() > 2)
        .sort("street_words", "locality_words", "town_words")
    )


def place_by_street(streets: pl.DataFrame, records: pl.DataFrame) -> pl.DataFrame:
    """``records``: row, address, postcode (canonical or null). Returns row, easting, northing
    for the records whose street is found without doubt."""
    empty = pl.DataFrame(schema={"row": pl.UInt32, "easting": pl.Float64, "northing": pl.Float64})
    if records.height == 0 or streets.height == 0:
        return empty
    patterns = streets["street_words"].unique().sort().to_list()
    found = (
        records.lazy()
        .with_columns(
            normal_words(pl.col("address")).alias("words"),
            pl.col("postcode").str.split(" ").list.first().alias("district"),
        )
        .with_columns(
            pl.col("words").str.extract_many(patterns, overlapping=True).alias("street_words")
        )
        .explode("street_words")
        .drop_nulls("street_words")
        # The longest street name found wins: "HIGH ST" inside "OLD HIGH ST" is not a street.
        .filter(
            pl.col("street_words").str.len_chars()
            == pl.col("street_words").str.len_chars().max().over("row")
        )
        .unique(["row", "street_words"])
        .join(streets.lazy(), on="street_words")
        .with_columns(
            (
                2 * pl.col("districts").list.contains(pl.col("district")).fill_null(False)
                + (
                    (pl.col("locality_words") != " ")
                    & pl.col("words").str.contains(pl.col("locality_words"), literal=True)
                ).cast(pl.Int8)
            ).alias("score")
        )
        .filter(pl.col("score") == pl.col("score").max().over("row"))
        .filter(pl.len().over("row") == 1)
        .select(pl.col("row").cast(pl.UInt32), "easting", "northing")
        .collect()
    )
    return found if found.height else empty
