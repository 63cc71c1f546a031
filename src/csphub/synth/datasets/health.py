"""Health supplies (guidance §3.2.10–3.2.14): A & E attendances after assault, hospital admissions
for drug- and alcohol-related harm, adults and young people starting drug treatment, and
ambulance calls for service.

They share two kinds of events, made once a month:

* ``health-assaults`` — assaults that needed health care: about a quarter of the victims of the
  month's violent crimes with injury, and about as many again assaults never reported to the
  police (domestic abuse and night-time violence mostly). They attend A & E; an ambulance was
  called to some of them, and to a few victims who then did not go to A & E;
* ``health-substance`` — episodes of drug- or alcohol-related harm: admissions to hospital, and
  the overdoses and intoxication the ambulance service attended.

The people behind them come from a standing cohort of people with a drug or alcohol problem,
drawn once from the population and leaning heavily on those who offend and on those who live
on the estates and in the centre. So the same person can be admitted, call an ambulance, be
arrested and start treatment; each agency knows them by its own stable reference.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import polars as pl

from csphub.synth.crime import BY_CODE, OFFENCES, RATE_PER_PERSON_YEAR, SEASON, crimes
from csphub.synth.people import age_on, nominal, recorded_ethnicity, with_people
from csphub.synth.supply import Plan
from csphub.synth.world import Cluster, Month, World

HOSPITALS = "eastbrook-hospitals"
DAAT = "eastbrook-daat"
AMBULANCE = "east-counties-ambulance"


def hospital_number(person_id: pl.Expr) -> pl.Expr:
    """The trust's hospital (unit) number: the same for a patient in A & E and on the wards."""
    return nominal("EBH", person_id, salt=48_611)


def client_reference(person_id: pl.Expr) -> pl.Expr:
    """The treatment service's client reference, stable across episodes."""
    return nominal("DAAT", person_id, salt=7_753)


def ambulance_patient(person_id: pl.Expr) -> pl.Expr:
    """The ambulance service's patient identifier (from its electronic patient records)."""
    return nominal("P", person_id, salt=30_011)


# --------------------------------------------------------------------------- helpers


def _shares(weights: list[float] | tuple[float, ...]) -> np.ndarray:
    array = np.asarray(weights, dtype=float)
    return array / array.sum()


def _choose(
    rng: np.random.Generator, options: Sequence[tuple[str, float]], size: int
) -> np.ndarray:
    names = np.asarray([name for name, _ in options], dtype=object)
    return names[rng.choice(len(options), size=size, p=_shares([w for _, w in options]))]


def _draw(
    rng: np.random.Generator,
    frame: pl.DataFrame,
    count: int,
    weights: np.ndarray | None = None,
    replace: bool = True,
) -> pl.DataFrame:
    """``count`` rows of ``frame`` (sorted by the caller), in proportion to ``weights``."""
    if frame.height == 0 or count <= 0:
        return frame.head(0)
    if not replace:
        count = min(count, frame.height if weights is None else int((weights > 0).sum()))
    if weights is None or weights.sum() <= 0:
        return frame[rng.choice(frame.height, size=count, replace=replace)]
    return frame[rng.choice(frame.height, size=count, replace=replace, p=weights / weights.sum())]


def _datetimes(name: str, values: np.ndarray) -> pl.Series:
    return pl.Series(name, values.astype("datetime64[us]"))


def _month_days(month: Month) -> np.ndarray:
    return np.arange(
        np.datetime64(month.first, "D"), np.datetime64(month.last, "D") + 1, dtype="datetime64[D]"
    )


def _last_minute(month: Month) -> np.datetime64:
    return (np.datetime64(month.last, "D") + 1).astype("datetime64[m]") - 1


def _clip(when: np.ndarray, month: Month) -> np.ndarray:
    return np.minimum(when, _last_minute(month))


def _nights(rng: np.random.Generator, month: Month, n: int) -> np.ndarray:
    """Night-time economy: mostly Friday and Saturday nights, 22:00 to 03:00."""
    days = _month_days(month)
    weekday = (days.astype("int64") - 4) % 7  # 0 is Monday; 1970-01-05 was a Monday
    weekend = days[(weekday == 4) | (weekday == 5)]
    day = np.where(
        rng.random(n) < 0.78, rng.choice(weekend, size=n), rng.choice(days, size=n)
    ).astype("datetime64[D]")
    when = day.astype("datetime64[m]") + (22 * 60 + rng.integers(0, 5 * 60, n)).astype(
        "timedelta64[m]"
    )
    # the small hours of the month's last night fall in the next month: keep them in this one
    return np.where(when > _last_minute(month), when - np.timedelta64(1, "D"), when)


def _at_hours(rng: np.random.Generator, month: Month, n: int, hours: np.ndarray) -> np.ndarray:
    """Times in the month with the hour of day drawn from ``hours`` (24 weights)."""
    day = np.datetime64(month.first, "D") + rng.integers(0, month.days, n).astype("timedelta64[D]")
    minute = rng.choice(24, size=n, p=hours / hours.sum()) * 60 + rng.integers(0, 60, n)
    return day.astype("datetime64[m]") + minute.astype("timedelta64[m]")


# Hours of the day (00 to 23): daytime demand (illness), evenings (street violence), late night.
# fmt: off
_DAYTIME = np.array(
    [2, 1.5, 1.2, 1, 1, 1.2, 2, 3.5, 5, 6, 6.5, 6.5,
     6.3, 6, 5.8, 5.8, 6, 6, 5.8, 5.5, 5, 4.5, 3.8, 3],
    dtype=float,
)
_EVENING = np.array(
    [3, 2, 1, 0.5, 0.3, 0.3, 0.5, 1, 1.5, 2, 2.5, 3,
     3.5, 3.5, 3.5, 4, 4.5, 5, 5.5, 6, 6, 6, 5.5, 4],
    dtype=float,
)
_DOMESTIC = np.array(
    [4, 3, 2, 1, 0.5, 0.5, 0.8, 1, 1, 1.2, 1.4, 1.6,
     1.8, 2, 2.2, 2.5, 3, 4, 5, 6, 6.5, 6.5, 6, 5],
    dtype=float,
)
# fmt: on


def _cohort(world: World, month: Month) -> pl.DataFrame:
    """Everyone, with who has a drug or alcohol problem (the same people every month), their
    main drug, how often they come to harm, and their ages at the month's start and end."""
    return world.events("health-cohort", month, _make_cohort)


# Main drug of problem drug users (NDTMS new presentations, roughly).
_DRUGS: list[tuple[str, float]] = [
    ("Heroin", 44),
    ("Crack cocaine", 10),
    ("Cocaine", 17),
    ("Cannabis", 18),
    ("Benzodiazepines", 3),
    ("Amphetamines", 3),
    ("Ketamine", 3),
    ("Other opiates", 2),
]
_OPIATES = ("Heroin", "Other opiates")


def _make_cohort(world: World, month: Month) -> pl.DataFrame:
    people = world.population.people.sort("person_id")
    rng = world.rng("health", "cohort")  # no month: the same people every month
    n = people.height
    age = people["age"].to_numpy()
    offends = people["offending"].to_numpy() > 0
    male = people["gender"].to_numpy() == "M"
    area = people["area_kind"].to_numpy()
    deprived = np.select(
        [area == "estate", area == "centre", area == "rural"], [1.8, 1.5, 0.5], default=0.8
    )
    drug_age = np.interp(
        age, [0, 15, 18, 25, 35, 45, 55, 65, 96], [0, 0, 0.5, 1, 1, 0.8, 0.4, 0.1, 0]
    )
    alcohol_age = np.interp(
        age, [0, 17, 18, 25, 40, 55, 65, 75, 96], [0, 0, 0.3, 0.6, 1, 1, 0.7, 0.4, 0.2]
    )
    young_age = np.interp(age, [0, 10, 11, 13, 15, 17, 18, 96], [0, 0, 0.2, 0.6, 1, 1, 0, 0])
    p_drug = drug_age * deprived * np.where(offends, 0.15, 0.008) * np.where(male, 1.2, 0.7)
    p_alcohol = alcohol_age * deprived * np.where(offends, 0.06, 0.011) * np.where(male, 1.3, 0.7)
    p_young = young_age * deprived * np.where(offends, 0.3, 0.03)
    drug = rng.random(n) < p_drug
    alcohol = rng.random(n) < p_alcohol
    young = rng.random(n) < p_young
    main = _choose(rng, _DRUGS, n)
    # a heavy tail: a few people in crisis again and again
    severity = np.minimum(rng.pareto(1.5, n) + 1, 12.0)
    return people.select(
        "person_id",
        "date_of_birth",
        "gender",
        "area_kind",
        "age",
        pl.col("offending").gt(0).alias("offends"),
        pl.Series("drug_user", drug),
        pl.Series("alcohol_user", alcohol),
        pl.Series("young_user", young),
        pl.Series("main_drug", main.tolist(), dtype=pl.String),
        pl.Series("severity", severity),
    ).with_columns(
        age_on(pl.col("date_of_birth"), pl.lit(month.first)).alias("age_at_start"),
        age_on(pl.col("date_of_birth"), pl.lit(month.last)).alias("age_at_end"),
    )


