"""Reading a record's history: every version, which supply brought it, what it changed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import polars as pl

from csphub.errors import NotFound, UserError
from csphub.hub import Hub
from csphub.ingest.validation import KEY_SEPARATOR


@dataclass(frozen=True)
class VersionInfo:
    version: int
    supply_id: int
    file_name: str
    received_at: dt.datetime
    row: int
    changed: tuple[str, ...]  # fields that differ from the previous version (names only)


def record_history(
    hub: Hub, dataset_id: str, agency_id: str, key_values: list[str]
) -> list[VersionInfo]:
    """Versions of one record, oldest first. Key values are given in the dataset's primary key
    order, as stored (dates as 2026-01-31)."""
    dataset = hub.dataset(dataset_id)
    if not dataset.primary_key:
        raise UserError(f"{dataset_id} has no reference key, so its records have no versions.")
    if len(key_values) != len(dataset.primary_key):
        raise UserError(
            f"{dataset_id} records are identified by {', '.join(dataset.primary_key)}: "
            f"give {len(dataset.primary_key)} value(s)."
        )
    versions = hub.archive.record_versions(dataset, agency_id, KEY_SEPARATOR.join(key_values))
    if versions.height == 0:
        raise NotFound(f"No {dataset_id} record from {agency_id} has that key.")
    fields = list(dataset.field_names)
    changed = versions.select(
        [(pl.col(f).ne_missing(pl.col(f).shift(1))).alias(f) for f in fields]
    ).to_dicts()
    supplies = {s.id: s for s in hub.archive.supplies(dataset_id=dataset_id, agency_id=agency_id)}
    history = []
    for index, (version, supply_id, row) in enumerate(
        versions.select("_version", "_supply_id", "_row").iter_rows()
    ):
        differs = () if index == 0 else tuple(f for f in fields if changed[index][f])
        supply = supplies[supply_id]
        history.append(
            VersionInfo(version, supply_id, supply.file_name, supply.received_at, row, differs)
        )
    return history
