"""Matching a file's columns to a dataset's fields.

Names match when they are equal after :func:`normalise` (case, spaces and punctuation
ignored), against the field's name, title or aliases. An agency's column map, set with
``csphub agencies map-column``, is consulted first and wins.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from csphub.catalogue import Dataset
from csphub.errors import BadInput

_NOT_ALNUM = re.compile(r"[^0-9a-z]+")


def normalise(name: str) -> str:
    """``"Crime ID"``, ``"crime_id"`` and ``"CRIME-ID"`` all become ``"crimeid"``."""
    return _NOT_ALNUM.sub("", name.casefold())


@dataclass(frozen=True)
class ColumnMatch:
    mapping: dict[str, str]  # file column → field name
    unexpected: tuple[str, ...]  # file columns that match no field (kept out of the archive)
    absent: tuple[str, ...]  # optional fields the file does not have

    def field_to_column(self) -> dict[str, str]:
        return {field: column for column, field in self.mapping.items()}


def _index(dataset: Dataset) -> dict[str, str]:
    index: dict[str, str] = {}
    for field in dataset.fields:
        for candidate in (field.name, field.title, *field.aliases):
            key = normalise(candidate)
            if key and key not in index:
                index[key] = field.name
    # A field's own name always wins over another field's alias or title.
    for field in dataset.fields:
        index[normalise(field.name)] = field.name
    return index


def resolve(
    columns: tuple[str, ...], dataset: Dataset, agency_map: Mapping[str, str] | None = None
) -> dict[str, str]:
    """What each column resolves to (column → field), by the agency's map first and then by
    name, title and aliases. Columns that resolve to nothing are left out."""
    agency_map = agency_map or {}
    index = _index(dataset)
    resolved = {}
    for column in columns:
        key = normalise(column)
        field = agency_map.get(key) or index.get(key)
        if field is not None:
            resolved[column] = field
    return resolved


def match_columns(
    columns: tuple[str, ...],
    dataset: Dataset,
    file_name: str,
    agency_map: Mapping[str, str] | None = None,
) -> ColumnMatch:
    """Map columns to fields, or refuse the file when a required field has no column or two
    columns claim the same field."""
    resolved = resolve(columns, dataset, agency_map)
    mapping: dict[str, str] = {}
    claimed: dict[str, str] = {}
    unexpected: list[str] = []
    for column in columns:
        field = resolved.get(column)
        if field is None:
            unexpected.append(column)
            continue
        if field in claimed:
            raise BadInput(
                file_name,
                f"columns {claimed[field]!r} and {column!r} both match the field {field}.",
                hint="Say which one is meant with `csphub agencies map-column`.",
            )
        claimed[field] = column
        mapping[column] = field
    missing = [f for f in dataset.required_fields if f.name not in claimed]
    if missing:
        listed = ", ".join(f"{f.name} ({f.title})" if f.title else f.name for f in missing)
        spare = (
            f" Columns not matched: {', '.join(repr(c) for c in unexpected)}." if unexpected else ""
        )
        raise BadInput(
            file_name,
            f"lacks required columns for {dataset.id}: {listed}.{spare}",
            hint="If a column has another name, map it with `csphub agencies map-column`.",
        )
    absent = tuple(f.name for f in dataset.fields if f.name not in claimed)
    return ColumnMatch(mapping, tuple(unexpected), absent)
