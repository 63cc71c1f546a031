"""Addresses as partners record them: realistic recording errors from the ``address-errors``
package (dropped flat numbers, abbreviations, missing localities, mis-keyed postcodes…), with a
label of which errors were applied, for the ground truth.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import polars as pl

# address-errors works on upper-case component records of this shape.
_COMPONENTS = (
    "uprn",
    "subname",
    "name",
    "number",
    "streetname",
    "locality",
    "townname",
    "postcode",
    "parentuprn",
    "usrn",
    "classificationcode",
    "easting",
    "northing",
)


@dataclass(frozen=True)
class Recorded:
    address: str  # the address as recorded, without the postcode
    postcode: str
    errors: str  # the rules applied, ';'-separated; empty when recorded cleanly


@dataclass
class AddressErrors:
    """One corruptor per source, indexed on the whole gazetteer so that collisions are real."""

    properties: pl.DataFrame
    seed: int
    style: str | None = None
    _corruptor: Any = field(default=None, repr=False)

    def _ready(self) -> Any:
        if self._corruptor is None:
            from address_errors import Controls, Corruptor, Profile, add_context
            from address_errors.pipeline.reference import derive_columns

            rows = [_component(row) for row in self.properties.iter_rows(named=True)]
            derive_columns(rows)
            rows = add_context(rows)
            corruptor = Corruptor(
                Profile.load(),
                style=self.style,
                seed=self.seed,
                rates="council" if self.style else "pooled",
                controls=Controls(prevalence=3.0),
            )
            corruptor.index(rows)
            self._corruptor = corruptor
        return self._corruptor

    def record(self, uprns: list[int]) -> list[Recorded]:
        """Each address as a partner might record it, errors and all."""
        if not uprns:
            return []
        rows = self._ready().generate([str(u) for u in uprns])
        return [
            Recorded(
                _title(row["recorded_address"]),
                row["recorded_postcode"] or "",
                ";".join(r for r in (row["applied_rules"], row.get("postcode_edit") or "") if r),
            )
            for row in rows
        ]


def _title(text: str) -> str:
    """address-errors writes its house styles; keep what it wrote but drop a trailing comma."""
    return text.strip().rstrip(",")


def _component(row: dict[str, Any]) -> dict[str, str]:
    from address_errors.context import COLUMNS

    record = dict.fromkeys([*COLUMNS, *_COMPONENTS], "")
    record.update(
        {
            "feature_type": "builtaddress",
            "uprn": str(row["uprn"]),
            "subname": (row["sao"] or "").upper(),
            "name": (row["pao_text"] or "").upper()
            if row["kind"] in ("flat", "block", "farm", "house", "terrace")
            else "",
            "number": row["pao_number"] or "",
            "streetname": row["street"].upper(),
            "locality": row["locality"].upper(),
            "townname": row["town"].upper(),
            "postcode": row["postcode"],
            "parentuprn": str(row["parent_uprn"]) if row["parent_uprn"] else "",
            "usrn": str(row["usrn"]),
            "classificationcode": row["classification"],
            "easting": str(row["easting"]),
            "northing": str(row["northing"]),
        }
    )
    return record
