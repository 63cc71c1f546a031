"""Address → UPRN: the guard's verdicts on proposals, and the matcher end to end (the real
uk-address-matcher on DuckDB, on a hand-made gazetteer)."""

from __future__ import annotations

from typing import Any

import polars as pl
import pytest
from tests.geo.geo_support import MATCHER_WARNING, postcode_frame, property_frame

from csphub.geo.guard import Guard, tokens
from csphub.geo.matching import MATCH_SCHEMA, PropertyMatcher, speed_up_sql_parsing


def home(uprn: int, sao: str | None, pao: str, street: str, postcode: str) -> dict[str, Any]:
    number, _, name = pao.partition(" ") if pao[0].isdigit() else ("", "", pao)
    building = name if not number else None
    parts = [sao, building, f"{number} {street}".strip() if number else street, "OLDMARKET"]
    return {
        "uprn": uprn,
        "sao": sao,
        "pao": pao,
        "street": street,
        "locality": "OLDMARKET",
        "town": "EASTBROOK",
        "postcode": postcode,
        "easting": 430_000.0 + uprn,
        "northing": 260_000.0,
        "address": ", ".join([p for p in parts if p] + ["EASTBROOK"]),
    }


GAZETTEER = property_frame(
    [
        home(1, None, "4", "SCHOOL CRESCENT", "EB1 1AA"),
        home(2, "FLAT 4", "PEMBROKE HOUSE", "SCHOOL CRESCENT", "EB1 1AA"),
        home(3, "FLAT 5", "PEMBROKE HOUSE", "SCHOOL CRESCENT", "EB1 1AA"),
        home(4, None, "6", "SCHOOL CRESCENT", "EB1 1AA"),
        home(5, None, "12", "HIGH STREET", "EB1 1AB"),
        home(6, None, "14", "HIGH STREET", "EB1 1AB"),
        home(7, None, "ROSE COTTAGE", "MILL LANE", "EB1 1AD"),
        home(8, "FLAT 1", "7", "MARKET SQUARE", "EB1 1AE"),
        home(9, "FLAT 2", "7", "MARKET SQUARE", "EB1 1AE"),
        home(10, None, "9", "MARKET SQUARE", "EB1 1AE"),
        home(11, None, "9", "HIGH STREET", "EB1 1AB"),
    ]
)


@pytest.fixture(scope="module")
def guard() -> Guard:
    return Guard(GAZETTEER)


@pytest.fixture(scope="module")
def matcher() -> PropertyMatcher:
    return PropertyMatcher(GAZETTEER)


def test_tokens_are_normalised() -> None:
    assert tokens("Flat 4, 12A St. Mary's Road") == {
        "<UNIT>",
        "4#1",
        "12#1",
        "A#1",
        "ST",
        "MARYS",
        "RD",
    }
    assert tokens("4 4") == {"4#1", "4#2"}
    assert tokens("First Floor Flat, 007 The Lane") == {"<UNIT>", "7#1", "LN"}
    # a letter before a number is split off too; "The Flat" is a name, not a flat number
    assert tokens("Flat A11, The Flat, 3 Rd") == {"<UNIT>", "A#1", "11#1", "FLAT", "3#1", "RD"}


@pytest.mark.parametrize(
    ("address", "postcode", "uprn", "verdict"),
    [
        ("4 School Crescent, Oldmarket", "EB1 1AA", 1, "ok"),
        ("Flat 4 Pembroke House School Cres", "EB1 1AA", 2, "ok"),
        # the house at 4, when the street also has a block with a flat 4
        ("Flat 4, School Crescent", "EB1 1AA", 1, "unexplained-detail"),
        # the block's name without a flat: either flat
        ("Pembroke House, School Crescent", "EB1 1AA", 2, "tie"),
        # a flat in the block explains more of the record than the house does
        ("Flat 5 Pembroke House, School Crescent", "EB1 1AA", 1, "beaten"),
        # misspelt but unique
        ("12 Hihg Stret", "EB1 1AB", 5, "ok"),
        ("Rose Cotage, Mill Lane", "EB1 1AD", 7, "ok"),
        # 9 Market Square proposed, but the recorded postcode holds another number 9:
        # the street or the postcode is wrong, and nothing says which
        ("9 Market Square", "EB1 1AB", 10, "postcode-conflict"),
        ("9 Market Square", "EB1 1AE", 10, "ok"),
        # flat number dropped at a converted house: flat 1 or flat 2?
        ("7 Market Square", "EB1 1AE", 8, "tie"),
        ("4 School Crescent", "EB1 1AA", 999, "unknown"),
    ],
)
def test_guard_verdicts(guard: Guard, address: str, postcode: str, uprn: int, verdict: str) -> None:
    assert guard.check(address.upper(), postcode, uprn) == verdict


