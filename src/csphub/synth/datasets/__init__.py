"""The partnership's supplies, one module per supplying service. Each module lists its datasets'
plans in ``PLANS``; modules are found by name, so adding one needs no change here."""

from __future__ import annotations

import importlib
import pkgutil

from csphub.synth.supply import Plan


def all_plans() -> list[Plan]:
    plans: list[Plan] = []
    for module in sorted(m.name for m in pkgutil.iter_modules(__path__)):
        plans += importlib.import_module(f"{__name__}.{module}").PLANS
    seen = {(p.agency, p.dataset) for p in plans}
    assert len(seen) == len(plans), "a dataset is planned twice for one agency"
    return sorted(plans, key=lambda p: (p.agency, p.dataset))
