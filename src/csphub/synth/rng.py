"""Random streams: one independent, named stream per part of the generator.

Every part draws from its own stream, derived from the run's seed and the part's name (and, for
monthly parts, the month). Adding a part, or drawing more in one, never changes what another
part draws, so a change to (say) fire incidents leaves the crimes byte-for-byte as they were.
"""

from __future__ import annotations

import hashlib

import numpy as np
import polars as pl


def stream(seed: int, *names: object) -> np.random.Generator:
    """The stream for ``names`` under ``seed``: the same numbers on every machine and run."""
    label = "/".join(str(n) for n in names).encode()
    words = np.frombuffer(hashlib.sha256(label).digest(), dtype=np.uint32)
    return np.random.Generator(np.random.PCG64(np.random.SeedSequence([seed, *words.tolist()])))


def weighted(
    rng: np.random.Generator, choices: list[str], weights: list[float], size: int
) -> np.ndarray:
    """``size`` draws from ``choices`` in proportion to ``weights``."""
    p = np.asarray(weights, dtype=float)
    return rng.choice(np.asarray(choices, dtype=object), size=size, p=p / p.sum())


def pick_rows(
    rng: np.random.Generator, frame: pl.DataFrame, count: int, weight: str | None = None
) -> pl.DataFrame:
    """``count`` rows of ``frame`` drawn at random (in proportion to ``weight``, if given)."""
    if frame.height == 0 or count == 0:
        return frame.head(0)
    if weight is None:
        return frame[rng.integers(0, frame.height, count)]
    p = frame[weight].to_numpy().astype(float)
    return frame[rng.choice(frame.height, size=count, p=p / p.sum())]