def _scene_columns(world: World, frame: pl.DataFrame) -> pl.DataFrame:
    """Where an event happened, from its ``uprn`` (an address, or null for a place in public),
    ``street``, ``oa``, ``easting`` and ``northing``: the premises' name, the full address or
    'Street, Locality', and the postcode when the scene is an address."""
    places = world.places.select(
        pl.col("uprn").alias("scene_uprn"),
        pl.col("pao_text").alias("scene_name"),
        pl.col("address").alias("property_address"),
        pl.col("postcode").alias("property_postcode"),
    )
    localities = world.geography.oas.select("oa", "locality")
    return (
        frame.with_row_index("_order")
        .with_columns(pl.col("uprn").alias("scene_uprn"))
        .join(places, on="scene_uprn", how="left")
        .join(localities, on="oa", how="left")
        .sort("_order")
        .with_columns(
            pl.coalesce("property_address", pl.col("street") + ", " + pl.col("locality")).alias(
                "scene_address"
            ),
            pl.col("property_postcode").alias("scene_postcode"),
        )
        .drop("_order", "uprn", "property_address", "property_postcode", "locality")
    )


def _place_rows(places: pl.DataFrame, at_address: bool) -> pl.DataFrame:
    """Chosen properties as scene inputs: at the address itself, or in the street outside."""
    return places.select(
        (pl.col("uprn") if at_address else pl.lit(None, dtype=pl.Int64)).alias("uprn"),
        "street",
        "oa",
        pl.col("easting").cast(pl.Int64),
        pl.col("northing").cast(pl.Int64),
    )


def _public(world: World) -> pl.DataFrame:
    """Residential streets, weighted to where people are out and about."""
    return (
        world.places.filter(pl.col("residential"))
        .sort("uprn")
        .with_columns(
            pl.col("oa_kind")
            .replace_strict(
                {"centre": 3.0, "estate": 2.5, "suburb": 1.0, "rural": 0.3}, default=1.0
            )
            .alias("w")
        )
    )


def _near(world: World, cluster: Cluster) -> pl.DataFrame:
    places = world.places.filter(
        ((pl.col("easting") - cluster.easting) ** 2 + (pl.col("northing") - cluster.northing) ** 2)
        <= cluster.radius_m**2
    ).sort("uprn")
    return places if places.height else world.places.sort("uprn")


# --------------------------------------------------------------------------- assaults

# Share of victims of violence with injury who attend A & E: about a quarter overall.
_ATTEND = {"008/06": 0.20, "008/01": 0.50, "034/01": 0.08}
_NOT_CONVEYED = 0.05  # of the other victims: an ambulance came, but they did not go to A & E
_UNREPORTED = (("nte", 0.45), ("street", 0.30), ("domestic", 0.25))
_WEAPONS = {
    "nte": [("Fist", 45), ("Feet", 20), ("Bottle", 20), ("", 10), ("Knife", 5)],
    "street": [("Fist", 45), ("Feet", 20), ("Blunt instrument", 12), ("Knife", 8), ("", 15)],
    "domestic": [("Fist", 50), ("", 25), ("Blunt instrument", 15), ("Knife", 5), ("Feet", 5)],
}
_INJURY = {
    "Fist": "Assault – punched",
    "Feet": "Assault – kicked",
    "Knife": "Assault – stabbed (knife or sharp object)",
    "Bottle": "Assault – glassed (bottle or glass)",
    "Blunt instrument": "Assault – struck with a blunt object",
    "Firearm": "Assault – gunshot wound",
    "Imitation firearm": "Assault – struck with a blunt object",
    "": "Assault – pushed or struck",
}
# Free descriptions of other places (True: with the street, so it can be placed on a map).
_OTHER_PLACES = [
    ("Taxi rank, {street}", True),
    ("Bus stop, {street}", True),
    ("Car park off {street}", True),
    ("Park near {street}", True),
    ("Friend's house", False),
    ("Workplace", False),
]
_ASSAULT_COLUMNS = [
    "person_id",
    "crime_reference",
    "ho_code",
    "scenario",
    "when",
    "uprn",
    "street",
    "oa",
    "easting",
    "northing",
    "weapon",
    "ae",
    "cluster",
]


def assaults(world: World, month: Month) -> pl.DataFrame:
    """The month's assaults that needed health care, made once and shared."""
    return world.events("health-assaults", month, _make_assaults)


def _expected_reported(world: World, month: Month) -> float:
    total = sum(o.weight for o in OFFENCES)
    crime_count = world.people_count * RATE_PER_PERSON_YEAR / 12 * SEASON[month.month - 1]
    return crime_count * sum(BY_CODE[c].weight * s for c, s in _ATTEND.items()) / total


def _reported(world: World, month: Month, rng: np.random.Generator) -> pl.DataFrame:
    victims = (
        crimes(world, month)
        .filter(pl.col("ho_code").is_in(list(_ATTEND)))
        .select(
            pl.col("victim_ids").alias("person_id"),
            "crime_reference",
            "ho_code",
            "scenario",
            pl.col("committed_from").alias("when"),
            "uprn",
            "street",
            "oa",
            pl.col("easting").cast(pl.Int64),
            pl.col("northing").cast(pl.Int64),
            "weapon",
        )
        .explode("person_id")
        .drop_nulls("person_id")
        .sort("crime_reference", "person_id")
    )
    share = victims["ho_code"].replace_strict(_ATTEND, return_dtype=pl.Float64).to_numpy()
    attends = rng.random(victims.height) < share
    ambulance_only = ~attends & (rng.random(victims.height) < _NOT_CONVEYED)
    return (
        victims.with_columns(
            pl.Series("ae", attends),
            pl.lit(None, dtype=pl.String).alias("cluster"),
            # a crime in public is known to the street, not to an address
            pl.when(pl.col("scenario").is_in(["domestic", "nte"]))
            .then(pl.col("uprn"))
            .alias("uprn"),
        )
        .filter(pl.Series(attends | ambulance_only))
        .select(_ASSAULT_COLUMNS)
    )


def _victims(world: World, rng: np.random.Generator, count: int, scenario: str) -> pl.DataFrame:
    people = world.population.people.filter(pl.col("age") >= 12).sort("person_id")
    age = people["age"].to_numpy()
    male = people["gender"].to_numpy() == "M"
    curve = np.interp(age, [12, 16, 18, 25, 35, 50, 65, 96], [0.2, 0.7, 1, 1, 0.7, 0.35, 0.1, 0.05])
    if scenario == "nte":
        curve = curve * (age >= 18)
    # most victims of violence who go to A & E are young men
    weights = people["victimisation"].to_numpy() * curve * np.where(male, 2.5, 1.0)
    return _draw(rng, people, count, weights).select("person_id")


