"""What a minimum dataset is: its fields, their types, constraints and privacy roles."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class FieldType(StrEnum):
    """Table Schema field types the hub stores."""

    STRING = "string"
    INTEGER = "integer"
    NUMBER = "number"
    BOOLEAN = "boolean"
    DATE = "date"
    TIME = "time"
    DATETIME = "datetime"
    YEARMONTH = "yearmonth"


class PrivacyRole(StrEnum):
    """What a field is, from the point of view of disclosure."""

    DIRECT_IDENTIFIER = "direct_identifier"  # names, pay numbers: identify on their own
    QUASI_IDENTIFIER = "quasi_identifier"  # age, gender, ethnicity: identify in combination
    SENSITIVE = "sensitive"  # the attribute that must not be learned (offence, health, flags)
    LOCATION = "location"  # addresses, postcodes, coordinates, areas
    REFERENCE = "reference"  # a record or person reference number that links files
    DATETIME = "datetime"  # dates and times of events
    OTHER = "other"


class Label(StrEnum):
    """The guidance's label for the data as shared (guidance §3.2)."""

    PERSONAL = "personal"
    SENSITIVE_PERSONAL = "sensitive_personal"
    DEPERSONALISED = "depersonalised"


class Tier(StrEnum):
    """Core datasets are shared routinely (guidance Table 1); peripheral as needed (Table 2)."""

    CORE = "core"
    PERIPHERAL = "peripheral"


class AgencyType(StrEnum):
    POLICE = "police"
    COUNCIL = "council"
    FIRE = "fire"
    PROBATION = "probation"
    YOS = "yos"
    HEALTH = "health"
    AMBULANCE = "ambulance"
    TRANSPORT = "transport"
    SCHOOL = "school"
    ENVIRONMENT_AGENCY = "environment-agency"
    PRISON = "prison"
    OTHER = "other"


class OnInvalid(StrEnum):
    """A dataset's policy for a supply with invalid rows."""

    QUARANTINE = "quarantine"  # store the valid rows, quarantine the rest with their reasons
    REJECT = "reject"  # store nothing; the supplier corrects and resends


class FieldKind(StrEnum):
    """What a field means to cleaning and geocoding, beyond its type."""

    POSTCODE = "postcode"
    ADDRESS = "address"
    EASTING = "easting"
    NORTHING = "northing"
    LATITUDE = "latitude"
    LONGITUDE = "longitude"
    AREA_CODE = "area_code"  # an ONS GSS code such as an LSOA (E01…) or MSOA (E02…)
    AREA_NAME = "area_name"
    UPRN = "uprn"  # a property's Unique Property Reference Number
    NAME = "name"  # a person's or organisation's name
    DATE_OF_BIRTH = "date_of_birth"
    AGE = "age"
    # A reference naming one person in every record of the supplying agency (an offender's
    # nominal number, a patient's number): not one record's. With a group, that place is the
    # person's home, so a home matched in one of their records helps settle another's.
    PERSON = "person"


# The kinds of field the geocoder reads, and the name it knows each by.
GEOCODER_PARTS: dict[FieldKind, str] = {
    FieldKind.ADDRESS: "address",
    FieldKind.POSTCODE: "postcode",
    FieldKind.EASTING: "easting",
    FieldKind.NORTHING: "northing",
    FieldKind.LATITUDE: "lat",
    FieldKind.LONGITUDE: "lon",
    FieldKind.UPRN: "uprn",
    FieldKind.AREA_CODE: "area",
}
DEFAULT_LOCATION = "location"


@dataclass(frozen=True)
class Location:
    """One place a record describes (where an offence happened, where a person lives): the
    fields that locate it, geocoded together."""

    name: str  # the fields' group
    inputs: tuple[tuple[str, str], ...]  # (geocoder part, field name); addresses in order
    resident: str | None = None  # the person reference field whose home this place is

    def fields_of(self, part: str) -> tuple[str, ...]:
        return tuple(field for p, field in self.inputs if p == part)


@dataclass(frozen=True)
class Category:
    value: str
    label: str


@dataclass(frozen=True)
class Constraints:
    required: bool = False
    enum: tuple[str, ...] | None = None
    pattern: str | None = None
    minimum: float | str | None = None
    maximum: float | str | None = None
    min_length: int | None = None
    max_length: int | None = None


@dataclass(frozen=True)
class Field:
    name: str
    type: FieldType
    privacy: PrivacyRole
    title: str = ""
    description: str = ""
    constraints: Constraints = field(default_factory=Constraints)
    categories: tuple[Category, ...] = ()
    kind: FieldKind | None = None
    group: str | None = None
    aliases: tuple[str, ...] = ()

    @property
    def required(self) -> bool:
        return self.constraints.required

    def label_of(self, code: str) -> str:
        for category in self.categories:
            if category.value == code:
                return category.label
        return code


@dataclass(frozen=True)
class Dataset:
    id: str
    title: str
    agency_types: tuple[AgencyType, ...]
    tier: Tier
    label: Label
    fields: tuple[Field, ...]
    description: str = ""
    guidance: str = ""
    on_invalid: OnInvalid = OnInvalid.QUARANTINE
    period_field: str | None = None
    primary_key: tuple[str, ...] = ()
    missing_values: tuple[str, ...] = ("",)
    builtin: bool = True
    descriptor: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def field(self, name: str) -> Field:
        for candidate in self.fields:
            if candidate.name == name:
                return candidate
        raise KeyError(name)

    @property
    def field_names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)

    @property
    def required_fields(self) -> tuple[Field, ...]:
        return tuple(f for f in self.fields if f.required)

    @property
    def locations(self) -> tuple[Location, ...]:
        """The places this dataset's records describe, in the order their fields come."""
        groups: dict[str, list[tuple[str, str]]] = {}
        residents: dict[str, str] = {}
        for f in self.fields:
            if f.kind in GEOCODER_PARTS:
                groups.setdefault(f.group or DEFAULT_LOCATION, []).append(
                    (GEOCODER_PARTS[f.kind], f.name)
                )
            elif f.kind == FieldKind.PERSON and f.group:
                residents[f.group] = f.name
        return tuple(
            Location(name, tuple(inputs), residents.get(name)) for name, inputs in groups.items()
        )

    @property
    def table_name(self) -> str:
        """The archive table holding this dataset's records."""
        return "rec_" + self.id.replace("-", "_")
