"""The shipped minimum dataset catalogue: what it contains, and that it fits real files."""

from __future__ import annotations

import csv
import re
from functools import cache
from pathlib import Path

import pytest

from csphub.catalogue import Dataset, Label, PrivacyRole, Tier, builtin_datasets
from csphub.catalogue.loader import check_descriptor
from csphub.errors import BadDescriptor

REPO = Path(__file__).resolve().parents[2]
POLICE_UK = REPO.parent / "shared" / "reference-data" / "police-uk"

# File (in POLICE_UK) -> the dataset it is a supply of.
POLICE_UK_FILES = {
    "2022-01-thames-valley-street.csv": "policeuk-street",
    "2022-01-thames-valley-outcomes.csv": "policeuk-outcomes",
    "2022-01-thames-valley-stop-and-search.csv": "policeuk-stop-search",
}

# The police.uk columns that carry codes (enum). Outcome categories are deliberately free text:
# police.uk adds and renames them.
POLICE_UK_CODED = {
    "2022-01-thames-valley-street.csv": {"Crime type"},
    "2022-01-thames-valley-outcomes.csv": set(),
    "2022-01-thames-valley-stop-and-search.csv": {"Type", "Gender", "Age range"},
}

# Every shipped dataset with its tier and label: guidance Tables 1 and 2 and the §3.2 headings,
# the Home Office Data Hub returns, and the data.police.uk downloads.
EXPECTED = {
    "police-crime-offence": ("core", "depersonalised"),
    "police-crime-offender": ("core", "depersonalised"),
    "police-crime-victim": ("core", "depersonalised"),
    "police-incidents": ("core", "depersonalised"),
    "council-asb": ("core", "depersonalised"),
    "fire-incidents": ("core", "depersonalised"),
    "probation-oasys": ("core", "depersonalised"),
    "yos-assessments": ("core", "depersonalised"),
    "ppo": ("core", "sensitive_personal"),
    "prison-releases": ("peripheral", "personal"),
    "yoi-releases": ("peripheral", "personal"),
    "drug-treatment-adults": ("peripheral", "depersonalised"),
    "drug-treatment-young-people": ("peripheral", "depersonalised"),
    "ae-assaults": ("peripheral", "depersonalised"),
    "hospital-drug-alcohol-admissions": ("peripheral", "depersonalised"),
    "ambulance-calls": ("peripheral", "depersonalised"),
    "btp-crimes": ("peripheral", "depersonalised"),
    "local-rail-incidents": ("peripheral", "depersonalised"),
    "bus-incidents": ("peripheral", "depersonalised"),
    "school-exclusions": ("peripheral", "depersonalised"),
    "ea-illegal-dumping": ("peripheral", "personal"),
    "ea-illegal-waste-sites": ("peripheral", "personal"),
    "police-stop-search": ("peripheral", "depersonalised"),
    "police-drug-tests": ("peripheral", "depersonalised"),
    "police-detections": ("peripheral", "depersonalised"),
    "hodh-crime": ("core", "depersonalised"),
    "hodh-hr-employee": ("core", "personal"),
    "hodh-hr-rank": ("core", "personal"),
    "hodh-hr-abstraction": ("core", "personal"),
    "hodh-hr-assignment": ("core", "personal"),
    "hodh-applicant": ("core", "personal"),
    "policeuk-street": ("peripheral", "depersonalised"),
    "policeuk-outcomes": ("peripheral", "depersonalised"),
    "policeuk-stop-search": ("peripheral", "depersonalised"),
}


def normalise(name: str) -> str:
    """How headers are matched to fields: case, spaces and punctuation ignored."""
    return re.sub(r"[^a-z0-9]", "", name.lower())


def by_id() -> dict[str, Dataset]:
    return {dataset.id: dataset for dataset in builtin_datasets()}


@cache
def read_police_uk(file_name: str) -> tuple[list[str], list[dict[str, str]]]:
    with (POLICE_UK / file_name).open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        rows = list(reader)
        return list(reader.fieldnames or []), rows


