"""Storage: the only part of the hub that speaks SQL."""

from csphub.store.archive import ISSUE_SCHEMA, AgencyRow, Archive, SupplyRow, SupplyWrite, utcnow
from csphub.store.geography import EditionRow, GeoStore
from csphub.store.landing import Landing, LandingCorrupt
from csphub.store.records import POLARS_TYPES, SYSTEM_COLUMNS

__all__ = [
    "ISSUE_SCHEMA",
    "POLARS_TYPES",
    "SYSTEM_COLUMNS",
    "AgencyRow",
    "Archive",
    "EditionRow",
    "GeoStore",
    "Landing",
    "LandingCorrupt",
    "SupplyRow",
    "SupplyWrite",
    "utcnow",
]
