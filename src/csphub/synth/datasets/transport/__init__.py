"""Crime and incidents on public transport (guidance §3.2.15 to §3.2.17).

Three suppliers, three sets of events that do not overlap:

* British Transport Police (:mod:`.btp`): notifiable crimes at Eastbrook railway station and on
  the overground trains either side of it, with Home Office offence codes, in BTP's workbook.
* Eastbrook Metro (:mod:`.metro`): incidents its staff record at the stops of the Eastbrook
  Line, on its trains and on the track beside them.
* Eastbrook Buses (:mod:`.buses`): incidents its drivers report on buses, at stops and at the
  bus station, keyed in at the depot.

Each incident has a true offender, drawn from the people who offend, weighted towards the young
and towards those who live near where it happened; the offender's details are supplied only when
someone was identified. Victims are passengers from anywhere in the area (or the staff, in
assaults on them); property crimes against the operator have no personal victim. The truth keeps
every incident's real offender and victim.

The pieces the three share: the kinds of incident (:mod:`.kinds`), when they happen
(:mod:`.timing`), where (:mod:`.places`), who was involved (:mod:`.people`), and how a month's
records are made from them (:mod:`.rendering`).
"""

from __future__ import annotations

from csphub.synth.datasets.transport.btp import BTP, FARE_CODES, btp_crimes
from csphub.synth.datasets.transport.btp import PLAN as _BTP_PLAN
from csphub.synth.datasets.transport.buses import BUS_ASB, BUSES, bus_incidents
from csphub.synth.datasets.transport.buses import PLAN as _BUS_PLAN
from csphub.synth.datasets.transport.kinds import STAFF_OCCUPATIONS
from csphub.synth.datasets.transport.metro import METRO, METRO_GENDER, local_rail_incidents
from csphub.synth.datasets.transport.metro import PLAN as _METRO_PLAN

PLANS = [_BTP_PLAN, _METRO_PLAN, _BUS_PLAN]

__all__ = [
    "BTP",
    "BUSES",
    "BUS_ASB",
    "FARE_CODES",
    "METRO",
    "METRO_GENDER",
    "PLANS",
    "STAFF_OCCUPATIONS",
    "btp_crimes",
    "bus_incidents",
    "local_rail_incidents",
]