def _unreported(world: World, month: Month, rng: np.random.Generator) -> pl.DataFrame:
    count = int(rng.poisson(_expected_reported(world, month)))
    names = [name for name, _ in _UNREPORTED]
    which = rng.choice(len(names), size=count, p=_shares([s for _, s in _UNREPORTED]))
    parts = []
    for index, scenario in enumerate(names):
        n = int((which == index).sum())
        if n == 0:
            continue
        if scenario == "domestic":
            pairs = _draw(
                rng, world.population.relationships.sort("perpetrator_id", "victim_id"), n
            )
            homes = world.population.people.select("person_id", "uprn")
            victims = (
                pairs.select(pl.col("victim_id").alias("person_id"))
                .with_row_index("_order")
                .join(homes, on="person_id", how="left")
                .join(world.places.select("uprn", "street", "oa", "easting", "northing"), on="uprn")
                .sort("_order")
            )
            where = _place_rows(victims, at_address=True)
            people = victims.select("person_id")
            when = _at_hours(rng, month, victims.height, _DOMESTIC)
        elif scenario == "nte":
            licensed = world.places.filter(pl.col("kind") == "licensed").sort("uprn")
            if licensed.height == 0:
                continue
            where = _place_rows(_draw(rng, licensed, n), at_address=True)
            people = _victims(world, rng, n, scenario)
            when = _nights(rng, month, n)
        else:
            public = _public(world)
            where = _place_rows(_draw(rng, public, n, public["w"].to_numpy()), at_address=False)
            people = _victims(world, rng, n, scenario)
            when = _at_hours(rng, month, n, _EVENING)
        k = where.height
        parts.append(
            pl.concat([people, where], how="horizontal").with_columns(
                pl.lit(None, dtype=pl.String).alias("crime_reference"),
                pl.lit(None, dtype=pl.String).alias("ho_code"),
                pl.lit(scenario).alias("scenario"),
                _datetimes("when", when),
                pl.Series("weapon", _choose(rng, _WEAPONS[scenario], k).tolist(), dtype=pl.String),
                pl.lit(True).alias("ae"),
                pl.lit(None, dtype=pl.String).alias("cluster"),
            )
        )
    return _concat(parts, _ASSAULT_COLUMNS)


def _cluster_assaults(
    world: World, month: Month, rng: np.random.Generator, cluster: Cluster
) -> pl.DataFrame:
    """A planted rise in assaults near one place (cluster.kind is a location type)."""
    n = cluster.per_month
    near = _near(world, cluster)
    licensed = cluster.kind.startswith("licensed")
    if licensed and near.filter(pl.col("kind") == "licensed").height:
        near = near.filter(pl.col("kind") == "licensed")
    scenario = "nte" if licensed else "street"
    where = _place_rows(_draw(rng, near, n), at_address=licensed)
    return (
        pl.concat([_victims(world, rng, n, scenario), where], how="horizontal")
        .with_columns(
            pl.lit(None, dtype=pl.String).alias("crime_reference"),
            pl.lit(None, dtype=pl.String).alias("ho_code"),
            pl.lit(scenario).alias("scenario"),
            _datetimes(
                "when", _nights(rng, month, n) if licensed else _at_hours(rng, month, n, _EVENING)
            ),
            pl.Series("weapon", _choose(rng, _WEAPONS[scenario], n).tolist(), dtype=pl.String),
            pl.lit(True).alias("ae"),
            pl.lit(cluster.id).alias("cluster"),
        )
        .select(_ASSAULT_COLUMNS)
    )


def _concat(parts: list[pl.DataFrame], columns: list[str]) -> pl.DataFrame:
    parts = [p.select(columns) for p in parts if p.height]
    if not parts:
        return pl.DataFrame(schema=_ASSAULT_SCHEMA).select(columns)
    return pl.concat(parts, how="vertical_relaxed")


_ASSAULT_SCHEMA: dict[str, pl.DataType | type[pl.DataType]] = {
    "person_id": pl.Int64,
    "crime_reference": pl.String,
    "ho_code": pl.String,
    "scenario": pl.String,
    "when": pl.Datetime("us"),
    "uprn": pl.Int64,
    "street": pl.String,
    "oa": pl.String,
    "easting": pl.Int64,
    "northing": pl.Int64,
    "weapon": pl.String,
    "ae": pl.Boolean,
    "cluster": pl.String,
}


def _make_assaults(world: World, month: Month) -> pl.DataFrame:
    rng = world.rng("health", "assaults", month.label)
    parts = [_reported(world, month, rng), _unreported(world, month, rng)]
    parts += [
        _cluster_assaults(world, month, rng, cluster)
        for cluster in world.clusters
        if cluster.dataset == "ae-assaults" and cluster.active(month)
    ]
    events = (
        _concat(parts, _ASSAULT_COLUMNS)
        .cast(_ASSAULT_SCHEMA)  # type: ignore[arg-type]
        .sort("when", "person_id", "crime_reference", nulls_last=True, maintain_order=True)
    )
    events = _scene_columns(world, events)
    n = events.height
    scenario = events["scenario"].to_numpy()
    serious = (events["ho_code"].to_numpy() == "008/01") | np.isin(
        events["weapon"].to_numpy(), ["Knife", "Bottle"]
    )
    inside = rng.random(n) < 0.45
    other = rng.random(n) < 0.15
    location_type = np.select(
        [scenario == "domestic", scenario == "nte", other],
        [
            "home",
            np.where(inside, "licensed_premises_inside", "licensed_premises_outside"),
            "other",
        ],
        default="street",
    )
    other_place = rng.integers(0, len(_OTHER_PLACES), n)
    ae = events["ae"].to_numpy()
    ambulance = ~ae | (rng.random(n) < 0.2 + 0.3 * serious + 0.1 * (scenario == "nte"))
    # arrival at A & E: soon after an ambulance; otherwise within hours, a few days later
    delay = np.where(
        ambulance,
        rng.integers(25, 90, n),
        np.select(
            [rng.random(n) < 0.7, rng.random(n) < 0.67],
            [rng.integers(30, 240, n), rng.integers(240, 24 * 60, n)],
            default=rng.integers(24 * 60, 72 * 60, n),
        ),
    ).astype("timedelta64[m]")
    call_delay = rng.integers(2, 20, n).astype("timedelta64[m]")
    when = events["when"].to_numpy().astype("datetime64[m]")
    return events.with_columns(
        pl.Series("serious", serious),
        pl.Series("location_type", location_type.tolist(), dtype=pl.String),
        pl.Series("other_place", [_OTHER_PLACES[i][0] for i in other_place], dtype=pl.String),
        pl.Series("other_mappable", [_OTHER_PLACES[i][1] for i in other_place]),
        pl.Series("ambulance", ambulance),
        _datetimes("arrival", _clip(when + delay, month)),
        _datetimes("call", _clip(when + call_delay, month)),
    )


def ae_assaults(world: World, month: Month) -> pl.DataFrame:
    """A & E attendances after assault (guidance §3.2.12), one row per attendance."""
    events = assaults(world, month).filter(pl.col("ae"))
    rng = world.rng("health", "ae-assaults", month.label)
    n = events.height
    recorded = pl.Series(rng.random(n) >= 0.07)  # incident details the patient would not give
    time_known = pl.Series(rng.random(n) >= 0.05)
    location = pl.col("location_type")
    at_premises = location.str.starts_with("licensed")
    place_text = (
        pl.when(location == "home")
        .then(pl.col("scene_address"))
        .when(location == "licensed_premises_inside")
        .then(pl.col("scene_name") + ", " + pl.col("street"))
        .when(location == "licensed_premises_outside")
        .then("Outside " + pl.col("scene_name") + ", " + pl.col("street"))
        .when(location == "other")
        .then(pl.col("other_place").str.replace("{street}", pl.col("street"), literal=True))
        .otherwise(pl.col("street"))
    )
    mappable = (location != "other") | pl.col("other_mappable")
    frame = (
        with_people(events.with_row_index("_order"), world)
        .sort("_order")
        .with_columns(
            pl.Series("_recorded", recorded), pl.Series("_time_known", time_known & recorded)
        )
    )
    frame = frame.select(
        hospital_number(pl.col("person_id")).alias("patient_reference"),
        pl.col("arrival").dt.date().alias("attendance_date"),
        age_on(pl.col("date_of_birth"), pl.col("arrival").dt.date()).alias("age"),
        "gender",
        recorded_ethnicity(world, pl.col("ethnicity"), "ae-assaults", 0.12).alias("ethnicity"),
        "home_address",
        "home_postcode",
        pl.col("weapon").replace_strict(_INJURY, return_dtype=pl.String).alias("incident_type"),
        pl.col("when").dt.date().alias("incident_date"),
        pl.when("_time_known").then(pl.col("when").dt.time()).alias("incident_time"),
        pl.when("_recorded").then(location).alias("location_type"),
        pl.when("_recorded").then(place_text).alias("incident_address"),
        pl.when(pl.col("_recorded") & ((location == "home") | at_premises))
        .then(pl.col("scene_postcode"))
        .alias("incident_postcode"),
        pl.when(pl.col("_recorded") & mappable)
        .then(pl.col("easting").cast(pl.Float64))
        .alias("incident_easting"),
        pl.when(pl.col("_recorded") & mappable)
        .then(pl.col("northing").cast(pl.Float64))
        .alias("incident_northing"),
        pl.col("crime_reference").is_not_null().alias("reported_to_police"),
        pl.col("person_id").alias("__person_id"),
        pl.col("home_uprn").alias("__uprn"),
        pl.when(pl.col("_recorded") & (location == "home"))
        .then(pl.col("scene_uprn"))
        .alias("__incident_uprn"),
        pl.col("crime_reference").alias("__crime_reference"),
        pl.col("scenario").alias("__scenario"),
        pl.col("location_type").alias("__location_type"),
        pl.col("easting").alias("__easting"),
        pl.col("northing").alias("__northing"),
        pl.col("ambulance").alias("__ambulance"),
        pl.col("cluster").alias("__cluster"),
    )
    # one attendance a patient a day (the key): a second assault the same day is one visit
    return frame.unique(["patient_reference", "attendance_date"], keep="first", maintain_order=True)


