"""CSP Hub: the information hub of a Community Safety Partnership."""

__version__ = "0.1.0"
