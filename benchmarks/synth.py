"""Benchmark: making a synthetic partnership of a million records.

    .venv/bin/python benchmarks/synth.py [--records 1000000]

1. A small calibration run (20,000 people, 12 months, in this process) measures records per
   person-month, which sets the size of town that makes about ``--records`` in a year.
2. ``csphub synth`` makes that town over 12 months, as a new process: wall time, records made,
   records a second, and the process's own peak resident memory (from wait4).
3. The same town over 24 months: twice the records, and — memory being bounded by the town,
   not by how many months or records are written — about the same peak memory.

Prints the figures and writes ``benchmarks/results/synth.json``.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _bench import child, machine, work_folder, write_result


def _records(folder: Path) -> int:
    return int(json.loads((folder / "manifest.json").read_text())["records"])


def records_per_person_month(work: Path) -> float:
    """From a small run in this process: 20,000 people over 12 months."""
    from csphub.synth.partnership import generate

    print("Calibrating: 20,000 people, 12 months …", flush=True)
    calibration = generate(work / "calibration", seed=2, people=20_000, months=12)
    return calibration.records / (20_000 * 12)


def synth(folder: Path, people: int, months: int) -> dict[str, float]:
    """``csphub synth`` as a new process: records, seconds, records a second, peak MB."""
    csphub = str(Path(sys.executable).with_name("csphub"))
    print(f"csphub synth: {people:,} people, {months} months …", flush=True)
    arguments = ["--out", str(folder), "--people", str(people), "--months", str(months)]
    seconds, peak, _ = child([csphub, "synth", *arguments, "--seed", "2"])
    records = _records(folder)
    return {
        "records": records,
        "seconds": round(seconds, 1),
        "records_per_s": round(records / seconds),
        "peak_rss_mb": round(peak),
    }


def main(argv: list[str] | None = None) -> dict[str, object]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--keep", action="store_true", help="keep the working folder")
    args = parser.parse_args(argv)
    with work_folder("csphub-synth-bench-", args.keep) as work:
        per_person_month = records_per_person_month(work)
        people = max(20_000, round(args.records / (per_person_month * 12)))
        print(
            f"  {per_person_month:.4f} records a person a month → {people:,} people for a year",
            flush=True,
        )

        runs = {}
        for months in (12, 24):
            folder = work / f"run{months}"
            runs[months] = synth(folder, people, months)
            shutil.rmtree(folder, ignore_errors=True)
        year, two = runs[12], runs[24]
        result = {
            "records": year["records"],
            "people": people,
            "months": 12,
            "seconds": year["seconds"],
            "records_per_s": year["records_per_s"],
            "peak_rss_mb": year["peak_rss_mb"],
            "twice_the_months": two,
            "memory_growth_for_twice_the_records": round(
                two["peak_rss_mb"] / year["peak_rss_mb"], 2
            ),
            "records_per_person_month": round(per_person_month, 4),
            "machine": machine(),
        }
        write_result("synth", result)
        for key in ("records", "people", "seconds", "records_per_s", "peak_rss_mb"):
            print(f"{key:>36}: {result[key]}")
        print(f"{'24 months: records, peak MB':>36}: {two['records']}, {two['peak_rss_mb']}")
        growth = result["memory_growth_for_twice_the_records"]
        print(f"{'memory growth for twice the records':>36}: {growth}")
        return result


if __name__ == "__main__":
    main()
