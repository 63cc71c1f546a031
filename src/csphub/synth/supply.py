"""Turning a month's true records into the file an agency would send, and keeping the truth.

A dataset's :class:`Plan` names its agency, how to render its true records, the agency's column
names and local codes. :func:`write_supply` formats the records in the agency's house
:class:`Style`, injects :class:`Faults`, writes the file (CSV, XLSX or JSON) with its guidance
§3.4 metadata, and returns what the hub should make of it: how many rows it will read, and how
many it should quarantine (the rows with a *hard* fault, one that breaks a rule of the dataset).

*Soft* faults — typing slips in names, addresses recorded with errors, optional values left
out, a keyless record sent twice, dates in another accepted form — are what an analyst's data
looks like; the hub stores them. Every fault is written to the ground truth with its file, row
and field.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl

from csphub.catalogue import Catalogue, Dataset, FieldKind, FieldType, OnInvalid
from csphub.ingest.columns import normalise, resolve
from csphub.synth.world import Month, World

TRUTH_PREFIX = "__"
# At most this many of a supply's addresses go through the address-errors model; the rest are
# written as the gazetteer has them.
ADDRESS_MODEL_CAP = 5_000
Renderer = Callable[[World, Month], pl.DataFrame]


@dataclass(frozen=True)
class Style:
    """How an agency writes its files."""

    file_format: str = "csv"  # csv, xlsx or json
    encoding: str = "utf-8"  # utf-8, utf-8-sig or cp1252
    delimiter: str = ","
    line_end: str = "\r\n"
    date_formats: tuple[str, ...] = ("%d/%m/%Y",)  # the first is the usual one
    mixed_dates: float = 0.0  # share of rows in the other forms
    time_format: str = "%H:%M"
    datetime_format: str = "%Y-%m-%d %H:%M:%S"
    flags: tuple[str, str] = ("Y", "N")
    missing: str = ""
    upper_case: bool = False  # names and addresses in capitals


@dataclass(frozen=True)
class Faults:
    """Rates, per row, of the faults an agency's files carry."""

    typo: float = 0.03  # soft: a slip in a name or free text
    address: float = 1.0  # soft: addresses as recorded by the address-errors model (most clean)
    missing_optional: float = 0.02  # soft: an optional value left out
    duplicate: float = 0.003  # hard when the dataset has a key, soft when not
    invalid_code: float = 0.003  # hard: a value outside the dataset's codes
    bad_date: float = 0.002  # hard: an impossible date
    missing_required: float = 0.001  # hard: a required value left out
    out_of_period: float = 0.001  # hard: a date outside the supply's month


NO_FAULTS = Faults(0, 0, 0, 0, 0, 0, 0, 0)


@dataclass(frozen=True)
class Plan:
    dataset: str
    agency: str
    render: Renderer
    headers: dict[str, str]  # field → the agency's column name; fields left out are not supplied
    local_codes: dict[str, dict[str, str]] = field(
        default_factory=dict
    )  # field → code → local code
    style: Style | None = None  # None: the agency's house style
    faults: Faults = field(default_factory=Faults)
    text_fields: tuple[str, ...] = ()  # names and free text where typing slips happen
    address_fields: dict[str, str] = field(
        default_factory=dict
    )  # address field → its UPRN truth column
    postcode_fields: dict[str, str] = field(
        default_factory=dict
    )  # postcode field → its address field
    monthly: bool = True  # False: supplied once, in the first month (a snapshot)
    caveats: tuple[str, ...] = ()


@cache
def published_headers(dataset_id: str) -> dict[str, str]:
    """Field → its title in the catalogue: the column names of files published in the
    catalogue's own layout (data.police.uk), which the catalogue's titles copy."""
    return {f.name: f.title for f in Catalogue.builtin().get(dataset_id).fields}


@dataclass(frozen=True)
class SupplyFile:
    path: Path
    metadata: Path
    dataset: str
    agency: str
    month: str
    rows: int
    expected_quarantined: int
    faults: int


# --------------------------------------------------------------------------- formatting


