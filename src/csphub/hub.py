"""The hub as one object: its settings, its archive and its catalogue.

Commands and (later) the web application build one :class:`Hub` from :class:`Settings` and pass
it to the domain services.
"""

from __future__ import annotations

from csphub.catalogue import Catalogue, Dataset, parse_descriptor
from csphub.settings import Settings
from csphub.store import Archive


class Hub:
    def __init__(self, settings: Settings, archive: Archive) -> None:
        self.settings = settings
        self.archive = archive
        self._catalogue: Catalogue | None = None

    @classmethod
    def open(cls, settings: Settings) -> Hub:
        return cls(settings, Archive.open(settings))

    @classmethod
    def initialise(cls, settings: Settings) -> Hub:
        return cls(settings, Archive.initialise(settings))

    def catalogue(self) -> Catalogue:
        """The built-in datasets and those this hub registered."""
        if self._catalogue is None:
            registered = [
                parse_descriptor(
                    descriptor, f"registered dataset {descriptor.get('id')}", checked_before=True
                )
                for descriptor in self.archive.registered_descriptors()
            ]
            self._catalogue = Catalogue.builtin(registered)
        return self._catalogue

    def dataset(self, dataset_id: str) -> Dataset:
        return self.catalogue().get(dataset_id)

    def forget_catalogue(self) -> None:
        self._catalogue = None

    def close(self) -> None:
        self.archive.close()

    def __enter__(self) -> Hub:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()
