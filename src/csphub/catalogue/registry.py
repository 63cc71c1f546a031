"""Registering a partnership's own datasets alongside the built-in catalogue."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from csphub.catalogue.loader import parse_descriptor, read_descriptor_file
from csphub.catalogue.model import Dataset
from csphub.errors import AlreadyExists

if TYPE_CHECKING:
    from csphub.hub import Hub


def register_dataset(hub: Hub, path: Path) -> Dataset:
    """Check a descriptor file against Table Schema and the hub's rules, then register it."""
    descriptor = read_descriptor_file(path)
    dataset = parse_descriptor(descriptor, str(path))
    if dataset.id in hub.catalogue():
        raise AlreadyExists(f"{path}: a dataset {dataset.id} is already in the catalogue.")
    hub.archive.register_dataset(dataset.id, descriptor)
    hub.forget_catalogue()
    return hub.dataset(dataset.id)
