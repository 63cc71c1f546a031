"""Random choices the health datasets share: shares of weights, labels drawn by weight, and
rows drawn from a frame."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import polars as pl


def shares(weights: list[float] | tuple[float, ...]) -> np.ndarray:
    array = np.asarray(weights, dtype=float)
    return array / array.sum()


def choose(rng: np.random.Generator, options: Sequence[tuple[str, float]], size: int) -> np.ndarray:
    names = np.asarray([name for name, _ in options], dtype=object)
    return names[rng.choice(len(options), size=size, p=shares([w for _, w in options]))]


def draw(
    rng: np.random.Generator,
    frame: pl.DataFrame,
    count: int,
    weights: np.ndarray | None = None,
    replace: bool = True,
) -> pl.DataFrame:
    """``count`` rows of ``frame`` (sorted by the caller), in proportion to ``weights``."""
    if frame.height == 0 or count <= 0:
        return frame.head(0)
    if not replace:
        count = min(count, frame.height if weights is None else int((weights > 0).sum()))
    if weights is None or weights.sum() <= 0:
        return frame[rng.choice(frame.height, size=count, replace=replace)]
    return frame[rng.choice(frame.height, size=count, replace=replace, p=weights / weights.sum())]