def _format_column(
    values: pl.Series, ftype: FieldType, style: Style, rng: np.random.Generator, decimals: int = 2
) -> pl.Series:
    if ftype == FieldType.DATE:
        usual = values.dt.strftime(style.date_formats[0])
        if style.mixed_dates and len(style.date_formats) > 1:
            other = rng.random(values.len()) < style.mixed_dates
            which = rng.integers(1, len(style.date_formats), values.len())
            for index in range(1, len(style.date_formats)):
                mask = pl.Series(other & (which == index))
                usual = usual.zip_with(~mask, values.dt.strftime(style.date_formats[index]))
        return usual
    if ftype == FieldType.TIME:
        return values.dt.strftime(style.time_format)
    if ftype == FieldType.DATETIME:
        return values.dt.strftime(style.datetime_format)
    if ftype == FieldType.BOOLEAN:
        return values.replace_strict(
            {True: style.flags[0], False: style.flags[1]}, return_dtype=pl.String
        )
    if ftype == FieldType.NUMBER:
        number = values.cast(pl.Float64)
        whole = number == number.round(0)
        return (
            number.round(0)
            .cast(pl.Int64)
            .cast(pl.String)
            .zip_with(whole.fill_null(True), number.round(decimals).cast(pl.String))
        )

    return values.cast(pl.String)


def _formatted(
    records: pl.DataFrame, dataset: Dataset, plan: Plan, style: Style, rng: np.random.Generator
) -> pl.DataFrame:
    columns = []
    for name in plan.headers:
        f = dataset.field(name)
        values = records[name]
        places = 6 if f.kind in (FieldKind.LATITUDE, FieldKind.LONGITUDE) else 2
        text = _format_column(values, f.type, style, rng, places)
        if name in plan.local_codes:
            text = text.replace(plan.local_codes[name])
        if style.upper_case and (
            f.kind in (FieldKind.NAME, FieldKind.ADDRESS) or name in plan.text_fields
        ):
            text = text.str.to_uppercase()
        columns.append(text.alias(name))
    return pl.DataFrame(columns) if columns else pl.DataFrame()


# --------------------------------------------------------------------------- faults


# A key and the key next to it on a UK keyboard.
_NEIGHBOURS = dict(zip("qwertyuiopasdfghjklzxcvbnm", "wertyuiopoasdfghjklkxcvbnm", strict=True))


def _typo(text: str, rng: np.random.Generator) -> str:
    if len(text) < 3:
        return text + text[-1:]
    i = int(rng.integers(1, len(text) - 1))
    kind = int(rng.integers(4))
    if kind == 0:  # swapped neighbours
        return text[:i] + text[i + 1] + text[i] + text[i + 2 :]
    if kind == 1:  # a letter dropped
        return text[:i] + text[i + 1 :]
    if kind == 2:  # a letter doubled
        return text[:i] + text[i] + text[i:]
    wrong = _NEIGHBOURS.get(text[i].lower(), text[i])
    return text[:i] + (wrong.upper() if text[i].isupper() else wrong) + text[i + 1 :]


@dataclass
class _Faulting:
    """Changes to the formatted records, collected and applied together at the end."""

    frame: pl.DataFrame  # strings, dataset field names
    truth: list[tuple[int, str, str, str]] = field(
        default_factory=list
    )  # index, field, fault, severity
    hard: set[int] = field(default_factory=set)
    changes: dict[str, dict[int, str | None]] = field(default_factory=dict)

    def value(self, index: int, name: str) -> str | None:
        pending = self.changes.get(name, {})
        return pending[index] if index in pending else self.frame[name][index]

    def set(
        self, index: int, name: str, value: str | None, fault: str | None, hard: bool = False
    ) -> None:
        self.changes.setdefault(name, {})[index] = value
        if fault is not None:
            self.truth.append((index, name, fault, "hard" if hard else "soft"))
        if hard:
            self.hard.add(index)

    def applied(self) -> pl.DataFrame:
        columns = []
        for name in self.frame.columns:
            column = self.frame[name]
            pending = self.changes.get(name)
            if pending:
                indices = sorted(pending)
                column = column.scatter(
                    indices, pl.Series([pending[i] for i in indices], dtype=pl.String)
                )
            columns.append(column)
        return pl.DataFrame(columns)


