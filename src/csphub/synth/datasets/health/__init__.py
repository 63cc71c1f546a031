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

The modules: ``references`` (the agencies and their references for a person), ``cohort``,
``assault_events`` and ``substance_events`` (the shared events), one module per dataset or
pair of datasets (``ae``, ``admissions``, ``treatment``, ``ambulance``), each with its plans,
and private helpers for random draws, times and places.
"""

from __future__ import annotations

from csphub.synth.datasets.health import admissions, ae, ambulance, treatment
from csphub.synth.datasets.health.admissions import hospital_admissions
from csphub.synth.datasets.health.ae import LOCATION_CODES, ae_assaults
from csphub.synth.datasets.health.ambulance import AMBULANCE_GENDER, ambulance_calls
from csphub.synth.datasets.health.assault_events import assaults
from csphub.synth.datasets.health.references import (
    AMBULANCE,
    DAAT,
    HOSPITALS,
    ambulance_patient,
    client_reference,
    hospital_number,
)
from csphub.synth.datasets.health.substance_events import substance
from csphub.synth.datasets.health.treatment import (
    NHS_GENDER,
    drug_treatment_adults,
    drug_treatment_young_people,
)

PLANS = [
    ae.PLAN,
    admissions.PLAN,
    treatment.ADULTS_PLAN,
    treatment.YOUNG_PEOPLE_PLAN,
    ambulance.PLAN,
]

__all__ = [
    "AMBULANCE",
    "AMBULANCE_GENDER",
    "DAAT",
    "HOSPITALS",
    "LOCATION_CODES",
    "NHS_GENDER",
    "PLANS",
    "ae_assaults",
    "ambulance_calls",
    "ambulance_patient",
    "assaults",
    "client_reference",
    "drug_treatment_adults",
    "drug_treatment_young_people",
    "hospital_admissions",
    "hospital_number",
    "substance",
]