def field_for_header(dataset: Dataset, header: str):
    matches = [f for f in dataset.fields if normalise(f.name) == normalise(header)]
    assert len(matches) == 1, f"{dataset.id}: header {header!r} matches {len(matches)} fields"
    return matches[0]


def test_exactly_the_expected_datasets_load():
    ids = [dataset.id for dataset in builtin_datasets()]
    assert len(ids) == len(set(ids)) == 34
    assert set(ids) == set(EXPECTED)


@pytest.mark.parametrize("dataset_id", sorted(EXPECTED))
def test_tier_and_label_follow_the_guidance(dataset_id):
    dataset = by_id()[dataset_id]
    assert (dataset.tier.value, dataset.label.value) == EXPECTED[dataset_id]


def test_every_guidance_subsection_is_cited():
    cited = set()
    for dataset in builtin_datasets():
        cited |= {int(n) for n in re.findall(r"§3\.2\.(\d+)(?![\d.])", dataset.guidance)}
    assert set(range(1, 23)) <= cited, f"not cited: {sorted(set(range(1, 23)) - cited)}"


def test_home_office_data_hub_returns_cite_the_report_and_reject_invalid_supplies():
    hodh = [d for d in builtin_datasets() if d.id.startswith("hodh-")]
    assert len(hodh) == 6
    for dataset in hodh:
        assert "14 October 2010" in dataset.guidance, dataset.id
        assert re.search(r"Appendix 1 [AB]\b", dataset.guidance), dataset.id
        assert dataset.on_invalid.value == "reject", dataset.id
        assert [t.value for t in dataset.agency_types] == ["police"], dataset.id


def test_hodh_crime_follows_scirg_not_the_wish_list():
    names = {f.name for f in by_id()["hodh-crime"].fields}
    kinds = {f.kind.value for f in by_id()["hodh-crime"].fields if f.kind}
    # SCIRG: middle super output area rather than geocode or postcode, and no age, gender or
    # ethnicity of victims and offenders.
    assert "msoa_code" in names
    identifying = {"postcode", "address", "easting", "northing", "latitude", "longitude"}
    assert not kinds & (identifying | {"age", "date_of_birth"})
    assert not any("gender" in n or "ethnicity" in n for n in names)


def test_every_dataset_has_label_tier_description_and_guidance():
    for dataset in builtin_datasets():
        assert isinstance(dataset.label, Label), dataset.id
        assert isinstance(dataset.tier, Tier), dataset.id
        assert dataset.agency_types, dataset.id
        assert dataset.description.strip(), dataset.id
        assert dataset.guidance.strip(), dataset.id


def test_every_field_has_a_privacy_role_and_a_title():
    for dataset in builtin_datasets():
        for field in dataset.fields:
            assert isinstance(field.privacy, PrivacyRole), f"{dataset.id}.{field.name}"
            assert field.title.strip(), f"{dataset.id}.{field.name}"


def test_location_fields_say_which_place_they_belong_to():
    for dataset in builtin_datasets():
        for field in dataset.fields:
            if field.privacy is PrivacyRole.LOCATION:
                assert field.group, f"{dataset.id}.{field.name} has no group"


def test_the_homes_of_people_named_by_a_reference():
    """An offender's nominal and a patient's number name one person across the agency's
    records; a victim's number is only the victim's place in one crime's list."""
    homes = {
        (dataset.id, place.name): place.resident
        for dataset in builtin_datasets()
        for place in dataset.locations
        if place.resident
    }
    assert homes == {
        ("ae-assaults", "home"): "patient_reference",
        ("ambulance-calls", "home"): "patient_reference",
        ("police-crime-offender", "home"): "offender_reference",
        ("ppo", "home"): "offender_reference",
    }


