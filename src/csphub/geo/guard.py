"""The second opinion on an address match: does another property of the gazetteer explain the
recorded address as well as the one the matcher proposed?

A fuzzy matcher always has a best candidate; the hub takes it only when nothing else fits the
record as well. "Flat 4, School Crescent" where the street has both a house at 4 and a block
with a flat 4, or "Pembroke House, Hampden Street" where Pembroke House is a block of flats, has
no single right property: the record is then placed by its postcode instead. A wrong property
is worse than a postcode centroid.

Only the record, its postcode and the gazetteer are used. A record word *supports* a property
when the property has it, has it as adjacent words run together, or, for words of four or more
letters, has it within one edit; numbers and flat letters must agree exactly. The postcode, its
sector and its district are three more words. A property is *complete* for a record when the
record carries all of the property's numbers, flat letters and unit word, and a word of its
name when it has one.

Verdicts: ``ok``; ``beaten`` (another property fits better); ``tie`` (another fits as well, or
one that lacks a number or name the record has explains its street or postcode instead);
``unexplained-detail`` (the record has a number, flat letter or unit word that another property
explains and the proposed one does not); ``postcode-conflict`` (the proposal lies outside the
recorded postcode, which holds a property with the record's numbers, or inside it while a
property outside it has all the record's details and more of its words: the street or the
postcode is wrong, with no way to tell which); ``unknown`` (not a property of the gazetteer).
A beaten proposal gives way to what beat it (:meth:`Guard.judge`).

A letter written before a number ("Flat A11") is *soft*: it counts for a property that has it
but rules out none that lacks it. "The Flat" is a name, not a flat's number.

**The record's own coordinates.** Many partners' systems place a record at the point their own
gazetteer gives the property, so supplied coordinates that fall on a property's point (within
:data:`AT_POINT_M`) are one more piece of evidence, like the postcode: :meth:`Guard.settle` takes
a property at the point when the record's words name it (every number, flat letter and unit word
of the record is the property's, and at least one number or a word of its street or name is
there) and no other property at the point fits as well. That settles a dropped house number or
building name, a replaced street or a mis-keyed postcode. Flats of one building share its point,
so a dropped flat number stays unsettled. Coordinates near but not on a property (a map pin, a
street's point) settle nothing.

**The record's other places.** A record may carry two addresses of one property, typed apart:
an ambulance call's scene is most often the patient's home. When one of them fits several
properties ("1 Park Lane" for the flats over the shop at 1) and the other was matched to one of
those, :meth:`Guard.settle_by` takes that one, on the same terms as the point, save that the
street alone names nothing.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import polars as pl

AT_POINT_M = 1.0  # supplied coordinates this close to a property's point are taken as its own
_AREAS = ("postcode", "sector", "district")  # what a recorded postcode says, see _areas
_AREA_KEYS = frozenset((kind,) for kind in _AREAS)  # their keys among a record's evidence

_SHORT = {
    "ROAD": "RD",
    "STREET": "ST",
    "AVENUE": "AVE",
    "LANE": "LN",
    "DRIVE": "DR",
    "CLOSE": "CL",
    "CRESCENT": "CRES",
    "GARDENS": "GDNS",
    "GROVE": "GR",
    "TERRACE": "TCE",
    "PLACE": "PL",
    "COURT": "CT",
    "SQUARE": "SQ",
    "MOUNT": "MT",
    "HOUSE": "HSE",
    "COTTAGES": "COTTS",
    "COTTAGE": "COTT",
    "FARM": "FM",
    "BUILDINGS": "BLDGS",
    "SAINT": "ST",
    "APARTMENTS": "APTS",
    "NORTH": "N",
    "SOUTH": "S",
    "EAST": "E",
    "WEST": "W",
    "SCHOOL": "SCH",
    "CHURCH": "CH",
    "GREEN": "GRN",
    "PARK": "PK",
    "BRIDGE": "BR",
    "HALL": "HL",
}
# Words for "a part of a building": all stand for one token.
_UNIT_WORDS = frozenset(
    {"FLAT", "FLATS", "APARTMENT", "APARTMENTS", "APT", "APTS", "UNIT", "MAISONETTE", "MAIS"}
    | {"STUDIO", "SUITE"}
)
_UNIT = "<UNIT>"
# Words that say nothing about which property: floors, articles.
_IGNORED = frozenset(
    {"THE", "AT", "OF", "AND", "FLOOR", "FLR", "FL", "GROUND", "GRD", "GND", "BASEMENT", "BSMT"}
    | {"FIRST", "1ST", "SECOND", "2ND", "THIRD", "3RD", "FOURTH", "4TH", "TOP", "LOWER", "LWR"}
    | {"UPPER", "UPR"}
)
# Words of a building's name too common to name it ("… HOUSE", "… COURT").
_GENERIC = frozenset({"HSE", "CT", "COTT", "COTTS", "FM", "LODGE", "BLDGS", "MILL", "HL", "FLATS"})
# Words of a street's name that say what kind of street, not which.
_STREET_KINDS = frozenset(
    {"RD", "ST", "AVE", "LN", "DR", "CL", "CRES", "GDNS", "GR", "TCE", "PL", "CT", "SQ", "MT"}
    | {"WAY", "WALK", "ROW", "MEWS", "RISE", "VIEW", "HILL", "PARADE", "PDE", "VALE", "END"}
)
_WORD = re.compile(r"[A-Z0-9]+")
_STUCK = re.compile(r"^(\d+)([A-Z])$|^([A-Z])(\d+)$")  # 12A, B4
_SOFT = "~"  # marks a letter written before a number (B4): a block's letter, or a slip


def _words(text: str) -> list[str]:
    """The words of a text; a number stuck to a letter is split ("12A" → 12, A), and a letter
    before a number is marked soft (``~B``, see :func:`tokenise`)."""
    words: list[str] = []
    for word in _WORD.findall(text.upper().replace("'", "").replace("’", "")):
        stuck = _STUCK.match(word)
        if stuck and word not in _IGNORED:
            suffix_number, suffix, letter, number = stuck.groups()
            words.extend([suffix_number, suffix] if suffix_number else [_SOFT + letter, number])
        else:
            words.append(word)
    return words


def _discrete(token: str) -> bool:
    """Numbers and single letters, which must agree exactly (and carry their occurrence)."""
    return "#" in token


def tokens(text: str) -> set[str]:
    """Normal tokens of an address; numbers and single letters carry their occurrence, so
    "4 … 4" gives ``4#1`` and ``4#2``."""
    return tokenise(text)[0]