# --------------------------------------------------------------------------- substance harm

_ADMISSIONS_PER_1000 = 0.65  # a month; alcohol-specific and drug-related admissions together
_INTOXICATION_CALLS_PER_1000 = 0.22  # a month; ambulance to someone drunk, not admitted
_OVERDOSE_CALLS_PER_1000 = 0.12  # a month; overdoses treated at the scene or sent home from A & E
_ALCOHOL_SEASON = [1.08, 0.92, 0.96, 0.97, 1.0, 1.0, 1.02, 1.0, 0.96, 0.98, 0.98, 1.13]

_ALCOHOL_YOUNGER = [
    ("F10.0 Mental and behavioural disorders due to use of alcohol: acute intoxication", 35),
    ("F10.3 Mental and behavioural disorders due to use of alcohol: withdrawal state", 22),
    ("F10.2 Mental and behavioural disorders due to use of alcohol: dependence syndrome", 20),
    ("T51.0 Toxic effect of alcohol: ethanol", 10),
    ("K70.1 Alcoholic hepatitis", 5),
    ("K85.2 Alcohol-induced acute pancreatitis", 8),
]
_ALCOHOL_OLDER = [
    ("K70.3 Alcoholic cirrhosis of liver", 25),
    ("K70.1 Alcoholic hepatitis", 8),
    ("F10.3 Mental and behavioural disorders due to use of alcohol: withdrawal state", 20),
    ("F10.2 Mental and behavioural disorders due to use of alcohol: dependence syndrome", 15),
    ("F10.0 Mental and behavioural disorders due to use of alcohol: acute intoxication", 14),
    ("K85.2 Alcohol-induced acute pancreatitis", 10),
    ("K29.2 Alcoholic gastritis", 4),
    ("G31.2 Degeneration of nervous system due to alcohol", 4),
]
_BINGE = [
    ("T51.0 Toxic effect of alcohol: ethanol", 50),
    ("F10.0 Mental and behavioural disorders due to use of alcohol: acute intoxication", 50),
]
_DRUG_REASONS = {
    "opiates": [
        ("T40.1 Poisoning by heroin", 50),
        ("T40.2 Poisoning by other opioids", 15),
        ("T40.3 Poisoning by methadone", 8),
        ("F11.3 Mental and behavioural disorders due to use of opioids: withdrawal state", 15),
        ("L02.4 Cutaneous abscess of limb (injecting site)", 12),
    ],
    "cocaine": [
        ("T40.5 Poisoning by cocaine", 50),
        ("F14.0 Mental and behavioural disorders due to use of cocaine: acute intoxication", 25),
        ("F14.5 Mental and behavioural disorders due to use of cocaine: psychotic disorder", 25),
    ],
    "Cannabis": [
        (
            "F12.5 Mental and behavioural disorders due to use of cannabinoids: psychotic disorder",
            60,
        ),
        (
            "F12.0 Mental and behavioural disorders due to use of cannabinoids: acute intoxication",
            40,
        ),
    ],
    "Benzodiazepines": [("T42.4 Poisoning by benzodiazepines", 100)],
    "Amphetamines": [
        (
            "F15.5 Mental and behavioural disorders due to use of other stimulants: "
            "psychotic disorder",
            50,
        ),
        ("T43.6 Poisoning by psychostimulants with abuse potential", 50),
    ],
    "Ketamine": [
        ("T41.2 Poisoning by other general anaesthetics (ketamine)", 50),
        ("F19.5 Mental and behavioural disorders due to multiple drug use: psychotic disorder", 50),
    ],
}
_DRUG_GROUP = {
    "Heroin": "opiates",
    "Other opiates": "opiates",
    "Crack cocaine": "cocaine",
    "Cocaine": "cocaine",
}


def _ambulance_type(reason: str) -> str:
    """What the ambulance control room would have called the episode."""
    code = reason.split(" ", 1)[0]
    if code.startswith(("T4", "T51")):
        return "Overdose / poisoning"
    if code.startswith("F10.0"):
        return "Alcohol intoxication"
    if code.endswith(".5"):
        return "Psychiatric / abnormal behaviour / suicide attempt"
    if code.startswith("F10.3"):
        return "Convulsions / fitting"
    if code.startswith("K"):
        return "Abdominal pain"
    return "Sick person"


def _acute(reason: str) -> bool:
    return reason.split(" ", 1)[0].startswith(("T", "F10.0", "F12.0", "F14.0", "F12.5", "F14.5"))


def substance(world: World, month: Month) -> pl.DataFrame:
    """The month's episodes of drug- or alcohol-related harm, made once and shared."""
    return world.events("health-substance", month, _make_substance)


def _make_substance(world: World, month: Month) -> pl.DataFrame:
    rng = world.rng("health", "substance", month.label)
    cohort = _cohort(world, month)
    season = _ALCOHOL_SEASON[month.month - 1]
    per_1000 = world.people_count / 1000
    admissions = int(rng.poisson(per_1000 * _ADMISSIONS_PER_1000 * season))
    binges = int(rng.binomial(admissions, 0.2))
    users = cohort.filter((pl.col("drug_user") | pl.col("alcohol_user")) & (pl.col("age") >= 16))
    weights = users["severity"].to_numpy() * np.where(users["offends"].to_numpy(), 1.3, 1.0)
    chronic = _draw(rng, users, admissions - binges, weights)
    young = cohort.filter(pl.col("age").is_between(16, 35))
    young_weights = _young_adult_weights(young)
    binge = _draw(rng, young, binges, young_weights)
    # which of their problems brought them in
    drink = chronic["alcohol_user"].to_numpy() & (
        ~chronic["drug_user"].to_numpy() | (rng.random(chronic.height) < 0.5)
    )
    reasons = _reasons(rng, chronic, drink)
    admitted = pl.concat(
        [
            chronic.select("person_id").with_columns(
                pl.Series(
                    "substance", np.where(drink, "alcohol", "drug").tolist(), dtype=pl.String
                ),
                pl.Series("reason", reasons, dtype=pl.String),
            ),
            binge.select("person_id").with_columns(
                pl.lit("alcohol").alias("substance"),
                pl.Series("reason", _choose(rng, _BINGE, binge.height).tolist(), dtype=pl.String),
            ),
        ]
    ).with_columns(pl.lit(True).alias("admitted"))
    # ambulance calls that did not end in an admission
    intoxicated = _draw(
        rng,
        young,
        int(rng.poisson(per_1000 * _INTOXICATION_CALLS_PER_1000 * season)),
        young_weights,
    ).select(
        "person_id",
        pl.lit("alcohol").alias("substance"),
        pl.lit(_BINGE[1][0]).alias("reason"),
        pl.lit(False).alias("admitted"),
    )
    drug_users = cohort.filter(pl.col("drug_user") & (pl.col("age") >= 16))
    overdosed = _draw(
        rng,
        drug_users,
        int(rng.poisson(per_1000 * _OVERDOSE_CALLS_PER_1000)),
        drug_users["severity"].to_numpy(),
    )
    overdoses = overdosed.select("person_id").with_columns(
        pl.lit("drug").alias("substance"),
        pl.Series(
            "reason",
            [_DRUG_REASONS[_DRUG_GROUP.get(d, d)][0][0] for d in overdosed["main_drug"]],
            dtype=pl.String,
        ),
        pl.lit(False).alias("admitted"),
    )
    episodes = pl.concat([admitted, intoxicated, overdoses])
    n = episodes.height
    reason = episodes["reason"].to_list()
    acute = np.asarray([_acute(r) for r in reason], dtype=bool)
    drunk = np.asarray([r.startswith(("F10.0", "T51.0")) for r in reason], dtype=bool)
    # drinking to harm happens at night; other acute harm in the evening; the rest by day
    night = drunk & (rng.random(n) < 0.6)
    when = np.select(
        [night, drunk | acute],
        [_nights(rng, month, n), _at_hours(rng, month, n, _EVENING)],
        default=_at_hours(rng, month, n, _DAYTIME),
    )
    admitted_flag = episodes["admitted"].to_numpy()
    ambulance = ~admitted_flag | (rng.random(n) < np.where(acute, 0.6, 0.2))
    # drunk people are found in the centre at night; the rest at home
    public = (drunk & (rng.random(n) < 0.65)) | (~drunk & acute & (rng.random(n) < 0.2))
    centre = world.places.filter(pl.col("oa_kind") == "centre").sort("uprn")
    street = _place_rows(_draw(rng, centre, n), at_address=False)
    episodes = (
        pl.concat([episodes, street], how="horizontal")
        .with_columns(
            _datetimes("when", when),
            pl.Series("ambulance", ambulance),
            pl.Series("public", public),
            pl.Series("ambulance_type", [_ambulance_type(r) for r in reason], dtype=pl.String),
        )
        .sort("when", "person_id", "reason", maintain_order=True)
    )
    # one admission a patient a day
    first = (
        episodes.filter(pl.col("admitted"))
        .with_columns(pl.col("when").dt.date().alias("_day"))
        .unique(["person_id", "_day"], keep="first", maintain_order=True)
        .drop("_day")
    )
    return pl.concat([first, episodes.filter(~pl.col("admitted"))]).sort(
        "when", "person_id", "reason", maintain_order=True
    )


