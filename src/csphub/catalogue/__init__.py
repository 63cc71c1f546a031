"""The minimum dataset catalogue (guidance §3.2, Home Office Data Hub, data.police.uk)."""

from csphub.catalogue.catalogue import Catalogue
from csphub.catalogue.loader import (
    builtin_datasets,
    check_descriptor,
    parse_descriptor,
    read_descriptor_file,
)
from csphub.catalogue.model import (
    AgencyType,
    Category,
    Constraints,
    Dataset,
    Field,
    FieldKind,
    FieldType,
    Label,
    Location,
    OnInvalid,
    PrivacyRole,
    Tier,
)

__all__ = [
    "AgencyType",
    "Catalogue",
    "Category",
    "Constraints",
    "Dataset",
    "Field",
    "FieldKind",
    "FieldType",
    "Label",
    "Location",
    "OnInvalid",
    "PrivacyRole",
    "Tier",
    "builtin_datasets",
    "check_descriptor",
    "parse_descriptor",
    "read_descriptor_file",
]
