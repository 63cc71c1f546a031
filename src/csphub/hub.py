"""The hub as one object: its settings, its archive and its catalogue.

Commands and (later) the web application build one :class:`Hub` from :class:`Settings` and pass
it to the domain services.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from csphub.catalogue import Catalogue, Dataset, parse_descriptor
from csphub.settings import Settings
from csphub.store import Archive

if TYPE_CHECKING:
    from csphub.geo.reference import Geography


class Hub:
    def __init__(self, settings: Settings, archive: Archive) -> None:
        self.settings = settings
        self.archive = archive
        self._catalogue: Catalogue | None = None
        self._geography: Geography | None = None
        if settings.proj_grid_dir is not None:
            from csphub.geo.projection import use_grid_dir

            use_grid_dir(settings.proj_grid_dir)

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

    def geography(self) -> Geography:
        """The reference geography loaded in this hub, read once and kept while it is
        current (another process may load a new edition: the editions are checked each time)."""
        from csphub.geo.reference import current_editions, load_geography

        if self._geography is not None:
            now = tuple(sorted(e.id for e in current_editions(self.archive)))
            if now == self._geography.fingerprint:
                return self._geography
        self._geography = load_geography(self.archive)
        return self._geography

    def forget_geography(self) -> None:
        self._geography = None

    def close(self) -> None:
        self.archive.close()

    def __enter__(self) -> Hub:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()
