"""Helpers renderers share: people as agencies record them."""

from __future__ import annotations

import datetime as dt

import polars as pl

from csphub.synth.world import World


def nominal(prefix: str, person_id: pl.Expr, salt: int = 7919) -> pl.Expr:
    """An agency's own stable reference for a person (not the person id itself)."""
    return pl.lit(prefix) + ((person_id * salt + 104_729) % 100_000_000).cast(pl.String).str.zfill(
        8
    )


def home_as_location() -> list[pl.Expr]:
    """A person's home (from :func:`with_people`) as a dataset's location fields, with the
    truth columns: who, and which property."""
    return [
        pl.col("home_address").alias("location_address"),
        pl.col("home_postcode").alias("location_postcode"),
        pl.col("home_easting").cast(pl.Float64).alias("easting"),
        pl.col("home_northing").cast(pl.Float64).alias("northing"),
        pl.col("person_id").alias("__person_id"),
        pl.col("home_uprn").alias("__uprn"),
    ]


def with_people(
    frame: pl.DataFrame, world: World, on: str = "person_id", prefix: str = ""
) -> pl.DataFrame:
    """Join each row's person: name, gender, date of birth, ethnicity, occupation, home."""
    people = world.population.people.select(
        "person_id",
        "given_name",
        "surname",
        "gender",
        "date_of_birth",
        "ethnicity",
        "ethnicity_6",
        "occupation",
        pl.col("uprn").alias("home_uprn"),
    )
    homes = world.places.select(
        pl.col("uprn").alias("home_uprn"),
        pl.col("address").alias("home_address"),
        pl.col("postcode").alias("home_postcode"),
        pl.col("easting").alias("home_easting"),
        pl.col("northing").alias("home_northing"),
        pl.col("lsoa").alias("home_lsoa"),
    )
    joined = frame.join(people.rename({"person_id": on}), on=on, how="left").join(
        homes, on="home_uprn", how="left"
    )
    if prefix:
        added = [c for c in joined.columns if c not in frame.columns]
        joined = joined.rename({c: prefix + c for c in added})
    return joined


def age_on(date_of_birth: pl.Expr, when: pl.Expr) -> pl.Expr:
    """Whole years between a date of birth and a date."""
    years = when.dt.year() - date_of_birth.dt.year()
    before_birthday = (when.dt.month() < date_of_birth.dt.month()) | (
        (when.dt.month() == date_of_birth.dt.month()) & (when.dt.day() < date_of_birth.dt.day())
    )
    return (years - before_birthday.cast(pl.Int32)).cast(pl.Int64)


def recorded_ethnicity(
    world: World, ethnicity: pl.Expr, label: str, share_not_stated: float = 0.06
) -> pl.Expr:
    """Agencies record 'not stated' for some people whatever their ethnicity."""
    return (
        pl.when(
            pl.int_range(pl.len()).hash(world.seed + len(label)) % 1000
            < int(share_not_stated * 1000)
        )
        .then(pl.lit("NS"))
        .otherwise(ethnicity)
    )


def first_of(month_first: dt.date) -> pl.Expr:
    return pl.lit(month_first)
