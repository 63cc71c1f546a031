"""Offender management: Probation OASys assessments, Youth Offending Service ASSET assessments,
and releases from prison and from the Young Offender Institution (guidance §3.2.5, §3.2.6,
§3.2.8 and §3.2.9).

Assessments follow a caseload. Each month some people who offend start a period of supervision
(a community order, a suspended sentence or licence for adults; a referral order or youth
rehabilitation order for children), drawn by their offending propensity from the month's own
random stream. A period is assessed when it starts, reviewed at fixed intervals (six months for
OASys, three for ASSET) and assessed again when it ends, so the same person comes back in later
months with a new assessment date, and so a new record. Anyone on the caseload who is caught
for a new offence in the month (a detected crime in :mod:`csphub.synth.crime`) is usually
reassessed as well: a review on a significant change. Because the starts of any month can be
re-drawn from that month's stream, a month's caseload is rebuilt from the starts of the months
before it without keeping any state between months.

Needs and ratings come from one latent level of need per period of supervision, raised by
offending propensity and by the index offence, so a person's needs hang together, ease a little
over the supervision, and drive the risk bands. Releases are drawn afresh each month from those
who offend, prolific offenders (PPOs among them) more often than the rest.

The modules: :mod:`.offences` (the offences and the needs assessed), :mod:`.offenders` (the
pool of people who offend and the draws every dataset shares), :mod:`.caseloads` (supervision
and its assessments), :mod:`.probation` (OASys), :mod:`.youth` (ASSET) and :mod:`.releases`
(prison and YOI releases).
"""

from __future__ import annotations

from csphub.synth.datasets.justice.caseloads import Service
from csphub.synth.datasets.justice.offences import (
    ADULT_OFFENCES,
    ASSET_FIELDS,
    ASSET_LOADINGS,
    ASSET_MEANS,
    LTO_FIELDS,
    LTO_PREVALENCE,
    OFFENCE_OF_CRIME,
    YOUTH_OFFENCES,
    AdultOffence,
    YouthOffence,
)
from csphub.synth.datasets.justice.offenders import MODULE
from csphub.synth.datasets.justice.probation import (
    OASYS_COLUMNS,
    OASYS_PLAN,
    PROBATION,
    PROBATION_SERVICE,
    PROBATION_STARTS_PER_1000,
    ROSH_REGISTER_CODES,
    oasys,
)
from csphub.synth.datasets.justice.releases import (
    ADULT_TERMS,
    HMPPS,
    PRISON,
    PRISON_RELEASES_PER_1000,
    PRISON_RELEASES_PLAN,
    YOI,
    YOI_RELEASES_PER_1000,
    YOI_RELEASES_PLAN,
    YOUNG_OFFENDERS,
    YOUTH_TERMS,
    Releasing,
    Terms,
    approved_premises,
    prison_releases,
    yoi_releases,
)
from csphub.synth.datasets.justice.youth import (
    PERSISTENT_SHARE,
    YOS,
    YOS_COLUMNS,
    YOS_LEVEL_CODES,
    YOS_PLAN,
    YOS_SERVICE,
    YOS_STARTS_PER_1000,
    yos,
)

PLANS = [OASYS_PLAN, YOS_PLAN, PRISON_RELEASES_PLAN, YOI_RELEASES_PLAN]

__all__ = [
    "ADULT_OFFENCES",
    "ADULT_TERMS",
    "ASSET_FIELDS",
    "ASSET_LOADINGS",
    "ASSET_MEANS",
    "HMPPS",
    "LTO_FIELDS",
    "LTO_PREVALENCE",
    "MODULE",
    "OASYS_COLUMNS",
    "OFFENCE_OF_CRIME",
    "PERSISTENT_SHARE",
    "PLANS",
    "PRISON",
    "PRISON_RELEASES_PER_1000",
    "PROBATION",
    "PROBATION_SERVICE",
    "PROBATION_STARTS_PER_1000",
    "ROSH_REGISTER_CODES",
    "YOI",
    "YOI_RELEASES_PER_1000",
    "YOS",
    "YOS_COLUMNS",
    "YOS_LEVEL_CODES",
    "YOS_SERVICE",
    "YOS_STARTS_PER_1000",
    "YOUNG_OFFENDERS",
    "YOUTH_OFFENCES",
    "YOUTH_TERMS",
    "AdultOffence",
    "Releasing",
    "Service",
    "Terms",
    "YouthOffence",
    "approved_premises",
    "oasys",
    "prison_releases",
    "yoi_releases",
    "yos",
]
