"""What every command shares: the settings, and a hub opened on first use."""

from __future__ import annotations

from dataclasses import dataclass, field

import typer
from pydantic import ValidationError

from csphub.errors import BadSetting
from csphub.hub import Hub
from csphub.settings import Settings


def load_settings() -> Settings:
    """Settings from the environment, with errors that name the variable but not its value
    (a database URL may hold a password)."""
    try:
        return Settings()
    except ValidationError as error:
        problems = [
            f"CSPHUB_{'_'.join(str(p) for p in e['loc']).upper()}: {e['msg']}"
            for e in error.errors(include_input=False, include_url=False)
        ]
        raise BadSetting("Settings are not valid: " + "; ".join(problems) + ".") from None


@dataclass
class State:
    settings: Settings
    _hub: Hub | None = field(default=None, repr=False)

    def hub(self) -> Hub:
        if self._hub is None:
            self._hub = Hub.open(self.settings)
        return self._hub

    def close(self) -> None:
        if self._hub is not None:
            self._hub.close()
            self._hub = None


def state(ctx: typer.Context) -> State:
    root = ctx.find_root()
    if root.obj is None:
        root.obj = State(load_settings())
        root.call_on_close(root.obj.close)
    return root.obj
