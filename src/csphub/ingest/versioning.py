"""Versions of records across supplies.

A record is identified by its dataset's primary key within one agency. A supplied row whose
key is new is stored as version 1. One whose key exists is compared, field by field, with the
current version: identical rows are counted as unchanged and not stored again (monthly extracts
often repeat a rolling year), and changed rows are stored as the next version. Nothing is ever
updated or deleted, so every earlier version stays readable.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from csphub.catalogue import Dataset
from csphub.ingest.validation import KEY

VERSION = "_version"
_CURRENT = "__current__"


@dataclass(frozen=True)
class Versioned:
    to_store: pl.DataFrame  # the valid rows to write, with _version
    new: int
    revised: int
    unchanged: int


def assign_versions(valid: pl.DataFrame, current: pl.DataFrame, dataset: Dataset) -> Versioned:
    """``valid``: checked rows (with ``_key``); ``current``: the archive's current versions of
    the same keys (``_key``, ``_version`` and the fields)."""
    if not dataset.primary_key or current.height == 0:
        stored = valid.with_columns(pl.lit(1, dtype=pl.Int64).alias(VERSION))
        return Versioned(stored, new=stored.height, revised=0, unchanged=0)
    fields = list(dataset.field_names)
    renamed = current.rename({c: _CURRENT + c for c in [VERSION, *fields]})
    joined = valid.join(renamed, on=KEY, how="left")
    exists = pl.col(_CURRENT + VERSION).is_not_null()
    same = pl.all_horizontal([pl.col(f).eq_missing(pl.col(_CURRENT + f)) for f in fields])
    joined = joined.with_columns(
        (exists & same).alias("__unchanged"),
        pl.when(exists)
        .then(pl.col(_CURRENT + VERSION) + 1)
        .otherwise(1)
        .cast(pl.Int64)
        .alias(VERSION),
    )
    unchanged = int(joined["__unchanged"].sum())
    revised = int(joined.select((exists & ~pl.col("__unchanged")).sum()).item())
    stored = joined.filter(~pl.col("__unchanged")).select(*valid.columns, VERSION)
    return Versioned(stored, new=stored.height - revised, revised=revised, unchanged=unchanged)