def _match(matcher: PropertyMatcher, rows: list[tuple[str | None, str | None]]) -> pl.DataFrame:
    records = pl.DataFrame(
        {
            "row": pl.Series(range(len(rows)), dtype=pl.UInt32),
            "address": [a for a, _ in rows],
            "postcode": [p for _, p in rows],
        }
    )
    return matcher.match(records)


@MATCHER_WARNING
def test_exact_and_misspelt_addresses_are_matched(matcher: PropertyMatcher) -> None:
    found = _match(
        matcher,
        [
            ("12 HIGH STREET, OLDMARKET, EASTBROOK", "EB1 1AB"),  # exact
            ("14 high st oldmarket", "eb11ab"),  # abbreviated, postcode squeezed
            ("Flat 5, Pembroke Hse, School Crescent", "EB1 1AA"),
            ("rose cotage mill lane", "EB1 1AD"),
        ],
    )

    assert found.schema == pl.Schema(MATCH_SCHEMA)
    assert found["row"].to_list() == [0, 1, 2, 3]
    assert found["uprn"].to_list() == [5, 6, 3, 7]
    assert found["reason"][0] == "exact"
    assert not any(r.startswith("refused") for r in found["reason"].to_list())


@MATCHER_WARNING
def test_doubtful_addresses_are_refused_with_their_reason(matcher: PropertyMatcher) -> None:
    found = _match(
        matcher,
        [
            ("Pembroke House, School Crescent", "EB1 1AA"),  # which flat?
            ("7 Market Square", "EB1 1AE"),  # which flat?
            ("21 Nowhere Avenue, Farplace", "EB9 9ZZ"),  # not in the gazetteer
            (None, "EB1 1AA"),
        ],
    )

    assert found["uprn"].to_list() == [None, None, None, None]
    assert all(r.startswith("refused: ") for r in found["reason"].to_list())
    # a refusal keeps the library's candidate, for review
    assert found["candidate_uprn"][0] in (2, 3)


@MATCHER_WARNING
def test_one_matcher_serves_many_batches(matcher: PropertyMatcher) -> None:
    first = _match(matcher, [("6 School Crescent", "EB1 1AA")])
    second = _match(matcher, [("9 Market Sq", "EB1 1AE"), ("12 High Street", "EB1 1AB")])

    assert first["uprn"].to_list() == [4]
    assert second["uprn"].to_list() == [10, 5]
    assert _match(matcher, []).height == 0


def test_the_prepared_folder_goes_with_the_matcher() -> None:
    matcher = PropertyMatcher(GAZETTEER)
    folder = matcher.folder
    assert folder.is_dir() and any(folder.iterdir())

    matcher.close()

    assert not folder.exists()


def test_remembered_sql_parses_are_independent_copies() -> None:
    import sqlglot

    speed_up_sql_parsing()
    speed_up_sql_parsing()  # idempotent: not wrapped twice

    first = sqlglot.parse_one("a_l = a_r", read="duckdb")
    first.set("this", sqlglot.parse_one("changed"))
    second = sqlglot.parse_one("a_l = a_r", read="duckdb")

    assert second.sql() == "a_l = a_r"
    assert getattr(sqlglot.parse_one, "csphub_cached", False)
    with pytest.raises(sqlglot.errors.ParseError):
        sqlglot.parse_one("SELECT (", read="duckdb")


