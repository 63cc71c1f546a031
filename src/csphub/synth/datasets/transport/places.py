"""Where incidents on public transport happen: the stops and features of the area, the kind
of area and LSOA at a point, the weighting of places by area and by a planted cluster, and the
frame of places each supplier's placing returns."""

from __future__ import annotations

from typing import Any

import numpy as np
import polars as pl

from csphub.synth.world import Cluster, World

_PLACE_SCHEMA = {
    "location_address": pl.String,
    "location_postcode": pl.String,
    "__uprn": pl.Int64,
    "easting": pl.Int64,
    "northing": pl.Int64,
    "__line": pl.String,
    "__stop": pl.Int64,
}


def places_frame(**columns: object) -> pl.DataFrame:
    """The places of a batch of incidents, as each supplier's placing returns them."""
    return pl.DataFrame(columns, schema=_PLACE_SCHEMA)


def feature(world: World, kind: str) -> dict[str, Any]:
    """The area's first property of ``kind`` (the railway station, the bus station)."""
    return world.places.filter(pl.col("kind") == kind).sort("uprn").row(0, named=True)


def stops_of(world: World, kind: str) -> pl.DataFrame:
    """The stops of ``kind`` (rail or bus), in order along each line."""
    return world.geography.stops.filter(pl.col("kind") == kind).sort("line", "seq")


def areas_at(world: World, east: np.ndarray, north: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The kind of area (centre, estate, suburb, rural) and the LSOA at each point."""
    oas = world.geography.oas
    x0, x1 = oas["x0"].to_numpy(), oas["x1"].to_numpy()
    y0, y1 = oas["y0"].to_numpy(), oas["y1"].to_numpy()
    e, n = east[:, None], north[:, None]
    inside = (e >= x0) & (e <= x1) & (n >= y0) & (n <= y1)
    distance = (e - (x0 + x1) / 2) ** 2 + (n - (y0 + y1) / 2) ** 2
    index = np.where(inside.any(axis=1), inside.argmax(axis=1), distance.argmin(axis=1))
    return oas["kind"].to_numpy()[index], oas["lsoa"].to_numpy()[index]


AREA_WEIGHT = {
    "estates": {"estate": 3.0, "centre": 2.0, "suburb": 1.0, "rural": 0.5},
    "busy": {"estate": 1.2, "centre": 2.5, "suburb": 1.0, "rural": 0.6},
}


def pick_rows(rng: np.random.Generator, weights: np.ndarray, count: int) -> np.ndarray:
    """``count`` row numbers drawn in proportion to ``weights``."""
    return rng.choice(len(weights), size=count, p=weights / weights.sum())


def cluster_weights(
    east: np.ndarray, north: np.ndarray, cluster: Cluster | None, weights: np.ndarray
) -> np.ndarray:
    """Where a planted cluster strikes: the places within its radius (or the nearest one)."""
    if cluster is None:
        return weights
    distance = np.hypot(east - cluster.easting, north - cluster.northing)
    near = distance <= cluster.radius_m
    if not near.any():
        near = distance == distance.min()
    return near.astype(float)
