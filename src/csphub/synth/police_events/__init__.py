"""Police events that several police datasets describe, made once a month and shared.

* **Incidents** (:mod:`.calls`) — calls for service: police-recorded anti-social behaviour
  (rowdy and nuisance behaviour, vehicle nuisance, street drinking, hoax calls, …), street
  disorder outside licensed premises, domestic incidents (every domestic crime of the month that
  was called in, and more that were not crimes, between the partners and ex-partners of
  ``population.relationships``, at the victim's home), concern for welfare and suspicious
  circumstances. About 10 per 1,000 people a month, more in summer, in the evenings and at
  weekends. The force's incident file lists them all; police.uk's street file lists the
  anti-social behaviour among them.
* **Searches** (:mod:`.stop_search`) — stops and searches: about 0.6 per 1,000 people a month,
  of people who skew young, male, towards those who offend and towards the town centre and the
  estates. The force's file and police.uk's file describe the same searches.
* **The course of a crime** (:mod:`.outcomes`) — when each crime of a month is detected (for a
  share of those finally detected, the same day; for the rest some weeks later) or closed
  undetected, and how police.uk publishes it: its anonymous Crime ID, its outcome, and whether it
  has a location. The detection status file, police.uk's outcomes and the last outcome in its
  street file all follow it, month after month.
* **Map points** (:mod:`.police_uk_map`) — police.uk's anonymous map points: the middle of every
  street, and points of interest (shopping areas, nightclubs, the hospital, the police station,
  the bus station, car parks, parks). Every published record is moved to the nearest one.

Incidents and searches share when things happen (:mod:`.timing`) and how the force records a
place (:mod:`.places`).
"""

from __future__ import annotations

from csphub.synth.police_events.calls import (
    DOMESTIC_CRIMES_CALLED_IN,
    DOMESTIC_INCIDENT,
    INCIDENT_BY_NAME,
    INCIDENT_SEASON,
    INCIDENT_TYPES,
    IncidentType,
    incidents,
    make_incidents,
)
from csphub.synth.police_events.outcomes import (
    LONGEST_INVESTIGATION_DAYS,
    POLICE_UK_OUTCOME,
    STREET_OUTCOME,
    UNDER_INVESTIGATION,
    WINDOW_MONTHS,
    course,
    last_outcome_on,
    make_course,
    police_uk_crime_id,
    recent_crimes,
    status_on,
    window,
)
from csphub.synth.police_events.police_uk_map import (
    POINT_OF_INTEREST_REACH_M,
    make_map_points,
    map_points,
    snapped,
)
from csphub.synth.police_events.stop_search import (
    SEARCH_REASONS,
    SEARCH_RESULTS,
    SEARCH_TYPES,
    SEARCHES_PER_1000,
    make_searches,
    searches,
)

__all__ = [
    "DOMESTIC_CRIMES_CALLED_IN",
    "DOMESTIC_INCIDENT",
    "INCIDENT_BY_NAME",
    "INCIDENT_SEASON",
    "INCIDENT_TYPES",
    "LONGEST_INVESTIGATION_DAYS",
    "POINT_OF_INTEREST_REACH_M",
    "POLICE_UK_OUTCOME",
    "SEARCHES_PER_1000",
    "SEARCH_REASONS",
    "SEARCH_RESULTS",
    "SEARCH_TYPES",
    "STREET_OUTCOME",
    "UNDER_INVESTIGATION",
    "WINDOW_MONTHS",
    "IncidentType",
    "course",
    "incidents",
    "last_outcome_on",
    "make_course",
    "make_incidents",
    "make_map_points",
    "make_searches",
    "map_points",
    "police_uk_crime_id",
    "recent_crimes",
    "searches",
    "snapped",
    "status_on",
    "window",
]
