"""The offences the justice services record and the needs their assessments look at: OASys's
link-to-offending sections, ASSET's dynamic factors, the adult and youth offences with how often
each is met on supervision and on release, and the offence a probation officer writes for a crime
the police recorded."""

from __future__ import annotations

from dataclasses import dataclass

# OASys link-to-offending sections, in the order of the arrays below, with the share of
# assessments that find each need linked to offending (OASys research, community and licence
# cases, rounded).
LTO_FIELDS = (
    "thinking_behaviour_lto",
    "lifestyle_associations_lto",
    "attitudes_lto",
    "accommodation_lto",
    "education_training_employment_lto",
    "financial_management_lto",
    "relationships_lto",
    "emotional_wellbeing_lto",
    "drug_misuse_lto",
    "alcohol_misuse_lto",
)
LTO_PREVALENCE = (0.72, 0.52, 0.44, 0.32, 0.50, 0.38, 0.40, 0.37, 0.33, 0.36)
_TB, _LS, _AT, _AC, _ETE, _FIN, _REL, _EMO, _DRUG, _ALC = range(10)


@dataclass(frozen=True)
class AdultOffence:
    description: str
    probation: float  # weight among probation index offences
    prison: float  # weight among offences of those released from prison
    harm: float  # how far the offence raises the risk of serious harm
    term: str  # the usual custodial term: short, medium or long
    needs: tuple[tuple[int, float], ...] = ()  # LTO sections the offence makes more likely


ADULT_OFFENCES = [
    AdultOffence("Common assault", 9, 6, 0.8, "short", ((_ALC, 0.4),)),
    AdultOffence("Assault by beating of an emergency worker", 2, 2, 0.8, "short", ((_ALC, 0.5),)),
    AdultOffence("Assault occasioning actual bodily harm", 7, 9, 1.3, "medium", ((_ALC, 0.3),)),
    AdultOffence(
        "Wounding or inflicting grievous bodily harm (section 20)", 2, 4, 1.9, "long", ((_AT, 0.3),)
    ),
    AdultOffence(
        "Wounding with intent to cause grievous bodily harm (section 18)",
        0.4,
        2,
        2.4,
        "long",
        ((_AT, 0.4), (_LS, 0.3)),
    ),
    AdultOffence("Harassment", 3, 2, 1.0, "short", ((_REL, 0.7), (_EMO, 0.3))),
    AdultOffence("Breach of a restraining order", 3, 3, 1.1, "short", ((_REL, 0.9), (_AT, 0.3))),
    AdultOffence("Theft from a shop", 9, 10, 0.0, "short", ((_DRUG, 0.9), (_FIN, 0.5), (_AC, 0.4))),
    AdultOffence("Theft", 3, 2, 0.0, "short", ((_FIN, 0.4),)),
    AdultOffence("Theft from the person", 1, 1, 0.3, "short", ((_DRUG, 0.5), (_LS, 0.3))),
    AdultOffence("Theft from a motor vehicle", 1, 1, 0.0, "short", ((_DRUG, 0.5),)),
    AdultOffence("Burglary (dwelling)", 3, 7, 0.7, "medium", ((_DRUG, 0.6), (_LS, 0.4))),
    AdultOffence("Burglary (non-dwelling)", 2, 2, 0.2, "medium", ((_DRUG, 0.5),)),
    AdultOffence("Robbery", 2, 6, 1.9, "long", ((_LS, 0.6), (_DRUG, 0.4))),
    AdultOffence("Possession of a controlled drug", 3, 1, 0.0, "short", ((_DRUG, 1.2),)),
    AdultOffence(
        "Possession of a controlled drug with intent to supply (Class A)",
        3,
        7,
        1.1,
        "long",
        ((_LS, 0.9), (_DRUG, 0.5), (_FIN, 0.4)),
    ),
    AdultOffence("Driving with excess alcohol", 6, 1, 0.3, "short", ((_ALC, 1.3),)),
    AdultOffence("Driving while disqualified", 3, 3, 0.2, "short", ((_AT, 0.5),)),
    AdultOffence("Criminal damage", 4, 2, 0.3, "short", ((_ALC, 0.5), (_EMO, 0.2))),
    AdultOffence("Threatening behaviour", 3, 2, 0.6, "short", ((_ALC, 0.5),)),
    AdultOffence("Affray", 2, 2, 1.0, "medium", ((_ALC, 0.6), (_LS, 0.4))),
    AdultOffence("Possession of a bladed article", 2, 3, 1.3, "medium", ((_LS, 0.7),)),
    AdultOffence("Fraud by false representation", 2, 1, 0.0, "medium", ((_FIN, 0.9),)),
    AdultOffence("Handling stolen goods", 1, 1, 0.0, "short", ((_FIN, 0.4), (_LS, 0.3))),
    AdultOffence(
        "Taking a motor vehicle without consent", 1, 1, 0.3, "short", ((_LS, 0.5), (_AT, 0.2))
    ),
    AdultOffence("Sexual assault", 1, 2, 2.1, "long", ((_TB, 0.5), (_REL, 0.4))),
    AdultOffence("Breach of a community order", 2, 4, 0.3, "short", ((_AT, 0.6), (_LS, 0.3))),
]
_ADULT_BY_NAME = {o.description: i for i, o in enumerate(ADULT_OFFENCES)}

