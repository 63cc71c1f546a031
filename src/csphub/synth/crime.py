"""Crimes: the month's recorded offences, with where, when, who did it and who suffered it.

One frame a month, shared by every dataset that describes crime. Each crime type follows a
scenario that sets its place, its time and its people:

* ``nte`` — night-time economy: at licensed premises in the centre, Friday and Saturday nights;
* ``domestic`` — at the victim's home, by a partner or ex-partner, evenings;
* ``home`` — at a residential address (burglaries, with near-repeats on the same street days later);
* ``shop`` — at a shop, in opening hours; the victim is the business;
* ``vehicle`` — on a residential street at night;
* ``street`` / ``centre`` — in public, afternoons and evenings.

Offenders are drawn by their offending propensity, mostly from near the crime; victims by their
victimisation propensity (so repeat victims emerge), or as the scenario dictates.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import polars as pl

from csphub.synth.rng import pick_rows
from csphub.synth.world import Month, World

RATE_PER_PERSON_YEAR = 0.085  # recorded crime, England and Wales order of magnitude
SEASON = [0.92, 0.88, 0.95, 0.98, 1.04, 1.08, 1.12, 1.10, 1.02, 1.02, 0.96, 0.93]


@dataclass(frozen=True)
class Offence:
    code: str
    title: str
    category: str  # data.police.uk category
    weight: int
    scenarios: tuple[tuple[str, float], ...]
    detection: float  # share detected (an offender recorded)
    person_victim: bool


OFFENCES = [
    Offence(
        "105/01",
        "Assault without injury",
        "Violence and sexual offences",
        18,
        (("nte", 0.35), ("domestic", 0.35), ("street", 0.30)),
        0.12,
        True,
    ),
    Offence(
        "008/06",
        "Assault with injury",
        "Violence and sexual offences",
        9,
        (("nte", 0.35), ("domestic", 0.35), ("street", 0.30)),
        0.15,
        True,
    ),
    Offence(
        "008/01",
        "Wounding with intent (GBH)",
        "Violence and sexual offences",
        3,
        (("nte", 0.5), ("domestic", 0.2), ("street", 0.3)),
        0.25,
        True,
    ),
    Offence(
        "195/12",
        "Harassment",
        "Violence and sexual offences",
        3,
        (("domestic", 0.6), ("street", 0.4)),
        0.10,
        True,
    ),
    Offence(
        "058/03",
        "Criminal damage to a vehicle",
        "Criminal damage and arson",
        6,
        (("vehicle", 1.0),),
        0.04,
        True,
    ),
    Offence(
        "058/01",
        "Criminal damage to a dwelling",
        "Criminal damage and arson",
        4,
        (("home", 1.0),),
        0.06,
        True,
    ),
    Offence("046/00", "Shoplifting", "Shoplifting", 8, (("shop", 1.0),), 0.22, False),
    Offence(
        "125/10",
        "Public fear, alarm or distress",
        "Public order",
        7,
        (("nte", 0.6), ("street", 0.4)),
        0.18,
        True,
    ),
    Offence("045/00", "Theft from a vehicle", "Vehicle crime", 5, (("vehicle", 1.0),), 0.03, True),
    Offence(
        "048/00",
        "Theft or unauthorised taking of a vehicle",
        "Vehicle crime",
        3,
        (("vehicle", 1.0),),
        0.08,
        True,
    ),
    Offence("028/01", "Burglary in a dwelling", "Burglary", 4, (("home", 1.0),), 0.05, True),
    Offence(
        "030/01", "Burglary of business premises", "Burglary", 3, (("shop", 1.0),), 0.05, False
    ),
    Offence(
        "092/41", "Possession of cannabis", "Drugs", 4, (("nte", 0.4), ("street", 0.6)), 0.95, False
    ),
    Offence(
        "049/00", "Other theft", "Other theft", 6, (("street", 0.5), ("centre", 0.5)), 0.05, True
    ),
    Offence(
        "039/00",
        "Theft from the person",
        "Theft from the person",
        2,
        (("centre", 1.0),),
        0.04,
        True,
    ),
    Offence(
        "034/01",
        "Robbery of personal property",
        "Robbery",
        2,
        (("street", 0.6), ("centre", 0.4)),
        0.12,
        True,
    ),
    Offence(
        "010/01",
        "Possession of an article with a blade",
        "Possession of weapons",
        2,
        (("nte", 0.5), ("street", 0.5)),
        0.90,
        False,
    ),
    Offence(
        "044/00", "Bicycle theft", "Bicycle theft", 2, (("centre", 0.5), ("home", 0.5)), 0.02, True
    ),
]
BY_CODE = {o.code: o for o in OFFENCES}

# Detection outcomes (police-detections codes) of a detected crime, and the police.uk wording.
OUTCOMES = [
    ("charged_summonsed", "Suspect charged", 55),
    ("cautioned", "Offender given a caution", 15),
    ("penalty_notice", "Offender given penalty notice", 6),
    ("cannabis_warning", "Local resolution", 8),
    ("non_sanction", "Local resolution", 12),
    ("taken_into_consideration", "Suspect charged as part of another case", 4),
]

_CRIME_SCHEMA: dict[str, pl.DataType | type[pl.DataType]] = {
    "crime_reference": pl.String,
    "ho_code": pl.String,
    "category": pl.String,
    "scenario": pl.String,
    "committed_from": pl.Datetime("us"),
    "committed_to": pl.Datetime("us"),
    "recorded": pl.Date,
    "uprn": pl.Int64,
    "street": pl.String,
    "address": pl.String,
    "postcode": pl.String,
    "easting": pl.Int32,
    "northing": pl.Int32,
    "oa": pl.String,
    "lsoa": pl.String,
    "msoa": pl.String,
    "victim_ids": pl.List(pl.Int64),
    "offender_ids": pl.List(pl.Int64),
    "detected": pl.Boolean,
    "outcome": pl.String,
    "police_uk_outcome": pl.String,
    "domestic": pl.Boolean,
    "alcohol": pl.Boolean,
    "drugs": pl.Boolean,
    "racial": pl.Boolean,
    "distraction": pl.Boolean,
    "weapon": pl.String,
    "property_stolen": pl.String,
    "method_of_entry": pl.String,
    "cluster": pl.String,
}


def _when(rng: np.random.Generator, month: Month, scenario: str, count: int) -> np.ndarray:
    """Start times (datetime64[m]) in the month, shaped by scenario."""
    days = rng.integers(0, month.days, count)
    first = np.datetime64(month.first, "D")
    if scenario == "nte":  # Friday and Saturday nights, 22:00 to 03:00
        weekday = (first + days).astype("datetime64[D]").view(
            "int64"
        ) % 7  # 1970-01-01 was a Thursday
        shift = np.where(rng.random(count) < 0.75, (1 - weekday) % 7, 0)  # move most to a Friday
        shift = np.where(rng.random(count) < 0.5, shift + 1, shift)  # half of those to Saturday
        days = np.minimum(days + shift, month.days - 1)
        minutes = (22 * 60 + rng.integers(0, 5 * 60, count)) % (24 * 60)
    elif scenario in ("vehicle", "home"):
        minutes = np.where(
            rng.random(count) < 0.6,
            (20 * 60 + rng.integers(0, 10 * 60, count)) % (24 * 60),
            rng.integers(0, 24 * 60, count),
        )
    elif scenario == "shop":
        minutes = 9 * 60 + rng.integers(0, 9 * 60, count)
    elif scenario == "domestic":
        minutes = (17 * 60 + rng.integers(0, 9 * 60, count)) % (24 * 60)
    else:
        minutes = 10 * 60 + rng.integers(0, 14 * 60, count)
    return (first + days).astype("datetime64[m]") + minutes.astype("timedelta64[m]")


def make_crimes(world: World, month: Month) -> pl.DataFrame:
    rng = world.rng("crimes", month.label)
    expected = world.people_count * RATE_PER_PERSON_YEAR / 12 * SEASON[month.month - 1]
    total = int(rng.poisson(expected))
    weights = np.array([o.weight for o in OFFENCES], dtype=float)
    codes = rng.choice(len(OFFENCES), size=total, p=weights / weights.sum())
    parts = []
    for index in sorted(set(codes.tolist())):
        offence = OFFENCES[index]
        count = int((codes == index).sum())
        names, shares = zip(*offence.scenarios, strict=True)
        scenario_of = rng.choice(len(names), size=count, p=np.asarray(shares) / sum(shares))
        for s, scenario in enumerate(names):
            n = int((scenario_of == s).sum())
            if n:
                parts.append(_crimes(world, rng, month, offence, scenario, n, None))
    for cluster in world.clusters:
        if cluster.dataset == "police-crime-offence" and cluster.active(month):
            parts.append(
                _crimes(
                    world, rng, month, BY_CODE[cluster.kind], "vehicle", cluster.per_month, cluster
                )
            )
    parts = [p for p in parts if p.height]
    if not parts:
        return pl.DataFrame(schema=_CRIME_SCHEMA)
    crimes = pl.concat(parts).sort("committed_from", "ho_code", "easting", "northing")
    crimes = _near_repeats(world, rng, month, crimes)
    sequence = world.month_index(month) * 1_000_000 + np.arange(1, crimes.height + 1)
    references = [f"EB/{month.year % 100:02d}/{n:07d}" for n in sequence]
    return crimes.with_columns(pl.Series("crime_reference", references)).select(list(_CRIME_SCHEMA))


def _crimes(
    world: World, rng, month: Month, offence: Offence, scenario: str, n: int, cluster
) -> pl.DataFrame:
    places = world.places
    people = world.population.people
    victims: list[list[int]] = [[] for _ in range(n)]
    if scenario == "domestic" and world.population.relationships.height:
        pairs = pick_rows(rng, world.population.relationships, n)
        victims = [[int(v)] for v in pairs["victim_id"]]
        offenders = [[int(p)] for p in pairs["perpetrator_id"]]
        homes = (
            people.select("person_id", "uprn")
            .join(
                pairs.select(pl.col("victim_id").alias("person_id")).with_row_index("i"),
                on="person_id",
            )
            .sort("i")
        )
        where = places.join(homes.select("uprn", "i"), on="uprn").sort("i")
    else:
        where = _places_for(world, rng, scenario, n, cluster)
        offenders = _offenders(world, rng, where, n)
        if offence.person_victim:
            if scenario in ("home",):
                residents = people.select("person_id", "uprn", "age").filter(pl.col("age") >= 16)
                at_home = (
                    where.select("uprn").with_row_index("i").join(residents, on="uprn", how="left")
                )
                first = (
                    at_home.group_by("i", maintain_order=True).agg(pl.first("person_id")).sort("i")
                )
                victims = [[int(p)] if p is not None else [] for p in first["person_id"]]
            else:
                pool = people.filter(pl.col("age") >= 10)
                if offence.category == "Violence and sexual offences" and scenario in (
                    "nte",
                    "street",
                ):
                    # victims of violence in public are mostly young men
                    pool = pool.with_columns(
                        (
                            pl.col("victimisation")
                            * pl.when(pl.col("gender") == "M").then(2.6).otherwise(1.0)
                        ).alias("victimisation")
                    )
                chosen = pick_rows(rng, pool, n, "victimisation")
                victims = [[int(p)] for p in chosen["person_id"]]
    when = _when(rng, month, scenario, where.height)
    n = where.height
    duration = np.where(
        np.isin(np.asarray([offence.code] * n), ["028/01", "045/00", "048/00", "058/03", "030/01"]),
        rng.integers(30, 14 * 60, n),
        0,
    )
    detected = rng.random(n) < offence.detection
    outcome_index = rng.choice(len(OUTCOMES), size=n, p=_shares(_disposal_weights(offence)))
    outcome = np.where(
        detected, np.asarray([o for o, _, _ in OUTCOMES])[outcome_index], "undetected"
    )
    police_uk = np.where(
        detected,
        np.asarray([p for _, p, _ in OUTCOMES])[outcome_index],
        np.where(
            rng.random(n) < 0.7,
            "Investigation complete; no suspect identified",
            "Unable to prosecute suspect",
        ),
    )
    domestic = np.full(n, scenario == "domestic")
    frame = pl.DataFrame(
        {
            "ho_code": [offence.code] * n,
            "category": [offence.category] * n,
            "scenario": [scenario] * n,
            "committed_from": when.astype("datetime64[us]"),
            "committed_to": (when + duration.astype("timedelta64[m]")).astype("datetime64[us]"),
            "uprn": where["uprn"],
            "street": where["street"],
            "address": where["address"],
            "postcode": where["postcode"],
            "easting": where["easting"],
            "northing": where["northing"],
            "oa": where["oa"],
            "lsoa": where["lsoa"],
            "msoa": where["msoa"],
            "victim_ids": victims[:n],
            "offender_ids": offenders[:n],
            "detected": detected,
            "outcome": outcome,
            "police_uk_outcome": police_uk,
            "domestic": domestic,
            "alcohol": rng.random(n)
            < np.where(scenario == "nte", 0.7, np.where(domestic, 0.3, 0.05)),
            "drugs": (offence.category == "Drugs") | (rng.random(n) < 0.05),
            "racial": rng.random(n)
            < (
                0.03
                if offence.category in ("Violence and sexual offences", "Public order")
                else 0.002
            ),
            "distraction": np.full(n, False) if offence.code != "028/01" else rng.random(n) < 0.06,
            "weapon": _weapon(rng, offence, scenario, n),
            "property_stolen": _stolen(rng, offence, n),
            "method_of_entry": _entry(rng, offence, n),
            "cluster": [cluster.id if cluster else None] * n,
        },
        schema_overrides={
            "victim_ids": pl.List(pl.Int64),
            "offender_ids": pl.List(pl.Int64),
            "cluster": pl.String,
        },
    )
    frame = frame.with_columns(
        pl.col("committed_from").cast(pl.Datetime("us")),
        pl.col("committed_to").cast(pl.Datetime("us")),
        pl.col("committed_from").dt.date().alias("recorded"),
        pl.when(pl.col("detected"))
        .then(pl.col("offender_ids"))
        .otherwise(pl.col("offender_ids"))
        .alias("offender_ids"),
    )
    return frame.with_columns(pl.lit(None, dtype=pl.String).alias("crime_reference"))


# Out-of-court disposals the law allows for an offence: cannabis warnings only for cannabis
# possession; penalty notices only for the minor offences they cover.
_PENALTY_NOTICE_OFFENCES = {"046/00", "125/10", "092/41", "049/00", "058/01", "058/03"}


def _disposal_weights(offence: Offence) -> list[float]:
    weights: list[float] = []
    for code, _, weight in OUTCOMES:
        if code == "cannabis_warning" and offence.code != "092/41":
            weight = 0
        if code == "penalty_notice" and offence.code not in _PENALTY_NOTICE_OFFENCES:
            weight = 0
        weights.append(weight)
    return weights


def _shares(weights: list[float]) -> np.ndarray:
    array = np.asarray(weights, dtype=float)
    return array / array.sum()


def _places_for(world: World, rng, scenario: str, n: int, cluster) -> pl.DataFrame:
    places = world.places
    if cluster is not None:
        near = places.filter(
            (
                (pl.col("easting") - cluster.easting) ** 2
                + (pl.col("northing") - cluster.northing) ** 2
            )
            <= cluster.radius_m**2,
            pl.col("residential"),
        )
        return _street_level(pick_rows(rng, near if near.height else places, n))
    if scenario == "nte":
        pool = places.filter(pl.col("kind") == "licensed")
    elif scenario == "shop":
        pool = places.filter(pl.col("kind") == "shop")
    elif scenario == "centre":
        pool = places.filter(pl.col("oa_kind") == "centre")
    elif scenario == "home":
        pool = places.filter(pl.col("residential")).with_columns(
            pl.col("oa_kind")
            .replace_strict(
                {"estate": 3.0, "centre": 2.0, "suburb": 1.0, "rural": 0.4}, default=1.0
            )
            .alias("w")
        )
        return pick_rows(rng, pool, n, "w")
    else:  # street and vehicle: in public, on residential streets more than elsewhere
        pool = places.filter(pl.col("residential")).with_columns(
            pl.col("oa_kind")
            .replace_strict(
                {"estate": 2.5, "centre": 3.0, "suburb": 1.0, "rural": 0.3}, default=1.0
            )
            .alias("w")
        )
        return _street_level(pick_rows(rng, pool, n, "w"))
    if pool.height == 0:
        pool = places
    return pick_rows(rng, pool, n)


def _street_level(places: pl.DataFrame) -> pl.DataFrame:
    """A crime in public is recorded against the street, not an address: no UPRN, no number."""
    return places.with_columns(
        pl.lit(None, dtype=pl.Int64).alias("uprn"),
        pl.col("street").alias("address"),
    )


def _offenders(world: World, rng, where: pl.DataFrame, n: int) -> list[list[int]]:
    """True offenders, mostly from the MSOA of the crime (one in five crimes has two)."""
    offenders = world.population.people.filter(pl.col("offending") > 0).select(
        "person_id", "msoa", "offending"
    )
    if offenders.height == 0:
        return [[] for _ in range(n)]
    local = where.select("msoa").with_row_index("i").join(offenders, on="msoa", how="left")
    result: list[list[int]] = []
    anywhere_p = offenders["offending"].to_numpy() / offenders["offending"].sum()
    anywhere_ids = offenders["person_id"].to_numpy()
    groups = (
        local.group_by("i", maintain_order=True)
        .agg(pl.col("person_id"), pl.col("offending"))
        .sort("i")
    )
    for ids, weights in groups.select("person_id", "offending").iter_rows():
        count = 2 if rng.random() < 0.2 else 1
        if ids and ids[0] is not None and rng.random() < 0.7:
            w = np.asarray(weights, dtype=float)
            chosen = rng.choice(np.asarray(ids), size=count, p=w / w.sum())
        else:
            chosen = rng.choice(anywhere_ids, size=count, p=anywhere_p)
        result.append(sorted({int(c) for c in chosen}))
    return result


def _weapon(rng, offence: Offence, scenario: str, n: int) -> list[str]:
    if offence.category != "Violence and sexual offences" and offence.code != "034/01":
        return [""] * n
    options = [
        "",
        "",
        "Fist",
        "Fist",
        "Feet",
        "Knife",
        "Bottle" if scenario == "nte" else "Blunt instrument",
    ]
    if offence.code == "008/01":
        options = ["Knife", "Bottle", "Blunt instrument", "Fist"]
    weapons = [options[i] for i in rng.integers(0, len(options), n)]
    if offence.code in ("034/01", "008/01"):  # now and then a firearm, real or imitation
        for i in np.flatnonzero(rng.random(n) < 0.03):
            weapons[i] = "Firearm" if rng.random() < 0.4 else "Imitation firearm"
    return weapons


def _stolen(rng, offence: Offence, n: int) -> list[str]:
    items = {
        "Shoplifting": [
            "Alcohol",
            "Meat",
            "Cosmetics",
            "Clothing",
            "Razor blades",
            "Confectionery",
        ],
        "Vehicle crime": [
            "Satellite navigation",
            "Tools",
            "Bag",
            "Cash",
            "Number plates",
            "Vehicle",
        ],
        "Burglary": ["Jewellery", "Laptop", "Cash", "Television", "Bicycle", "Keys"],
        "Other theft": ["Mobile phone", "Wallet", "Bicycle", "Bag", "Garden tools"],
        "Theft from the person": ["Mobile phone", "Wallet", "Bag"],
        "Robbery": ["Mobile phone", "Cash", "Wallet", "Headphones"],
        "Bicycle theft": ["Bicycle"],
    }.get(offence.category)
    if not items:
        return [""] * n
    return [items[i] for i in rng.integers(0, len(items), n)]


def _entry(rng, offence: Offence, n: int) -> list[str]:
    if offence.category != "Burglary":
        return [""] * n
    ways = [
        "Forced rear door",
        "Insecure window",
        "Forced front door",
        "Smashed window",
        "Insecure door",
        "Key",
    ]
    return [ways[i] for i in rng.integers(0, len(ways), n)]


def _near_repeats(world: World, rng, month: Month, crimes: pl.DataFrame) -> pl.DataFrame:
    """Burglary near-repeats: a third of dwelling burglaries strike again within a fortnight,
    a few doors along the same street."""
    burglaries = crimes.filter((pl.col("ho_code") == "028/01") & pl.col("uprn").is_not_null())
    if burglaries.height == 0:
        return crimes
    count = int(rng.binomial(burglaries.height, 1 / 3))
    if count == 0:
        return crimes
    sources = pick_rows(rng, burglaries, count)
    places = world.places.filter(pl.col("residential")).select("uprn", "usrn", "pao_number")
    neighbours = (
        sources.select("uprn", "committed_from", "victim_ids", "offender_ids")
        .with_row_index("i")
        .join(world.places.select("uprn", "usrn"), on="uprn")
        .join(places.rename({"uprn": "near_uprn"}), on="usrn")
        .filter(pl.col("near_uprn") != pl.col("uprn"))
    )
    if neighbours.height == 0:
        return crimes
    picked = (
        neighbours.group_by("i", maintain_order=True)
        .agg(pl.all().sample(n=1, seed=int(rng.integers(2**31))))
        .explode([c for c in neighbours.columns if c != "i"])
    )
    repeats = []
    for row in picked.iter_rows(named=True):
        start = row["committed_from"] + dt.timedelta(
            days=int(rng.integers(1, 15)), minutes=int(rng.integers(-180, 180))
        )
        if start.date() > month.last:
            continue
        place = world.places.filter(pl.col("uprn") == row["near_uprn"])
        residents = world.population.people.filter(
            (pl.col("uprn") == row["near_uprn"]) & (pl.col("age") >= 16)
        )
        base = crimes.filter(pl.col("uprn") == row["uprn"]).head(1)
        repeats.append(
            base.with_columns(
                pl.lit(start).cast(pl.Datetime("us")).alias("committed_from"),
                (pl.lit(start) + pl.duration(minutes=int(rng.integers(30, 600))))
                .cast(pl.Datetime("us"))
                .alias("committed_to"),
                pl.lit(start.date()).alias("recorded"),
                pl.lit(row["near_uprn"], dtype=pl.Int64).alias("uprn"),
                pl.lit(place["address"][0]).alias("address"),
                pl.lit(place["postcode"][0]).alias("postcode"),
                pl.lit(place["easting"][0], dtype=pl.Int32).alias("easting"),
                pl.lit(place["northing"][0], dtype=pl.Int32).alias("northing"),
                pl.lit(
                    [int(residents["person_id"][0])] if residents.height else [],
                    dtype=pl.List(pl.Int64),
                ).alias("victim_ids"),
                pl.lit("near-repeat").alias("scenario"),
            )
        )
    if not repeats:
        return crimes
    return pl.concat([crimes, *repeats]).sort("committed_from", "ho_code", "easting", "northing")


def crimes(world: World, month: Month) -> pl.DataFrame:
    """The month's crimes, made once and shared."""
    return world.events("crimes", month, make_crimes)