def tokenise(text: str) -> tuple[set[str], set[str]]:
    """The tokens of an address (:func:`tokens`), and which of them are *soft*: letters written
    before a number, as in "Flat A11" or "Flat C5". Such a letter is often a block's letter or
    a slip, not the flat's own (the gazetteer says Flat 11): it counts for a property that has
    it, but a property without it is not ruled out.

    "The Flat" is a name, as a house's "The Cottage" is, not a flat's number: it gives the word
    ``FLAT``, which no numbered flat has."""
    out: set[str] = set()
    soft: set[str] = set()
    seen: dict[str, int] = {}
    previous = ""
    for word in _words(text):
        is_soft = word.startswith(_SOFT)
        word = word.removeprefix(_SOFT)
        after_the, previous = previous == "THE", word
        if word in _UNIT_WORDS:
            out.add(word if after_the else _UNIT)
            continue
        if word in _IGNORED:
            continue
        word = _SHORT.get(word, word)
        if word.isdigit() or (len(word) == 1 and word.isalpha()):
            word = (word.lstrip("0") or "0") if word.isdigit() else word
            seen[word] = seen.get(word, 0) + 1
            word = f"{word}#{seen[word]}"
            if is_soft:
                soft.add(word)
        out.add(word)
    return out, soft


def _run_together(text: str) -> set[str]:
    """Adjacent words joined ("ROSE" "BANK" → ROSEBANK), as written and abbreviated."""
    words = [
        w
        for w in (w.removeprefix(_SOFT) for w in _words(text))
        if w not in _UNIT_WORDS and w not in _IGNORED and w.isalpha()
    ]
    out: set[str] = set()
    for size in (2, 3):
        for start in range(len(words) - size + 1):
            run = words[start : start + size]
            out.add("".join(run))
            out.add("".join(_SHORT.get(w, w) for w in run))
    return out


