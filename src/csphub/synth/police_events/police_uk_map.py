"""police.uk's anonymous map points: the middle of every street, and points of interest
(shopping areas, nightclubs, the hospital, the police station, the bus station, car parks,
parks). Every published record is moved to the nearest one."""

from __future__ import annotations

import numpy as np
import polars as pl
import shapely

from csphub.synth.geography_files import to_wgs84
from csphub.synth.world import Month, World

POINT_OF_INTEREST_REACH_M = 20  # a record this close to a point of interest is placed at it


def make_map_points(world: World, month: Month) -> pl.DataFrame:
    """police.uk's anonymous map points: the middle of each street, and points of interest."""
    places = world.places
    streets = (
        places.group_by("usrn")
        .agg(
            pl.first("street"),
            pl.first("lsoa"),
            pl.col("easting").mean().round().cast(pl.Int32),
            pl.col("northing").mean().round().cast(pl.Int32),
        )
        .sort("usrn")
        .select(("On or near " + pl.col("street")).alias("label"), "easting", "northing", "lsoa")
    )
    named = {
        "hospital": "Hospital",
        "police_station": "Police Station",
        "bus_station": "Bus/Coach Station",
    }
    services = (
        places.filter(pl.col("kind").is_in(list(named)))
        .sort("uprn")
        .select(
            ("On or near " + pl.col("kind").replace_strict(named)).alias("label"),
            "easting",
            "northing",
            "lsoa",
        )
    )
    station = (
        places.filter(pl.col("kind") == "station")
        .sort("uprn")
        .select(
            pl.lit("On or near Parking Area").alias("label"),
            (pl.col("easting") + 40).cast(pl.Int32),
            "northing",
            "lsoa",
        )
    )
    nightclubs = (
        places.filter(pl.col("kind") == "licensed")
        .sort("uprn")
        .gather_every(5)
        .select(pl.lit("On or near Nightclub").alias("label"), "easting", "northing", "lsoa")
    )
    shopping = (
        places.filter((pl.col("kind") == "shop") & (pl.col("oa_kind") == "centre"))
        .group_by("oa")
        .agg(
            pl.first("lsoa"),
            pl.col("easting").mean().round().cast(pl.Int32),
            pl.col("northing").mean().round().cast(pl.Int32),
        )
        .sort("oa")
        .select(pl.lit("On or near Shopping Area").alias("label"), "easting", "northing", "lsoa")
    )
    areas = world.geography.areas
    lsoas = areas.filter(pl.col("level") == "lsoa")
    parks = (
        areas.filter(pl.col("level") == "msoa")
        .sort("code")
        .select(
            pl.lit("On or near Park/Open Space").alias("label"),
            ((pl.col("x0") + pl.col("x1")) // 2).cast(pl.Int32).alias("easting"),
            ((pl.col("y0") + pl.col("y1")) // 2 + 35).cast(pl.Int32).alias("northing"),
        )
        .with_row_index("i")
        .join(lsoas.select(pl.col("code").alias("lsoa"), "x0", "y0", "x1", "y1"), how="cross")
        .filter(
            (pl.col("easting") >= pl.col("x0"))
            & (pl.col("easting") < pl.col("x1"))
            & (pl.col("northing") >= pl.col("y0"))
            & (pl.col("northing") < pl.col("y1"))
        )
        .unique("i", keep="first", maintain_order=True)
        .sort("i")
        .select("label", "easting", "northing", "lsoa")
    )
    interest = pl.concat([services, station, nightclubs, shopping, parks], how="vertical_relaxed")
    points = pl.concat(
        [
            streets.with_columns(pl.lit(False).alias("poi")),
            interest.with_columns(pl.lit(True).alias("poi")),
        ],
        how="vertical_relaxed",
    ).with_columns(pl.col("easting").cast(pl.Int32), pl.col("northing").cast(pl.Int32))
    latitude, longitude = to_wgs84(points["easting"], points["northing"])
    names = lsoas.select(pl.col("code").alias("lsoa"), pl.col("name").alias("lsoa_name"))
    return points.with_columns(latitude.alias("latitude"), longitude.alias("longitude")).join(
        names, on="lsoa", how="left", maintain_order="left"
    )


def map_points(world: World, month: Month) -> pl.DataFrame:
    return world.events("police-map-points", month, make_map_points)


def snapped(
    world: World, month: Month, frame: pl.DataFrame, no_location: str = "No Location"
) -> pl.DataFrame:
    """police.uk's location of each row of ``frame`` (easting, northing, no_location): a point of
    interest close by, or else the nearest street's middle; its LSOA and coordinates. Rows with
    no location read ``no_location``, with blanks."""
    points = map_points(world, month)
    hidden = frame["no_location"]
    if frame.height == 0:
        chosen = points.head(0)
    else:
        queries = shapely.points(
            frame["easting"].cast(pl.Float64).to_numpy(),
            frame["northing"].cast(pl.Float64).to_numpy(),
        )
        street = _nearest(points.filter(~pl.col("poi")), queries)
        interest = _nearest(points.filter(pl.col("poi")), queries)
        streets = points.filter(~pl.col("poi"))[pl.Series(street[0])]
        pois = points.filter(pl.col("poi"))
        if pois.height:
            close = pl.Series(interest[1] <= POINT_OF_INTEREST_REACH_M)
            chosen = pois[pl.Series(interest[0])].select(
                [
                    pl.when(close).then(pl.col(c)).otherwise(streets[c]).alias(c)
                    for c in points.columns
                ]
            )
        else:
            chosen = streets
    shown = ~hidden
    return chosen.select(
        pl.when(shown).then(pl.col("label")).otherwise(pl.lit(no_location)).alias("location"),
        pl.when(shown).then(pl.col("longitude")).alias("longitude"),
        pl.when(shown).then(pl.col("latitude")).alias("latitude"),
        pl.when(shown).then(pl.col("lsoa")).alias("lsoa_code"),
        pl.when(shown).then(pl.col("lsoa_name")).alias("lsoa_name"),
    )


def _nearest(points: pl.DataFrame, queries: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each query point, the index of the nearest of ``points`` and its distance."""
    count = len(queries)
    index = np.zeros(count, dtype=np.int64)
    distance = np.full(count, np.inf)
    if points.height == 0:
        return index, distance
    tree = shapely.STRtree(
        shapely.points(
            points["easting"].cast(pl.Float64).to_numpy(),
            points["northing"].cast(pl.Float64).to_numpy(),
        )
    )
    (inputs, found), far = tree.query_nearest(queries, all_matches=False, return_distance=True)
    index[inputs] = found
    distance[inputs] = far
    return index, distance
