"""The landing folder: once a supply's bytes are safely on disk, they leave the page cache."""

from __future__ import annotations

import ctypes
import hashlib
import mmap
import os
import secrets
from pathlib import Path

from csphub.store.landing import Landing, create_key_file, read_key_file

_libc = ctypes.CDLL(None, use_errno=True)
_libc.mmap.restype = ctypes.c_void_p
_libc.mmap.argtypes = [
    ctypes.c_void_p,
    ctypes.c_size_t,
    ctypes.c_int,
    ctypes.c_int,
    ctypes.c_int,
    ctypes.c_long,
]
_libc.munmap.argtypes = [ctypes.c_void_p, ctypes.c_size_t]
_libc.mincore.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_void_p]


def resident_share(path: Path) -> float:
    """The share of ``path``'s pages in the page cache (mincore(2) on a mapping of it)."""
    size = path.stat().st_size
    pages = -(-size // mmap.PAGESIZE)
    vector = (ctypes.c_ubyte * pages)()
    with path.open("rb") as handle:
        address = _libc.mmap(None, size, mmap.PROT_READ, mmap.MAP_SHARED, handle.fileno(), 0)
        assert address not in (None, ctypes.c_void_p(-1).value), os.strerror(ctypes.get_errno())
        try:
            assert _libc.mincore(address, size, vector) == 0, os.strerror(ctypes.get_errno())
        finally:
            _libc.munmap(address, size)
    return sum(byte & 1 for byte in vector) / pages


def test_a_landed_file_is_on_disk_and_out_of_the_page_cache(tmp_path: Path) -> None:
    key = tmp_path / "keys" / "master.key"
    create_key_file(key)
    landing = Landing(tmp_path / "landing", read_key_file(key))
    data = secrets.token_bytes(8 * 1024 * 1024)
    sha = hashlib.sha256(data).hexdigest()

    path = landing.put(data, sha)

    assert resident_share(path) < 0.1
    assert landing.get(sha) == data  # read back from disk, whole and authenticated
    assert resident_share(path) > 0.9  # (the measure sees pages that are cached)
