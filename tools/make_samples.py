"""Write the small bundled sample supplies that `csphub demo` takes in.

Deterministic: running it again writes byte-identical files. Everything is fictional: the
"Eastbrook" partnership, postcode area EB (no real UK postcode area) and every person and
reference. Each file has its partner's habits (column names, codes, formats, encodings) and a
few known faults, listed in the manifest's `expect`, which the tests check.

    .venv/bin/python tools/make_samples.py
"""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path

import xlsxwriter

from csphub.synth.vocabulary import STREETS, weighted_offence_codes

SAMPLES = Path(__file__).resolve().parents[1] / "src" / "csphub" / "synth" / "samples"
OUT = SAMPLES
JAN = [dt.date(2026, 1, d) for d in range(1, 32)]
POSTCODES = [
    f"EB{d} {n}{a}{b}"
    for d in (1, 2, 3)
    for n in (1, 2, 4)
    for a, b in (("A", "B"), ("D", "E"), ("H", "J"))
]
ETHNICITY = ["W1", "W1", "W1", "W2", "W9", "M1", "A1", "A2", "B1", "B2", "O1", "NS"]
OCCUPATIONS = [
    "Unemployed",
    "Student",
    "Labourer",
    "Retail assistant",
    "Driver",
    "Retired",
    "",
    "Nurse",
]


def _place(rng: random.Random) -> tuple[str, str, int, int]:
    number = rng.randint(1, 120)
    return (
        f"{number} {rng.choice(STREETS)}, Eastbrook",
        rng.choice(POSTCODES),
        451000 + rng.randint(0, 4000),
        210000 + rng.randint(0, 4000),
    )


def _metadata(
    agency: str, dataset: str, records: int, fields: list[str], fmt: str, **extra: object
) -> dict:
    return {
        "agency": agency,
        "supplier": {"name": "Data Team", "organisation": agency, "email": "data-team@example.org"},
        "dataset": dataset,
        "period": "2026-01",
        "file_format": fmt,
        "records_supplied": records,
        "date_supplied": "2026-02-03",
        "fields": fields,
        **extra,
    }


def _write_json(name: str, value: object) -> None:
    (OUT / name).write_text(json.dumps(value, indent=2, ensure_ascii=False) + "\n", "utf-8")


def offences(rng: random.Random) -> tuple[list[list[str]], list[str]]:
    header = [
        "Crime Ref",
        "HO Code",
        "Date From",
        "Time From",
        "Date To",
        "Time To",
        "Address",
        "Postcode",
        "X",
        "Y",
        "MO Entry",
        "Weapon",
        "DV",
        "Alcohol",
        "Drugs",
    ]
    rows = []
    for i in range(1, 81):
        address, postcode, x, y = _place(rng)
        day = rng.choice(JAN)
        rows.append(
            [
                f"EB/{26000 + i:06d}/26",
                rng.choice(weighted_offence_codes()),
                day.strftime("%d/%m/%Y"),
                f"{rng.randint(0, 23):02d}{rng.choice([0, 15, 30, 45]):02d}",
                "",
                "",
                address,
                postcode.lower(),
                str(x),
                str(y),
                rng.choice(["", "", "Forced door", "Insecure window"]),
                rng.choice(["", "", "", "Knife", "Fist"]),
                rng.choice(["Y", "N", "N", "N"]),
                rng.choice(["Y", "N", ""]),
                rng.choice(["Y", "N", "N"]),
            ]
        )
    rows[6][1] = "BURG"  # not a Home Office code
    rows[17][2] = "12/02/2026"  # outside January
    rows[33][0] = rows[32][0]  # the same crime twice
    rows[51][7] = "EB1 2C"  # not a postcode
    return rows, header


def offences_resupply(original: list[list[str]]) -> list[list[str]]:
    corrected = [list(r) for r in original]
    corrected[6][1] = "030/01"
    corrected[17][2] = "31/01/2026"
    corrected[33][0] = "EB/026034/26"
    corrected[51][7] = "EB1 2AB"
    corrected[2][1] = "031/00"  # reclassified after investigation (not in the original list)
    corrected[9][8] = str(int(corrected[9][8]) + 7)  # location corrected
    # A resupply sends the corrected rows, the reclassified ones, and three unchanged ones.
    return [corrected[i] for i in (6, 17, 33, 51, 2, 9, 20, 21, 22)]


