"""Agencies of the partnership, and how each one's files map onto the catalogue."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from csphub.catalogue import AgencyType, Dataset
from csphub.errors import BadInput, NotFound, UserError
from csphub.hub import Hub
from csphub.ingest.columns import normalise
from csphub.store import AgencyRow

AGENCY_ID = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$")


def register_agency(hub: Hub, agency_id: str, name: str, agency_type: AgencyType) -> AgencyRow:
    if not AGENCY_ID.fullmatch(agency_id):
        raise UserError(
            f"{agency_id!r} cannot be an agency id: use lower-case letters, digits and hyphens "
            "(up to 64), such as eastbrook-police."
        )
    if not name.strip():
        raise UserError("An agency needs a name (--name).")
    return hub.archive.add_agency(agency_id, name.strip(), str(agency_type))


def agency(hub: Hub, agency_id: str) -> AgencyRow:
    found = hub.archive.agency(agency_id)
    if found is None:
        raise NotFound(
            f"There is no agency {agency_id!r}.", hint="Run `csphub agencies` to list them."
        )
    return found


def _agency_dataset_field(hub: Hub, agency_id: str, dataset_id: str, field: str) -> Dataset:
    """Check the agency, dataset and field all exist; return the dataset."""
    agency(hub, agency_id)
    dataset = hub.dataset(dataset_id)
    if field not in dataset.field_names:
        raise NotFound(
            f"{dataset_id} has no field {field!r}.",
            hint=f"See `csphub datasets show {dataset_id}`.",
        )
    return dataset


def map_column(hub: Hub, agency_id: str, dataset_id: str, column: str, field: str) -> None:
    """From now on, ``column`` in this agency's files of this dataset means ``field``."""
    _agency_dataset_field(hub, agency_id, dataset_id, field)
    if not normalise(column):
        raise UserError("A column name needs at least one letter or digit.")
    hub.archive.set_column_map(agency_id, dataset_id, normalise(column), field)


def _dataset_code(dataset: Dataset, field_name: str, code: str) -> str:
    field = dataset.field(field_name)
    if field.constraints.enum is None:
        return code
    for candidate in field.constraints.enum:
        if candidate.lower() == code.lower():
            return candidate
    for category in field.categories:
        if category.label.lower() == code.lower():
            return category.value
    raise UserError(
        f"{code!r} is not one of the codes of {dataset.id}.{field_name}: "
        f"{', '.join(field.constraints.enum)}."
    )


def map_codes(
    hub: Hub, agency_id: str, dataset_id: str, field: str, entries: dict[str, str]
) -> int:
    """Translate this agency's local codes for ``field`` into the dataset's codes."""
    dataset = _agency_dataset_field(hub, agency_id, dataset_id, field)
    if not entries:
        raise UserError("Give at least one LOCAL=CODE pair or a file of them.")
    checked = {
        local.strip().lower(): _dataset_code(dataset, field, code.strip())
        for local, code in entries.items()
    }
    hub.archive.set_code_map(agency_id, dataset_id, field, checked)
    return len(checked)


def read_code_pairs(path: Path) -> dict[str, str]:
    """A CSV of two columns, local code then dataset code; a header row is allowed."""
    try:
        text = path.read_text("utf-8-sig")
    except FileNotFoundError:
        raise BadInput(str(path), "does not exist.") from None
    except UnicodeDecodeError:
        raise BadInput(str(path), "is not UTF-8 text.") from None
    pairs: dict[str, str] = {}
    for number, row in enumerate(csv.reader(io.StringIO(text)), start=1):
        if not row or not any(cell.strip() for cell in row):
            continue
        if len(row) != 2:
            raise BadInput(
                str(path),
                f"row {number} has {len(row)} columns; a code map has two: local code, code.",
            )
        if number == 1 and [c.strip().lower() for c in row] in (
            ["local", "code"],
            ["local_code", "code"],
        ):
            continue
        pairs[row[0]] = row[1]
    return pairs


def parse_code_pairs(items: list[str]) -> dict[str, str]:
    pairs = {}
    for item in items:
        if "=" not in item:
            raise UserError(f"{item!r} is not LOCAL=CODE.")
        local, code = item.split("=", 1)
        pairs[local] = code
    return pairs