def _rows(rng: np.random.Generator, height: int, rate: float) -> list[int]:
    if height == 0 or rate <= 0:
        return []
    return sorted(
        set(
            rng.choice(
                height, size=min(height, int(rng.binomial(height, rate))), replace=False
            ).tolist()
        )
    )


def _inject(
    work: _Faulting,
    records: pl.DataFrame,
    dataset: Dataset,
    plan: Plan,
    style: Style,
    rng: np.random.Generator,
    month: Month,
) -> None:
    height = work.frame.height
    supplied = [dataset.field(n) for n in plan.headers]
    optional = [f.name for f in supplied if not f.required and f.name not in dataset.primary_key]
    coded = [f.name for f in supplied if f.constraints.enum is not None]
    dated = [f.name for f in supplied if f.type == FieldType.DATE]
    required = [f.name for f in supplied if f.required]
    for index in _rows(rng, height, plan.faults.typo):
        candidates = [n for n in plan.text_fields if n in plan.headers and work.value(index, n)]
        if candidates:
            name = candidates[int(rng.integers(len(candidates)))]
            work.set(index, name, _typo(str(work.value(index, name)), rng), "typo")
    for index in _rows(rng, height, plan.faults.missing_optional):
        filled = [n for n in optional if work.value(index, n) not in (None, "")]
        if filled:
            name = filled[int(rng.integers(len(filled)))]
            work.set(index, name, style.missing or None, "missing")
    for index in _rows(rng, height, plan.faults.invalid_code):
        if coded:
            name = coded[int(rng.integers(len(coded)))]
            work.set(index, name, "ZZ", "invalid_code", hard=True)
    for index in _rows(rng, height, plan.faults.bad_date):
        if dated:
            name = dated[int(rng.integers(len(dated)))]
            work.set(index, name, f"31/02/{month.year}", "impossible_date", hard=True)
    if (
        dataset.period_field in plan.headers
        and dataset.field(dataset.period_field).type == FieldType.DATE
    ):
        for index in _rows(rng, height, plan.faults.out_of_period):
            early = (month.first - dt.timedelta(days=int(rng.integers(40, 200)))).strftime(
                style.date_formats[0]
            )
            work.set(index, dataset.period_field, early, "out_of_period", hard=True)
    for index in _rows(rng, height, plan.faults.missing_required):
        if required:
            name = required[int(rng.integers(len(required)))]
            work.set(index, name, style.missing or None, "missing_required", hard=True)


