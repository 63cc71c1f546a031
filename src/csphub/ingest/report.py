"""A supply's outcome and its validation report, as JSON and as readable text.

Both are built from what the archive holds (the supply's row and its issues), so the report a
supplier reads later is the one printed when the supply was taken in. Messages describe values
(their type, their code list, their period) and never quote them.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import polars as pl

from csphub.store import SupplyRow


class SupplyStatus(StrEnum):
    STORED = "stored"  # every row valid
    PARTIAL = "partial"  # valid rows stored, the rest quarantined
    REJECTED = "rejected"  # the dataset's policy refused the whole supply


@dataclass(frozen=True)
class SupplyOutcome:
    supply: SupplyRow
    issues: pl.DataFrame  # row_number, field, rule, severity, message

    @property
    def status(self) -> SupplyStatus:
        return SupplyStatus(self.supply.status)

    @property
    def accepted(self) -> bool:
        return self.status != SupplyStatus.REJECTED

    def rule_counts(self) -> pl.DataFrame:
        """Rows failing each rule, per field: rule, field, severity, count, message."""
        errors = self.issues.filter(pl.col("row_number").is_not_null())
        if errors.height == 0:
            return pl.DataFrame(
                schema={
                    "rule": pl.String,
                    "field": pl.String,
                    "severity": pl.String,
                    "count": pl.UInt32,
                    "message": pl.String,
                }
            )
        return (
            errors.group_by("severity", "rule", "field", maintain_order=True)
            .agg(pl.len().alias("count"), pl.col("message").first())
            .select("rule", "field", "severity", "count", "message")
            .sort("severity", "count", descending=[False, True], maintain_order=True)
        )

    def as_json(self, *, issue_limit: int | None = None) -> dict[str, Any]:
        s = self.supply
        row_issues = self.issues.filter(pl.col("row_number").is_not_null())
        shown = row_issues if issue_limit is None else row_issues.head(issue_limit)
        return {
            "supply_id": s.id,
            "dataset": s.dataset_id,
            "agency": s.agency_id,
            "file": s.file_name,
            "sha256": s.sha256,
            "file_format": s.file_format,
            "encoding": s.encoding,
            "status": s.status,
            "period": {
                "start": s.period_start.isoformat() if s.period_start else None,
                "end": s.period_end.isoformat() if s.period_end else None,
            },
            "received_at": s.received_at.isoformat(timespec="seconds") + "Z",
            "rows_read": s.rows_read,
            "rows_stored": s.rows_stored,
            "rows_new": s.rows_new,
            "rows_revised": s.rows_revised,
            "rows_unchanged": s.rows_unchanged,
            "rows_quarantined": s.rows_quarantined,
            "rows_rejected": s.rows_rejected,
            "blank_rows": s.blank_rows,
            "rules": self.rule_counts().to_dicts(),
            "warnings": self._file_issues("warning").to_dicts(),
            "notes": self._file_issues("info").to_dicts(),
            "issues": shown.rename({"row_number": "row"}).to_dicts(),
            "issues_total": row_issues.height,
        }

    def _file_issues(self, severity: str) -> pl.DataFrame:
        """Issues about the file as a whole (no row) of one severity: rule, field, message."""
        return self.issues.filter(
            pl.col("row_number").is_null() & (pl.col("severity") == severity)
        ).select("rule", "field", "message")

    def summary_line(self) -> str:
        s = self.supply
        return (
            f"Supply {s.id} ({s.dataset_id} from {s.agency_id}): {s.status}. Read {s.rows_read:,} "
            f"rows; stored {s.rows_stored:,} (new {s.rows_new:,}, revised {s.rows_revised:,}), "
            f"unchanged {s.rows_unchanged:,}, quarantined {s.rows_quarantined:,}, "
            f"rejected {s.rows_rejected:,}."
        )

    def as_text(self, *, issue_limit: int | None = 50) -> str:
        s = self.supply
        lines = [self.summary_line()]
        lines.append(
            f"File {s.file_name} ({s.file_format}, {s.encoding or 'binary'}), "
            f"SHA-256 {s.sha256[:16]}…"
        )
        if s.period_start:
            lines.append(
                f"Period {s.period_start.isoformat()} to "
                f"{s.period_end.isoformat() if s.period_end else '?'}."
            )
        if s.blank_rows:
            lines.append(f"{s.blank_rows:,} blank rows were skipped.")
        errors = self.rule_counts()
        if errors.height:
            lines += ["", "Rows failing each rule:"]
            for rule, field, _, count, message in errors.iter_rows():
                lines.append(f"  {count:>8,}  {rule:<10} {field or '(row)':<28} {message}")
        for severity, heading in (("warning", "Warnings about the file:"), ("info", "Notes:")):
            about = self._file_issues(severity)
            if about.height:
                lines += ["", heading]
                for rule, field, message in about.iter_rows():
                    lines.append(f"  {rule:<10} {field or '':<28} {message}")
        row_issues = self.issues.filter(pl.col("row_number").is_not_null())
        if row_issues.height:
            shown = row_issues if issue_limit is None else row_issues.head(issue_limit)
            lines += [
                "",
                "Failing rows (row numbers as a spreadsheet shows them; the header is row 1):",
            ]
            for row, field, rule, _, message in shown.iter_rows():
                lines.append(f"  row {row:>7}  {field or '(row)':<28} {rule:<10} {message}")
            if shown.height < row_issues.height:
                lines.append(
                    f"  … and {row_issues.height - shown.height:,} more; "
                    f"`csphub supplies report {s.id} --all` lists every one."
                )
        return "\n".join(lines)
