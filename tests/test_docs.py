"""Generated references are current, and the documents the README links to exist."""

from __future__ import annotations

import re
from pathlib import Path

from csphub.cli.reference import cli_reference

REPO = Path(__file__).resolve().parents[1]


def test_the_cli_reference_is_current() -> None:
    written = (REPO / "docs" / "reference" / "cli.md").read_text()
    assert written == cli_reference(), "run: .venv/bin/python tools/make_docs.py"


def test_every_command_and_parameter_is_explained() -> None:
    reference = cli_reference()
    rows = re.findall(r"^\| `[^`]+` \| (?:option|argument) \| (.*?) \|", reference, re.MULTILINE)
    assert len(rows) > 30
    for row in rows:
        assert row.strip(), reference


def test_documents_the_readme_links_to_exist() -> None:
    readme = (REPO / "README.md").read_text()
    assert readme.lstrip().startswith("# CSP Hub")
    assert "make demo" in readme.split("\n\n")[1] and "make test" in readme.split("\n\n")[1]
    for link in re.findall(r"\]\(([^)#]+\.md)\)", readme):
        assert (REPO / link).exists(), link
