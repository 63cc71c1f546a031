"""Addresses as partners record them: realistic recording errors from the ``address-errors``
package (dropped flat numbers, abbreviations, missing localities, mis-keyed postcodes…), with a
label of which errors were applied, for the ground truth.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
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
    """Addresses as one source records them. Each call indexes only the streets of the addresses
    asked for (collisions happen between neighbours on a street and in a building, so that is all
    the realism needs), so memory follows the month's records, not the size of the town."""

    properties: pl.DataFrame
    seed: int
    style: str | None = None
    _calls: int = field(default=0, repr=False)

    def record(self, uprns: list[int]) -> list[Recorded]:
        """Each address as a partner might record it, errors and all."""
        if not uprns:
            return []
        from address_errors import Controls, Corruptor, add_context
        from address_errors.pipeline.reference import derive_columns

        streets = self.properties.filter(pl.col("uprn").is_in(uprns)).select("usrn").unique()
        nearby = self.properties.join(streets, on="usrn", how="semi").sort("uprn")
        rows = [_component(row) for row in nearby.iter_rows(named=True)]
        derive_columns(rows)
        rows = add_context(rows)
        self._calls += 1
        corruptor = Corruptor(
            _profile(),
            style=self.style,
            seed=self.seed * 100_003 + self._calls,
            rates="council" if self.style else "pooled",
            controls=Controls(prevalence=3.0),
        )
        corruptor.index(rows)
        generated = corruptor.generate([str(u) for u in uprns])
        return [
            Recorded(
                _title(row["recorded_address"]),
                row["recorded_postcode"] or "",
                ";".join(r for r in (row["applied_rules"], row.get("postcode_edit") or "") if r),
            )
            for row in generated
        ]


@cache
def _profile() -> Any:
    from address_errors import Profile

    return Profile.load()


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
            "name": (row["pao_text"] or "").upper(),  # a building's name: flats, shops, the station
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
