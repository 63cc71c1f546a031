"""The people of Eastbrook: households at addresses, names, ages, ethnicities, occupations, and
the propensities that shape their lives in the data (offending, victimisation, domestic abuse).

Offending follows the age-crime curve and is heavy-tailed: a small prolific group commits a large
share of crime, and the most prolific adults form the PPO cohort. Victimisation is heavy-tailed
too (repeat victims) and higher where people live in the centre and on estates.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import polars as pl

from csphub.synth import vocabulary as v
from csphub.synth.geography import HOUSEHOLD_SIZE, Geography
from csphub.synth.rng import stream

# Share of the population by age band (England and Wales 2021, rounded), bands of 5 years.
_AGE_BANDS = np.array(
    [5.4, 5.9, 6.0, 5.7, 5.8, 6.6, 6.9, 6.8, 6.5, 6.2, 6.6, 6.8, 6.2, 5.3, 5.0, 4.2, 3.0, 2.0, 1.1]
)
_HOUSEHOLD_SIZES = np.array([1, 2, 3, 4, 5, 6])
_HOUSEHOLD_SHARES = np.array([30.0, 34.0, 15.5, 13.5, 5.0, 2.0])
_MAX_AGE = 95


@dataclass(frozen=True)
class Population:
    people: pl.DataFrame  # one row a person; see build_population
    relationships: (
        pl.DataFrame
    )  # domestic abuse: perpetrator_id, victim_id, relationship, cohabiting
    reference_date: dt.date

    def adults(self) -> pl.DataFrame:
        return self.people.filter(pl.col("age") >= 18)

    def electoral_register(self) -> pl.DataFrame:
        return self.people.filter(pl.col("on_register"))


def _household_sizes(rng: np.random.Generator, people: int, homes: int) -> np.ndarray:
    sizes = rng.choice(_HOUSEHOLD_SIZES, size=homes, p=_HOUSEHOLD_SHARES / _HOUSEHOLD_SHARES.sum())
    excess = int(sizes.sum()) - people
    while excess != 0:  # trim or grow random households until the people add up
        index = int(rng.integers(homes))
        if excess > 0 and sizes[index] > 1:
            sizes[index] -= 1
            excess -= 1
        elif excess < 0 and sizes[index] < 8:
            sizes[index] += 1
            excess += 1
    return sizes


def _ages(rng: np.random.Generator, size: int, low: int = 0, high: int = _MAX_AGE) -> np.ndarray:
    """Ages between ``low`` and ``high`` in the shape of the national pyramid (drawn within the
    range, not clipped to it: clipping would pile people up at its ends)."""
    edges = np.arange(len(_AGE_BANDS)) * 5
    overlap = np.clip(np.minimum(edges + 5, high + 1) - np.maximum(edges, low), 0, 5) / 5
    bands = _AGE_BANDS * overlap
    band = rng.choice(len(bands), size=size, p=bands / bands.sum())
    start = np.maximum(band * 5, low)
    stop = np.minimum(band * 5 + 4, high)
    return start + (rng.random(size) * (stop - start + 1)).astype(int)


def build_population(
    seed: int, people: int, geography: Geography, reference_date: dt.date
) -> Population:
    rng = stream(seed, "population")
    homes = geography.residential.select("uprn", "oa_kind", "kind", "lsoa", "msoa")
    occupied = (
        homes.sample(fraction=0.96, seed=int(rng.integers(2**31)), shuffle=False)
        if homes.height > 30
        else homes
    )
    n_homes = min(occupied.height, max(1, round(people / HOUSEHOLD_SIZE)))
    occupied = occupied.head(n_homes)
    sizes = _household_sizes(rng, people, n_homes)
    household = np.repeat(np.arange(n_homes), sizes)
    position = np.concatenate([np.arange(s) for s in sizes]) if n_homes else np.array([], dtype=int)

    # one name origin and ethnicity per household, more mixed in the centre and on estates
    codes = [code for code, _, _ in v.ETHNICITY_16]
    shares = np.array([share for _, share, _ in v.ETHNICITY_16])
    area_kind = occupied["oa_kind"].to_numpy()
    white_british_weight = np.select(
        [area_kind == "rural", area_kind == "suburb", area_kind == "estate"],
        [1.4, 1.05, 0.85],
        default=0.7,
    )
    draws = rng.random(n_homes)
    cumulative_other = np.cumsum(shares[1:]) / shares[1:].sum()
    p_w1 = np.clip(shares[0] / 100 * white_british_weight, 0.3, 0.97)
    other = np.searchsorted(cumulative_other, rng.random(n_homes)) + 1
    household_ethnicity = np.where(draws < p_w1, 0, other)

    # ages: the first member an adult; partners near in age; children under 18
    ages = np.empty(len(household), dtype=int)
    first = position == 0
    ages[first] = _ages(rng, int(first.sum()), 18)
    head_age = ages[first][household]
    partner = (position == 1) & (sizes[household] >= 2)
    ages[partner] = np.clip(
        head_age[partner] + rng.integers(-6, 7, int(partner.sum())), 18, _MAX_AGE
    )
    # others: mostly the head's children (born when the head was 17 to 45), else adults
    # (grown-up children, relatives, lodgers)
    others = position >= 2
    youngest = np.maximum(0, head_age - 45)
    oldest = np.minimum(17, head_age - 17)
    can_be_child = others & (oldest >= youngest) & (rng.random(len(household)) < 0.85)
    span = np.maximum(oldest - youngest + 1, 1)
    ages[can_be_child] = (youngest + (rng.random(len(household)) * span).astype(int))[can_be_child]
    grown = others & ~can_be_child
    ages[grown] = _ages(rng, int(grown.sum()), 18, 90)

    genders = np.where(rng.random(len(household)) < 0.492, "M", "F").astype(object)
    couples = partner & (rng.random(len(household)) < 0.93)  # most couples are mixed-sex
    heads_gender = genders[first][household]
    genders[couples] = np.where(heads_gender[couples] == "M", "F", "M")
    genders[rng.random(len(household)) < 0.001] = "X"

    ethnicity_index = household_ethnicity[household]
    lodger = (position >= 3) & (ages >= 18) & (rng.random(len(household)) < 0.3)
    ethnicity_index[lodger] = rng.choice(
        len(codes), size=int(lodger.sum()), p=shares / shares.sum()
    )
    ethnicity = np.asarray(codes, dtype=object)[ethnicity_index]
    origin = np.asarray([origin for _, _, origin in v.ETHNICITY_16], dtype=object)[ethnicity_index]

    # names: a surname per household (lodgers their own), given names by origin and gender
    household_origin = np.asarray([origin for _, _, origin in v.ETHNICITY_16], dtype=object)[
        household_ethnicity
    ]
    surnames = np.empty(n_homes, dtype=object)
    for name_origin in sorted(set(household_origin.tolist())):
        pick = household_origin == name_origin
        pool = v.surnames(name_origin)
        weights = 1 / np.arange(1, len(pool) + 1) ** 0.7
        surnames[pick] = rng.choice(
            np.asarray(pool, dtype=object), size=int(pick.sum()), p=weights / weights.sum()
        )
    person_surname = surnames[household]
    for name_origin in sorted(set(origin[lodger].tolist())):
        pick = lodger & (origin == name_origin)
        person_surname[pick] = rng.choice(
            np.asarray(v.surnames(name_origin), dtype=object), size=int(pick.sum())
        )
    given = np.empty(len(household), dtype=object)
    for name_origin in sorted(set(origin.tolist())):
        for gender in ("M", "F"):
            pick = (origin == name_origin) & (
                (genders == gender) | ((genders == "X") & (gender == "F"))
            )
            pool = v.given_names(name_origin, gender)
            weights = 1 / np.arange(1, len(pool) + 1) ** 0.6
            given[pick] = rng.choice(
                np.asarray(pool, dtype=object), size=int(pick.sum()), p=weights / weights.sum()
            )

    days = rng.integers(0, 365, len(household))
    dob = np.datetime64(reference_date, "D") - (ages * 365 + ages // 4 + days).astype(
        "timedelta64[D]"
    )

    occupations, occupation_weights = zip(*v.OCCUPATIONS_ADULT, strict=True)
    p = np.asarray(occupation_weights, dtype=float)
    occupation = rng.choice(
        np.asarray(occupations, dtype=object), size=len(household), p=p / p.sum()
    )
    occupation = np.where(ages < 16, "Child", occupation)
    occupation = np.where((ages >= 16) & (ages < 19), "Student", occupation)
    occupation = np.where(ages >= 67, "Retired", occupation)

    frame = pl.DataFrame(
        {
            "person_id": np.arange(1, len(household) + 1),
            "household": household,
            "uprn": occupied["uprn"].to_numpy()[household],
            "given_name": pl.Series(given.tolist(), dtype=pl.String),
            "surname": pl.Series(person_surname.tolist(), dtype=pl.String),
            "gender": pl.Series(genders.tolist(), dtype=pl.String),
            "date_of_birth": dob,
            "age": ages,
            "ethnicity": pl.Series(ethnicity.tolist(), dtype=pl.String),
            "occupation": pl.Series(occupation.tolist(), dtype=pl.String),
        }
    ).with_columns(
        pl.col("ethnicity")
        .replace_strict(v.ETHNICITY_6_OF_16, return_dtype=pl.String)
        .alias("ethnicity_6"),
    )
    frame = frame.join(
        geography.properties.select(
            "uprn", "oa", "lsoa", "msoa", "ward", pl.col("oa_kind").alias("area_kind")
        ),
        on="uprn",
        how="left",
    )
    frame = _propensities(seed, frame)
    return Population(frame, _relationships(seed, frame), reference_date)


def _propensities(seed: int, people: pl.DataFrame) -> pl.DataFrame:
    """Offending and victimisation weights, and the flags that follow from them."""
    rng = stream(seed, "population", "propensities")
    n = people.height
    age = people["age"].to_numpy()
    male = people["gender"].to_numpy() == "M"
    area = people["area_kind"].to_numpy()
    # age-crime curve: rises from 10, peaks at 18-24, falls away after 40
    curve = np.interp(
        age,
        [0, 9, 10, 14, 18, 24, 30, 40, 55, 70, 96],
        [0, 0, 0.25, 0.75, 1.0, 0.95, 0.65, 0.35, 0.12, 0.03, 0.0],
    )
    area_factor = np.select(
        [area == "estate", area == "centre", area == "rural"], [1.9, 1.5, 0.5], default=0.8
    )
    offends = rng.random(n) < 0.11 * curve * area_factor * np.where(male, 1.0, 0.3)
    # heavy tail: Pareto-distributed frequencies make a small prolific group
    frequency = np.where(offends, (rng.pareto(1.2, n) + 1) * curve * area_factor, 0.0)
    victim = (
        (rng.pareto(2.2, n) + 1)
        * np.interp(age, [0, 10, 16, 25, 45, 70, 96], [0.2, 0.5, 1.4, 1.6, 1.0, 0.7, 0.6])
        * area_factor
    )
    people = people.with_columns(
        pl.Series("offending", frequency),
        pl.Series("victimisation", victim),
        pl.Series("on_register", (age >= 18) & (rng.random(n) < 0.88)),
    )
    adults = people.filter((pl.col("age") >= 18) & (pl.col("offending") > 0))
    ppo_count = max(1, round(n * 0.0006))
    ppo_ids = adults.sort("offending", descending=True).head(ppo_count)["person_id"]
    return people.with_columns(pl.col("person_id").is_in(ppo_ids.implode()).alias("ppo"))


def _relationships(seed: int, people: pl.DataFrame) -> pl.DataFrame:
    """Domestic abuse: a perpetrator and a victim who are partners (at the same address) or
    ex-partners (elsewhere). Perpetrators lean towards those who offend."""
    rng = stream(seed, "population", "relationships")
    adults = people.filter((pl.col("age") >= 18) & (pl.col("age") <= 75))
    if adults.height < 2:
        return pl.DataFrame(
            schema={
                "perpetrator_id": pl.Int64,
                "victim_id": pl.Int64,
                "relationship": pl.String,
                "cohabiting": pl.Boolean,
            }
        )
    count = max(1, round(adults.height * 0.012))
    weight = adults["offending"].to_numpy() * 4 + 0.2 + (adults["gender"].to_numpy() == "M") * 0.6
    chosen = rng.choice(adults.height, size=count, replace=False, p=weight / weight.sum())
    perpetrators = adults[np.sort(chosen)].select(
        pl.col("person_id").alias("perpetrator_id"), "household", "gender"
    )
    # a partner at the same address, where there is one (and in 65% of cases it is them)
    housemates = adults.select(pl.col("person_id").alias("victim_id"), "household")
    partners = (
        perpetrators.join(housemates, on="household", how="inner")
        .filter(pl.col("victim_id") != pl.col("perpetrator_id"))
        .group_by("perpetrator_id", maintain_order=True)
        .agg(pl.first("victim_id"))
    )
    frame = perpetrators.join(partners, on="perpetrator_id", how="left", maintain_order="left")
    cohabiting = frame["victim_id"].is_not_null().to_numpy() & (rng.random(frame.height) < 0.65)
    # otherwise an ex-partner living elsewhere
    others = adults["person_id"].to_numpy()
    ex = others[rng.integers(0, len(others), frame.height)]
    victim = np.where(cohabiting, frame["victim_id"].fill_null(0).to_numpy(), ex)
    rows = [
        (int(p), int(vid), "partner" if c else "ex-partner", bool(c))
        for p, vid, c in zip(frame["perpetrator_id"].to_numpy(), victim, cohabiting, strict=True)
        if int(p) != int(vid)
    ]
    return pl.DataFrame(
        rows,
        orient="row",
        schema={
            "perpetrator_id": pl.Int64,
            "victim_id": pl.Int64,
            "relationship": pl.String,
            "cohabiting": pl.Boolean,
        },
    )