def _young_adult_weights(people: pl.DataFrame) -> np.ndarray:
    area = people["area_kind"].to_numpy()
    return (
        np.where(people["gender"].to_numpy() == "M", 1.4, 1.0)
        * np.select([area == "centre", area == "estate"], [1.8, 1.4], default=1.0)
        * np.where(people["offends"].to_numpy(), 2.5, 1.0)
        * np.where(people["alcohol_user"].to_numpy(), 4.0, 1.0)
    )


def _reasons(rng: np.random.Generator, chronic: pl.DataFrame, drink: np.ndarray) -> list[str]:
    reasons: list[str] = []
    for alcohol, age, drug in zip(
        drink.tolist(), chronic["age"].to_list(), chronic["main_drug"].to_list(), strict=True
    ):
        if alcohol:
            options = _ALCOHOL_OLDER if age >= 40 else _ALCOHOL_YOUNGER
        else:
            options = _DRUG_REASONS[_DRUG_GROUP.get(drug, drug)]
        reasons.append(str(_choose(rng, options, 1)[0]))
    return reasons


def hospital_admissions(world: World, month: Month) -> pl.DataFrame:
    """Admissions for drug- or alcohol-related harm (guidance §3.2.13), one row per admission."""
    episodes = substance(world, month).filter(pl.col("admitted"))
    frame = with_people(episodes.with_row_index("_order"), world).sort("_order")
    return frame.select(
        hospital_number(pl.col("person_id")).alias("patient_reference"),
        pl.col("when").dt.date().alias("admission_date"),
        age_on(pl.col("date_of_birth"), pl.col("when").dt.date()).alias("age"),
        "gender",
        recorded_ethnicity(world, pl.col("ethnicity"), "admissions", 0.08).alias("ethnicity"),
        pl.col("home_postcode").alias("location_postcode"),
        pl.col("reason").alias("admission_reason"),
        pl.col("person_id").alias("__person_id"),
        pl.col("home_uprn").alias("__uprn"),
        pl.col("substance").alias("__substance"),
        pl.col("ambulance").alias("__ambulance"),
    ).sort("admission_date", "patient_reference")


# --------------------------------------------------------------------------- drug treatment

_ADULT_STARTS_PER_1000_ADULTS = 0.22  # a month, drug (not alcohol-only) treatment journeys
_YOUNG_STARTS_PER_1000 = 0.025  # a month, of all residents: under-18s' specialist services

_SECONDARY: dict[str, list[tuple[str, float]]] = {
    "Heroin": [
        ("Crack cocaine", 45),
        ("Alcohol", 12),
        ("Benzodiazepines", 8),
        ("Cannabis", 8),
        ("", 27),
    ],
    "Other opiates": [("Crack cocaine", 20), ("Alcohol", 15), ("Benzodiazepines", 15), ("", 50)],
    "Crack cocaine": [("Heroin", 30), ("Alcohol", 20), ("Cannabis", 15), ("", 35)],
    "Cocaine": [("Alcohol", 50), ("Cannabis", 15), ("", 35)],
    "Cannabis": [("Alcohol", 30), ("Cocaine", 15), ("", 55)],
    "Benzodiazepines": [("Alcohol", 30), ("Heroin", 15), ("", 55)],
    "Amphetamines": [("Cannabis", 30), ("Alcohol", 20), ("", 50)],
    "Ketamine": [("Cocaine", 30), ("Alcohol", 25), ("Cannabis", 15), ("", 30)],
}
# Treatment type, share, planned length in weeks.
_OPIATE_TREATMENT = [
    ("Opioid substitution treatment – methadone", 55, 52),
    ("Opioid substitution treatment – buprenorphine", 25, 52),
    ("Inpatient detoxification", 5, 12),
    ("Residential rehabilitation", 3, 26),
    ("Structured psychosocial intervention", 12, 16),
]
_OTHER_TREATMENT = [
    ("Structured psychosocial intervention", 62, 12),
    ("Psychosocial intervention and recovery support", 20, 16),
    ("Structured day programme", 7, 12),
    ("Residential rehabilitation", 5, 26),
    ("Inpatient detoxification", 6, 12),
]
_YOUNG_TREATMENT = [
    ("Psychosocial intervention", 58, 12),
    ("Family work", 20, 16),
    ("Harm reduction", 16, 10),
    ("Multi-agency working", 5, 16),
    ("Pharmacological intervention", 1, 12),
]
_ADULT_REFERRALS = {
    "offends": [
        ("Self", 28),
        ("Criminal Justice – Probation", 24),
        ("Criminal Justice – Prison", 10),
        ("Criminal Justice – Drug Interventions Programme", 12),
        ("GP", 8),
        ("Hospital", 4),
        ("Social Services", 4),
        ("Other drug treatment service", 6),
        ("Family/Friends", 4),
    ],
    "other": [
        ("Self", 58),
        ("GP", 14),
        ("Hospital", 6),
        ("Social Services", 5),
        ("Family/Friends", 5),
        ("Other drug treatment service", 6),
        ("Mental health services", 4),
        ("Jobcentre Plus", 2),
    ],
}
_ARREST_REFERRALS = [
    ("Criminal Justice – Drug Interventions Programme", 70),
    ("Criminal Justice – Liaison and Diversion", 30),
]
_YOUNG_PRIMARY = [
    ("Cannabis", 50),
    ("Alcohol", 38),
    ("Cocaine", 4),
    ("Ecstasy", 3),
    ("Ketamine", 2),
    ("Nitrous oxide", 2),
    ("Solvents", 1),
]
_YOUNG_SECONDARY = {
    "Cannabis": [("Alcohol", 45), ("Nicotine", 20), ("Cocaine", 5), ("", 30)],
    "Alcohol": [("Cannabis", 45), ("Nicotine", 15), ("", 40)],
    "other": [("Cannabis", 40), ("Alcohol", 40), ("", 20)],
}
_YOUNG_REFERRALS = {
    "offends": [
        ("Youth Offending Service", 55),
        ("Education", 12),
        ("Children's Social Care", 15),
        ("Self", 4),
        ("Family/Friends", 6),
        ("CAMHS", 8),
    ],
    "other": [
        ("Education", 30),
        ("Children's Social Care", 20),
        ("Self", 8),
        ("Family/Friends", 10),
        ("GP", 6),
        ("A&E", 6),
        ("CAMHS", 10),
        ("Youth service", 10),
    ],
}