@MATCHER_WARNING
def test_an_address_seen_before_is_not_matched_again(monkeypatch: pytest.MonkeyPatch) -> None:
    import csphub.geo.matching as matching

    matcher = PropertyMatcher(GAZETTEER)
    calls: list[int] = []
    propose = matcher._propose

    def counted(messy: pl.DataFrame) -> pl.DataFrame:
        calls.append(messy.height)
        return propose(messy)

    monkeypatch.setattr(matcher, "_propose", counted)
    rows = [("14 high st oldmarket", "eb11ab"), ("Pembroke House, School Crescent", "EB1 1AA")]
    first = _match(matcher, rows)
    again = _match(matcher, [rows[1], rows[0], rows[0]])  # same addresses, other order

    assert calls == [2]
    assert again["uprn"].to_list() == [None, 6, 6]
    assert again["reason"].to_list() == [first["reason"][1], first["reason"][0], first["reason"][0]]

    # Past its size, the memory starts again rather than growing.
    monkeypatch.setattr(matching, "MEMORY_SIZE", 2)
    _match(matcher, [("9 Market Sq", "EB1 1AE")])
    assert calls == [2, 1]
    _match(matcher, rows)
    assert calls == [2, 1, 2]
    # a batch of one address remembered and one new, when the memory is full
    mixed = _match(matcher, [rows[0], ("12 High Street", "EB1 1AB")])
    assert calls == [2, 1, 2, 1]
    assert mixed["uprn"].to_list() == [6, 5]


# --------------------------------------------------------------------------- more evidence


def placed(home_row: dict[str, Any], easting: float, northing: float) -> dict[str, Any]:
    return {**home_row, "easting": easting, "northing": northing}


# Houses 10 m apart; the flats of a block share the block's point, as in an LLPG.
STREET = property_frame(
    [
        placed(home(21, None, "10", "PARK LANE", "EB2 1AA"), 440_000.0, 250_000.0),
        placed(home(22, None, "12", "PARK LANE", "EB2 1AA"), 440_010.0, 250_000.0),
        placed(home(23, None, "14", "PARK LANE", "EB2 1AA"), 440_020.0, 250_000.0),
        placed(home(24, "FLAT 1", "ASH HOUSE", "PARK LANE", "EB2 1AA"), 440_030.0, 250_000.0),
        placed(home(25, "FLAT 2", "ASH HOUSE", "PARK LANE", "EB2 1AA"), 440_030.0, 250_000.0),
        placed(home(26, None, "15", "MANOR GROVE", "EB2 1AB"), 440_100.0, 250_100.0),
        placed(home(27, None, "15", "MANOR ROAD", "EB2 1AD"), 440_500.0, 250_500.0),
        placed(home(28, None, "9", "ELM ROAD", "EB2 1AE"), 440_200.0, 250_200.0),
        placed(home(29, None, "9", "OAK STREET", "EB2 1AF"), 440_300.0, 250_300.0),
        placed(home(30, "FLAT A", "3", "WESLEY ROAD", "EB2 1AG"), 440_400.0, 250_400.0),
        placed(home(31, "FLAT B", "3", "WESLEY ROAD", "EB2 1AG"), 440_400.0, 250_400.0),
        placed(home(32, None, "BRUNSWICK HOUSE", "DORSET CLOSE", "EB2 1AH"), 440_600.0, 250_600.0),
        placed(
            home(33, None, "BRUNSWICK 4 HOUSE", "SHELLEY STREET", "EB2 1AJ"), 440_700.0, 250_700.0
        ),
    ]
)  # fmt: skip


@pytest.fixture(scope="module")
def street_guard() -> Guard:
    return Guard(STREET)


