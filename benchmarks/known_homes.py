"""Benchmark: what looking up people's known homes adds to taking in a supply.

    .venv/bin/python benchmarks/known_homes.py [--stored 1000000] [--supplied 100000 1000000]

A supply of a dataset whose home belongs to a person reference (an offender's nominal number)
looks up the homes the agency's stored records placed its people at, for those whose home
the first geocode left without a property (:meth:`csphub.store.archive.Archive.known_homes`;
a few in a hundred of the supply's records). This stores ``--stored`` offender records (a third
as many people, each placed at a property) in a new embedded archive, timing the store as the
baseline, then times the look-up for each number of references in ``--supplied`` (drawn from
half again as many people, so some are new). The figure is the look-up's time as a share of
the time the same archive took to store ``--stored`` records.

Prints the figures and writes ``benchmarks/results/known-homes.json``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from pathlib import Path

import numpy as np
import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _bench import machine, work_folder, write_result

DATASET = "police-crime-offender"
AGENCY = "eb-police"


def _offenders(count: int, seed: int) -> pl.DataFrame:
    """``count`` stored crime records of a third as many offenders, each at one property,
    with the fields and geocode a force typically fills in."""
    people = np.random.default_rng(seed).integers(0, max(count // 3, 1), count)
    return pl.DataFrame(
        {
            "_agency_id": AGENCY,
            "_row": np.arange(count, dtype=np.int64) + 2,
            "_key": [f"CR{i}|EBN{p}" for i, p in enumerate(people)],
            "_version": 1,
            "crime_reference": [f"CR{i}" for i in range(count)],
            "offender_reference": [f"EBN{p}" for p in people],
            "gender": np.where(people % 5 == 0, "F", "M"),
            "age": 18 + people % 50,
            "ethnicity": "W1",
            "location_address": [f"{p % 200 + 1} High Street, Eastbrook" for p in people],
            "location_postcode": "EB1 1AA",
            "_geo_home_uprn": people.astype(np.int64) + 10**11,
            "_geo_home_method": "address",
            "_geo_home_easting": 440_000.0 + people % 1000,
            "_geo_home_northing": 250_000.0 + people % 1000,
            "_geo_home_lsoa": "E01000001",
        }
    )


def main(argv: list[str] | None = None) -> dict[str, object]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stored", type=int, default=1_000_000)
    parser.add_argument("--supplied", type=int, nargs="+", default=[100_000, 1_000_000])
    args = parser.parse_args(argv)

    from csphub.hub import Hub
    from csphub.settings import Settings

    with (
        work_folder("csphub-known-homes-") as work,
        Hub.initialise(Settings(home=work / "home")) as hub,
    ):
        hub.archive.add_agency(AGENCY, "Eastbrook Police", "police")
        dataset = hub.dataset(DATASET)
        stored = _offenders(args.stored, seed=1)
        print(f"Storing {args.stored:,} offender records …", flush=True)
        started = time.perf_counter()
        with hub.archive.supply_transaction(dataset) as write:
            supply = write.start(
                dataset_id=DATASET,
                agency_id=AGENCY,
                file_name="offenders.csv",
                file_format="csv",
                sha256="0" * 64,
                size_bytes=0,
                rows_read=args.stored,
                landing_file="offenders.csv",
                received_at=dt.datetime.now(dt.UTC),
            )
            write.add_records(stored)
            write.finish(supply, "stored", rows_new=args.stored)
        store_s = time.perf_counter() - started
        homes = [
            (other, place)
            for other in hub.catalogue()
            for place in other.locations
            if place.resident == "offender_reference"
        ]
        rng = np.random.default_rng(2)
        lookups = []
        for size in args.supplied:
            people = rng.integers(0, max(args.stored // 2, 1), size)
            references = pl.Series([f"EBN{p}" for p in people])
            started = time.perf_counter()
            found = hub.archive.known_homes(AGENCY, homes, references)
            seconds = time.perf_counter() - started
            lookups.append(
                {
                    "supplied": size,
                    "homes_found": found.height,
                    "lookup_s": round(seconds, 2),
                    "share_of_storing_the_stored": round(seconds / store_s, 3),
                }
            )
            print(
                f"{size:,} references against {args.stored:,} stored records: "
                f"{found.height:,} homes in {seconds:.2f} s "
                f"({seconds / store_s:.1%} of the {store_s:.1f} s it took to store them)"
            )
    result: dict[str, object] = {
        "machine": machine(),
        "backend": "sqlite",
        "stored": args.stored,
        "store_s": round(store_s, 2),
        "lookups": lookups,
    }
    print(f"Written to {write_result('known-homes', result)}")
    return result


if __name__ == "__main__":
    main()