def _duplicates(
    frame: pl.DataFrame,
    records: pl.DataFrame,
    work: _Faulting,
    dataset: Dataset,
    rng: np.random.Generator,
    rate: float,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Some rows sent twice, each copy straight after its original. With a key, the copy breaks
    the duplicate rule (hard); without one, it is stored twice (soft). Faults already recorded
    move with their rows."""
    copies = {i for i in _rows(rng, frame.height, rate) if i not in work.hard}
    if not copies:
        return frame, records
    order: list[int] = []
    moved: dict[int, int] = {}
    copy_rows: list[int] = []
    for index in range(frame.height):
        moved[index] = len(order)
        order.append(index)
        if index in copies:
            copy_rows.append(len(order))
            order.append(index)
    severity = "hard" if dataset.primary_key else "soft"
    work.truth = [(moved[i], n, f, s) for i, n, f, s in work.truth]
    work.truth += [(row, "", "duplicate_row", severity) for row in copy_rows]
    work.hard = {moved[i] for i in work.hard} | (set(copy_rows) if dataset.primary_key else set())
    take = pl.Series(order)
    return frame[take], records[take]


# --------------------------------------------------------------------------- writing


def _write(frame: pl.DataFrame, path: Path, style: Style) -> None:
    if style.file_format == "json":
        records = [
            {k: v for k, v in row.items() if v is not None} for row in frame.iter_rows(named=True)
        ]
        path.write_text(json.dumps(records, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    elif style.file_format == "xlsx":
        import xlsxwriter

        workbook = xlsxwriter.Workbook(str(path), {"constant_memory": True})
        workbook.set_properties({"created": dt.datetime(2026, 1, 1)})
        sheet = workbook.add_worksheet("Data")
        sheet.write_row(0, 0, frame.columns)
        for r, row in enumerate(frame.iter_rows(), start=1):
            for c, value in enumerate(row):
                if value is not None:
                    sheet.write_string(r, c, str(value))
        workbook.close()
    else:
        text = frame.write_csv(
            separator=style.delimiter, line_terminator=style.line_end, null_value=style.missing
        )
        path.write_bytes(text.encode(style.encoding, errors="replace"))


def _row_numbers(height: int, style: Style) -> pl.Series:
    """Where each record will be, as the hub reports it: spreadsheet rows (header is row 1) or
    JSON record numbers (from 1)."""
    offset = 1 if style.file_format == "json" else 2
    return pl.Series("row", np.arange(offset, height + offset))


def supply_name(plan: Plan, month: Month, style: Style) -> str:
    return f"{plan.agency}-{plan.dataset}-{month.label}.{style.file_format}"


def write_supply(
    world: World,
    plan: Plan,
    style: Style,
    month: Month,
    folder: Path,
    truth: Path,
    catalogue: Catalogue,
    addresses: Any,
) -> SupplyFile | None:
    """Render, format, fault and write one supply. None when the month has nothing to send."""
    dataset = catalogue.get(plan.dataset)
    records = plan.render(world, month)
    if records.height == 0:
        return None
    if style.missing not in dataset.missing_values:  # a token the dataset would read as a value
        style = replace(style, missing="")
    rng = world.rng("faults", plan.dataset, month.label)
    work = _Faulting(_formatted(records, dataset, plan, style, rng))
    _address_errors(work, records, plan, style, rng, addresses)
    _inject(work, records, dataset, plan, style, rng, month)
    frame, records = _duplicates(work.applied(), records, work, dataset, rng, plan.faults.duplicate)
    frame = frame.rename(plan.headers)
    name = supply_name(plan, month, style)
    path = folder / name
    _write(frame, path, style)
    metadata = _metadata(world, plan, dataset, style, month, frame)
    meta_path = folder / name.replace(f".{style.file_format}", ".meta.json")
    meta_path.write_text(json.dumps(metadata, indent=2, sort_keys=True) + "\n")
    _write_truth(truth, plan, month, style, records, work)
    # A dataset that rejects supplies with any invalid row loses the whole file to one fault.
    rejecting = dataset.on_invalid == OnInvalid.REJECT and work.hard
    expected = frame.height if rejecting else len(work.hard)
    return SupplyFile(
        path,
        meta_path,
        plan.dataset,
        plan.agency,
        month.label,
        frame.height,
        expected,
        len(work.truth),
    )


def _address_errors(
    work: _Faulting,
    records: pl.DataFrame,
    plan: Plan,
    style: Style,
    rng: np.random.Generator,
    addresses: Any,
) -> None:
    """Addresses as the agency records them (address-errors); their postcodes follow."""
    if addresses is None or plan.faults.address <= 0:
        return
    postcode_of = {address: postcode for postcode, address in plan.postcode_fields.items()}
    for address_field, uprn_column in plan.address_fields.items():
        if address_field not in plan.headers:
            continue
        uprns = records[uprn_column]
        pick = [i for i in _rows(rng, records.height, plan.faults.address) if uprns[i] is not None]
        if len(pick) > ADDRESS_MODEL_CAP:  # keep a national-scale month linear in its records
            pick = sorted(rng.choice(pick, size=ADDRESS_MODEL_CAP, replace=False).tolist())
        recorded = addresses.record([int(uprns[i]) for i in pick])
        postcode_field = postcode_of.get(address_field)
        readable = _readable_postcodes([e.postcode for e in recorded])
        for index, entry, ok in zip(pick, recorded, readable, strict=True):
            text = entry.address.upper() if style.upper_case else entry.address
            work.set(
                index, address_field, text, f"address:{entry.errors}" if entry.errors else None
            )
            if postcode_field in plan.headers and entry.postcode:
                # a mis-keyed postcode that is no longer a postcode at all breaks the type rule
                work.set(
                    index,
                    postcode_field,
                    entry.postcode,
                    None if ok else "unreadable_postcode",
                    hard=not ok,
                )


def _readable_postcodes(postcodes: list[str]) -> list[bool]:
    from csphub.ingest.cleaning import clean_postcode

    cleaned = clean_postcode(pl.Series(postcodes, dtype=pl.String))
    return [(p == "") or (c is not None) for p, c in zip(postcodes, cleaned.to_list(), strict=True)]


def _metadata(
    world: World, plan: Plan, dataset: Dataset, style: Style, month: Month, frame: pl.DataFrame
) -> dict[str, Any]:
    """Guidance §3.4, as the supplier fills it in."""
    return {
        "agency": plan.agency,
        "supplier": {
            "name": "Information Team",
            "organisation": plan.agency,
            "email": f"data@{plan.agency}.example.org",
        },
        "dataset": plan.dataset,
        "period": month.label,
        "file_format": style.file_format,
        "records_supplied": frame.height,
        "date_supplied": (month.last + dt.timedelta(days=5)).isoformat(),
        "fields": list(frame.columns),
        "field_explanations": {
            header: dataset.field(name).title
            for name, header in plan.headers.items()
            if normalise(header) != normalise(dataset.field(name).title)
        },
        "caveats": list(plan.caveats),
        "coding_systems": {
            plan.headers[name]: "local codes (see the partnership's code map)"
            for name in plan.local_codes
            if name in plan.headers
        },
        "geocoding_method": "Coordinates from the agency's own gazetteer"
        if any(dataset.field(n).kind == FieldKind.EASTING for n in plan.headers)
        else "",
    }


def _write_truth(
    truth: Path, plan: Plan, month: Month, style: Style, records: pl.DataFrame, work: _Faulting
) -> None:
    folder = truth / "records" / month.label
    folder.mkdir(parents=True, exist_ok=True)
    rows = _row_numbers(records.height, style)
    kept = [c for c in records.columns if c.startswith(TRUTH_PREFIX)]
    truth_frame = (
        records.select(kept).rename({c: c[len(TRUTH_PREFIX) :] for c in kept}).with_columns(rows)
    )
    truth_frame = truth_frame.select("row", pl.exclude("row")).with_columns(
        [
            pl.col(c).list.eval(pl.element().cast(pl.String)).list.join(";").alias(c)
            for c, t in truth_frame.schema.items()
            if isinstance(t, pl.List)
        ]
    )
    truth_frame.write_csv(folder / f"{plan.agency}-{plan.dataset}.csv")
    faults = (
        pl.DataFrame(work.truth, orient="row", schema=["index", "field", "fault", "severity"])
        .with_columns((pl.col("index") + (1 if style.file_format == "json" else 2)).alias("row"))
        .select("row", "field", "fault", "severity")
        .sort("row", "field", "fault")
    )
    faults_folder = truth / "faults" / month.label
    faults_folder.mkdir(parents=True, exist_ok=True)
    faults.write_csv(faults_folder / f"{plan.agency}-{plan.dataset}.csv")


# --------------------------------------------------------------------------- the partnership's maps


def column_maps(plan: Plan, catalogue: Catalogue) -> list[dict[str, str]]:
    """The column maps an analyst sets up so the hub reads this agency's headers: one for each
    header that the dataset's names, titles and aliases do not already resolve to its field,
    and for both headers when two would claim one field."""
    dataset = catalogue.get(plan.dataset)
    resolved = resolve(tuple(plan.headers.values()), dataset)
    claims: dict[str, int] = {}
    for target in resolved.values():
        claims[target] = claims.get(target, 0) + 1
    return [
        {"agency": plan.agency, "dataset": plan.dataset, "column": header, "field": name}
        for name, header in plan.headers.items()
        if resolved.get(header) != name or claims.get(name, 0) > 1
    ]


def code_maps(plan: Plan) -> list[dict[str, Any]]:
    return [
        {
            "agency": plan.agency,
            "dataset": plan.dataset,
            "field": name,
            "codes": {local: code for code, local in codes.items()},
        }
        for name, codes in plan.local_codes.items()
        if name in plan.headers
    ]