@pytest.mark.parametrize(
    ("address", "postcode", "point", "settled"),
    [
        # the house number dropped: any house of the street, but the point is on number 12's
        ("Park Lane, Oldmarket", "EB2 1AA", (440_010.0, 250_000.0), 22),
        # the street replaced by another that has a 15 too: the point is on Manor Grove's
        ("15 Manor Road", "EB2 1AB", (440_100.0, 250_100.0), 26),
        # a mis-keyed postcode, which holds another 9: the point is on Elm Road's
        ("9 Elm Road", "EB2 1AF", (440_200.0, 250_200.0), 28),
        # within a metre of the house's point (a rounded coordinate) is on it
        ("Park Lane", "EB2 1AA", (440_010.6, 250_000.4), 22),
        # a flat number dropped: both flats of the block lie at its point
        ("Ash House, Park Lane", "EB2 1AA", (440_030.0, 250_000.0), None),
        # five metres off (a map pin, a street's point) is on no property
        ("Park Lane", "EB2 1AA", (440_015.0, 250_000.0), None),
        # the record names another house than the one at the point
        ("14 Park Lane", "EB2 1AA", (440_010.0, 250_000.0), None),
        # nothing of the record names the house at the point; a kind of street does not
        ("Tower Court", "EB2 1AA", (440_010.0, 250_000.0), None),
        ("Tower Lane", "EB2 1AA", (440_010.0, 250_000.0), None),
        # a flat letter alone does not name the flat at the point
        ("Flat A, Tower Court", "EB2 1AG", (440_400.0, 250_400.0), None),
        ("A, 3 Wesley Road", "EB2 1AG", (440_400.0, 250_400.0), 30),
        # no point at all
        ("Park Lane", "EB2 1AA", (float("nan"), float("nan")), None),
    ],
)
def test_the_records_own_point_settles_what_its_words_leave_open(
    street_guard: Guard,
    address: str,
    postcode: str,
    point: tuple[float, float],
    settled: int | None,
) -> None:
    assert street_guard.settle(address.upper(), postcode, *point) == settled


@pytest.mark.parametrize(
    ("address", "postcode", "related", "settled"),
    [
        # a flat letter dropped: either flat of 3 Wesley Road; the other place names flat A
        ("3 Wesley Road", "EB2 1AG", [30], 30),
        ("3 Wesley Road", "EB2 1AG", [31], 31),
        # a flat number dropped: the block's name names the flat the other place was matched to
        ("Ash House, Park Lane", "EB2 1AA", [25], 25),
        # the other places name both flats: nothing tells which
        ("3 Wesley Road", "EB2 1AG", [30, 31], None),
        # a street alone names no property (a scene in the street, a home on it)
        ("Park Lane, Oldmarket", "EB2 1AA", [22], None),
        # the record names another house than the other place's
        ("14 Park Lane", "EB2 1AA", [22], None),
        # the other place is not one the record could be
        ("3 Wesley Road", "EB2 1AG", [22], None),
        # no other place, or one the gazetteer does not hold
        ("3 Wesley Road", "EB2 1AG", [], None),
        ("3 Wesley Road", "EB2 1AG", [999], None),
    ],
)
def test_the_records_other_place_settles_what_its_words_leave_open(
    street_guard: Guard, address: str, postcode: str, related: list[int], settled: int | None
) -> None:
    assert street_guard.check("3 WESLEY ROAD", "EB2 1AG", 30) == "tie"
    assert street_guard.settle_by(address.upper(), postcode, related) == settled


def test_without_its_point_the_same_records_stay_unsettled(street_guard: Guard) -> None:
    assert street_guard.check("PARK LANE OLDMARKET", "EB2 1AA", 22) in ("tie", "beaten")
    # the matcher's proposal, Manor Road's 15, is outside the recorded postcode, which holds
    # another 15: the street or the postcode is wrong
    assert street_guard.check("15 MANOR ROAD", "EB2 1AB", 27) == "postcode-conflict"
    assert street_guard.check("9 ELM ROAD", "EB2 1AF", 28) == "postcode-conflict"


def test_a_complete_name_does_not_outweigh_the_street_and_postcode(street_guard: Guard) -> None:
    # "Brunswick House" of Dorset Close has the record's whole name; Brunswick 4 House has its
    # street and postcode but not the 4. One of the record's parts is wrong: not known which.
    assert street_guard.check("BRUNSWICK HOUSE SHELLEY STREET", "EB2 1AJ", 32) == "tie"
    assert street_guard.check("BRUNSWICK HOUSE DORSET CLOSE", "EB2 1AH", 32) == "ok"


