"""The partnership's agencies and how each writes its files (its house style)."""

from __future__ import annotations

from dataclasses import dataclass

from csphub.synth.supply import Style


@dataclass(frozen=True)
class Agency:
    id: str
    name: str
    type: str
    style: Style
    address_style: str | None = None  # an address-errors council house style, None for pooled


AGENCIES = [
    Agency(
        "eastbrook-police",
        "Eastbrook Constabulary",
        "police",
        Style(
            encoding="utf-8-sig", date_formats=("%d/%m/%Y",), time_format="%H%M", flags=("Y", "N")
        ),
    ),
    Agency(
        "policeuk",
        "data.police.uk (Eastbrook Constabulary)",
        "police",
        Style(
            date_formats=("%Y-%m-%d",),
            datetime_format="%Y-%m-%dT%H:%M:%S+00:00",
            flags=("True", "False"),
        ),
    ),
    Agency(
        "british-transport-police",
        "British Transport Police",
        "police",
        Style(file_format="xlsx", date_formats=("%Y-%m-%d",), time_format="%H:%M:%S"),
    ),
    Agency(
        "eastbrook-council",
        "Eastbrook Borough Council",
        "council",
        Style(
            encoding="cp1252",
            delimiter=";",
            date_formats=("%d/%m/%Y", "%d-%b-%y", "%Y-%m-%d"),
            mixed_dates=0.25,
            time_format="%H.%M",
            flags=("Yes", "No"),
            missing="N/A",
        ),
        address_style="leeds",
    ),
    Agency(
        "eastbrook-fire",
        "Eastbrook Fire and Rescue Service",
        "fire",
        Style(file_format="xlsx", date_formats=("%d/%m/%Y",), time_format="%H:%M"),
    ),
    Agency(
        "probation-eastbrook",
        "Probation Service, Eastbrook",
        "probation",
        Style(date_formats=("%d/%m/%Y",), upper_case=True, flags=("Y", "N")),
    ),
    Agency(
        "eastbrook-yos",
        "Eastbrook Youth Offending Service",
        "yos",
        Style(file_format="xlsx", date_formats=("%d/%m/%Y",)),
    ),
    Agency(
        "eastbrook-hospitals",
        "Eastbrook Hospitals NHS Trust",
        "health",
        Style(delimiter="|", date_formats=("%Y-%m-%d",), time_format="%H:%M", flags=("1", "0")),
    ),
    Agency(
        "eastbrook-daat",
        "Eastbrook Drug and Alcohol Action Team",
        "health",
        Style(encoding="cp1252", date_formats=("%d/%m/%Y", "%d.%m.%Y"), mixed_dates=0.1),
    ),
    Agency(
        "east-counties-ambulance",
        "East Counties Ambulance Service",
        "ambulance",
        Style(file_format="json", date_formats=("%Y-%m-%d",), time_format="%H:%M:%S"),
    ),
    Agency(
        "eastbrook-metro",
        "Eastbrook Metro",
        "transport",
        Style(date_formats=("%d/%m/%Y",), time_format="%H:%M"),
    ),
    Agency(
        "eastbrook-buses",
        "Eastbrook Buses",
        "transport",
        Style(encoding="cp1252", date_formats=("%d/%m/%y",), time_format="%H%M"),
    ),
    Agency(
        "eastbrook-schools",
        "Eastbrook Council Education Service",
        "council",
        Style(file_format="xlsx", date_formats=("%d/%m/%Y",)),
        address_style="leeds",
    ),
    Agency(
        "environment-agency",
        "Environment Agency",
        "environment-agency",
        Style(file_format="xlsx", date_formats=("%d/%m/%Y",), time_format="%H:%M"),
    ),
    Agency(
        "hmpps",
        "HM Prison and Probation Service",
        "prison",
        Style(date_formats=("%d-%b-%Y",), upper_case=True),
    ),
    Agency(
        "eastbrook-yoi",
        "Eastbrook Young Offender Institution",
        "prison",
        Style(date_formats=("%d/%m/%Y",), upper_case=True),
    ),
]
BY_ID = {agency.id: agency for agency in AGENCIES}