def _arrested(world: World, month: Month) -> pl.DataFrame:
    """Each person arrested (an offender on a detected crime) this month, and when first."""
    return (
        crimes(world, month)
        .filter(pl.col("detected"))
        .select(pl.col("offender_ids").alias("person_id"), pl.col("recorded").alias("arrested"))
        .explode("person_id")
        .drop_nulls("person_id")
        .group_by("person_id")
        .agg(pl.min("arrested"))
        .sort("person_id")
    )


def _treatment(
    rng: np.random.Generator,
    month: Month,
    starts: pl.DataFrame,
    referral: np.ndarray,
    anchor: str,
    treatments: list[np.ndarray],
) -> pl.DataFrame:
    """Start and planned discharge dates; a start after an arrest or an admission (the date in
    column ``anchor``) follows it by days."""
    n = starts.height
    names, weeks = treatments
    anywhen = pl.lit(month.first) + pl.duration(
        days=pl.lit(pl.Series(rng.integers(0, month.days, n)))
    )
    after = pl.col(anchor) + pl.duration(days=pl.lit(pl.Series(rng.integers(1, 15, n))))
    length = pl.duration(days=pl.lit(pl.Series(weeks * 7 + rng.integers(0, 29, n))))
    return starts.with_columns(
        pl.Series("referral", referral.tolist(), dtype=pl.String),
        pl.Series("treatment", names.tolist(), dtype=pl.String),
        pl.when(pl.col(anchor).is_not_null())
        .then(pl.min_horizontal(after, pl.lit(month.last)))
        .otherwise(anywhen)
        .cast(pl.Date)
        .alias("start"),
    ).with_columns((pl.col("start") + length).cast(pl.Date).alias("planned"))


def _treatment_types(
    rng: np.random.Generator, options: Sequence[tuple[str, float, int]], size: int
) -> list[np.ndarray]:
    index = rng.choice(len(options), size=size, p=_shares([w for _, w, _ in options]))
    names = np.asarray([name for name, _, _ in options], dtype=object)[index]
    weeks = np.asarray([w for _, _, w in options], dtype=int)[index]
    return [names, weeks]


def drug_treatment_adults(world: World, month: Month) -> pl.DataFrame:
    """Adults starting drug treatment in the month (guidance §3.2.10)."""
    rng = world.rng("health", "treatment-adults", month.label)
    cohort = _cohort(world, month)
    adults = cohort.filter(pl.col("age_at_start") >= 18)
    pool = (
        adults.filter(pl.col("drug_user"))
        .join(_arrested(world, month), on="person_id", how="left")
        .join(_admitted_for_drugs(world, month), on="person_id", how="left")
        .sort("person_id")
    )
    expected = adults.height * _ADULT_STARTS_PER_1000_ADULTS / 1000
    weights = (
        pool["severity"].to_numpy() ** 0.5
        * np.where(pool["offends"].to_numpy(), 1.5, 1.0)
        * np.where(pool["arrested"].is_not_null().to_numpy(), 3.0, 1.0)
        * np.where(pool["admitted"].is_not_null().to_numpy(), 3.0, 1.0)
    )
    starts = _draw(rng, pool, int(rng.poisson(expected)), weights, replace=False)
    n = starts.height
    offends = starts["offends"].to_numpy()
    referral = np.where(
        offends,
        _choose(rng, _ADULT_REFERRALS["offends"], n),
        _choose(rng, _ADULT_REFERRALS["other"], n),
    )
    arrest_route = starts["arrested"].is_not_null().to_numpy() & (rng.random(n) < 0.6)
    hospital_route = starts["admitted"].is_not_null().to_numpy() & (rng.random(n) < 0.5)
    referral = np.where(arrest_route, _choose(rng, _ARREST_REFERRALS, n), referral)
    referral = np.where(hospital_route & ~arrest_route, "Hospital", referral)
    starts = starts.with_columns(
        pl.when(pl.Series(arrest_route))
        .then(pl.col("arrested"))
        .when(pl.Series(hospital_route))
        .then(pl.col("admitted"))
        .alias("anchor")
    )
    main = starts["main_drug"].to_numpy()
    opiate = np.isin(main, _OPIATES)
    opiate_types = _treatment_types(rng, _OPIATE_TREATMENT, n)
    other_types = _treatment_types(rng, _OTHER_TREATMENT, n)
    types = [np.where(opiate, o, t) for o, t in zip(opiate_types, other_types, strict=True)]
    secondary = [str(_choose(rng, _SECONDARY[d], 1)[0]) for d in main.tolist()]
    frame = _treatment(rng, month, starts, referral, "anchor", types).with_columns(
        pl.Series("secondary", [s or None for s in secondary], dtype=pl.String)
    )
    return _treatment_records(world, frame, "drug-treatment-adults")


def _admitted_for_drugs(world: World, month: Month) -> pl.DataFrame:
    return (
        substance(world, month)
        .filter(pl.col("admitted") & (pl.col("substance") == "drug"))
        .group_by("person_id")
        .agg(pl.col("when").min().dt.date().alias("admitted"))
        .sort("person_id")
    )


def drug_treatment_young_people(world: World, month: Month) -> pl.DataFrame:
    """Under-18s starting specialist substance misuse treatment in the month (guidance §3.2.11;
    alcohol included)."""
    rng = world.rng("health", "treatment-young", month.label)
    cohort = _cohort(world, month)
    pool = (
        cohort.filter(
            pl.col("young_user") & (pl.col("age_at_end") < 18) & (pl.col("age_at_start") >= 10)
        )
        .join(_arrested(world, month), on="person_id", how="left")
        .sort("person_id")
    )
    weights = np.where(pool["offends"].to_numpy(), 2.0, 1.0) * np.where(
        pool["arrested"].is_not_null().to_numpy(), 3.0, 1.0
    )
    expected = world.people_count * _YOUNG_STARTS_PER_1000 / 1000
    starts = _draw(rng, pool, int(rng.poisson(expected)), weights, replace=False)
    n = starts.height
    referral = np.where(
        starts["offends"].to_numpy(),
        _choose(rng, _YOUNG_REFERRALS["offends"], n),
        _choose(rng, _YOUNG_REFERRALS["other"], n),
    )
    arrest_route = starts["arrested"].is_not_null().to_numpy() & (rng.random(n) < 0.7)
    referral = np.where(arrest_route, "Youth Offending Service", referral)
    starts = starts.with_columns(
        pl.when(pl.Series(arrest_route)).then(pl.col("arrested")).alias("anchor"),
        pl.Series("main_drug", _choose(rng, _YOUNG_PRIMARY, n).tolist(), dtype=pl.String),
    )
    secondary = [
        str(_choose(rng, _YOUNG_SECONDARY.get(d, _YOUNG_SECONDARY["other"]), 1)[0])
        for d in starts["main_drug"].to_list()
    ]
    types = _treatment_types(rng, _YOUNG_TREATMENT, n)
    frame = _treatment(rng, month, starts, referral, "anchor", types).with_columns(
        pl.Series("secondary", [s or None for s in secondary], dtype=pl.String)
    )
    return _treatment_records(world, frame, "drug-treatment-young-people")


def _treatment_records(world: World, frame: pl.DataFrame, label: str) -> pl.DataFrame:
    homes = world.population.people.select("person_id", "uprn").join(
        world.places.select("uprn", "postcode"), on="uprn", how="left"
    )
    joined = frame.join(homes, on="person_id", how="left")
    return joined.select(
        client_reference(pl.col("person_id")).alias("client_reference"),
        age_on(pl.col("date_of_birth"), pl.col("start")).alias("age"),
        "gender",
        pl.col("postcode").alias("location_postcode"),
        pl.col("main_drug").alias("primary_drug"),
        pl.col("secondary").alias("secondary_drug"),
        pl.col("referral").alias("referral_source"),
        pl.col("treatment").alias("treatment_type"),
        pl.col("start").alias("treatment_start_date"),
        pl.col("planned").alias("planned_discharge_date"),
        pl.col("person_id").alias("__person_id"),
        pl.col("uprn").alias("__uprn"),
        pl.col("offends").alias("__offends"),
        pl.col("arrested").alias("__arrested"),
    ).sort("treatment_start_date", "client_reference")


# --------------------------------------------------------------------------- ambulance

