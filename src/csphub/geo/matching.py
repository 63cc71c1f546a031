"""Address → UPRN with uk-address-matcher (the Ministry of Justice's matcher for British
addresses, on DuckDB and Splink), and a guard that refuses doubtful matches.

The matcher runs four stages: an exact match of the whole cleaned address and postcode (taken
only when unique; its "flat retraction", which matched "Flat 4, School Crescent" to the house at
4, is off), a unique-trigram stage, a stage that peels the address's ends off, and Splink's
probabilistic model. Every record gets the library's best candidate; the hub then decides:

- an exact, unique match is taken;
- a Splink candidate needs a match weight of at least :data:`MIN_MATCH_WEIGHT`, unless the
  record has exactly its numbers and flat letters (Splink weighs "A, 2, Park Lane" against
  "Flat A, 2 Park Lane" low for the missing word "Flat");
- every candidate that is not exact must pass the :class:`~csphub.geo.guard.Guard`;
- a candidate the guard finds beaten gives way to the one property that fits the record
  better, if there is exactly one and it passes the guard (stage :data:`GUARD_STAGE`).

A refused record keeps its candidate and the reason (for review). If it carries its own
coordinates and they fall on a property its words name, that property is taken
(:meth:`PropertyMatcher.settle`); else, if another place of the record (an ambulance call's
home, its scene) was matched to a property its words name, that one
(:meth:`PropertyMatcher.settle_by`); otherwise it is placed by its postcode.

The gazetteer side is prepared once per loaded edition (:class:`PropertyMatcher`), so each
supply pays only for its own addresses. Nothing is downloaded: the model, word frequencies and
word lists ship inside the library's wheel.
"""

from __future__ import annotations

import functools
import shutil
import tempfile
import threading
import weakref
from collections.abc import Callable
from pathlib import Path
from typing import Any

import polars as pl

from csphub.geo.guard import Guard
from csphub.geo.postcodes import canonical_postcode

MIN_MATCH_WEIGHT = 0.0
MEMORY_SIZE = 1_000_000  # addresses remembered (then forgotten all at once and started again)
EXACT_STAGES = frozenset({"exact", "exact_no_whitespace"})
GUARD_STAGE = "guard"  # the property that beat the library's candidate

MATCH_SCHEMA: dict[str, pl.DataType] = {
    "row": pl.UInt32(),
    "uprn": pl.Int64(),  # null when refused
    "candidate_uprn": pl.Int64(),
    "score": pl.Float64(),  # Splink's match weight; null for the deterministic stages
    "reason": pl.String(),  # the stage, or "refused: <verdict>"
}


def _one_line(address: pl.Expr) -> pl.Expr:
    return (
        address.str.to_uppercase()
        .str.replace_all(r"[,;]", " ")
        .str.replace_all(r"\s+", " ")
        .str.strip_chars()
        .fill_null("")
    )


_PARSE_CACHE_SIZE = 8192


def speed_up_sql_parsing() -> None:
    """Remember what sqlglot parsed.

    Splink rebuilds its model for every batch and, doing so, parses the same few hundred SQL
    fragments thousands of times: about two seconds a batch, whatever the batch's size, and
    most of the cost of matching one month's supply. The parse of a string is the same each
    time, so it is kept and each caller is given its own copy of the tree (callers may change
    what they are given). Idempotent."""
    import sqlglot

    original = sqlglot.parse_one
    if getattr(original, "csphub_cached", False):
        return

    @functools.lru_cache(maxsize=_PARSE_CACHE_SIZE)
    def parsed(sql: str, read: Any, dialect: Any) -> Any:
        return original(sql, read=read, dialect=dialect)

    def parse_one(sql: Any, read: Any = None, dialect: Any = None, **options: Any) -> Any:
        if options or not isinstance(sql, str):
            return original(sql, read=read, dialect=dialect, **options)
        try:
            return parsed(sql, read, dialect).copy()
        except TypeError:  # an unhashable dialect object
            return original(sql, read=read, dialect=dialect)

    parse_one.csphub_cached = True  # type: ignore[attr-defined]
    sqlglot.parse_one = parse_one  # type: ignore[assignment]


