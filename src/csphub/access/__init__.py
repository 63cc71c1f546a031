"""Who the hub serves and what each may do. So far: the partnership's agencies."""

from csphub.access.agencies import (
    agency,
    map_codes,
    map_column,
    parse_code_pairs,
    read_code_pairs,
    register_agency,
)

__all__ = [
    "agency",
    "map_codes",
    "map_column",
    "parse_code_pairs",
    "read_code_pairs",
    "register_agency",
]
