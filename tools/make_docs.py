"""Write the generated references: docs/reference/cli.md and docs/reference/settings.md.

.venv/bin/python tools/make_docs.py
"""

from pathlib import Path

from csphub.cli.reference import cli_reference
from csphub.settings import settings_reference

DOCS = Path(__file__).resolve().parents[1] / "docs" / "reference"

if __name__ == "__main__":
    (DOCS / "cli.md").write_text(cli_reference())
    (DOCS / "settings.md").write_text(settings_reference())
