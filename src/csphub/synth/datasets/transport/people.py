"""Who was involved in each incident on public transport: its true offender, drawn from the
people who offend and weighted by the kind's ages and by how near they live; its personal
victim, a passenger or the staff; and their details joined on."""

from __future__ import annotations

import numpy as np
import polars as pl

from csphub.synth.datasets.transport.kinds import AGES, PASSENGER_AGES, STAFF_OCCUPATIONS, Kind
from csphub.synth.world import World


def draw_offenders(
    world: World,
    rng: np.random.Generator,
    kinds: list[Kind],
    index: np.ndarray,
    east: np.ndarray,
    north: np.ndarray,
    scale: float,
) -> np.ndarray:
    """Each event's true offender: someone who offends, of the kind's ages, living nearby."""
    candidates = (
        world.population.people.filter(pl.col("offending") > 0)
        .select("person_id", "age", "gender", "offending", "uprn")
        .join(world.places.select("uprn", "easting", "northing"), on="uprn", how="left")
        .sort("person_id")
    )
    result = np.full(len(index), -1, dtype=np.int64)
    if candidates.height == 0:
        return result
    ids = candidates["person_id"].to_numpy()
    age = candidates["age"].to_numpy().astype(float)
    male = candidates["gender"].to_numpy() == "M"
    propensity = candidates["offending"].to_numpy()
    home_e = candidates["easting"].fill_null(0).to_numpy().astype(float)
    home_n = candidates["northing"].fill_null(0).to_numpy().astype(float)
    for k in sorted(set(index.tolist())):
        rows = np.flatnonzero(index == k)
        kind = kinds[k]
        ages, weights = AGES[kind.ages]
        base = (
            propensity
            * np.interp(age, ages, weights)
            * np.where(male, 1.0, 0.0 if kind.male else 1.0)
        )
        if base.sum() <= 0:
            base = propensity.copy()
        distance = np.hypot(east[rows, None] - home_e[None, :], north[rows, None] - home_n[None, :])
        matrix = base[None, :] * np.exp(-distance / scale)
        totals = matrix.sum(axis=1)
        matrix = np.where(totals[:, None] > 0, matrix, base[None, :])
        cumulative = np.cumsum(matrix, axis=1)
        draws = rng.random(len(rows)) * cumulative[:, -1]
        chosen = (cumulative < draws[:, None]).sum(axis=1)
        result[rows] = ids[np.minimum(chosen, len(ids) - 1)]
    return result


def draw_victims(
    world: World,
    rng: np.random.Generator,
    kinds: list[Kind],
    index: np.ndarray,
    offenders: np.ndarray,
) -> np.ndarray:
    """Each event's personal victim (-1 for none): a passenger from anywhere, or the staff."""
    people = world.population.people.select(
        "person_id", "age", "gender", "occupation", "victimisation"
    ).sort("person_id")
    ids = people["person_id"].to_numpy()
    age = people["age"].to_numpy().astype(float)
    passenger = people["victimisation"].to_numpy() * np.interp(age, *PASSENGER_AGES)
    female = passenger * ((people["gender"].to_numpy() == "F") & (age >= 13))
    working = (age >= 18) & (age <= 67)
    staff = (people["occupation"].is_in(STAFF_OCCUPATIONS).to_numpy() & working).astype(float)
    if staff.sum() == 0:
        staff = working.astype(float)
    drivers = (people["occupation"].to_numpy() == "Driver") & working
    pools = {
        "passenger": passenger,
        "female": female,
        "staff": staff,
        "driver": drivers.astype(float) if drivers.any() else staff,
    }
    result = np.full(len(index), -1, dtype=np.int64)
    for k in sorted(set(index.tolist())):
        rows = np.flatnonzero(index == k)
        kind = kinds[k]
        has = rng.random(len(rows)) < kind.victim_share
        as_staff = rng.random(len(rows)) < 0.35
        if not kind.victim:
            continue
        for pool_name, pool in pools.items():
            if kind.victim == "mixed":
                if pool_name not in ("passenger", "staff"):
                    continue
                take = has & (as_staff if pool_name == "staff" else ~as_staff)
            else:
                take = has & (kind.victim == pool_name)
            if take.any() and pool.sum() > 0:
                result[rows[take]] = rng.choice(ids, size=int(take.sum()), p=pool / pool.sum())
    same = np.flatnonzero(result == offenders)
    for row in same.tolist():  # nobody is their own victim: the next person on the list instead
        position = int(np.searchsorted(ids, result[row]))
        result[row] = ids[(position + 1) % len(ids)]
    return result


_PEOPLE_COLUMNS = ("gender", "date_of_birth", "ethnicity")


def join_people(frame: pl.DataFrame, world: World, role: str, column: str) -> pl.DataFrame:
    people = world.population.people.select(
        pl.col("person_id").alias(column),
        *[pl.col(c).alias(f"{role}_{c}") for c in _PEOPLE_COLUMNS],
    )
    return frame.join(people, on=column, how="left")