def test_a_low_splink_weight_stands_only_where_the_numbers_differ(street_guard: Guard) -> None:
    from csphub.geo.matching import _verdict

    # "A, 3 Wesley Road": Splink weighs the missing word "Flat" heavily; the guard decides.
    def verdict(address: str, score: float | None) -> str:
        return _verdict(street_guard, address, "EB2 1AG", 30, "splink", score)[0]

    assert verdict("A 3 WESLEY ROAD", -2.5) == "ok"
    assert verdict("3 WESLEY ROAD", -2.5) == "low-weight"
    assert verdict("B 3 WESLEY ROAD", -2.5) == "low-weight"
    assert verdict("3 WESLEY ROAD", None) == "low-weight"


@MATCHER_WARNING
@pytest.mark.parametrize(
    ("settle", "records", "evidence", "expected"),
    [
        pytest.param(
            "settle",
            {
                "address": ["park lane, oldmarket", "15 Manor Road", "Ash House, Park Lane"],
                "postcode": ["eb21aa", "EB2 1AB", "EB2 1AA"],
                "easting": [440_010.0, 440_100.0, 440_030.0],
                "northing": [250_000.0, 250_100.0, 250_000.0],
            },
            ("easting", "northing"),
            [(0, 22), (1, 26)],
            id="by-point",
        ),
        pytest.param(
            "settle_by",
            {
                "address": ["3 wesley road", "Ash House, Park Lane", "park lane"],
                "postcode": ["eb21ag", "EB2 1AA", "EB2 1AA"],
                "related": pl.Series([[31], [24], [22]], dtype=pl.List(pl.Int64)),
            },
            ("related",),
            [(0, 31), (1, 24)],
            id="by-the-records-other-place",
        ),
    ],
)
def test_the_matcher_settles_what_it_left_unmatched(
    settle: str,
    records: dict[str, Any],
    evidence: tuple[str, ...],
    expected: list[tuple[int, int]],
) -> None:
    matcher = PropertyMatcher(STREET)
    frame = pl.DataFrame({"row": pl.Series([0, 1, 2], dtype=pl.UInt32), **records})

    assert matcher.match(frame.drop(*evidence))["uprn"].to_list() == [None, None, None]
    settled = getattr(matcher, settle)(frame)
    assert settled.schema == pl.Schema({"row": pl.UInt32(), "uprn": pl.Int64()})
    assert settled.rows() == expected


@MATCHER_WARNING
def test_a_records_places_settle_one_another_as_it_is_taken_in() -> None:
    """An ambulance call whose scene ("3 Wesley Road") fits both flats at 3, and whose
    patient's home was matched to flat B: the scene is flat B, flagged. And the other way
    round. A scene in the street stays placed by its postcode."""
    from csphub.catalogue import Catalogue
    from csphub.geo.reference import Geography
    from csphub.ingest.geocoding import geocode_records

    dataset = Catalogue.builtin().get("ambulance-calls")
    geography = Geography.build(
        postcode_frame(
            [
                {"postcode": "EB2 1AA", "easting": 440_010.0, "northing": 250_000.0},
                {"postcode": "EB2 1AG", "easting": 440_400.0, "northing": 250_400.0},
            ]
        ),
        STREET,
    )
    records = pl.DataFrame(
        {
            "_row": pl.Series([2, 3, 4, 5], dtype=pl.UInt32),
            "patient_reference": ["P1", "P2", "P3", "P4"],
            "home_address": ["Flat B, 3 Wesley Road", "3 Wesley Road", "Flat B, 3 Wesley Road",
                             "3 Wesley Road"],
            "home_postcode": ["EB2 1AG"] * 4,
            "incident_address": ["3 Wesley Road", "Flat A, 3 Wesley Road", "Wesley Road",
                                 "12 Park Lane"],
            "incident_postcode": ["EB2 1AG", "EB2 1AG", "EB2 1AG", "EB2 1AA"],
            "incident_easting": [None, None, None, None],
            "incident_northing": [None, None, None, None],
        },
        schema_overrides={"incident_easting": pl.Float64, "incident_northing": pl.Float64},
    )  # fmt: skip

    coded, notes = geocode_records(geography, dataset, records, 1_000.0)

    def place(name: str) -> list[tuple[Any, ...]]:
        return coded.select(
            pl.col(f"_geo_{name}_{part}") for part in ("method", "uprn", "flags")
        ).rows()

    assert coded["_row"].to_list() == [2, 3, 4, 5]
    assert place("incident") == [
        ("address", 31, "by-other-place"),
        ("address", 30, None),
        ("postcode", None, None),  # a scene in the street: no property named
        ("address", 22, None),
    ]
    assert place("home") == [
        ("address", 31, None),
        ("address", 30, "by-other-place"),
        ("address", 31, None),
        ("postcode", None, None),  # the scene, 12 Park Lane, is no flat of 3 Wesley Road
    ]
    assert (
        "warning",
        "incident",
        "1 records have an address that fits several properties, one of which the record's "
        "other address names (that one is taken) (flag by-other-place)",
    ) in [(n["severity"], n["field"], n["message"]) for n in notes]


