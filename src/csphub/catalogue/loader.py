"""Reading and checking dataset descriptors.

A descriptor is checked three ways before the hub will use it: against the Table Schema
specification (with frictionless), against the hub's extension schema
(``extension.schema.json``), and for the cross-references neither schema can express
(primary key and period fields exist, codes match their labels, patterns compile).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Mapping
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from csphub.catalogue.model import (
    DEFAULT_LOCATION,
    GEOCODER_PARTS,
    AgencyType,
    Category,
    Constraints,
    Dataset,
    Field,
    FieldKind,
    FieldType,
    Label,
    OnInvalid,
    PrivacyRole,
    Tier,
)
from csphub.errors import BadDescriptor

if TYPE_CHECKING:
    import jsonschema

_DATE_TYPES = {FieldType.DATE, FieldType.DATETIME, FieldType.YEARMONTH}
_NUMERIC_TYPES = {FieldType.INTEGER, FieldType.NUMBER}
_KIND_TYPES: dict[FieldKind, set[FieldType]] = {
    FieldKind.POSTCODE: {FieldType.STRING},
    FieldKind.ADDRESS: {FieldType.STRING},
    FieldKind.AREA_CODE: {FieldType.STRING},
    FieldKind.AREA_NAME: {FieldType.STRING},
    FieldKind.NAME: {FieldType.STRING},
    FieldKind.UPRN: {FieldType.INTEGER, FieldType.STRING},
    FieldKind.EASTING: _NUMERIC_TYPES,
    FieldKind.NORTHING: _NUMERIC_TYPES,
    FieldKind.LATITUDE: {FieldType.NUMBER},
    FieldKind.LONGITUDE: {FieldType.NUMBER},
    FieldKind.DATE_OF_BIRTH: {FieldType.DATE},
    FieldKind.AGE: {FieldType.INTEGER},
    FieldKind.PERSON: {FieldType.STRING, FieldType.INTEGER},
}


@cache
def _extension_validator() -> jsonschema.protocols.Validator:
    import jsonschema  # only descriptors being registered are checked; most commands need none

    text = resources.files("csphub.catalogue").joinpath("extension.schema.json").read_text("utf-8")
    schema = json.loads(text)
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    return validator_class(schema)


def _table_schema_problems(descriptor: Mapping[str, Any]) -> list[str]:
    from frictionless import Schema  # heavy import, only needed when checking descriptors

    report = Schema.validate_descriptor(dict(descriptor))
    return [f"Table Schema: {row[0]}" for row in report.flatten(["note"])]


def _extension_problems(descriptor: Mapping[str, Any]) -> list[str]:
    problems = []
    for error in sorted(_extension_validator().iter_errors(descriptor), key=lambda e: e.path):
        where = "/".join(str(part) for part in error.absolute_path) or "(top)"
        problems.append(f"{where}: {error.message}")
    return problems


def _check_bound(value: float | str | None, ftype: FieldType, where: str) -> list[str]:
    if value is None:
        return []
    if ftype in _NUMERIC_TYPES:
        return [] if isinstance(value, int | float) else [f"{where} must be a number"]
    if ftype == FieldType.DATE:
        try:
            dt.date.fromisoformat(str(value))
        except ValueError:
            return [f"{where} must be an ISO date"]
        return []
    return [f"{where} is only allowed on numeric and date fields"]


def _field_problems(raw: Mapping[str, Any], index: int) -> list[str]:
    where = f"fields/{index} ({raw.get('name', '?')})"
    problems: list[str] = []
    ftype = FieldType(raw["type"])
    constraints = raw.get("constraints", {})
    enum = constraints.get("enum")
    categories = raw.get("categories")
    if enum is not None and ftype not in {FieldType.STRING, FieldType.INTEGER}:
        problems.append(f"{where}: codes (enum) are only allowed on string and integer fields")
    if enum is not None and len(set(enum)) != len(enum):
        problems.append(f"{where}: codes (enum) repeat")
    if categories is not None:
        values = [c["value"] for c in categories]
        if enum is None:
            problems.append(f"{where}: categories given without constraints.enum")
        elif values != list(enum):
            problems.append(f"{where}: categories must list exactly the enum codes, in order")
    pattern = constraints.get("pattern")
    if pattern is not None:
        if ftype != FieldType.STRING:
            problems.append(f"{where}: a pattern is only allowed on string fields")
        try:
            re.compile(pattern)
        except re.error as error:
            problems.append(f"{where}: pattern does not compile ({error})")
    problems += _check_bound(constraints.get("minimum"), ftype, f"{where}: minimum")
    problems += _check_bound(constraints.get("maximum"), ftype, f"{where}: maximum")
    kind = raw.get("kind")
    if kind is not None and ftype not in _KIND_TYPES[FieldKind(kind)]:
        problems.append(f"{where}: a {kind} field cannot have type {ftype}")
    return problems


def _cross_reference_problems(descriptor: Mapping[str, Any]) -> list[str]:
    fields = descriptor["fields"]
    names = [f["name"] for f in fields]
    problems: list[str] = []
    repeated = sorted({n for n in names if names.count(n) > 1})
    if repeated:
        problems.append(f"field names repeat: {', '.join(repeated)}")
    for index, raw in enumerate(fields):
        problems += _field_problems(raw, index)
    by_name = {f["name"]: f for f in fields}
    for key in descriptor.get("primaryKey", []):
        if key not in by_name:
            problems.append(f"primaryKey names a field that does not exist: {key}")
        elif not by_name[key].get("constraints", {}).get("required"):
            problems.append(f"primaryKey field {key} must be required")
    problems += _location_problems(fields)
    period = descriptor.get("periodField")
    if period is not None:
        if period not in by_name:
            problems.append(f"periodField names a field that does not exist: {period}")
        elif FieldType(by_name[period]["type"]) not in _DATE_TYPES:
            problems.append(f"periodField {period} must be a date, datetime or yearmonth field")
    return problems


def _location_problems(fields: list[Mapping[str, Any]]) -> list[str]:
    """Each place (group) has at most one field of each locating kind but the address (an
    address may run over several fields), and coordinates in pairs. A person reference's group
    is a place (their home), of at most one person."""
    problems: list[str] = []
    groups: dict[str, list[str]] = {}
    residents: dict[str, list[str]] = {}
    for raw in fields:
        kind = raw.get("kind")
        if kind in {k.value for k in GEOCODER_PARTS}:
            groups.setdefault(raw.get("group") or DEFAULT_LOCATION, []).append(kind)
        elif kind == FieldKind.PERSON.value:
            if raw.get("privacy") != PrivacyRole.REFERENCE.value:
                problems.append(f"person field {raw['name']} must have privacy 'reference'")
            if raw.get("group"):
                residents.setdefault(raw["group"], []).append(raw["name"])
    for group, names in residents.items():
        if group not in groups:
            problems.append(
                f"person field {names[0]} names location {group!r} as their home, "
                "but no field locates it"
            )
        if len(names) > 1:
            problems.append(f"location {group!r} is the home of more than one person field")
    for group, kinds in groups.items():
        for kind in sorted(set(kinds) - {FieldKind.ADDRESS.value}):
            if kinds.count(kind) > 1:
                problems.append(f"location {group!r} has more than one {kind} field")
        for one, other in (("easting", "northing"), ("latitude", "longitude")):
            if (one in kinds) != (other in kinds):
                problems.append(
                    f"location {group!r} has {one if one in kinds else other} "
                    f"without {other if one in kinds else one}"
                )
    return problems


def check_descriptor(descriptor: Any, source: str, *, table_schema: bool = True) -> None:
    """Raise :class:`BadDescriptor` listing every problem found, or return quietly.

    ``table_schema=False`` skips the schema checks (Table Schema with frictionless, and the
    hub's extension schema) and keeps only the cross-references: for descriptors shipped with
    the hub, which the test suite checks in full, and those checked in full when registered."""
    if not isinstance(descriptor, Mapping):
        raise BadDescriptor(source, ["the descriptor must be a JSON object"])
    problems = _extension_problems(descriptor) if table_schema else []
    if not problems:
        standard = _table_schema_problems(descriptor) if table_schema else []
        problems = standard + _cross_reference_problems(descriptor)
    if problems:
        raise BadDescriptor(source, problems)


def _constraints(raw: Mapping[str, Any]) -> Constraints:
    enum = raw.get("enum")
    return Constraints(
        required=bool(raw.get("required", False)),
        enum=tuple(enum) if enum is not None else None,
        pattern=raw.get("pattern"),
        minimum=raw.get("minimum"),
        maximum=raw.get("maximum"),
        min_length=raw.get("minLength"),
        max_length=raw.get("maxLength"),
    )


def _field(raw: Mapping[str, Any]) -> Field:
    return Field(
        name=raw["name"],
        type=FieldType(raw["type"]),
        privacy=PrivacyRole(raw["privacy"]),
        title=raw.get("title", ""),
        description=raw.get("description", ""),
        constraints=_constraints(raw.get("constraints", {})),
        categories=tuple(Category(c["value"], c["label"]) for c in raw.get("categories", [])),
        kind=FieldKind(raw["kind"]) if "kind" in raw else None,
        group=raw.get("group"),
        aliases=tuple(raw.get("aliases", [])),
    )


def parse_descriptor(
    descriptor: Any, source: str, *, builtin: bool = False, checked_before: bool = False
) -> Dataset:
    """Check a descriptor and turn it into a :class:`Dataset`. Descriptors shipped with the
    hub (``builtin``) or fully checked when registered (``checked_before``) skip the slow
    Table Schema check."""
    check_descriptor(descriptor, source, table_schema=not (builtin or checked_before))
    return Dataset(
        id=descriptor["id"],
        title=descriptor["title"],
        description=descriptor.get("description", ""),
        guidance=descriptor.get("guidance", ""),
        agency_types=tuple(AgencyType(t) for t in descriptor["agencyTypes"]),
        tier=Tier(descriptor["tier"]),
        label=Label(descriptor["label"]),
        on_invalid=OnInvalid(descriptor.get("onInvalid", "quarantine")),
        period_field=descriptor.get("periodField"),
        primary_key=tuple(descriptor.get("primaryKey", [])),
        missing_values=tuple(descriptor.get("missingValues", [""])),
        fields=tuple(_field(f) for f in descriptor["fields"]),
        builtin=builtin,
        descriptor=descriptor,
    )


def read_descriptor_file(path: Path) -> Any:
    """Read a descriptor file as JSON, with a clear error for anything that is not JSON."""
    source = str(path)
    try:
        text = path.read_text("utf-8-sig")
    except FileNotFoundError:
        raise BadDescriptor(source, ["the file does not exist"]) from None
    except UnicodeDecodeError:
        raise BadDescriptor(source, ["the file is not UTF-8 text"]) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        where = f"line {error.lineno}, column {error.colno}"
        raise BadDescriptor(source, [f"not valid JSON at {where} ({error.msg})"]) from None


def builtin_descriptors() -> Iterable[tuple[str, Any]]:
    folder = resources.files("csphub.catalogue").joinpath("datasets")
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".json"):
            yield entry.name, json.loads(entry.read_text("utf-8"))


@cache
def builtin_datasets() -> tuple[Dataset, ...]:
    """Every dataset shipped with the hub, checked. Cached: the files are part of the package."""
    datasets = []
    for name, descriptor in builtin_descriptors():
        dataset = parse_descriptor(descriptor, f"catalogue/datasets/{name}", builtin=True)
        if name != f"{dataset.id}.json":
            raise BadDescriptor(name, [f"file name must be {dataset.id}.json"])
        datasets.append(dataset)
    return tuple(datasets)