_CALLS_PER_1000 = 8.3  # a month: calls for illness and injury, besides assaults and substances
_AMBULANCE_SEASON = [1.12, 1.05, 1.0, 0.96, 0.97, 0.97, 1.0, 0.96, 0.95, 0.98, 1.0, 1.14]
# Type of call, share, age curve (ages, weights), share at home, women only.
_CALL_TYPES: list[tuple[str, float, list[int], list[float], float, bool]] = [
    ("Fall", 16, [0, 10, 40, 65, 80, 96], [0.3, 0.2, 0.2, 1, 3, 5], 0.8, False),
    ("Breathing problems", 13, [0, 5, 40, 65, 80, 96], [0.4, 0.2, 0.3, 1, 2, 2.5], 0.92, False),
    ("Chest pain", 11, [0, 25, 40, 60, 80, 96], [0, 0.1, 0.5, 1, 1.3, 1.3], 0.85, False),
    ("Sick person", 12, [0, 5, 40, 65, 80, 96], [0.4, 0.2, 0.3, 0.8, 1.6, 2.5], 0.9, False),
    (
        "Unconscious / fainting",
        7,
        [0, 15, 30, 60, 80, 96],
        [0.2, 0.5, 0.5, 0.8, 1.4, 2],
        0.65,
        False,
    ),
    ("Stroke", 4, [0, 40, 60, 80, 96], [0, 0.1, 0.8, 2, 2], 0.9, False),
    ("Heart problems", 3, [0, 40, 60, 80, 96], [0.05, 0.3, 1, 2, 2], 0.9, False),
    ("Convulsions / fitting", 4, [0, 5, 20, 60, 96], [0.5, 0.4, 0.7, 0.7, 0.5], 0.7, False),
    ("Haemorrhage / lacerations", 4, [0, 20, 60, 96], [0.3, 0.6, 0.9, 1.2], 0.65, False),
    ("Abdominal pain", 5, [0, 15, 40, 80, 96], [0.2, 0.6, 0.7, 0.9, 0.9], 0.9, False),
    (
        "Psychiatric / abnormal behaviour / suicide attempt",
        4,
        [0, 12, 16, 25, 45, 65, 96],
        [0, 0.3, 1, 1, 0.7, 0.3, 0.1],
        0.7,
        False,
    ),
    ("Traumatic injury", 3, [0, 10, 30, 60, 96], [0.6, 1, 0.8, 0.6, 0.8], 0.5, False),
    (
        "Road traffic collision",
        3,
        [0, 10, 17, 25, 60, 80, 96],
        [0.3, 0.4, 1, 1, 0.6, 0.4, 0.2],
        0.0,
        False,
    ),
    (
        "Pregnancy / childbirth",
        2,
        [0, 16, 18, 25, 35, 43, 45, 96],
        [0, 0, 0.6, 1, 0.9, 0.2, 0, 0],
        0.9,
        True,
    ),
    ("Diabetic problems", 2, [0, 10, 40, 70, 96], [0.2, 0.3, 0.6, 1, 1], 0.9, False),
    ("Back pain", 2, [0, 25, 50, 96], [0, 0.5, 1, 1], 0.95, False),
    ("Allergic reaction", 1, [0, 96], [1, 1], 0.6, False),
]
_CALL_SCHEMA: dict[str, pl.DataType | type[pl.DataType]] = {
    "person_id": pl.Int64,
    "incident_type": pl.String,
    "call": pl.Datetime("us"),
    "scene_uprn": pl.Int64,
    "scene_address": pl.String,
    "scene_postcode": pl.String,
    "easting": pl.Int64,
    "northing": pl.Int64,
    "crime_reference": pl.String,
    "source": pl.String,
    "cluster": pl.String,
}


def _homes(world: World, people: pl.DataFrame) -> pl.DataFrame:
    """Scene inputs at each person's home (in ``people``'s order)."""
    return (
        people.select("person_id")
        .with_row_index("_order")
        .join(world.population.people.select("person_id", "uprn"), on="person_id", how="left")
        .join(world.places.select("uprn", "street", "oa", "easting", "northing"), on="uprn")
        .sort("_order")
        .select(
            "uprn",
            "street",
            "oa",
            pl.col("easting").cast(pl.Int64),
            pl.col("northing").cast(pl.Int64),
        )
    )


def _medical_calls(world: World, month: Month, rng: np.random.Generator) -> pl.DataFrame:
    expected = world.people_count / 1000 * _CALLS_PER_1000 * _AMBULANCE_SEASON[month.month - 1]
    total = int(rng.poisson(expected))
    kinds = rng.choice(len(_CALL_TYPES), size=total, p=_shares([t[1] for t in _CALL_TYPES]))
    # each person with their home, joined once
    people = (
        world.population.people.select("person_id", "uprn", "age", "area_kind", "gender")
        .join(world.places.select("uprn", "street", "oa", "easting", "northing"), on="uprn")
        .sort("person_id")
    )
    age = people["age"].to_numpy()
    area = people["area_kind"].to_numpy()
    area_factor = np.select(
        [area == "estate", area == "centre", area == "rural"], [1.3, 1.3, 0.85], default=0.95
    )
    female = people["gender"].to_numpy() == "F"
    public = _public(world)
    outside = world.places.filter(
        pl.col("kind").is_in(["shop", "licensed", "station", "bus_station", "school"])
    ).sort("uprn")
    parts = []
    for index, (name, _, ages, curve, at_home, women) in enumerate(_CALL_TYPES):
        n = int((kinds == index).sum())
        if n == 0:
            continue
        weights = np.interp(age, ages, curve) * area_factor * (female if women else 1.0)
        chosen = _draw(rng, people, n, weights)
        patients = chosen.select("person_id")
        home = rng.random(n) < at_home
        in_street = rng.random(n) < (1.0 if name == "Road traffic collision" else 0.5)
        homes = _place_rows(chosen, at_address=True)
        streets = _place_rows(_draw(rng, public, n, public["w"].to_numpy()), at_address=False)
        premises = _place_rows(_draw(rng, outside if outside.height else public, n), True)
        where = _pick_rows(
            [homes, streets, premises], np.select([home, in_street], [0, 1], default=2)
        )
        when = _at_hours(rng, month, n, _DAYTIME)
        parts.append(
            pl.concat([patients, where], how="horizontal").with_columns(
                pl.lit(name).alias("incident_type"),
                _datetimes("call", when),
                pl.lit(None, dtype=pl.String).alias("crime_reference"),
                pl.lit("medical").alias("source"),
                pl.lit(None, dtype=pl.String).alias("cluster"),
            )
        )
    return pl.concat(parts) if parts else pl.DataFrame()


def _pick_rows(frames: list[pl.DataFrame], which: np.ndarray) -> pl.DataFrame:
    """Row i from frames[which[i]] (the frames have the same height and columns)."""
    stacked = pl.concat(frames)
    height = frames[0].height
    return stacked[(which * height + np.arange(height)).tolist()]


def _cluster_calls(
    world: World, month: Month, rng: np.random.Generator, cluster: Cluster
) -> pl.DataFrame:
    """A planted rise in calls of one type (cluster.kind) in one place, in the street."""
    n = cluster.per_month
    people = world.population.people.filter(pl.col("age") >= 12).sort("person_id")
    patients = _draw(rng, people, n, people["victimisation"].to_numpy()).select("person_id")
    where = _place_rows(_draw(rng, _near(world, cluster), n), at_address=False)
    return pl.concat([patients, where], how="horizontal").with_columns(
        pl.lit(cluster.kind).alias("incident_type"),
        _datetimes("call", _at_hours(rng, month, n, _EVENING)),
        pl.lit(None, dtype=pl.String).alias("crime_reference"),
        pl.lit("cluster").alias("source"),
        pl.lit(cluster.id).alias("cluster"),
    )