def _one_deleted(token: str) -> set[str]:
    return {token[:i] + token[i + 1 :] for i in range(len(token))} | {token}


def _fuzzy(token: str) -> bool:
    return len(token) >= 4 and not _discrete(token)


@dataclass(frozen=True)
class _Evidence:
    """A record as the guard sees it: its tokens, and the properties each part supports."""

    singles: set[str]
    soft: frozenset[str]  # letters written before a number (see tokenise)
    details: frozenset[str]  # its numbers, flat letters and unit word, soft letters apart
    present: set[str]  # its tokens and its adjacent words run together
    near_present: frozenset[str]  # one-letter-deleted forms of its longer words
    support: dict[object, frozenset[int]]  # token or (kind,) → the properties it supports
    postcode: str | None
    at_point: frozenset[int]

    def has(self, token: str) -> bool:
        """Whether the record carries a property's token (within one edit for long words)."""
        return token in self.present or (
            _fuzzy(token) and not self.near_present.isdisjoint(_one_deleted(token))
        )


class Guard:
    """An index of the gazetteer's words; :meth:`check` gives a verdict on one proposal."""

    def __init__(self, properties: pl.DataFrame) -> None:
        """``properties``: uprn, sao, pao, address, postcode (PROPERTY_SCHEMA)."""
        self._uprns: list[int] = properties["uprn"].to_list()
        self._position = {u: i for i, u in enumerate(self._uprns)}
        self._postcodes: list[str] = properties["postcode"].fill_null("").to_list()
        by_area: dict[str, defaultdict[str, set[int]]] = {kind: defaultdict(set) for kind in _AREAS}
        for i, postcode in enumerate(self._postcodes):
            for kind, key in _areas(postcode).items():
                by_area[kind][key].add(i)
        self._by_area = {
            kind: {key: frozenset(found) for key, found in keys.items()}
            for kind, keys in by_area.items()
        }
        self._exact: defaultdict[str, set[int]] = defaultdict(set)
        self._joined: defaultdict[str, set[int]] = defaultdict(set)
        self._near: defaultdict[str, set[int]] = defaultdict(set)
        for i, text in enumerate(properties["address"].fill_null("").to_list()):
            for token in tokens(text):
                self._exact[token].add(i)
                if _fuzzy(token):
                    for variant in _one_deleted(token):
                        self._near[variant].add(i)
            for run in _run_together(text):
                self._joined[run].add(i)
        premises = properties.select(
            pl.concat_str(["sao", "pao"], separator=" ", ignore_nulls=True).fill_null("")
        ).to_series()
        self._needs: list[frozenset[str]] = []
        self._names: list[frozenset[str]] = []
        for text in premises.to_list():
            premise = tokens(text)
            self._needs.append(frozenset(t for t in premise if _discrete(t) or t == _UNIT))
            self._names.append(
                frozenset(
                    t for t in premise if not _discrete(t) and t != _UNIT and t not in _GENERIC
                )
            )
        self._supporting: dict[str, frozenset[int]] = {}
        # For records with their own point (see settle): only ever needed for the few
        # properties at such points, so worked out on first use.
        self._streets: list[str] = (
            properties["street"].fill_null("").to_list()
            if "street" in properties.columns
            else [""] * properties.height
        )
        self._own: dict[int, frozenset[str]] = {}
        self._points = (
            (properties["easting"].to_list(), properties["northing"].to_list())
            if {"easting", "northing"} <= set(properties.columns)
            else None
        )
        self._cells: dict[tuple[int, int], list[int]] | None = None

    def _supported_by(self, token: str) -> frozenset[int]:
        found = self._supporting.get(token)
        if found is None:
            found_set = set(self._exact.get(token, ())) | self._joined.get(token, set())
            if _fuzzy(token):
                for variant in _one_deleted(token):
                    found_set |= self._near.get(variant, set())
            found = self._supporting[token] = frozenset(found_set)
        return found

    def check(self, address: str, postcode: str | None, uprn: int) -> str:
        proposed = self._position.get(uprn)
        if proposed is None:
            return "unknown"
        return self._verdict(self._evidence(address, postcode, frozenset()), proposed)

    def _evidence(self, address: str, postcode: str | None, at_point: frozenset[int]) -> _Evidence:
        """What the record says, as the properties each part of it supports; ``at_point``, the
        properties at the record's own coordinates or those its other places were matched to
        (evidence like the postcode), or none."""
        singles, soft = tokenise(address)
        splits = _run_together(address) - singles
        support: dict[object, frozenset[int]] = {t: self._supported_by(t) for t in singles}
        for run in splits:
            support[("joined", run)] = frozenset(self._exact.get(run, ()))
        for kind, key in _areas(postcode or "").items():
            found = self._by_area[kind].get(key)
            if found:
                support[(kind,)] = found
        if at_point:
            support[("point",)] = at_point
        near_present: set[str] = set()
        for token in singles:
            if _fuzzy(token):
                near_present |= _one_deleted(token)
        return _Evidence(
            singles=singles,
            soft=frozenset(soft),
            details=frozenset(t for t in singles if (_discrete(t) or t == _UNIT) and t not in soft),
            present=singles | splits,
            near_present=frozenset(near_present),
            support={key: found for key, found in support.items() if found},
            postcode=postcode,
            at_point=at_point,
        )

    def _verdict(self, evidence: _Evidence, proposed: int) -> str:
        """The verdict on the property at position ``proposed``."""
        return self._judge(evidence, proposed)[0]

    def _judge(self, evidence: _Evidence, proposed: int) -> tuple[str, list[int]]:
        """The verdict on the property at position ``proposed``, and when it is ``beaten``,
        the properties that beat it by explaining more of the record (not those that are only
        more complete)."""
        support = evidence.support
        soft = evidence.soft
        explained = {key for key, found in support.items() if proposed in found}
        hard_left = [
            found for key, found in support.items() if key not in explained and key not in soft
        ]
        soft_left = [support[key] for key in soft - explained if key in support]
        soft_had = [support[key] for key in soft & explained]
        # The properties that explain everything the proposal explains (a soft letter apart).
        rivals = self._explaining(support, explained - soft)
        rivals.discard(proposed)
        proposed_complete = self._complete(evidence, proposed)
        beaten = tie = doubt = False
        better: list[int] = []
        for rival in rivals:
            rival_complete = self._complete(evidence, rival)
            more_hard = any(rival in found for found in hard_left)
            more_soft = any(rival in found for found in soft_left)
            less_soft = any(rival not in found for found in soft_had)
            if rival_complete < proposed_complete:
                # Less complete, but it explains more of the record (its street, its
                # postcode): the record's name or its street is wrong, with no way to tell.
                doubt = doubt or more_hard
                continue
            if rival_complete > proposed_complete or more_hard or (more_soft and not less_soft):
                beaten = True
                if more_hard or more_soft:  # it explains more of the record, not only more fully
                    better.append(rival)
            elif less_soft and not more_soft:
                continue  # the same, but for the record's soft letter, which the proposal has
            else:
                tie = True
        if beaten:
            return "beaten", better
        if tie:
            return "tie", []
        unexplained = evidence.details - explained
        if unexplained and any(
            any(rival in support.get(t, ()) for t in unexplained) for rival in rivals
        ):
            return "unexplained-detail", []
        if doubt:
            return "tie", []
        if self._postcode_conflict(evidence, proposed, explained):
            return "postcode-conflict", []
        return "ok", []

    def _complete(self, evidence: _Evidence, i: int) -> bool:
        """Whether the record carries all of the property's numbers, flat letters and unit
        word, and a word of its name when it has one."""
        return all(evidence.has(t) for t in self._needs[i]) and (
            not self._names[i] or any(evidence.has(t) for t in self._names[i])
        )

    def _explaining(
        self, support: dict[object, frozenset[int]], keys: Iterable[object]
    ) -> set[int]:
        """The properties that every one of ``keys`` supports (all of them for no keys)."""
        found: set[int] | None = None
        for key in sorted(keys, key=lambda k: len(support[k])):
            found = set(support[key]) if found is None else found & support[key]
        return set(self._position.values()) if found is None else found

    def _postcode_conflict(
        self, evidence: _Evidence, proposed: int, explained: set[object]
    ) -> bool:
        """The record's postcode and its other words name different properties: the street or
        the postcode is wrong, and nothing says which.

        Either the proposal lies outside the recorded postcode, which holds a property with
        the record's numbers; or the proposal lies inside it, and a property outside it that
        the record names completely explains all else the proposal does, every number, flat
        letter and unit word of the record, and more of the record than the proposal: a
        detail, or a word of its own street or name."""
        postcode = evidence.postcode
        support = evidence.support
        numbers = [t for t in evidence.details if _discrete(t)]
        if not (postcode and numbers and postcode in self._by_area["postcode"]):
            return False
        if self._postcodes[proposed] != postcode:
            inside = set(self._by_area["postcode"][postcode])
            if evidence.at_point:  # the record's point sides with one of them
                inside &= evidence.at_point
            for token in numbers:
                inside &= support.get(token, frozenset())
            return bool(inside)
        core = explained - _AREA_KEYS - evidence.soft
        if not any(isinstance(key, str) and _discrete(key) for key in core):
            return False
        if not evidence.details <= support.keys():
            return False  # no property has that detail
        unexplained = evidence.singles - explained - evidence.soft
        others = self._explaining(support, core | evidence.details)
        others -= self._by_area["postcode"][postcode]
        for other in others:
            if not self._complete(evidence, other):
                continue
            for token in unexplained:
                if other in support.get(token, ()) and (
                    _discrete(token)
                    or token == _UNIT
                    or not self._own_words(other).isdisjoint(_variants(token))
                ):
                    return True
        return False

    def judge(self, address: str, postcode: str | None, uprn: int) -> tuple[str, int | None]:
        """:meth:`check`'s verdict and, when the proposed property is beaten, the UPRN of the
        one property that beat it by explaining more of the record and passes itself, if there
        is exactly one. One that is only more complete is not taken: "4, Oakley House" fits the
        building Oakley 4 House more completely than Flat 4 of Oakley House, but says no more
        of it."""
        proposed = self._position.get(uprn)
        if proposed is None:
            return "unknown", None
        evidence = self._evidence(address, postcode, frozenset())
        verdict, better = self._judge(evidence, proposed)
        passing = [i for i in better if self._verdict(evidence, i) == "ok"]
        return verdict, self._uprns[passing[0]] if len(passing) == 1 else None

    def same_details(self, address: str, uprn: int) -> bool:
        """Whether the record has exactly the property's numbers and flat letters, no more and
        no fewer."""
        position = self._position.get(uprn)
        if position is None:
            return False
        recorded = {t for t in tokens(address) if _discrete(t)}
        return recorded == {t for t in self._needs[position] if _discrete(t)}

    def at_point(self, easting: float, northing: float) -> frozenset[int]:
        """Positions of the properties within :data:`AT_POINT_M` of the point."""
        if self._points is None or not (math.isfinite(easting) and math.isfinite(northing)):
            return frozenset()
        if self._cells is None:
            cells: dict[tuple[int, int], list[int]] = defaultdict(list)
            for i, (e, n) in enumerate(zip(*self._points, strict=True)):
                if e is not None and n is not None:
                    cells[_cell(e, n)].append(i)
            self._cells = dict(cells)
        x, y = _cell(easting, northing)
        es, ns = self._points
        return frozenset(
            i
            for dx in (-1, 0, 1)
            for dy in (-1, 0, 1)
            for i in self._cells.get((x + dx, y + dy), ())
            if math.hypot(es[i] - easting, ns[i] - northing) <= AT_POINT_M
        )

    def settle(
        self, address: str, postcode: str | None, easting: float, northing: float
    ) -> int | None:
        """The UPRN of the one property at the record's own point that its words name, if
        there is exactly one (see the module's notes); otherwise ``None``."""
        return self._settle(address, postcode, self.at_point(easting, northing), by_street=True)

    def settle_by(self, address: str, postcode: str | None, uprns: Iterable[int]) -> int | None:
        """The UPRN of the one property among ``uprns`` (those the record's other places were
        matched to: an ambulance call's home and scene) that its words name, if there is
        exactly one; otherwise ``None``. As :meth:`settle`, except that the street alone names
        nothing: "Wesley Road" is a scene in the street, not the patient's home on it. A number
        of the property's or a word of its building's name must be in the record."""
        positions = frozenset(p for u in uprns if (p := self._position.get(u)) is not None)
        return self._settle(address, postcode, positions, by_street=False)

    def _settle(
        self, address: str, postcode: str | None, among: frozenset[int], *, by_street: bool
    ) -> int | None:
        """The UPRN of the one property at a position of ``among`` (evidence like the postcode)
        that the record's words name: every number, flat letter and unit word of the record is
        the property's, one of its numbers is there or a word of its name (or, ``by_street``,
        of its street), and with that evidence it passes the guard."""
        if not among:
            return None
        evidence = self._evidence(address, postcode, among)
        details = evidence.details
        naming = [t for t in evidence.singles if not _discrete(t) and t != _UNIT]
        own = self._own_words if by_street else self._name_words
        named = [
            i
            for i in sorted(among)
            if all(i in evidence.support.get(t, ()) for t in details)
            and (
                any(t.partition("#")[0].isdigit() for t in details)
                or any(not own(i).isdisjoint(_variants(t)) for t in naming)
            )
            and self._verdict(evidence, i) == "ok"
        ]
        return self._uprns[named[0]] if len(named) == 1 else None

    def _name_words(self, i: int) -> frozenset[str]:
        """The words of the property's name, with their one-letter-deleted forms."""
        return frozenset(v for t in self._names[i] for v in _variants(t))

    def _own_words(self, i: int) -> frozenset[str]:
        """The words of the property's street (not the kind of street) and of its name, with
        their one-letter-deleted forms."""
        found = self._own.get(i)
        if found is None:
            street = tokens(self._streets[i])
            own = {t for t in street if not _discrete(t) and t not in _STREET_KINDS}
            found = self._own[i] = frozenset(v for t in own | self._names[i] for v in _variants(t))
        return found


def _variants(token: str) -> set[str]:
    """A word and, when it may be misspelt, its one-letter-deleted forms: two words within one
    edit of each other share one."""
    return _one_deleted(token) if _fuzzy(token) else {token}


def _cell(easting: float, northing: float) -> tuple[int, int]:
    return math.floor(easting / AT_POINT_M), math.floor(northing / AT_POINT_M)


def _areas(postcode: str) -> dict[str, str]:
    """A canonical postcode's own key, its sector and its district (none for "")."""
    if not postcode or " " not in postcode:
        return {}
    return {
        "postcode": postcode,
        "sector": postcode[:-2],
        "district": postcode.split(" ")[0],
    }
