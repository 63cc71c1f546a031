"""Words the synthetic partnership writes with: street names, offence codes and their mix.

Shared by the bundled sample supplies (tools/make_samples.py) and the benchmarks, so that
every generator of Eastbrook data speaks the same way.
"""

# Home Office offence classification codes, weighted roughly as a year's recorded crime.
OFFENCE_MIX: list[tuple[str, int]] = [  # roughly the mix of a year's recorded crime
    ("105/01", 18),
    ("008/06", 9),
    ("058/03", 6),
    ("046/00", 8),
    ("125/10", 7),
    ("045/00", 5),
    ("048/00", 3),
    ("028/01", 4),
    ("030/01", 3),
    ("092/41", 4),
    ("049/00", 6),
    ("039/00", 2),
    ("034/01", 2),
    ("195/12", 3),
    ("058/01", 4),
    ("010/01", 2),
    ("008/01", 3),
    ("033/00", 1),
]


def weighted_offence_codes() -> list[str]:
    """Each code as often as its weight: draw uniformly from this list."""
    return [code for code, weight in OFFENCE_MIX for _ in range(weight)]


STREETS: list[str] = [
    "High Street",
    "Station Road",
    "Church Lane",
    "Mill Way",
    "Kings Road",
    "Queens Avenue",
    "Market Place",
    "Brook Street",
    "Riverside Walk",
    "Elm Grove",
    "Orchard Close",
    "Park Terrace",
    "Victoria Road",
    "Albert Street",
    "London Road",
    "Green Lane",
    "Manor Way",
    "School Lane",
]