def offenders(rng: random.Random, crime_refs: list[str]) -> tuple[list[list[str]], list[str]]:
    header = [
        "Crime Ref",
        "Nominal ID",
        "Sex",
        "DOB",
        "Ethnic Origin",
        "Occupation",
        "Home Address",
        "Home Postcode",
    ]
    rows = []
    prolific = [f"N{rng.randint(100000, 999999)}" for _ in range(4)]
    for i, ref in enumerate(crime_refs[:40]):
        nominal = prolific[i % 4] if i % 3 == 0 else f"N{rng.randint(100000, 999999)}"
        born = dt.date(rng.randint(1960, 2009), rng.randint(1, 12), rng.randint(1, 28))
        address, postcode, _, _ = _place(rng)
        rows.append(
            [
                ref,
                nominal,
                rng.choice(["1", "1", "2"]),
                born.strftime("%d-%b-%y"),
                rng.choice(ETHNICITY),
                rng.choice(OCCUPATIONS),
                address,
                postcode,
            ]
        )
    rows[11][4] = "Z9"  # not an ethnicity code
    return rows, header


def victims(rng: random.Random, crime_refs: list[str]) -> tuple[list[list[str]], list[str]]:
    header = [
        "Crime Ref",
        "Victim No",
        "Gender",
        "Age",
        "Ethnicity",
        "Relationship",
        "Occupation",
        "Address",
        "Postcode",
    ]
    rows = []
    for ref in crime_refs[:45]:
        for number in range(1, rng.choice([1, 1, 1, 2]) + 1):
            address, postcode, _, _ = _place(rng)
            rows.append(
                [
                    ref,
                    str(number),
                    rng.choice(["M", "F", "Male", "Female"]),
                    str(rng.randint(12, 89)),
                    rng.choice(ETHNICITY),
                    rng.choice(["Stranger", "Partner", "Ex-partner", "Neighbour", "Friend"]),
                    rng.choice(OCCUPATIONS),
                    address,
                    postcode,
                ]
            )
    rows[4][3] = "203"  # an impossible age
    return rows, header


def council_asb(rng: random.Random) -> tuple[list[list[str]], list[str]]:
    header = [
        "Case No",
        "Nature",
        "Date Reported",
        "Time",
        "Location",
        "Post Code",
        "Damage £",
        "Flytip Size",
    ]
    rows = []
    for i in range(1, 41):
        code = rng.choice(["NOI", "NOI", "GRA", "FLY", "ABV", "YTH"])
        address, postcode, _, _ = _place(rng)
        if i == 7:
            address = "2 Café Row, Eastbrook"
        rows.append(
            [
                f"ASB{2600 + i}",
                code,
                rng.choice(JAN).strftime("%d/%m/%Y"),
                f"{rng.randint(8, 23)}.{rng.choice(['00', '15', '30', '45'])}",
                address,
                postcode,
                f"£{rng.randint(50, 900)}" if code == "GRA" else "",
                rng.choice(["Small van load", "Car boot load"]) if code == "FLY" else "",
            ]
        )
    rows[25][2] = "31/13/2026"  # no thirteenth month
    return rows, header


def fire_xlsx(rng: random.Random, path: Path) -> int:
    workbook = xlsxwriter.Workbook(str(path), {"default_date_format": "dd/mm/yyyy"})
    workbook.set_properties({"created": dt.datetime(2026, 2, 3, 9, 0, 0)})  # byte-identical reruns
    sheet = workbook.add_worksheet("Incidents")
    date_format = workbook.add_format({"num_format": "dd/mm/yyyy"})
    time_format = workbook.add_format({"num_format": "hh:mm"})
    header = [
        "Incident No",
        "Incident Type",
        "Call Date",
        "Call Time",
        "Casualties",
        "Address",
        "Postcode",
        "X",
        "Y",
    ]
    sheet.write_row(0, 0, header)
    types = [
        "Deliberate primary fire",
        "Deliberate secondary fire",
        "Malicious false alarm",
        "Assault on staff",
    ]
    count = 30
    for i in range(1, count + 1):
        address, postcode, x, y = _place(rng)
        day = rng.choice(JAN)
        sheet.write_string(i, 0, f"F26{i:05d}")
        sheet.write_string(i, 1, rng.choice(types))
        sheet.write_datetime(i, 2, dt.datetime.combine(day, dt.time()), date_format)
        sheet.write_datetime(
            i,
            3,
            dt.datetime(1899, 12, 31, rng.randint(0, 23), rng.randint(0, 59))
            - dt.timedelta(days=1),
            time_format,
        )
        sheet.write_number(i, 4, rng.choice([0, 0, 0, 1, 2]))
        sheet.write_string(i, 5, address)
        sheet.write_string(i, 6, postcode)
        sheet.write_number(i, 7, x)
        sheet.write_number(i, 8, y)
    workbook.close()
    return count


