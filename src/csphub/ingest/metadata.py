"""Supply metadata (guidance §3.4): what the supplier says about a file.

A metadata file is JSON. Every item of §3.4 has a key; all are optional, and what is given is
checked against the file (declared record count, field list, period, format) and kept with the
supply. Example::

    {
      "agency": "eastbrook-police",
      "supplier": {"name": "Data Team", "email": "data@example.org", "phone": "01234 567890"},
      "dataset": "police-crime-offence",
      "period": "2026-01",
      "file_format": "csv",
      "records_supplied": 1204,
      "date_supplied": "2026-02-03",
      "fields": ["Crime Ref", "HO Code", "..."],
      "field_explanations": {"HO Code": "Home Office classification, class/subclass"},
      "caveats": ["Occupation is often blank"],
      "coding_systems": {"Ethnicity": "16+1 self-defined"},
      "geocoding_method": "Easting/northing from the force's gazetteer (UPRN)"
    }
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from csphub.errors import BadInput


class Supplier(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str | None = None
    organisation: str | None = None
    email: str | None = None
    phone: str | None = None


class PeriodRange(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    start: dt.date
    end: dt.date


class SupplyMetadata(BaseModel):
    """Guidance §3.4, item by item."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    agency: str | None = Field(
        None, description="Name (id) of the agency supplying the information"
    )
    supplier: Supplier | None = Field(None, description="Name and contact details of supplier")
    dataset: str | None = Field(None, description="Dataset name (catalogue id)")
    period: str | PeriodRange | None = Field(None, description="Time period covered")
    file_format: str | None = Field(None, description="File format")
    records_supplied: int | None = Field(None, ge=0, description="Number of records supplied")
    date_supplied: dt.date | None = Field(None, description="Date supplied")
    fields: list[str] | None = Field(
        None, description="List of datafields contained in the dataset"
    )
    field_explanations: dict[str, str] | None = Field(None, description="Explanation of datafields")
    caveats: list[str] | None = Field(None, description="Caveats and considerations on use")
    coding_systems: dict[str, str] | None = Field(None, description="Coding systems used")
    geocoding_method: str | None = Field(None, description="How coordinates were determined")

    @field_validator("caveats", mode="before")
    @classmethod
    def _caveats_as_list(cls, value: Any) -> Any:
        return [value] if isinstance(value, str) else value

    def period_text(self) -> str | None:
        if self.period is None:
            return None
        if isinstance(self.period, PeriodRange):
            return f"{self.period.start.isoformat()}..{self.period.end.isoformat()}"
        return self.period

    def as_json(self) -> dict[str, Any]:
        return self.model_dump(mode="json", exclude_none=True)


def read_metadata(path: Path) -> SupplyMetadata:
    """Read and check a metadata file. Errors name the item, never its value."""
    name = str(path)
    try:
        raw = json.loads(path.read_text("utf-8-sig"))
    except FileNotFoundError:
        raise BadInput(name, "does not exist.") from None
    except UnicodeDecodeError:
        raise BadInput(name, "is not UTF-8 text.") from None
    except json.JSONDecodeError as error:
        raise BadInput(
            name, f"is not valid JSON (line {error.lineno}, column {error.colno})."
        ) from None
    try:
        return SupplyMetadata.model_validate(raw)
    except ValidationError as error:
        problems = []
        for item in error.errors(include_input=False, include_url=False):
            where = ".".join(str(p) for p in item["loc"]) or "(top)"
            problems.append(f"{where}: {item['msg']}")
        raise BadInput(name, f"is not valid supply metadata: {'; '.join(problems)}.") from None
