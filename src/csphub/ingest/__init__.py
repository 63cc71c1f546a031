"""Taking supplies in: reading, metadata, column matching, cleaning, validation, versioning."""

from csphub.ingest.metadata import SupplyMetadata, read_metadata
from csphub.ingest.readers import FileFormat, RawTable, read_supply
from csphub.ingest.report import SupplyOutcome, SupplyStatus
from csphub.ingest.service import Progress, SupplyRequest, ingest_supply, outcome_of
from csphub.ingest.validation import Period, Rule

__all__ = [
    "FileFormat",
    "Period",
    "Progress",
    "RawTable",
    "Rule",
    "SupplyMetadata",
    "SupplyOutcome",
    "SupplyRequest",
    "SupplyStatus",
    "ingest_supply",
    "outcome_of",
    "read_metadata",
    "read_supply",
]