def test_a_person_reference_must_be_a_reference_and_live_at_a_place():
    descriptor = {
        "id": "tenancies",
        "title": "Tenancies",
        "agencyTypes": ["council"],
        "tier": "peripheral",
        "label": "personal",
        "fields": [
            {"name": "tenant", "type": "string", "privacy": "quasi_identifier", "kind": "person",
             "group": "home"},
            {"name": "lodger", "type": "string", "privacy": "reference", "kind": "person",
             "group": "home"},
            {"name": "guest", "type": "string", "privacy": "reference", "kind": "person",
             "group": "hotel"},
            {"name": "home_address", "type": "string", "privacy": "location", "kind": "address",
             "group": "home"},
        ],
    }  # fmt: skip

    with pytest.raises(BadDescriptor) as refused:
        check_descriptor(descriptor, "tenancies.json")

    assert refused.value.problems == [
        "person field tenant must have privacy 'reference'",
        "location 'home' is the home of more than one person field",
        "person field guest names location 'hotel' as their home, but no field locates it",
    ]


def test_primary_keys_list_only_required_fields():
    keyed = [d for d in builtin_datasets() if d.primary_key]
    assert keyed
    for dataset in keyed:
        for name in dataset.primary_key:
            assert dataset.field(name).required, f"{dataset.id}: key field {name} is optional"


def test_police_uk_datasets_have_no_primary_key_and_read_only_blanks_as_missing():
    for dataset_id in POLICE_UK_FILES.values():
        dataset = by_id()[dataset_id]
        assert dataset.primary_key == ()
        assert dataset.missing_values == ("",)


def test_no_two_fields_of_a_dataset_answer_to_the_same_column_name():
    for dataset in builtin_datasets():
        owner: dict[str, str] = {}
        for field in dataset.fields:
            # columns are matched against a field's name, title and aliases
            for name in {normalise(n) for n in (field.name, field.title, *field.aliases)}:
                assert name not in owner, (
                    f"{dataset.id}: {name!r} names both {owner[name]} and {field.name}"
                )
                owner[name] = field.name


@pytest.mark.parametrize("file_name", sorted(POLICE_UK_FILES))
def test_every_police_uk_header_maps_onto_exactly_one_field(file_name):
    dataset = by_id()[POLICE_UK_FILES[file_name]]
    headers, _ = read_police_uk(file_name)
    assert headers
    mapped = [field_for_header(dataset, header).name for header in headers]
    assert len(set(mapped)) == len(headers)


@pytest.mark.parametrize("file_name", sorted(POLICE_UK_FILES))
def test_every_police_uk_value_of_a_coded_field_is_one_of_its_codes(file_name):
    dataset = by_id()[POLICE_UK_FILES[file_name]]
    headers, rows = read_police_uk(file_name)
    coded = {h: field_for_header(dataset, h) for h in headers}
    coded = {h: f for h, f in coded.items() if f.constraints.enum}
    assert set(coded) == POLICE_UK_CODED[file_name]
    for header, field in coded.items():
        values = {row[header].strip() for row in rows} - {""}
        assert values, f"{file_name}: column {header!r} is empty"
        unknown = values - set(field.constraints.enum)
        assert not unknown, f"{dataset.id}.{field.name}: {sorted(unknown)} are not codes"


@pytest.mark.parametrize("file_name", sorted(POLICE_UK_FILES))
def test_police_uk_required_fields_are_filled_and_values_fit_constraints(file_name):
    dataset = by_id()[POLICE_UK_FILES[file_name]]
    headers, rows = read_police_uk(file_name)
    for header in headers:
        field = field_for_header(dataset, header)
        values = [row[header].strip() for row in rows]
        if field.required:
            assert all(values), f"{dataset.id}.{field.name} is required but blank in {file_name}"
        filled = [v for v in values if v]
        if field.constraints.pattern:
            pattern = re.compile(field.constraints.pattern)
            bad = sorted({v for v in filled if not pattern.fullmatch(v)})
            assert not bad, f"{dataset.id}.{field.name}: {bad[:5]} do not match the pattern"
        if field.type.value == "number":
            numbers = [float(v) for v in filled]
            low, high = field.constraints.minimum, field.constraints.maximum
            assert low is None or all(n >= low for n in numbers), f"{dataset.id}.{field.name}"
            assert high is None or all(n <= high for n in numbers), f"{dataset.id}.{field.name}"
        if field.type.value == "boolean":
            assert set(filled) <= {"True", "False"}, f"{dataset.id}.{field.name}"