def ambulance(rng: random.Random) -> list[dict[str, object]]:
    records: list[dict[str, object]] = []
    for i in range(1, 26):
        home, home_pc, _, _ = _place(rng)
        scene, scene_pc, x, y = _place(rng)
        records.append(
            {
                "CAD Number": f"A26-{i:05d}",
                "Patient ID": f"P{rng.randint(10000, 99999)}",
                "Patient Age": rng.randint(16, 90),
                "Sex": rng.choice(["M", "F"]),
                "Ethnicity": rng.choice(ETHNICITY),
                "Patient Address": home,
                "Patient Postcode": home_pc,
                "Nature of Call": rng.choice(["Assault", "Fall", "Overdose", "Intoxication"]),
                "Call Date": rng.choice(JAN).isoformat(),
                "Call Time": f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}",
                "Scene Address": scene,
                "Scene Postcode": scene_pc,
                "X": x,
                "Y": y,
            }
        )
    records[14]["Patient ID"] = None  # a call with no patient reference
    return records


def _csv(rows: list[list[str]], header: list[str], delimiter: str = ",") -> str:
    def cell(value: str) -> str:
        return f'"{value}"' if delimiter in value or '"' in value else value

    return "\r\n".join(delimiter.join(cell(v) for v in row) for row in [header, *rows]) + "\r\n"


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    rng = random.Random(20260203)
    supplies = []

    rows, header = offences(rng)
    (OUT / "eastbrook-police-offences-2026-01.csv").write_bytes(
        b"\xef\xbb\xbf" + _csv(rows, header).encode("utf-8")
    )
    _write_json(
        "eastbrook-police-offences-2026-01.meta.json",
        _metadata(
            "eastbrook-police",
            "police-crime-offence",
            len(rows),
            header,
            "csv",
            caveats=["Method of entry is recorded for burglaries only"],
            coding_systems={"HO Code": "Home Office offence classification"},
            geocoding_method="X/Y from the force's address gazetteer",
        ),
    )
    supplies.append(
        {
            "file": "eastbrook-police-offences-2026-01.csv",
            "dataset": "police-crime-offence",
            "agency": "eastbrook-police",
            "metadata": "eastbrook-police-offences-2026-01.meta.json",
            "expect": {"rows_read": 80, "rows_quarantined": 4, "rows_stored": 76},
        }
    )

    crime_refs = [r[0] for r in rows]
    offender_rows, offender_header = offenders(rng, crime_refs)
    (OUT / "eastbrook-police-offenders-2026-01.csv").write_text(
        _csv(offender_rows, offender_header), "utf-8", newline=""
    )
    supplies.append(
        {
            "file": "eastbrook-police-offenders-2026-01.csv",
            "dataset": "police-crime-offender",
            "agency": "eastbrook-police",
            "period": "2026-01",
            "expect": {"rows_read": 40, "rows_quarantined": 1, "rows_stored": 39},
        }
    )

    victim_rows, victim_header = victims(rng, crime_refs)
    (OUT / "eastbrook-police-victims-2026-01.csv").write_text(
        _csv(victim_rows, victim_header), "utf-8", newline=""
    )
    supplies.append(
        {
            "file": "eastbrook-police-victims-2026-01.csv",
            "dataset": "police-crime-victim",
            "agency": "eastbrook-police",
            "period": "2026-01",
            # the impossible age, and the offences file's repeated crime reference
            # giving two "victim 1" rows for one crime
            "expect": {
                "rows_read": len(victim_rows),
                "rows_quarantined": 2,
                "rows_stored": len(victim_rows) - 2,
            },
        }
    )

    asb_rows, asb_header = council_asb(rng)
    (OUT / "eastbrook-council-asb-2026-01.csv").write_bytes(
        _csv(asb_rows, asb_header, ";").encode("cp1252")
    )
    supplies.append(
        {
            "file": "eastbrook-council-asb-2026-01.csv",
            "dataset": "council-asb",
            "agency": "eastbrook-council",
            "period": "2026-01",
            "expect": {"rows_read": 40, "rows_quarantined": 1, "rows_stored": 39},
        }
    )

    fire_count = fire_xlsx(rng, OUT / "eastbrook-fire-2026-01.xlsx")
    supplies.append(
        {
            "file": "eastbrook-fire-2026-01.xlsx",
            "dataset": "fire-incidents",
            "agency": "eastbrook-fire",
            "period": "2026-01",
            "expect": {"rows_read": fire_count, "rows_quarantined": 0, "rows_stored": fire_count},
        }
    )

    _write_json("eastbrook-ambulance-2026-01.json", ambulance(rng))
    supplies.append(
        {
            "file": "eastbrook-ambulance-2026-01.json",
            "dataset": "ambulance-calls",
            "agency": "eastbrook-ambulance",
            "period": "2026-01",
            "expect": {"rows_read": 25, "rows_quarantined": 1, "rows_stored": 24},
        }
    )

    resupply = offences_resupply(rows)
    (OUT / "eastbrook-police-offences-2026-01-corrections.csv").write_bytes(
        _csv(resupply, header).encode("utf-8")
    )
    supplies.append(
        {
            "file": "eastbrook-police-offences-2026-01-corrections.csv",
            "dataset": "police-crime-offence",
            "agency": "eastbrook-police",
            "period": "2026-01",
            "expect": {
                "rows_read": 9,
                "rows_quarantined": 0,
                "rows_new": 4,
                "rows_revised": 2,
                "rows_unchanged": 3,
            },
        }
    )

    _write_json(
        "manifest.json",
        {
            "description": (
                "Fictional Eastbrook partnership, January 2026: a small sample supply set."
            ),
            "agencies": [
                {"id": "eastbrook-police", "name": "Eastbrook Constabulary", "type": "police"},
                {"id": "eastbrook-council", "name": "Eastbrook Borough Council", "type": "council"},
                {
                    "id": "eastbrook-fire",
                    "name": "Eastbrook Fire and Rescue Service",
                    "type": "fire",
                },
                {
                    "id": "eastbrook-ambulance",
                    "name": "East Counties Ambulance Service",
                    "type": "ambulance",
                },
            ],
            "column_maps": [
                {
                    "agency": "eastbrook-council",
                    "dataset": "council-asb",
                    "column": "Case No",
                    "field": "incident_reference",
                },
                {
                    "agency": "eastbrook-council",
                    "dataset": "council-asb",
                    "column": "Nature",
                    "field": "incident_type",
                },
                {
                    "agency": "eastbrook-council",
                    "dataset": "council-asb",
                    "column": "Damage £",
                    "field": "property_damage_value",
                },
                {
                    "agency": "eastbrook-police",
                    "dataset": "police-crime-offence",
                    "column": "MO Entry",
                    "field": "method_of_entry",
                },
                {
                    "agency": "eastbrook-police",
                    "dataset": "police-crime-offence",
                    "column": "DV",
                    "field": "domestic_flag",
                },
            ],
            "code_maps": [
                {
                    "agency": "eastbrook-police",
                    "dataset": "police-crime-offender",
                    "field": "gender",
                    "codes": {"1": "M", "2": "F"},
                },
                {
                    "agency": "eastbrook-council",
                    "dataset": "council-asb",
                    "field": "incident_type",
                    "codes": {
                        "NOI": "Noise nuisance",
                        "GRA": "Graffiti",
                        "FLY": "Flytipping",
                        "ABV": "Abandoned vehicle",
                        "YTH": "Nuisance from young people",
                    },
                },
            ],
            "supplies": supplies,
        },
    )


if __name__ == "__main__":
    import sys

    if len(sys.argv) == 3 and sys.argv[1] == "--out":  # write elsewhere (the tests compare)
        OUT = Path(sys.argv[2])
    main()
