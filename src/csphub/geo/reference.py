"""The reference geography a hub has loaded, held in memory for geocoding."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

import polars as pl

from csphub.geo.areas import AreaIndex
from csphub.geo.boundaries import AREA_SCHEMA
from csphub.geo.postcodes import POSTCODE_SCHEMA, postcode_key
from csphub.geo.properties import PROPERTY_SCHEMA
from csphub.store import Archive, EditionRow

if TYPE_CHECKING:
    from csphub.geo.matching import PropertyMatcher


@dataclass(frozen=True)
class Geography:
    postcodes: pl.DataFrame | None = None  # POSTCODE_SCHEMA plus "key"
    properties: pl.DataFrame | None = None  # PROPERTY_SCHEMA
    areas: dict[str, AreaIndex] = field(default_factory=dict)  # level → index
    editions: tuple[EditionRow, ...] = ()
    postcode_year: int | None = None

    @property
    def empty(self) -> bool:
        return self.postcodes is None and self.properties is None and not self.areas

    @property
    def fingerprint(self) -> tuple[int, ...]:
        return tuple(sorted(e.id for e in self.editions))

    @classmethod
    def build(
        cls,
        postcodes: pl.DataFrame | None = None,
        properties: pl.DataFrame | None = None,
        areas: dict[str, tuple[pl.DataFrame, int | None]] | None = None,
        *,
        postcode_year: int | None = None,
        editions: tuple[EditionRow, ...] = (),
    ) -> Geography:
        """From frames in the loaders' shapes (tests and ``geo assign`` use this directly)."""
        keyed = (
            postcodes.with_columns(postcode_key(pl.col("postcode")).alias("key"))
            if postcodes is not None
            else None
        )
        return cls(
            keyed,
            properties,
            {
                level: AreaIndex.from_frame(level, frame, year)
                for level, (frame, year) in (areas or {}).items()
            },
            editions,
            postcode_year,
        )

    @cached_property
    def streets(self) -> pl.DataFrame | None:
        """Each street of the gazetteer (by name, locality and town) with the middle of its
        properties; built on first use."""
        from csphub.geo.streets import street_table

        return street_table(self.properties) if self.properties is not None else None

    @cached_property
    def matcher(self) -> PropertyMatcher | None:
        """The gazetteer prepared for address matching; built on first use (a few seconds for
        a district's hundred thousand properties), then reused by every supply."""
        from csphub.geo.matching import PropertyMatcher

        if self.properties is None or self.properties.height == 0:
            return None
        return PropertyMatcher(self.properties)


def current_editions(archive: Archive) -> tuple[EditionRow, ...]:
    return tuple(archive.geography.current_all())


def load_geography(archive: Archive) -> Geography:
    """Everything current in the archive's reference geography."""
    store = archive.geography
    editions = current_editions(archive)
    postcodes = properties = None
    postcode_year = None
    areas: dict[str, tuple[pl.DataFrame, int | None]] = {}
    for edition in editions:
        if edition.kind == "postcodes":
            postcodes = store.rows(edition, POSTCODE_SCHEMA)
            postcode_year = edition.year
        elif edition.kind == "properties":
            properties = store.rows(edition, PROPERTY_SCHEMA)
        elif edition.level is not None:
            areas[edition.level] = (store.rows(edition, AREA_SCHEMA), edition.year)
    return Geography.build(
        postcodes, properties, areas, postcode_year=postcode_year, editions=editions
    )