def ambulance_calls(world: World, month: Month) -> pl.DataFrame:
    """Ambulance calls for service (guidance §3.2.14), one row per call."""
    rng = world.rng("health", "ambulance", month.label)
    medical = _medical_calls(world, month, rng)
    clusters = [
        _cluster_calls(world, month, rng, cluster)
        for cluster in world.clusters
        if cluster.dataset == "ambulance-calls" and cluster.active(month)
    ]
    inputs = [_scene_columns(world, part) for part in (medical, *clusters) if part.height]
    attacked = assaults(world, month).filter(pl.col("ambulance"))
    inputs.append(
        attacked.select(
            "person_id",
            pl.lit("Assault").alias("incident_type"),
            "call",
            "scene_uprn",
            "scene_address",
            "scene_postcode",
            "easting",
            "northing",
            "crime_reference",
            pl.lit("assault").alias("source"),
            "cluster",
        )
    )
    episodes = substance(world, month).filter(pl.col("ambulance"))
    at_home = _scene_columns(world, _homes(world, episodes))
    in_street = _scene_columns(
        world, episodes.select("uprn", "street", "oa", "easting", "northing")
    )
    public = episodes["public"].to_numpy()
    scenes = _pick_rows([at_home, in_street], public.astype(int))
    inputs.append(
        pl.concat(
            [episodes.select("person_id", "when", "ambulance_type"), scenes], how="horizontal"
        ).select(
            "person_id",
            pl.col("ambulance_type").alias("incident_type"),
            pl.col("when").alias("call"),
            "scene_uprn",
            "scene_address",
            "scene_postcode",
            "easting",
            "northing",
            pl.lit(None, dtype=pl.String).alias("crime_reference"),
            pl.lit("substance").alias("source"),
            pl.lit(None, dtype=pl.String).alias("cluster"),
        )
    )
    calls = (
        pl.concat([c.select(list(_CALL_SCHEMA)).cast(_CALL_SCHEMA) for c in inputs])  # type: ignore[arg-type]
        .sort("call", "person_id", "incident_type", "source", maintain_order=True)
        .with_columns(pl.col("call").dt.date().alias("_day"))
    )
    n = calls.height
    # the control room numbers calls across its whole area: ours are some of each day's
    calls = calls.with_columns(
        pl.Series("_step", rng.integers(3, 60, n)),
        pl.Series("_unknown_sex", rng.random(n) < 0.01),
    ).with_columns(pl.col("_step").cum_sum().over("_day").alias("_number"))
    frame = with_people(calls.with_row_index("_order"), world).sort("_order")
    return frame.select(
        (
            pl.lit("ECA")
            + pl.col("_day").dt.strftime("%y%m%d")
            + "-"
            + pl.col("_number").cast(pl.String).str.zfill(5)
        ).alias("call_reference"),
        ambulance_patient(pl.col("person_id")).alias("patient_reference"),
        age_on(pl.col("date_of_birth"), pl.col("_day")).alias("age"),
        pl.when("_unknown_sex").then(pl.lit("U")).otherwise(pl.col("gender")).alias("gender"),
        recorded_ethnicity(world, pl.col("ethnicity"), "ambulance", 0.3).alias("ethnicity"),
        "home_address",
        "home_postcode",
        "incident_type",
        pl.col("_day").alias("incident_date"),
        pl.col("call").dt.time().alias("incident_time"),
        pl.col("scene_address").alias("incident_address"),
        pl.col("scene_postcode").alias("incident_postcode"),
        pl.col("easting").cast(pl.Float64).alias("incident_easting"),
        pl.col("northing").cast(pl.Float64).alias("incident_northing"),
        pl.col("person_id").alias("__person_id"),
        pl.col("home_uprn").alias("__uprn"),
        pl.col("scene_uprn").alias("__incident_uprn"),
        pl.col("easting").alias("__easting"),
        pl.col("northing").alias("__northing"),
        pl.col("crime_reference").alias("__crime_reference"),
        pl.col("source").alias("__source"),
        pl.col("cluster").alias("__cluster"),
    )


# --------------------------------------------------------------------------- plans

# The trust's own codes for where an assault happened (its ISTV form).
LOCATION_CODES = {
    "home": "01",
    "licensed_premises_inside": "02",
    "licensed_premises_outside": "03",
    "street": "04",
    "other": "98",
}
# NHS Data Dictionary person gender codes, as the treatment system exports them.
NHS_GENDER = {"M": "1", "F": "2", "X": "9", "U": "0"}
# The ambulance records system writes the sex out in words.
AMBULANCE_GENDER = {"M": "Male", "F": "Female", "X": "Other", "U": "Unknown"}

_TREATMENT_CAVEATS = (
    "New treatment journeys starting in the month, from the National Drug Treatment "
    "Monitoring System extract.",
    "Planned discharge dates are set at the start of treatment and often change.",
)

PLANS = [
    Plan(
        dataset="ae-assaults",
        agency=HOSPITALS,
        render=ae_assaults,
        headers={
            "patient_reference": "Hospital Number",
            "attendance_date": "Arrival Date",
            "age": "Age on Arrival",
            "gender": "Sex",
            "ethnicity": "Ethnic Category",
            "home_address": "Patient Address",
            "home_postcode": "Patient Postcode",
            "incident_type": "Assault Type",
            "incident_date": "Date of Assault",
            "incident_time": "Time of Assault",
            "location_type": "Location Type Code",
            "incident_address": "Assault Location",
            "incident_postcode": "Location Postcode",
            "incident_easting": "Easting",
            "incident_northing": "Northing",
            "reported_to_police": "Police Informed",
        },
        local_codes={"location_type": LOCATION_CODES},
        text_fields=("incident_address",),
        address_fields={"home_address": "__uprn", "incident_address": "__incident_uprn"},
        postcode_fields={
            "home_postcode": "home_address",
            "incident_postcode": "incident_address",
        },
        caveats=(
            "Incident details are asked for at reception (Information Sharing to Tackle "
            "Violence); some patients do not give them.",
            "Coordinates of assaults in the street are of the street, not the exact spot.",
        ),
    ),
    Plan(
        dataset="hospital-drug-alcohol-admissions",
        agency=HOSPITALS,
        render=hospital_admissions,
        headers={
            "patient_reference": "Hospital Number",
            "admission_date": "Admission Date",
            "age": "Age on Admission",
            "gender": "Sex",
            "ethnicity": "Ethnic Category",
            "location_postcode": "Patient Postcode",
            "admission_reason": "Primary Diagnosis (ICD-10)",
        },
        caveats=(
            "Admissions with a primary diagnosis wholly attributable to alcohol or to drug "
            "misuse; one row per admission.",
        ),
    ),
    Plan(
        dataset="drug-treatment-adults",
        agency=DAAT,
        render=drug_treatment_adults,
        headers={
            "client_reference": "Client ID",
            "age": "Age at Referral",
            "gender": "Sex",
            "location_postcode": "Postcode",
            "primary_drug": "Drug 1",
            "secondary_drug": "Drug 2",
            "referral_source": "Referral Source",
            "treatment_type": "Modality",
            "treatment_start_date": "Modality Start Date",
            "planned_discharge_date": "Planned Exit Date",
        },
        local_codes={"gender": NHS_GENDER},
        text_fields=("referral_source", "treatment_type"),
        caveats=_TREATMENT_CAVEATS,
    ),
    Plan(
        dataset="drug-treatment-young-people",
        agency=DAAT,
        render=drug_treatment_young_people,
        headers={
            "client_reference": "Client ID",
            "age": "Age at Referral",
            "gender": "Sex",
            "location_postcode": "Postcode",
            "primary_drug": "Problem Substance 1",
            "secondary_drug": "Problem Substance 2",
            "referral_source": "Referral Source",
            "treatment_type": "Intervention",
            "treatment_start_date": "Intervention Start Date",
            "planned_discharge_date": "Planned Exit Date",
        },
        local_codes={"gender": NHS_GENDER},
        text_fields=("referral_source", "treatment_type"),
        caveats=(*_TREATMENT_CAVEATS, "Young people's services; alcohol is included."),
    ),
    Plan(
        dataset="ambulance-calls",
        agency=AMBULANCE,
        render=ambulance_calls,
        headers={
            "call_reference": "CAD Number",
            "patient_reference": "ePR Patient ID",
            "age": "Patient Age",
            "gender": "Sex",
            "ethnicity": "Ethnicity",
            "home_address": "Patient Address",
            "home_postcode": "Patient Postcode",
            "incident_type": "Chief Complaint",
            "incident_date": "Call Date",
            "incident_time": "Call Time",
            "incident_address": "Scene Address",
            "incident_postcode": "Scene Postcode",
            "incident_easting": "Grid Ref X",
            "incident_northing": "Grid Ref Y",
        },
        local_codes={"gender": AMBULANCE_GENDER},
        text_fields=("incident_address",),
        address_fields={"home_address": "__uprn", "incident_address": "__incident_uprn"},
        postcode_fields={
            "home_postcode": "home_address",
            "incident_postcode": "incident_address",
        },
        caveats=(
            "Calls where a patient was identified; scene coordinates are from the control "
            "room's gazetteer, street-level for roads.",
        ),
    ),
]