@MATCHER_WARNING
def test_lettered_flats_recorded_without_the_word_flat_are_matched() -> None:
    """The real Splink weighs these below 0 for the missing "Flat"; the numbers and letters
    agree exactly, so the guard decides, and takes them."""
    found = _match(
        PropertyMatcher(STREET), [("A, 3, Wesley Road", "EB2 1AG"), ("B 3 Wesley Rd", "EB2 1AG")]
    )

    assert found["uprn"].to_list() == [30, 31]
    assert found["reason"].to_list() == ["splink", "splink"]
    assert all(score < 0 for score in found["score"].to_list())


# --------------------------------------------------------------------------- letters, postcodes

BLOCKS = property_frame(
    [
        home(41, "FLAT 11", "KINGSLEY COURT", "BROOK STREET", "EB3 1AA"),
        home(42, "FLAT 12", "KINGSLEY COURT", "BROOK STREET", "EB3 1AA"),
        home(43, "FLAT A", "11", "THAMES STREET", "EB3 1AB"),
        home(44, "FLAT B", "11", "THAMES STREET", "EB3 1AB"),
        # a block whose flats really are lettered and numbered
        home(45, "FLAT A11", "CEDAR COURT", "ELM WALK", "EB3 1AD"),
        home(46, "FLAT 11", "CEDAR COURT", "ELM WALK", "EB3 1AD"),
        home(47, None, "4", "MILTON CLOSE", "EB3 1AE"),
        home(48, None, "4", "ROWAN ROAD", "EB3 1AF"),
        home(49, "FLAT 8", "RUTLAND 8 HOUSE", "PRIORY STREET", "EB3 1AG"),
        home(50, "FLAT 8", "RUTLAND 7 HOUSE", "HARCOURT CRESCENT", "EB3 1AH"),
        home(51, None, "7", "SANDRINGHAM DRIVE", "EB3 1AJ"),
        home(52, "FLAT 7", "RUTLAND 5 HOUSE", "SANDRINGHAM DRIVE", "EB3 1AL"),
    ]
)


@pytest.fixture(scope="module")
def block_guard() -> Guard:
    return Guard(BLOCKS)


