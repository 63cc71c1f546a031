"""British National Grid (EPSG:27700) ↔ latitude and longitude (EPSG:4326), with pyproj.

PROJ picks the most accurate transformation whose files it can find. With the OSTN15 grid
(``uk_os_OSTN15_NTv2_OSGBtoETRS.tif``) in one of its data folders it uses OSTN15, good to about
0.1 m; without it, the best it has is a seven-parameter Helmert transformation that EPSG rates
at about 2 m, which is the accuracy the hub documents. The hub never downloads the grid: put
the file in a folder and point ``CSPHUB_PROJ_GRID_DIR`` at it. :func:`transformation` says
which one is in use.
"""

from __future__ import annotations

import threading
import warnings
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

BNG = "EPSG:27700"
WGS84 = "EPSG:4326"
OSTN15_GRID = "uk_os_OSTN15_NTv2_OSGBtoETRS.tif"

# Great Britain on the National Grid and in degrees (Scilly, St Kilda and Shetland included;
# the Channel Islands and Northern Ireland are not in Great Britain).
GB_EASTING = (0.0, 700_000.0)
GB_NORTHING = (0.0, 1_250_000.0)
GB_LATITUDE = (49.8, 61.0)
GB_LONGITUDE = (-8.8, 2.0)

Floats = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Transformation:
    description: str
    accuracy_m: float | None
    ostn15: bool


def use_grid_dir(folder: Path | None) -> None:
    """Let PROJ find grids (OSTN15) in ``folder`` as well as its own data folder."""
    if folder is None:
        return
    import pyproj.datadir

    wanted = str(folder.expanduser().resolve())
    if wanted not in pyproj.datadir.get_data_dir().split(":"):
        pyproj.datadir.append_data_dir(wanted)
        forget_transformers()


def forget_transformers() -> None:
    """Choose the transformations again on next use (PROJ's data folders have changed)."""
    with _MAKING:
        _chosen.cache_clear()
        _pipeline.cache_clear()


# Transformers are made once, by whichever thread asks first; the others wait for it (making
# one changes the process's warning filters).
_MAKING = threading.Lock()


def _transformer(source: str, target: str) -> Any:
    """The chosen transformation as a pipeline transformer: the same operation (the same
    numbers), and safe to use from several threads at once (pyproj gives each thread its own
    copy), which a transformer taken from a group is not."""
    with _MAKING:
        return _pipeline(source, target)


@cache
def _pipeline(source: str, target: str) -> Any:
    from pyproj import Transformer

    return Transformer.from_pipeline(_chosen(source, target).definition)


@cache
def _chosen(source: str, target: str) -> Any:
    """The most accurate transformation whose files PROJ has (the first of its group)."""
    from pyproj.transformer import TransformerGroup

    with warnings.catch_warnings():
        # "Best transformation is not available due to missing grid": documented, not news.
        warnings.simplefilter("ignore", UserWarning)
        group = TransformerGroup(source, target, always_xy=True)
    return group.transformers[0]


def transformation() -> Transformation:
    """The transformation in use from the National Grid to latitude and longitude."""
    with _MAKING:
        chosen = _chosen(BNG, WGS84)
    description = chosen.description or "unknown"
    accuracy = chosen.accuracy if chosen.accuracy and chosen.accuracy > 0 else None
    grids = {grid.short_name for op in chosen.operations or () for grid in op.grids}
    return Transformation(description, accuracy, OSTN15_GRID in grids)


def _finite(values: object) -> Floats:
    array = np.asarray(values, dtype=np.float64)
    array[~np.isfinite(array)] = np.nan
    return array


def to_lat_lon(easting: Floats, northing: Floats) -> tuple[Floats, Floats]:
    """Latitude and longitude (degrees) of National Grid points; NaN stays NaN. Safe to call
    from several threads at once."""
    lon, lat = _transformer(BNG, WGS84).transform(easting, northing)
    return _finite(lat), _finite(lon)


def to_grid(lat: Floats, lon: Floats) -> tuple[Floats, Floats]:
    """National Grid easting and northing (metres) of latitude/longitude points."""
    easting, northing = _transformer(WGS84, BNG).transform(lon, lat)
    return _finite(easting), _finite(northing)


def in_gb_grid(easting: Floats, northing: Floats) -> npt.NDArray[np.bool_]:
    """Which National Grid points could be in Great Britain (NaN: no)."""
    return (
        (easting >= GB_EASTING[0])
        & (easting <= GB_EASTING[1])
        & (northing >= GB_NORTHING[0])
        & (northing <= GB_NORTHING[1])
    )


def in_gb_degrees(lat: Floats, lon: Floats) -> npt.NDArray[np.bool_]:
    """Which latitude/longitude points could be in Great Britain (NaN: no)."""
    return (
        (lat >= GB_LATITUDE[0])
        & (lat <= GB_LATITUDE[1])
        & (lon >= GB_LONGITUDE[0])
        & (lon <= GB_LONGITUDE[1])
    )
