"""The synthetic partnership as one object: where it is, who lives there, when, and what is
planted in it (the emerging problems an analyst should find).

Renderers of supplies read the world; events shared by several datasets (crimes, which the
offence, offender, victim, detection, police.uk and Home Office files all describe) are made once
per month and kept until the month is written.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import polars as pl

from csphub.synth.geography import Geography, build_geography
from csphub.synth.population import Population, build_population
from csphub.synth.rng import stream

DEFAULT_START = dt.date(2025, 1, 1)


@dataclass(frozen=True, order=True)
class Month:
    year: int
    month: int

    @property
    def first(self) -> dt.date:
        return dt.date(self.year, self.month, 1)

    @property
    def last(self) -> dt.date:
        following = Month(self.year + self.month // 12, self.month % 12 + 1)
        return following.first - dt.timedelta(days=1)

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    @property
    def label(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    def plus(self, months: int) -> Month:
        index = self.year * 12 + self.month - 1 + months
        return Month(index // 12, index % 12 + 1)


@dataclass(frozen=True)
class Cluster:
    """An emerging problem planted in the data: extra events of one kind, in one place, from a
    known month. The ground truth an analysis of emerging problems is scored against."""

    id: str
    dataset: str  # the dataset whose records carry it
    kind: str  # the kind of event (an HO code, an ASB type, a fire type)
    lsoa: str
    easting: int
    northing: int
    radius_m: int
    start: Month
    end: Month
    per_month: int

    def active(self, month: Month) -> bool:
        return self.start <= month <= self.end

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "dataset": self.dataset,
            "kind": self.kind,
            "lsoa": self.lsoa,
            "easting": self.easting,
            "northing": self.northing,
            "radius_m": self.radius_m,
            "start": self.start.label,
            "end": self.end.label,
            "per_month": self.per_month,
        }


@dataclass
class World:
    seed: int
    people_count: int
    months: list[Month]
    geography: Geography
    population: Population
    clusters: list[Cluster]
    _events: dict[tuple[str, str], Any] = field(default_factory=dict, repr=False)

    @classmethod
    def build(cls, seed: int, people: int, months: int, start: dt.date = DEFAULT_START) -> World:
        first = Month(start.year, start.month)
        calendar = [first.plus(i) for i in range(months)]
        geography = build_geography(seed, people)
        population = build_population(seed, people, geography, first.first)
        return cls(
            seed, people, calendar, geography, population, _clusters(seed, geography, calendar)
        )

    def rng(self, *names: object):
        return stream(self.seed, *names)

    def events(self, kind: str, month: Month, make) -> pl.DataFrame:
        """Events of ``kind`` for ``month``, made once by ``make(world, month)`` and shared."""
        key = (kind, month.label)
        if key not in self._events:
            self._events[key] = make(self, month)
        return self._events[key]

    def shared(self, kind: str, make):
        """Something made once for the whole world, not per month (a cohort, a workforce)."""
        key = (kind, "*")
        if key not in self._events:
            self._events[key] = make(self)
        return self._events[key]

    def forget(self, month: Month) -> None:
        """Drop a written month's events (memory stays bounded however many months)."""
        for key in [k for k in self._events if k[1] == month.label]:
            del self._events[key]

    def month_index(self, month: Month) -> int:
        return self.months.index(month)

    @cached_property
    def homes(self) -> pl.DataFrame:
        """Occupied addresses with their residents' count."""
        return self.population.people.group_by("uprn").len("residents")

    @cached_property
    def places(self) -> pl.DataFrame:
        """Every property with the text of its address, for renderers."""
        return self.geography.properties.with_columns(address_text().alias("address"))


def address_text() -> pl.Expr:
    """'Flat 2, Harcourt House, 12 Station Road, Millbrook, Eastbrook' from a property's parts."""
    parts = [
        pl.when(pl.col("sao") != "").then(pl.col("sao")),
        pl.when(pl.col("pao_text") != "").then(pl.col("pao_text")),
        pl.when(pl.col("pao_number") != "")
        .then(pl.col("pao_number") + " " + pl.col("street"))
        .otherwise(pl.col("street")),
        pl.col("locality"),
        pl.col("town"),
    ]
    return pl.concat_list(parts).list.drop_nulls().list.join(", ")


def _clusters(seed: int, geography: Geography, months: list[Month]) -> list[Cluster]:
    """Three emerging problems, starting about 60% of the way through the period: a spate of
    theft from vehicles on an estate, rising ASB in a suburb, and deliberate secondary fires."""
    rng = stream(seed, "clusters")
    if len(months) < 2:
        return []
    start = months[max(1, int(len(months) * 0.6))]
    end = months[-1]
    scale = max(1, geography.oas.height // 60)
    plans = [
        ("vehicle-crime-spate", "police-crime-offence", "045/00", "estate", 8),
        ("asb-rise", "council-asb", "Nuisance from young people", "suburb", 10),
        ("deliberate-fires", "fire-incidents", "Deliberate secondary fire", "estate", 5),
    ]
    clusters = []
    for number, (name, dataset, kind, area_kind, per_month) in enumerate(plans):
        candidates = geography.oas.filter(pl.col("kind") == area_kind)
        if candidates.height == 0:
            candidates = geography.oas
        oa = candidates.row(int(rng.integers(candidates.height)), named=True)
        clusters.append(
            Cluster(
                id=f"C{number + 1}-{name}",
                dataset=dataset,
                kind=kind,
                lsoa=oa["lsoa"],
                easting=(oa["x0"] + oa["x1"]) // 2,
                northing=(oa["y0"] + oa["y1"]) // 2,
                radius_m=250,
                start=start,
                end=end,
                per_month=per_month * scale,
            )
        )
    return clusters
