"""Benchmark: a national-size synthetic run — ten million records — in bounded memory.

    .venv/bin/python benchmarks/synth_national.py [--records 10000000] [--months 60]

``csphub synth`` makes a town sized (from the rate measured by a small calibration run) to
write about ``--records`` over ``--months``, as a new process: wall time, records written,
records a second, the process's own peak resident memory (from wait4) and the size of what it
wrote. Memory is set by the town, not by the records written: compare the peak with
``benchmarks/results/synth.json`` (a million records).

Prints the figures and writes ``benchmarks/results/synth-national.json``. Takes about an hour
on two cores.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _bench import machine, work_folder, write_result
from synth import records_per_person_month, synth  # the sibling benchmark's helpers


def _size_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 2**20


def main(argv: list[str] | None = None) -> dict[str, object]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=10_000_000)
    parser.add_argument("--months", type=int, default=60)
    parser.add_argument("--keep", action="store_true", help="keep the working folder")
    args = parser.parse_args(argv)
    with work_folder("csphub-synth-national-", args.keep) as work:
        per_person_month = records_per_person_month(work)
        people = round(args.records / (per_person_month * args.months))
        folder = work / "national"
        run = synth(folder, people, args.months)
        result = {
            "records": run["records"],
            "people": people,
            "months": args.months,
            "seconds": run["seconds"],
            "records_per_s": run["records_per_s"],
            "peak_rss_mb": run["peak_rss_mb"],
            "written_mb": round(_size_mb(folder)),
            "machine": machine(),
        }
        write_result("synth-national", result)
        for key in ("records", "people", "months", "seconds", "records_per_s", "peak_rss_mb"):
            print(f"{key:>14}: {result[key]}")
        print(f"{'written_mb':>14}: {result['written_mb']}")
        return result


if __name__ == "__main__":
    main()
