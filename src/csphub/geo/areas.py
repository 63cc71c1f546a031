"""Which area a point lies in: vectorised point-in-polygon on loaded boundaries.

Each level's polygons go into a shapely STRtree once; a million points are then placed with
one ``query`` call (in C, no Python per point). A point on the line between two areas is
given to the first of them in code order, so the answer never depends on chance.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np
import numpy.typing as npt
import polars as pl


@dataclass(frozen=True)
class AreaIndex:
    level: str
    codes: npt.NDArray[np.object_]  # sorted
    geometries: npt.NDArray[np.object_]  # shapely polygons, on the National Grid
    year: int | None

    @classmethod
    def from_frame(cls, level: str, frame: pl.DataFrame, year: int | None) -> AreaIndex:
        import shapely

        ordered = frame.sort("code")
        geometries = shapely.from_wkb(np.asarray(ordered["geometry"].to_list(), dtype=object))
        return cls(level, np.asarray(ordered["code"].to_list(), dtype=object), geometries, year)

    @cached_property
    def _tree(self) -> Any:
        import shapely

        shapely.prepare(self.geometries)
        return shapely.STRtree(self.geometries)

    def locate(
        self,
        easting: npt.NDArray[np.float64],
        northing: npt.NDArray[np.float64],
        wanted: npt.NDArray[np.bool_] | None = None,
    ) -> pl.Series:
        """The code of the area each point lies in (null outside them all, without a point, or
        not ``wanted``). Each distinct point is looked up once: records recur at the same
        homes, shops and streets."""
        import shapely

        result = np.full(len(easting), None, dtype=object)
        located = np.isfinite(easting) & np.isfinite(northing)
        if wanted is not None:
            located &= wanted
        if not located.any() or len(self.codes) == 0:
            return pl.Series(self.level, result.tolist(), pl.String)
        where = np.flatnonzero(located)
        distinct, back = np.unique(easting[where] + 1j * northing[where], return_inverse=True)
        points = shapely.points(distinct.real, distinct.imag)
        point_index, area_index = self._tree.query(points, predicate="intersects")
        found = np.full(len(distinct), None, dtype=object)
        if len(point_index):
            # Several hits (a point on a shared edge): keep the lowest area index per point.
            order = np.lexsort((area_index, point_index))
            point_index, area_index = point_index[order], area_index[order]
            first = np.ones(len(point_index), dtype=bool)
            first[1:] = point_index[1:] != point_index[:-1]
            found[point_index[first]] = self.codes[area_index[first]]
        result[where] = found[back.ravel()]
        return pl.Series(self.level, result.tolist(), pl.String)

    def centres(self, codes: pl.Series) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
        """A point inside each named area (NaN for codes not loaded)."""
        import shapely

        position = {code: i for i, code in enumerate(self.codes)}
        index = np.array([position.get(c, -1) if c is not None else -1 for c in codes.to_list()])
        easting = np.full(len(index), np.nan)
        northing = np.full(len(index), np.nan)
        known = index >= 0
        if known.any():
            inside = shapely.point_on_surface(self.geometries[index[known]])
            easting[known] = shapely.get_x(inside)
            northing[known] = shapely.get_y(inside)
        return easting, northing

    def covers(
        self, easting: npt.NDArray[np.float64], northing: npt.NDArray[np.float64]
    ) -> npt.NDArray[np.bool_]:
        return self.locate(easting, northing).is_not_null().to_numpy()
