"""The hub's two families of exceptions.

A :class:`UserError` is something the person running the hub can put right: a bad file, an
unknown dataset, a duplicate supply. Its message is one paragraph that says what is wrong and
where, never echoes a personal value, and is shown without a traceback. Anything else that
escapes is an internal error: a bug in the hub.

Exit codes (CLI) and HTTP statuses (later, the web) are derived from the class, never chosen
at the raise site.
"""

from __future__ import annotations


class CsphubError(Exception):
    """Base of every exception the hub raises on purpose."""


class UserError(CsphubError):
    """Something the user can fix. ``str(error)`` is the whole message."""

    exit_code = 2

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message if not self.hint else f"{self.message} {self.hint}"


class NotFound(UserError):
    """A named thing (dataset, agency, supply) does not exist."""


class AlreadyExists(UserError):
    """Something with that identity is already registered."""


class HomeNotReady(UserError):
    """The hub's home folder or database is missing or out of date."""


class BadSetting(UserError):
    """A setting has a value the hub cannot use."""


class BadDescriptor(UserError):
    """A dataset descriptor is not a valid Table Schema for the hub."""

    def __init__(self, source: str, problems: list[str]) -> None:
        listed = "; ".join(problems[:10])
        more = f" (and {len(problems) - 10} more)" if len(problems) > 10 else ""
        super().__init__(f"{source} is not a valid dataset descriptor: {listed}{more}.")
        self.problems = problems


class BadInput(UserError):
    """A supply file (or its metadata) that cannot be taken in. Nothing of it is stored."""

    def __init__(self, file: str, problem: str, *, hint: str | None = None) -> None:
        super().__init__(f"{file}: {problem}", hint=hint)
        self.file = file
        self.problem = problem


class DuplicateSupply(BadInput):
    """The exact same bytes were already accepted as a supply."""


class PeriodMismatch(BadInput):
    """The declared period disagrees with the dates in the file."""
