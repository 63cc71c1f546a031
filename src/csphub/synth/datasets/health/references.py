"""Who supplies the health data, and the stable reference by which each of them knows a
person."""

from __future__ import annotations

import polars as pl

from csphub.synth.people import nominal

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
