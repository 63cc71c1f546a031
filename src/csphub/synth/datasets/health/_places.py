"""Where health events happen: scenes described from addresses and streets, the streets
where people are out and about, and the places near a planted cluster."""

from __future__ import annotations

import polars as pl

from csphub.synth.world import Cluster, World


def scene_columns(world: World, frame: pl.DataFrame) -> pl.DataFrame:
    """Where an event happened, from its ``uprn`` (an address, or null for a place in public),
    ``street``, ``oa``, ``easting`` and ``northing``: the premises' name, the full address or
    'Street, Locality', and the postcode when the scene is an address."""
    places = world.places.select(
        pl.col("uprn").alias("scene_uprn"),
        pl.col("pao_text").alias("scene_name"),
        pl.col("address").alias("property_address"),
        pl.col("postcode").alias("property_postcode"),
    )
    localities = world.geography.oas.select("oa", "locality")
    return (
        frame.with_row_index("_order")
        .with_columns(pl.col("uprn").alias("scene_uprn"))
        .join(places, on="scene_uprn", how="left")
        .join(localities, on="oa", how="left")
        .sort("_order")
        .with_columns(
            pl.coalesce("property_address", pl.col("street") + ", " + pl.col("locality")).alias(
                "scene_address"
            ),
            pl.col("property_postcode").alias("scene_postcode"),
        )
        .drop("_order", "uprn", "property_address", "property_postcode", "locality")
    )


def place_rows(places: pl.DataFrame, at_address: bool) -> pl.DataFrame:
    """Chosen properties as scene inputs: at the address itself, or in the street outside."""
    return places.select(
        (pl.col("uprn") if at_address else pl.lit(None, dtype=pl.Int64)).alias("uprn"),
        "street",
        "oa",
        pl.col("easting").cast(pl.Int64),
        pl.col("northing").cast(pl.Int64),
    )


def public_places(world: World) -> pl.DataFrame:
    """Residential streets, weighted to where people are out and about."""
    return (
        world.places.filter(pl.col("residential"))
        .sort("uprn")
        .with_columns(
            pl.col("oa_kind")
            .replace_strict(
                {"centre": 3.0, "estate": 2.5, "suburb": 1.0, "rural": 0.3}, default=1.0
            )
            .alias("w")
        )
    )


def near_cluster(world: World, cluster: Cluster) -> pl.DataFrame:
    """The places within a planted cluster's radius (every place if there are none)."""
    places = world.places.filter(
        ((pl.col("easting") - cluster.easting) ** 2 + (pl.col("northing") - cluster.northing) ** 2)
        <= cluster.radius_m**2
    ).sort("uprn")
    return places if places.height else world.places.sort("uprn")