@pytest.mark.parametrize(
    ("address", "postcode", "uprn", "verdict"),
    [
        # "Flat A11" where the gazetteer says Flat 11: the letter before the number is a
        # block's letter or a slip, and Thames Street's flat A explains nothing else
        ("Flat A11, Kingsley Court, Brook Street", "EB3 1AA", 43, "beaten"),
        ("Flat A11, Kingsley Court, Brook Street", "EB3 1AA", 41, "ok"),
        # but where a flat A11 exists, its letter counts
        ("Flat A11, Cedar Court, Elm Walk", "EB3 1AD", 45, "ok"),
        ("Flat A11, Cedar Court, Elm Walk", "EB3 1AD", 46, "beaten"),
        ("Flat 11, Cedar Court, Elm Walk", "EB3 1AD", 46, "ok"),
        # a letter after the number is the property's own: 11A is not flat 11
        ("11A Kingsley Court, Brook Street", "EB3 1AA", 41, "ok"),
        # the proposal has the recorded postcode; the street's words name a house outside it
        ("4 Miltno Close", "EB3 1AF", 48, "postcode-conflict"),
        ("4 Rowan Road", "EB3 1AF", 48, "ok"),
        # the proposal has the postcode; the building's number names a flat outside it
        ("Flat 8, Rutland 8 House", "EB3 1AH", 50, "postcode-conflict"),
        ("Flat 8, Rutland 7 House", "EB3 1AH", 50, "ok"),
        # a flat elsewhere on the street with a name the record lacks is no rival to the house
        ("Flat 1, 7 Sandringham Drive", "EB3 1AJ", 51, "ok"),
        # "The Flat" names no flat 7: the house at 7, not flat 7 of a block on the street
        ("The Flat, 7, Sandringham Drive", "EB3 1AJ", 52, "beaten"),
        ("The Flat, 7, Sandringham Drive", "EB3 1AJ", 51, "ok"),
        ("Flat 7, Sandringham Drive", "EB3 1AL", 52, "ok"),
    ],
)
def test_soft_letters_and_postcode_conflicts(
    block_guard: Guard, address: str, postcode: str, uprn: int, verdict: str
) -> None:
    assert block_guard.check(address.upper(), postcode, uprn) == verdict


def test_a_beaten_proposal_names_what_beat_it(block_guard: Guard) -> None:
    record = "FLAT A11, KINGSLEY COURT, BROOK STREET"
    assert block_guard.judge(record, "EB3 1AA", 43) == ("beaten", 41)
    # nothing beats a proposal that passes, or a postcode conflict
    assert block_guard.judge(record, "EB3 1AA", 41) == ("ok", None)
    assert block_guard.judge("4 MILTNO CLOSE", "EB3 1AF", 48) == ("postcode-conflict", None)


def test_a_soft_letter_need_not_be_at_the_point(block_guard: Guard) -> None:
    flat_12 = BLOCKS.filter(pl.col("uprn") == 42).row(0, named=True)
    point = (flat_12["easting"], flat_12["northing"])
    assert block_guard.settle("FLAT C12, KINGSLEY COURT", "EB3 1AA", *point) == 42
    # a letter after the number must be the property's
    assert block_guard.settle("FLAT 12C, KINGSLEY COURT", "EB3 1AA", *point) is None


@MATCHER_WARNING
def test_the_matcher_takes_the_property_that_beat_its_candidate() -> None:
    """Hand the hub's judge the candidate a matcher might propose for a letter-prefixed flat:
    the guard finds it beaten, and the property that beat it is taken."""
    matcher = PropertyMatcher(BLOCKS)
    messy = pl.DataFrame(
        {
            "row": pl.Series([0, 1], dtype=pl.UInt32),
            "address_concat": ["FLAT A11 KINGSLEY COURT BROOK STREET", "4 MILTNO CLOSE"],
            "postcode": ["EB3 1AA", "EB3 1AF"],
        }
    )
    proposals = pl.DataFrame(
        {
            "row": pl.Series([0, 1], dtype=pl.UInt32),
            "candidate_uprn": [43, 48],
            "stage": ["splink", "splink"],
            "score": [4.0, 4.0],
        }
    )
    judged = matcher._judge(messy, proposals)
    assert judged["uprn"].to_list() == [41, None]
    assert judged["candidate_uprn"].to_list() == [43, 48]
    assert judged["reason"].to_list() == ["guard", "refused: postcode-conflict"]


def test_a_property_only_more_complete_is_not_taken_instead() -> None:
    guard = Guard(
        property_frame(
            [
                home(61, "FLAT 4", "OAKLEY HOUSE", "ORCHARD CLOSE", "EB4 1AA"),
                home(62, None, "OAKLEY 4 HOUSE", "THAMES ROAD", "EB4 1AB"),
            ]
        )
    )
    # the building's name holds every word of the record; the flat lacks "Flat"
    assert guard.check("4, OAKLEY HOUSE", None, 61) == "beaten"
    assert guard.judge("4, OAKLEY HOUSE", None, 61) == ("beaten", None)
