"""Police recorded crime: three linked files, ingested with the counts the generator expects."""

from __future__ import annotations

from pathlib import Path

import polars as pl
from harness import make_and_ingest, plans_of


def test_offence_offender_and_victim_files_ingest_as_expected(tmp_path: Path) -> None:
    run = make_and_ingest(tmp_path, plans=plans_of("police_crime"), people=6_000, months=3)
    assert run.mismatches == [], "\n\n".join(run.mismatches)
    datasets = {s["dataset"] for s in run.made.manifest["supplies"]}
    assert datasets == {"police-crime-offence", "police-crime-offender", "police-crime-victim"}
    offences = run.hub.archive.read_records(run.hub.dataset("police-crime-offence"))
    offenders = run.hub.archive.read_records(run.hub.dataset("police-crime-offender"))
    victims = run.hub.archive.read_records(run.hub.dataset("police-crime-victim"))
    assert offences.height > 90  # about 127 expected: 6,000 people, 8.5% a year, 3 months
    # the crime reference links the three files
    linked = offenders.join(offences, on="crime_reference", how="semi").height
    assert linked / offenders.height > 0.95
    assert victims.join(offences, on="crime_reference", how="semi").height / victims.height > 0.95
    # night-time economy violence sits on Friday and Saturday nights in the town centre
    violence = offences.filter(pl.col("offence_code").is_in(["105/01", "008/06", "008/01"]))
    weekend_nights = violence.filter(
        pl.col("committed_from_date").dt.weekday().is_in([5, 6, 7])
        & (
            (pl.col("committed_from_time").dt.hour() >= 22)
            | (pl.col("committed_from_time").dt.hour() < 4)
        )
    )
    assert weekend_nights.height / violence.height > 0.25


def test_gender_comes_in_the_forces_own_codes(tmp_path: Path) -> None:
    run = make_and_ingest(tmp_path, plans=plans_of("police_crime"), people=3_000, months=1)
    offenders = next(
        p for p in run.made.manifest["supplies"] if p["dataset"] == "police-crime-offender"
    )
    text = (run.made.folder / offenders["file"]).read_text(encoding="utf-8-sig")
    sex_column = text.splitlines()[0].split(",").index("Sex")
    values = {
        line.split(",")[sex_column]
        for line in text.splitlines()[1:]
        if line.count(",") > sex_column
    }
    assert values <= {"1", "2", "3", "9", "", "ZZ"}
    assert {m["field"] for m in run.made.manifest["code_maps"]} == {"gender"}