# The offence a probation officer writes for a crime the police recorded under a Home Office code.
OFFENCE_OF_CRIME = {
    "105/01": "Common assault",
    "008/06": "Assault occasioning actual bodily harm",
    "008/01": "Wounding with intent to cause grievous bodily harm (section 18)",
    "195/12": "Harassment",
    "058/03": "Criminal damage",
    "058/01": "Criminal damage",
    "046/00": "Theft from a shop",
    "125/10": "Threatening behaviour",
    "045/00": "Theft from a motor vehicle",
    "048/00": "Taking a motor vehicle without consent",
    "028/01": "Burglary (dwelling)",
    "030/01": "Burglary (non-dwelling)",
    "092/41": "Possession of a controlled drug",
    "049/00": "Theft",
    "039/00": "Theft from the person",
    "034/01": "Robbery",
    "010/01": "Possession of a bladed article",
    "044/00": "Theft",
}

# ASSET's twelve dynamic factors, in the order of the arrays below, with the mean rating
# each has in Youth Justice Board samples (rounded) and how strongly it follows the child's
# overall level of need.
ASSET_FIELDS = (
    "living_arrangements_rating",
    "family_relationships_rating",
    "education_training_employment_rating",
    "neighbourhood_rating",
    "lifestyle_rating",
    "substance_use_rating",
    "physical_health_rating",
    "emotional_mental_health_rating",
    "perception_of_self_and_others_rating",
    "thinking_and_behaviour_rating",
    "attitudes_to_offending_rating",
    "motivation_to_change_rating",
)
ASSET_MEANS = (1.2, 1.6, 1.7, 1.1, 1.8, 1.3, 0.3, 1.1, 1.0, 2.1, 1.4, 1.3)
ASSET_LOADINGS = (0.7, 0.75, 0.75, 0.5, 0.8, 0.7, 0.25, 0.6, 0.6, 0.75, 0.7, 0.65)
_LIV, _FAM, _YETE, _NBH, _LIFE, _SUB, _PHYS, _EMH, _PERC, _THINK, _ATT, _MOT = range(12)


@dataclass(frozen=True)
class YouthOffence:
    description: str
    yos: float  # weight among YOS index offences
    yoi: float  # weight among offences of those released from the YOI
    harm: float
    term: str
    needs: tuple[tuple[int, float], ...] = ()  # ASSET factors the offence raises


YOUTH_OFFENCES = [
    YouthOffence("Common assault", 14, 3, 0.6, "short", ((_THINK, 0.3),)),
    YouthOffence("Assault occasioning actual bodily harm", 6, 8, 1.0, "medium", ((_THINK, 0.4),)),
    YouthOffence("Theft from a shop", 12, 1, 0.0, "short", ((_SUB, 0.3),)),
    YouthOffence("Theft", 5, 1, 0.0, "short"),
    YouthOffence("Robbery", 6, 14, 1.6, "long", ((_LIFE, 0.6), (_NBH, 0.3))),
    YouthOffence("Burglary (dwelling)", 4, 6, 0.5, "medium", ((_LIFE, 0.4),)),
    YouthOffence("Criminal damage", 10, 1, 0.2, "short", ((_THINK, 0.3),)),
    YouthOffence("Possession of a controlled drug", 7, 0, 0.0, "short", ((_SUB, 1.2),)),
    YouthOffence(
        "Possession of a controlled drug with intent to supply (Class A)",
        3,
        8,
        1.0,
        "long",
        ((_LIFE, 0.9), (_SUB, 0.4), (_NBH, 0.4)),
    ),
    YouthOffence("Possession of a bladed article", 6, 6, 1.2, "medium", ((_LIFE, 0.6),)),
    YouthOffence("Threatening behaviour", 7, 2, 0.5, "short", ((_THINK, 0.3),)),
    YouthOffence("Taking a motor vehicle without consent", 3, 2, 0.3, "short", ((_LIFE, 0.4),)),
    YouthOffence("Driving without insurance", 3, 0, 0.1, "short", ((_ATT, 0.3),)),
    YouthOffence(
        "Breach of a youth rehabilitation order", 4, 3, 0.3, "short", ((_MOT, 0.6), (_ATT, 0.3))
    ),
    YouthOffence("Sexual assault", 1, 2, 2.0, "long", ((_PERC, 0.4),)),
]
_YOUTH_BY_NAME = {o.description: i for i, o in enumerate(YOUTH_OFFENCES)}


def adult_offence_of(code: str) -> int:
    """The adult offence (its index) written for a crime of Home Office code ``code``."""
    return _ADULT_BY_NAME[OFFENCE_OF_CRIME[code]]


def youth_offence_of(code: str) -> int:
    """The youth offence (its index) written for a crime of Home Office code ``code``: the
    nearest a child can be recorded for where the adult offence is not in the youth table."""
    name = OFFENCE_OF_CRIME[code]
    if name in _YOUTH_BY_NAME:
        return _YOUTH_BY_NAME[name]
    fallback = {
        "Assault by beating of an emergency worker": "Common assault",
        "Wounding with intent to cause grievous bodily harm (section 18)": (
            "Assault occasioning actual bodily harm"
        ),
        "Harassment": "Threatening behaviour",
        "Theft from the person": "Theft",
        "Theft from a motor vehicle": "Theft",
        "Burglary (non-dwelling)": "Burglary (dwelling)",
    }
    return _YOUTH_BY_NAME[fallback[name]]