def _stages() -> list[Any]:
    from uk_address_matcher import (
        ExactMatchStage,
        PeeledAddressStage,
        SplinkStage,
        UniqueTrigramStage,
    )

    return [
        ExactMatchStage(enable_flat_retraction=False, require_unique_match=True),
        UniqueTrigramStage(),
        PeeledAddressStage(),
        # Keep every best candidate: acceptance is decided here, with the guard.
        SplinkStage(final_match_weight_threshold=-100.0, final_distinguishability_threshold=None),
    ]


class PropertyMatcher:
    """The gazetteer prepared for matching (cleaned addresses, word frequencies and an inverted
    index in a temporary folder, and the guard's index); :meth:`match` takes batches."""

    def __init__(self, properties: pl.DataFrame) -> None:
        import duckdb
        from uk_address_matcher import prepare_canonical_folder

        self.folder = Path(tempfile.mkdtemp(prefix="csphub-gazetteer-"))
        # The folder goes with the matcher (or at exit), without a warning.
        self.close = weakref.finalize(self, shutil.rmtree, self.folder, ignore_errors=True)
        self._lock = threading.Lock()
        self.size = properties.height
        canonical = properties.select(
            pl.col("uprn").alias("unique_id"),
            _one_line(pl.col("address")).alias("address_concat"),
            pl.col("postcode").fill_null(""),
        )
        connection = duckdb.connect()
        try:
            prepare_canonical_folder(
                connection.from_arrow(canonical.to_arrow()),
                str(self.folder),
                con=connection,
                overwrite=True,
                show_progress="off",
            )
        finally:
            connection.close()
        self.guard = Guard(properties)
        # (cleaned address, postcode) → (uprn, candidate_uprn, score, reason)
        self._seen: dict[tuple[str, str | None], tuple[Any, ...]] = {}
        speed_up_sql_parsing()

    def match(self, records: pl.DataFrame) -> pl.DataFrame:
        """``records``: row, address, postcode. One row per record, in :data:`MATCH_SCHEMA`.

        Each address (as cleaned, with its postcode) is matched once per gazetteer edition
        and remembered: the same homes recur month after month, and a supply whose addresses
        have all been seen costs no call to the matcher at all."""
        if records.height == 0 or self.size == 0:
            return pl.DataFrame(schema=MATCH_SCHEMA)
        messy = records.select(
            pl.col("row").cast(pl.UInt32),
            _one_line(pl.col("address")).alias("address_concat"),
            canonical_postcode(pl.col("postcode")).alias("postcode"),
        )
        keys = _keys(messy)
        with self._lock:  # one DuckDB pipeline at a time over the shared folder
            known = {key: self._seen[key] for key in keys if key in self._seen}
            seen = pl.Series([key in known for key in keys], dtype=pl.Boolean)
            unseen = messy.filter(~seen).unique(["address_concat", "postcode"], keep="first")
            if unseen.height:
                judged = self._judge(unseen, self._propose(unseen))
                outcomes = judged.drop("address_concat", "postcode").iter_rows()
                fresh = dict(zip(_keys(judged), outcomes, strict=True))
                if len(self._seen) + len(fresh) > MEMORY_SIZE:
                    self._seen.clear()
                self._seen.update(fresh)
                known.update(fresh)
        results = [known[key] for key in keys]
        return pl.DataFrame(
            [(row, *result) for row, result in zip(messy["row"].to_list(), results, strict=True)],
            schema=MATCH_SCHEMA,
            orient="row",
        )

    def settle(self, records: pl.DataFrame) -> pl.DataFrame:
        """``records``: row, address, postcode, easting, northing (the record's own point), of
        records :meth:`match` left without a property. Row and UPRN of each one that its point
        settles (see :meth:`csphub.geo.guard.Guard.settle`)."""
        return self._settled(
            records,
            [pl.col("easting").cast(pl.Float64), pl.col("northing").cast(pl.Float64)],
            self.guard.settle,
        )

    def settle_by(self, records: pl.DataFrame) -> pl.DataFrame:
        """``records``: row, address, postcode, related (the UPRNs the record's other places
        were matched to), of records :meth:`match` left without a property. Row and UPRN of
        each one that those settle (see :meth:`csphub.geo.guard.Guard.settle_by`)."""
        return self._settled(records, [pl.col("related")], self.guard.settle_by)

    def _settled(
        self, records: pl.DataFrame, evidence: list[pl.Expr], settle: Callable[..., int | None]
    ) -> pl.DataFrame:
        prepared = records.select(
            pl.col("row").cast(pl.UInt32),
            _one_line(pl.col("address")),
            canonical_postcode(pl.col("postcode")),
            *evidence,
        )
        settled = [
            (row, uprn)
            for row, address, postcode, *given in prepared.iter_rows()
            if (uprn := settle(address, postcode, *given)) is not None
        ]
        return pl.DataFrame(settled, schema={"row": pl.UInt32(), "uprn": pl.Int64()}, orient="row")

    def _judge(self, messy: pl.DataFrame, proposals: pl.DataFrame) -> pl.DataFrame:
        """address_concat, postcode, then MATCH_SCHEMA's columns but row: the hub's decision on
        each proposal."""
        frame = messy.join(proposals, on="row", how="left", maintain_order="left")
        taken: list[int | None] = []
        reasons: list[str] = []
        for address, postcode, uprn, stage, score in frame.select(
            "address_concat", "postcode", "candidate_uprn", "stage", "score"
        ).iter_rows():
            verdict, better = _verdict(self.guard, address, postcode, uprn, stage, score)
            if verdict == "ok":
                taken.append(uprn)
                reasons.append(stage)
            else:
                taken.append(better)
                reasons.append(GUARD_STAGE if better is not None else f"refused: {verdict}")
        return frame.select(
            "address_concat",
            "postcode",
            pl.Series("uprn", taken, dtype=pl.Int64),
            pl.col("candidate_uprn").cast(pl.Int64),
            pl.col("score").cast(pl.Float64),
            pl.Series("reason", reasons, dtype=pl.String),
        )

    def _propose(self, messy: pl.DataFrame) -> pl.DataFrame:
        """The library's best candidate for each record: row, candidate_uprn, stage, score."""
        import duckdb
        from uk_address_matcher import AddressMatcher

        connection = duckdb.connect()
        try:
            to_match = connection.from_arrow(
                messy.select(
                    pl.col("row").cast(pl.String).alias("unique_id"),
                    "address_concat",
                    pl.col("postcode").fill_null(""),
                ).to_arrow()
            )
            matcher = AddressMatcher(
                canonical_addresses=str(self.folder),
                addresses_to_match=to_match,
                con=connection,
                stages=_stages(),
                show_progress="off",
            )
            with matcher.match() as result:
                relation = result.matches()
                # The library leaves the weight out when no record reached Splink.
                weight = "match_weight" if "match_weight" in relation.columns else "NULL"
                table = relation.select(
                    f"unique_id, resolved_canonical_id, match_reason, "
                    f"CAST({weight} AS DOUBLE) AS match_weight"
                ).to_arrow_table()
        finally:
            connection.close()
        found = pl.from_arrow(table)
        assert isinstance(found, pl.DataFrame)
        return found.select(
            pl.col("unique_id").cast(pl.UInt32).alias("row"),
            pl.col("resolved_canonical_id").cast(pl.Int64, strict=False).alias("candidate_uprn"),
            pl.col("match_reason").cast(pl.String).str.split(":").list.first().alias("stage"),
            pl.col("match_weight").alias("score"),
        ).unique("row", keep="first")


def _keys(frame: pl.DataFrame) -> list[tuple[str, str | None]]:
    return list(zip(frame["address_concat"].to_list(), frame["postcode"].to_list(), strict=True))


def _verdict(
    guard: Guard,
    address: str,
    postcode: str | None,
    uprn: int | None,
    stage: str | None,
    score: float | None,
) -> tuple[str, int | None]:
    """The verdict on the library's candidate and, when the guard finds it beaten, the
    property that beat it, to be taken instead (see :meth:`Guard.judge`), or ``None``."""
    if uprn is None:
        return "no-candidate", None
    if stage in EXACT_STAGES:
        return "ok", None  # the whole cleaned address and postcode agree, uniquely
    if (
        stage == "splink"
        and (score is None or score < MIN_MATCH_WEIGHT)
        and not guard.same_details(address, uprn)
    ):
        return "low-weight", None
    return guard.judge(address, postcode, uprn)
