"""The fictional partnership area, "Eastbrook": areas, streets, properties and postcodes.

The town is laid out as nested rectangles: MSOAs on a grid, each split into LSOAs, each split
into output areas (OAs) of about 125 households. Inside an OA, streets run east to west with
numbered houses along both sides; estates have blocks of flats; the town centre has flats over
shops, licensed premises, the railway station, the bus station and the police station; the
suburbs have schools; next to the centre stands the hospital. Postcode units of 1 to 60
properties run along the streets, some with fewer than four (the depersonalisation rule is about
them), and a few terminated postcodes remain in the directory as they do in the real one.

All codes are fictional but well formed: postcode area EB (no real UK area), local authority
E06000999, OAs E009…, LSOAs E019…, MSOAs E029…, wards E059… .
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import polars as pl

from csphub.synth import vocabulary as v
from csphub.synth.rng import stream

TOWN = "Eastbrook"
LA_CODE = "E06000999"
LA_NAME = "Eastbrook"
COUNTY_CODE = "E99999999"  # ONSPD's code for "no county" (unitary authorities)
COUNTRY_CODE = "E92000001"
REGION_CODE = "E12000004"
FORCE_AREA_CODE = "E23000999"
FORCE_NAME = "Eastbrook Constabulary"
ORIGIN = (430_000, 260_000)  # south-west corner of the area, British National Grid metres

HOUSEHOLD_SIZE = 2.35
OA_HOUSEHOLDS = 125
_MSOA_SIDE = 1_100  # metres, an urban MSOA
_INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
_DISTRICT_LETTERS = "ABCDEFGHJKMNPRSTUVWXY"

# AddressBase-style classification codes for what the area holds.
CLASS = {
    "house": "RD03",
    "terrace": "RD04",
    "flat": "RD06",
    "block": "PP",
    "shop": "CR01",
    "licensed": "CR06",
    "school": "CE03",
    "hospital": "CM02",
    "station": "CT08",
    "bus_station": "CT08",
    "police_station": "CX01",
    "farm": "RD02",
}
RESIDENTIAL = {"house", "terrace", "flat", "farm"}


@dataclass(frozen=True)
class Geography:
    oas: pl.DataFrame  # oa, lsoa, msoa, ward, locality, kind, x0, y0, x1, y1, households
    areas: (
        pl.DataFrame
    )  # level, code, name, parent, x0, y0, x1, y1 (rectangles; wards: see geometry)
    ward_geometry: dict[str, object]  # ward code → shapely geometry (unions of LSOA rectangles)
    properties: pl.DataFrame
    postcodes: pl.DataFrame
    stops: pl.DataFrame  # bus and local-rail stops: line, kind, seq, easting, northing, street

    def features(self, *kinds: str) -> pl.DataFrame:
        return self.properties.filter(pl.col("kind").is_in(list(kinds)))

    @property
    def residential(self) -> pl.DataFrame:
        return self.properties.filter(pl.col("residential"))


# --------------------------------------------------------------------------- areas


def _sizes(rng: np.random.Generator, total: int, low: int, high: int) -> list[int]:
    """Split ``total`` items into consecutive groups of ``low`` to ``high`` (a smaller last group
    joins its neighbour)."""
    sizes: list[int] = []
    left = total
    while left > 0:
        size = min(left, int(rng.integers(low, high + 1)))
        if 0 < left - size < low and sizes:
            size = left
        sizes.append(size)
        left -= size
    return sizes


def _areas(seed: int, people: int) -> tuple[pl.DataFrame, pl.DataFrame, dict[str, object]]:
    rng = stream(seed, "geography", "areas")
    households = max(40, round(people / HOUSEHOLD_SIZE))
    n_oa = max(1, round(households / OA_HOUSEHOLDS))
    oa_households = rng.normal(OA_HOUSEHOLDS, 18, n_oa).clip(70, 190).round().astype(int)
    oa_households = np.maximum(
        1, (oa_households * households / oa_households.sum()).round().astype(int)
    )
    lsoa_sizes = _sizes(rng, n_oa, 4, 6)
    msoa_sizes = _sizes(rng, len(lsoa_sizes), 4, 6)
    n_msoa = len(msoa_sizes)
    columns = math.ceil(math.sqrt(n_msoa))
    rows = math.ceil(n_msoa / columns)
    centre_index = (rows // 2) * columns + columns // 2 if n_msoa > 1 else 0
    centre_index = min(centre_index, n_msoa - 1)
    localities = list(v.LOCALITIES)
    rng.shuffle(localities)

    # The town centre: a few OAs of the central MSOA, more for a bigger town.
    centre_oas = int(np.clip(people // 6_000, 1, 60))
    oa_rows, area_rows = [], []
    oa_number = lsoa_number = 0
    centre_left = centre_oas
    for m, n_lsoa in enumerate(msoa_sizes):
        grid_row, grid_col = divmod(m, columns)
        if grid_row % 2:  # serpentine, so that consecutive MSOAs are neighbours
            grid_col = columns - 1 - grid_col
        x0 = ORIGIN[0] + grid_col * _MSOA_SIDE
        y0 = ORIGIN[1] + grid_row * _MSOA_SIDE
        distance = abs(grid_row - centre_index // columns) + abs(grid_col - centre_index % columns)
        msoa = f"E02{900001 + m:06d}"
        msoa_name = f"{LA_NAME} {m + 1:03d}"
        locality = localities[m % len(localities)] + (
            "" if m < len(localities) else f" {m // len(localities) + 1}"
        )
        area_rows.append(
            ("msoa", msoa, msoa_name, LA_CODE, x0, y0, x0 + _MSOA_SIDE, y0 + _MSOA_SIDE)
        )
        msoa_lsoas = lsoa_sizes[lsoa_number : lsoa_number + n_lsoa]
        width = _MSOA_SIDE / n_lsoa
        for li, n_oa_here in enumerate(msoa_lsoas):
            lsoa = f"E01{900001 + lsoa_number:06d}"
            lsoa_name = f"{msoa_name}{_letters(li)}"
            lx0, lx1 = x0 + li * width, x0 + (li + 1) * width
            area_rows.append(
                ("lsoa", lsoa, lsoa_name, msoa, round(lx0), y0, round(lx1), y0 + _MSOA_SIDE)
            )
            heights = oa_households[oa_number : oa_number + n_oa_here].astype(float)
            edges = y0 + np.concatenate([[0.0], np.cumsum(heights) / heights.sum()]) * _MSOA_SIDE
            for oi in range(n_oa_here):
                if m == centre_index and centre_left > 0:
                    kind = "centre"
                    centre_left -= 1
                elif distance <= 1 and rng.random() < 0.45:
                    kind = "estate"
                elif distance >= 3 and distance >= max(rows, columns) - 1 and rng.random() < 0.5:
                    kind = "rural"
                else:
                    kind = "estate" if rng.random() < 0.12 else "suburb"
                oa = f"E00{900001 + oa_number:06d}"
                oa_rows.append(
                    (
                        oa,
                        lsoa,
                        msoa,
                        locality,
                        kind,
                        round(lx0),
                        round(edges[oi]),
                        round(lx1),
                        round(edges[oi + 1]),
                        int(oa_households[oa_number]),
                    )
                )
                area_rows.append(
                    (
                        "oa",
                        oa,
                        oa,
                        lsoa,
                        round(lx0),
                        round(edges[oi]),
                        round(lx1),
                        round(edges[oi + 1]),
                    )
                )
                oa_number += 1
            lsoa_number += 1
    oas = pl.DataFrame(
        oa_rows,
        orient="row",
        schema=["oa", "lsoa", "msoa", "locality", "kind", "x0", "y0", "x1", "y1", "households"],
    )
    areas = pl.DataFrame(
        area_rows, orient="row", schema=["level", "code", "name", "parent", "x0", "y0", "x1", "y1"]
    )
    wards, geometry = _wards(rng, areas)
    oas = oas.join(wards.select("lsoa", "ward"), on="lsoa", how="left")
    ward_rows = (
        wards.group_by("ward", "ward_name", maintain_order=True)
        .agg(pl.col("x0").min(), pl.col("y0").min(), pl.col("x1").max(), pl.col("y1").max())
        .select(
            pl.lit("ward").alias("level"),
            pl.col("ward").alias("code"),
            pl.col("ward_name").alias("name"),
            pl.lit(LA_CODE).alias("parent"),
            "x0",
            "y0",
            "x1",
            "y1",
        )
    )
    la_row = areas.filter(pl.col("level") == "msoa").select(
        pl.lit("la").alias("level"),
        pl.lit(LA_CODE).alias("code"),
        pl.lit(LA_NAME).alias("name"),
        pl.lit(REGION_CODE).alias("parent"),
        pl.col("x0").min(),
        pl.col("y0").min(),
        pl.col("x1").max(),
        pl.col("y1").max(),
    )
    areas = pl.concat([areas, ward_rows.cast(areas.schema), la_row.cast(areas.schema)])
    return (
        oas.select(
            "oa", "lsoa", "msoa", "ward", "locality", "kind", "x0", "y0", "x1", "y1", "households"
        ),
        areas,
        geometry,
    )


def _letters(index: int) -> str:
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    return letters[index] if index < 26 else letters[index // 26 - 1] + letters[index % 26]


def _wards(rng: np.random.Generator, areas: pl.DataFrame) -> tuple[pl.DataFrame, dict[str, object]]:
    """Wards: runs of 3 to 5 consecutive LSOAs, so their edges cut across MSOAs as real wards do."""
    from shapely import box, union_all

    lsoas = areas.filter(pl.col("level") == "lsoa")
    sizes = _sizes(rng, lsoas.height, 3, 5) if lsoas.height >= 3 else [lsoas.height]
    ward_of: list[int] = [w for w, size in enumerate(sizes) for _ in range(size)]
    names = [name for name in v.LOCALITIES for _ in range(1)]
    frame = (
        lsoas.select(pl.col("code").alias("lsoa"), "x0", "y0", "x1", "y1")
        .with_columns(pl.Series("number", ward_of))
        .with_columns(
            ("E05" + (pl.col("number") + 900001).cast(pl.String).str.zfill(6)).alias("ward"),
            pl.col("number")
            .map_elements(lambda n: _ward_name(names, n), return_dtype=pl.String)
            .alias("ward_name"),
        )
    )
    geometry = {}
    for ward, group in frame.group_by("ward", maintain_order=True):
        geometry[str(ward[0])] = union_all(
            [box(*row) for row in group.select("x0", "y0", "x1", "y1").iter_rows()]
        )
    return frame, geometry


def _ward_name(names: list[str], number: int) -> str:
    base = names[(number * 7 + 3) % len(names)]
    return (
        f"{base} and {names[(number * 11 + 5) % len(names)]}"
        if number >= len(names)
        else f"{base} Ward"
    )


# --------------------------------------------------------------------------- streets and properties


@dataclass
class _Builder:
    rng: np.random.Generator
    street_names: dict[str, set[str]]  # locality → names used
    next_uprn: int = 910_000_000_001
    next_usrn: int = 91_000_001
    rows: list[tuple[object, ...]] | None = None

    def street(self, locality: str) -> tuple[int, str]:
        used = self.street_names.setdefault(locality, set())
        for _ in range(50):
            stem = v.STREET_STEMS[int(self.rng.integers(len(v.STREET_STEMS)))]
            kinds, weights = zip(*v.STREET_TYPES, strict=True)
            suffix = kinds[int(self.rng.choice(len(kinds), p=np.asarray(weights) / sum(weights)))]
            name = f"{stem} {suffix}"
            if name not in used:
                break
        else:
            name = f"{stem} {suffix} {len(used)}"
        used.add(name)
        usrn = self.next_usrn
        self.next_usrn += 1
        return usrn, name

    def add(
        self,
        *,
        usrn: int,
        street: str,
        locality: str,
        kind: str,
        x: float,
        y: float,
        oa: tuple,
        number: str = "",
        text: str = "",
        sao: str = "",
        parent: int | None = None,
    ) -> int:
        uprn = self.next_uprn
        self.next_uprn += 1
        assert self.rows is not None
        self.rows.append(
            (uprn, usrn, parent, sao, number, text, street, locality, kind, round(x), round(y), *oa)
        )
        return uprn


_PROPERTY_SCHEMA = {
    "uprn": pl.Int64,
    "usrn": pl.Int64,
    "parent_uprn": pl.Int64,
    "sao": pl.String,
    "pao_number": pl.String,
    "pao_text": pl.String,
    "street": pl.String,
    "locality": pl.String,
    "kind": pl.String,
    "easting": pl.Int32,
    "northing": pl.Int32,
    "oa": pl.String,
    "lsoa": pl.String,
    "msoa": pl.String,
    "ward": pl.String,
    "oa_kind": pl.String,
}


def _properties(seed: int, oas: pl.DataFrame, people: int) -> pl.DataFrame:
    rng = stream(seed, "geography", "properties")
    builder = _Builder(rng, {}, rows=[])
    pubs = iter(_cycle(v.PUB_NAMES))
    shops = iter(_cycle(v.SHOP_NAMES))
    blocks = iter(_cycle(v.BLOCK_NAMES))
    for oa, lsoa, msoa, ward, locality, kind, x0, y0, x1, y1, households in oas.iter_rows():
        area = (oa, lsoa, msoa, ward, kind)
        per_street = 44 if kind != "rural" else 25
        n_streets = max(1, math.ceil(households / per_street))
        left = households
        for s in range(n_streets):
            here = left // (n_streets - s)
            left -= here
            usrn, street = builder.street(locality)
            y = y0 + (s + 0.5) * (y1 - y0) / n_streets
            if kind == "centre":
                _centre_street(
                    builder, rng, usrn, street, locality, area, x0, x1, y, here, pubs, shops
                )
            elif kind == "estate":
                _estate_street(builder, rng, usrn, street, locality, area, x0, x1, y, here, blocks)
            else:
                _houses(builder, rng, usrn, street, locality, area, x0, x1, y, here, kind)
    properties = pl.DataFrame(builder.rows, orient="row", schema=_PROPERTY_SCHEMA)
    return _services(seed, properties, people)


def _cycle(names: list[str]):
    round_ = 0
    while True:
        for name in names:
            yield name if round_ == 0 else f"{name} {round_ + 1}"
        round_ += 1


def _houses(b: _Builder, rng, usrn, street, locality, area, x0, x1, y, count, kind) -> None:
    house_kind = "farm" if kind == "rural" else ("terrace" if rng.random() < 0.5 else "house")
    for i in range(count):
        number = i + 1
        side = 1 if number % 2 else -1
        x = x0 + (i // 2 + 0.5) * (x1 - x0) / max(1, math.ceil(count / 2))
        text = ""
        if kind == "rural" and rng.random() < 0.35:  # a named cottage without a number
            text, number_text = (
                f"{v.STREET_STEMS[int(rng.integers(len(v.STREET_STEMS)))]} Cottage",
                "",
            )
        else:
            number_text = str(number)
        b.add(
            usrn=usrn,
            street=street,
            locality=locality,
            kind=house_kind,
            x=x,
            y=y + side * 12,
            oa=area,
            number=number_text,
            text=text,
        )


def _estate_street(
    b: _Builder, rng, usrn, street, locality, area, x0, x1, y, count, blocks
) -> None:
    flats = int(count * 0.6)
    houses = count - flats
    _houses(b, rng, usrn, street, locality, area, x0, (x0 + x1) / 2, y, houses, "suburb")
    placed = 0
    block_number = 0
    while placed < flats:
        size = min(flats - placed, int(rng.integers(6, 25)))
        x = (x0 + x1) / 2 + (block_number + 0.5) * (x1 - x0) / 2 / max(1, math.ceil(flats / 15))
        parent = b.add(
            usrn=usrn,
            street=street,
            locality=locality,
            kind="block",
            x=x,
            y=y - 15,
            oa=area,
            text=f"{next(blocks)} House",
        )
        for f in range(size):
            b.add(
                usrn=usrn,
                street=street,
                locality=locality,
                kind="flat",
                x=x,
                y=y - 15,
                oa=area,
                sao=f"Flat {f + 1}",
                text=_text_of(b, parent),
                parent=parent,
            )
        placed += size
        block_number += 1


def _text_of(b: _Builder, uprn: int) -> str:
    assert b.rows is not None
    first = int(b.rows[0][0])  # type: ignore[call-overload]
    return str(b.rows[uprn - first][5])


def _centre_street(
    b: _Builder, rng, usrn, street, locality, area, x0, x1, y, count, pubs, shops
) -> None:
    """Shops and licensed premises at street level, flats above some of them."""
    frontages = max(4, count // 2)
    homes = 0
    for i in range(frontages):
        number = str(i + 1)
        x = x0 + (i // 2 + 0.5) * (x1 - x0) / max(1, math.ceil(frontages / 2))
        side = 1 if i % 2 else -1
        is_pub = rng.random() < 0.15
        kind, name = ("licensed", next(pubs)) if is_pub else ("shop", next(shops))
        parent = b.add(
            usrn=usrn,
            street=street,
            locality=locality,
            kind=kind,
            x=x,
            y=y + side * 10,
            oa=area,
            number=number,
            text=name,
        )
        upstairs = min(count - homes, 0 if is_pub else int(rng.integers(0, 4)))
        for f in range(upstairs):
            b.add(
                usrn=usrn,
                street=street,
                locality=locality,
                kind="flat",
                x=x,
                y=y + side * 10,
                oa=area,
                number=number,
                sao=f"Flat {'ABCD'[f]}",
                parent=parent,
            )
        homes += upstairs
    while homes < count:  # the rest of the centre's homes: flats in blocks
        size = min(count - homes, int(rng.integers(8, 30)))
        block = b.add(
            usrn=usrn,
            street=street,
            locality=locality,
            kind="block",
            x=x1 - 20,
            y=y,
            oa=area,
            text=f"{v.BLOCK_NAMES[homes % len(v.BLOCK_NAMES)]} Court",
        )
        for f in range(size):
            b.add(
                usrn=usrn,
                street=street,
                locality=locality,
                kind="flat",
                x=x1 - 20,
                y=y,
                oa=area,
                sao=f"Flat {f + 1}",
                text=_text_of(b, block),
                parent=block,
            )
        homes += size


def _services(seed: int, properties: pl.DataFrame, people: int) -> pl.DataFrame:
    """Schools, the hospital, the railway station, the bus station and the police station: each
    takes a place on an existing street of the right kind of area."""
    rng = stream(seed, "geography", "services")
    wanted = [
        ("station", "Eastbrook Railway Station", 1, "centre"),
        ("bus_station", "Eastbrook Bus Station", 1, "centre"),
        ("police_station", "Eastbrook Police Station", 1, "centre"),
        (
            "hospital",
            "Eastbrook General Hospital",
            max(1, people // 150_000),
            "estate|suburb|centre",
        ),
        ("school", "Primary School", max(1, people // 2_500), "suburb|estate|rural"),
        ("school", "Academy", max(1, people // 8_000), "suburb|estate"),
    ]
    streets = properties.group_by("usrn", maintain_order=True).agg(
        pl.first("street", "locality", "oa", "lsoa", "msoa", "ward", "oa_kind"),
        pl.col("easting").max().alias("x"),
        pl.col("northing").mean().round().cast(pl.Int32).alias("y"),
    )
    next_uprn = int(properties["uprn"].max()) + 1  # type: ignore[arg-type]
    rows: list[dict[str, object]] = []
    for kind, name, count, where in wanted:
        candidates = streets.filter(pl.col("oa_kind").str.contains(f"^({where})$"))
        if candidates.height == 0:
            candidates = streets
        chosen = rng.choice(candidates.height, size=min(count, candidates.height), replace=False)
        for n, index in enumerate(sorted(chosen)):
            s = candidates.row(int(index), named=True)
            label = (
                name
                if kind != "school"
                else f"{s['locality'].split()[0]} {name}{'' if n == 0 else f' {n + 1}'}"
            )
            rows.append(
                {
                    "uprn": next_uprn,
                    "usrn": s["usrn"],
                    "parent_uprn": None,
                    "sao": "",
                    "pao_number": "",
                    "pao_text": label,
                    "street": s["street"],
                    "locality": s["locality"],
                    "kind": kind,
                    "easting": s["x"] + 25,
                    "northing": s["y"],
                    "oa": s["oa"],
                    "lsoa": s["lsoa"],
                    "msoa": s["msoa"],
                    "ward": s["ward"],
                    "oa_kind": s["oa_kind"],
                }
            )
            next_uprn += 1
    return pl.concat([properties, pl.DataFrame(rows, schema=_PROPERTY_SCHEMA)])


# --------------------------------------------------------------------------- postcodes


def _unit_sizes(rng: np.random.Generator, count: int) -> list[int]:
    """Postcode units along a street: mostly around 15 properties, some of 1 to 3, none over 60."""
    sizes = []
    left = count
    while left > 0:
        size = (
            int(rng.integers(1, 4))
            if rng.random() < 0.09
            else int(np.clip(rng.lognormal(2.6, 0.45), 4, 60))
        )
        size = min(size, left)
        sizes.append(size)
        left -= size
    return sizes


def _outward(sector_index: int) -> tuple[str, int]:
    district = sector_index // 10 + 1
    if district <= 99:
        return f"EB{district}", sector_index % 10
    extra = district - 100
    return (
        f"EB{extra % 99 + 1}{_DISTRICT_LETTERS[(extra // 99) % len(_DISTRICT_LETTERS)]}",
        sector_index % 10,
    )


def _units() -> list[str]:
    return [a + b for a in _INWARD_LETTERS for b in _INWARD_LETTERS]


def _postcodes(seed: int, properties: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Give every property a postcode; blocks of flats share one; sectors span a few LSOAs."""
    rng = stream(seed, "geography", "postcodes")
    units = _units()
    lsoa_order = {code: i for i, code in enumerate(properties["lsoa"].unique(maintain_order=True))}
    postcode_of: dict[int, str] = {}
    sector_next: dict[tuple[str, int], int] = {}
    for _, street in properties.group_by("usrn", maintain_order=True):
        sector_index = lsoa_order[street["lsoa"][0]] // 4
        outward, sector = _outward(sector_index)
        # a block's flats stay together in one unit
        groups = street.with_columns(pl.coalesce("parent_uprn", "uprn").alias("group"))
        members = groups.group_by("group", maintain_order=True).agg(pl.col("uprn"))
        queue = [list(m) for m in members["uprn"]]
        sizes = _unit_sizes(rng, sum(len(m) for m in queue))
        for size in sizes:
            unit_members: list[int] = []
            while queue and len(unit_members) < size:
                unit_members += queue.pop(0)
            if not unit_members:
                break
            n = sector_next.get((outward, sector), 0)
            sector_next[(outward, sector)] = n + 1
            postcode = f"{outward} {sector}{units[n % len(units)]}"
            if n >= len(units):  # a sector this full spills into the next sector number
                postcode = f"{outward} {(sector + n // len(units)) % 10}{units[n % len(units)]}"
            for uprn in unit_members:
                postcode_of[uprn] = postcode
        if queue:  # any left over join the last unit
            for group_members in queue:
                for uprn in group_members:
                    postcode_of[uprn] = postcode
    properties = properties.with_columns(
        pl.col("uprn").replace_strict(postcode_of, return_dtype=pl.String).alias("postcode")
    )
    # Large users: one business that is a postcode of its own.
    big = properties.filter(pl.col("kind").is_in(["hospital", "station", "police_station"]))
    for uprn, lsoa in big.select("uprn", "lsoa").iter_rows():
        outward, sector = _outward(lsoa_order[lsoa] // 4)
        n = sector_next.get((outward, sector), 0)
        sector_next[(outward, sector)] = n + 1
        postcode_of[uprn] = f"{outward} {sector}{units[(len(units) - 1 - n) % len(units)]}"
    properties = properties.with_columns(
        pl.col("uprn").replace_strict(postcode_of, return_dtype=pl.String).alias("postcode")
    )
    large = set(big["uprn"].to_list())
    directory = properties.group_by("postcode", maintain_order=True).agg(
        pl.col("easting").mean().round().cast(pl.Int32),
        pl.col("northing").mean().round().cast(pl.Int32),
        pl.first("oa", "lsoa", "msoa", "ward"),
        pl.len().alias("properties"),
        pl.col("uprn").is_in(list(large)).any().alias("large_user"),
    )
    dointr = rng.integers(1980, 2021, directory.height) * 100 + rng.integers(
        1, 13, directory.height
    )
    directory = directory.with_columns(
        pl.Series("dointr", [f"{d}" for d in dointr]),
        pl.lit("").alias("doterm"),
        pl.when(pl.col("large_user")).then(pl.lit("1")).otherwise(pl.lit("0")).alias("usertype"),
    ).drop("large_user")
    return properties, _with_terminated(rng, directory, sector_next, units)


def _with_terminated(rng, directory: pl.DataFrame, sector_next, units) -> pl.DataFrame:
    """About 3% more postcodes, terminated: no properties now, kept in the directory."""
    count = max(1, directory.height * 3 // 100)
    picks = rng.choice(directory.height, size=count, replace=False)
    rows = []
    for index in sorted(picks):
        near = directory.row(int(index), named=True)
        outward, inward = near["postcode"].split(" ")
        sector = int(inward[0])
        n = sector_next.get((outward, sector), 0)
        sector_next[(outward, sector)] = n + 1
        if n >= len(units):
            continue
        start = int(rng.integers(1985, 2010))
        rows.append(
            {
                **near,
                "postcode": f"{outward} {sector}{units[n]}",
                "easting": near["easting"] + int(rng.integers(-60, 61)),
                "northing": near["northing"] + int(rng.integers(-60, 61)),
                "properties": 0,
                "dointr": f"{start}{int(rng.integers(1, 13)):02d}",
                "doterm": f"{int(rng.integers(start + 2, 2025))}{int(rng.integers(1, 13)):02d}",
                "usertype": "0",
            }
        )
    return pl.concat([directory, pl.DataFrame(rows, schema=directory.schema)]).sort("postcode")


# --------------------------------------------------------------------------- transport


def _stops(seed: int, properties: pl.DataFrame, oas: pl.DataFrame) -> pl.DataFrame:
    """Bus routes from the bus station out to the edges; a local rail line across the town."""
    rng = stream(seed, "geography", "stops")
    station = properties.filter(pl.col("kind") == "bus_station").row(0, named=True)
    rail = properties.filter(pl.col("kind") == "station").row(0, named=True)
    streets = properties.group_by("usrn", maintain_order=True).agg(
        pl.first("street"),
        pl.col("easting").mean().round().cast(pl.Int32),
        pl.col("northing").mean().round().cast(pl.Int32),
    )
    rows = []
    n_routes = int(np.clip(oas.height // 40 + 2, 2, 40))
    for route in range(n_routes):
        ends = streets.sample(n=1, seed=int(rng.integers(2**31))).row(0, named=True)
        n_stops = int(rng.integers(6, 16))
        for seq in range(n_stops):
            t = seq / (n_stops - 1)
            x = station["easting"] + t * (ends["easting"] - station["easting"])
            y = station["northing"] + t * (ends["northing"] - station["northing"])
            near = (
                streets.with_columns(
                    ((pl.col("easting") - x) ** 2 + (pl.col("northing") - y) ** 2).alias("d")
                )
                .sort("d")
                .row(0, named=True)
            )
            rows.append((f"{route + 1}", "bus", seq + 1, round(x), round(y), near["street"]))
    extent = oas.select(pl.col("x0").min(), pl.col("x1").max()).row(0)
    n_rail = int(np.clip(oas.height // 60 + 3, 3, 12))
    for seq in range(n_rail):
        x = extent[0] + (seq + 0.5) * (extent[1] - extent[0]) / n_rail
        rows.append(
            (
                "Eastbrook Line",
                "rail",
                seq + 1,
                round(x),
                rail["northing"],
                f"{v.LOCALITIES[seq % len(v.LOCALITIES)]} stop",
            )
        )
    return pl.DataFrame(
        rows, orient="row", schema=["line", "kind", "seq", "easting", "northing", "street"]
    )


# --------------------------------------------------------------------------- the whole


def build_geography(seed: int, people: int) -> Geography:
    oas, areas, ward_geometry = _areas(seed, people)
    properties = _properties(seed, oas, people)
    properties, postcodes = _postcodes(seed, properties)
    properties = properties.with_columns(
        pl.lit(TOWN).alias("town"),
        pl.col("kind").replace_strict(CLASS, return_dtype=pl.String).alias("classification"),
        pl.col("kind").is_in(sorted(RESIDENTIAL)).alias("residential"),
    ).sort("uprn")
    return Geography(
        oas, areas, ward_geometry, properties, postcodes, _stops(seed, properties, oas)
    )
