"""The catalogue: the datasets shipped with the hub plus those a partnership registers."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator

from csphub.catalogue.loader import builtin_datasets
from csphub.catalogue.model import Dataset
from csphub.errors import AlreadyExists, NotFound


class Catalogue:
    """An immutable look-up of datasets by id."""

    def __init__(self, datasets: Iterable[Dataset]) -> None:
        by_id: dict[str, Dataset] = {}
        for dataset in datasets:
            if dataset.id in by_id:
                raise AlreadyExists(f"Dataset {dataset.id} is defined twice.")
            by_id[dataset.id] = dataset
        self._by_id = dict(sorted(by_id.items()))

    @classmethod
    def builtin(cls, extra: Iterable[Dataset] = ()) -> Catalogue:
        return cls([*builtin_datasets(), *extra])

    def __iter__(self) -> Iterator[Dataset]:
        return iter(self._by_id.values())

    def __len__(self) -> int:
        return len(self._by_id)

    def __contains__(self, dataset_id: object) -> bool:
        return dataset_id in self._by_id

    def get(self, dataset_id: str) -> Dataset:
        try:
            return self._by_id[dataset_id]
        except KeyError:
            close = difflib.get_close_matches(dataset_id, list(self._by_id), n=3)
            hint = (
                f"Did you mean {' or '.join(close)}?"
                if close
                else "Run `csphub datasets` to list them."
            )
            raise NotFound(
                f"There is no dataset {dataset_id!r} in the catalogue.", hint=hint
            ) from None
