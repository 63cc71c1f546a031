"""What long work reports as it goes: stages and steps. The CLI passes a Rich progress bar;
services called from code or tests report to :data:`SILENT`."""

from __future__ import annotations

from typing import Protocol


class Progress(Protocol):
    def stage(self, description: str, total: int | None = None) -> None: ...
    def advance(self, amount: int) -> None: ...


class _Silent:
    def stage(self, description: str, total: int | None = None) -> None:
        pass

    def advance(self, amount: int) -> None:
        pass


SILENT: Progress = _Silent()
