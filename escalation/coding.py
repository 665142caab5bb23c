"""Coding events onto an escalation ladder.

:func:`code_events` adds ``rung``, ``level``, ``is_kinetic`` and ``rung_source`` to an
event table.  Precedence, highest first:

1. umbrella rows (``is_umbrella``) -> ``aggregate`` (never counted);
   rows an importer set aside (a non-empty ``scope_reason``, e.g. "non-state actor")
   -> ``out_of_scope``, kept as decided: coding a reader's output again gives the
   reader's rungs;
2. a curated ``rung_override`` (a rung key; on another ladder, translated through its
   ``kinds`` and ``text`` tables);
3. the ladder's ``kinds`` table for specific kinds (``shelling`` -> ``cross_border_attack``);
4. derivation for generic kinds: ``@depth`` places air, drone and missile strikes on the
   capital, interior or border rung from the capitals and border-areas tables;
   ``@text`` places statements from their quote (or summary) as ``open_war``,
   ``coercion``, ``rhetoric`` or ``talks``;
5. anything else -> ``uncoded``.  No row is ever dropped.

Everything is vectorised: rules that read text run once per distinct kind, place or
statement (:mod:`escalation._distinct`) and rungs are carried as integer codes, so coding
ten million events costs little more than reading them; there is no per-row Python.
"""

from __future__ import annotations

import csv
import html
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import numpy as np
import pandas as pd

from ._distinct import broadcast, by_distinct, constant, factorize_rows, small_int
from .errors import DataValidationError
from .geo.boundaries import load_boundaries
from .geo.capitals import capital_admin1, capital_pattern
from .geo.gazetteer import lookup as gazetteer_lookup
from .geo.gazetteer import split_places
from .geo.names import any_of, keys
from .geo.names import key as names_key
from .geo._memo import PLACEMENT_CODES
from .geo.placement import DEFAULT_BORDER_KM, _point_codes, are_neighbours, place_points
from .scale import (
    AGGREGATE,
    DERIVE_DEPTH,
    DERIVE_TEXT,
    OUT_OF_SCOPE,
    RESERVED,
    UNCODED,
    EscalationScale,
)

# -- statements: the text rules -------------------------------------------------------
_FLAGS = re.IGNORECASE
#: A condition or hedge turns a war declaration into a threat.
CONDITIONAL = r"\b(?:if|unless|should\s+they|otherwise|or\s+else|in\s+case|would|could)\b"
NEGATED_WAR = (r"\b(?:not|no|never|don'?t|do\s+not|does\s+not|doesn'?t)\s+(?:\w+\s+){0,3}?"
               r"(?:an?\s+)?(?:open\s+)?war\b")
#: Unconditional declarations: "now it is open war", "we declare war", "a state of war".
OPEN_WAR = (r"\bopen\s+war\b|\bstate\s+of\s+war\b|\bwe\s+(?:hereby\s+)?declare\s+(?:an?\s+)?war\b"
            r"|\b(?:it\s+is|it'?s|this\s+is|now\s+it\s+is)\s+(?:an?\s+)?(?:all-out\s+)?war\b")
#: Someone else's declaration reported as an accusation ("they have declared war").
REPORTED_DECLARATION = r"\b(?:they|it|pakistan|afghanistan|kabul|islamabad|india)\s+(?:has|have|had)\s+declared\b"
THREAT = (
    r"\b(?:will|shall|would)\s+(?:\w+\s+){0,2}?(?:respond|retaliate|strike|hit|reach|be\s+met|pay|"
    r"avenge|crush|teach|destroy|punish|act)\b"
    r"|\b(?:won'?t|will\s+not|would\s+not)\s+hesitate\b|\bwarn(?:s|ed|ing)?\b|\bconsequences\b"
    r"|\bpatience\s+(?:has\s+)?(?:run|runs|ran)\s+out\b|\benough\s+is\s+enough\b"
    r"|\b(?:strong|befitting|appropriate|calculated|effective|decisive|full)\s+(?:and\s+\w+\s+)?response\b"
    r"|\bhands\s+can\s+reach\b|\bonly\s+war\b|\bretaliat\w*|\brevenge\b|\bultimatum\b"
    r"|\bgive\s+(?:a\s+)?(?:befitting\s+)?reply\b|\bwar\s+(?:will|would)\b"
)
TALKS = (
    r"\bdialogue\b|\btalks\b|\bnegotiat\w*|\bpeace(?:ful(?:ly)?)?\b|\bceasefire\b|\btruce\b"
    r"|\bde-?escalat\w*|\brestraint\b|\bdiplomac\w*|\bdiplomatic(?:ally)?\b|\bmediat\w*"
    r"|\bresolve\b|\bcalm\b|\bgood\s+neighbou?rly\b"
    r"|\b(?:do\s+not|don'?t|does\s+not|doesn'?t|never)\s+(?:want|seek|desire)\s+(?:an?\s+)?war\b"
    r"|\bno\s+(?:desire|intention|interest)\s+(?:for|of|in)\s+(?:an?\s+)?war\b"
)
DEMAND = r"\bmust\b|\bverifiable\b|\bdemand\w*|\bunless\b|\bif\b"


def classify_statements(text: pd.Series) -> pd.Series:
    """Place statements on ``open_war``, ``coercion``, ``rhetoric`` or ``talks``.

    Rules, in order: an unconditional, un-negated declaration of war or "open war" is
    ``open_war``; a threat, or a war mention under a condition ("if talks fail, only
    war will happen"), is ``coercion``; a de-escalating statement ("resolve this through
    dialogue", "we do not want war") without conditions or demands is ``talks``; every
    other statement (accusations, denials, "a blatant act of war") is ``rhetoric``.
    The patterns are this module's ``OPEN_WAR``, ``THREAT``, ``TALKS``, ``CONDITIONAL``,
    ``NEGATED_WAR``, ``REPORTED_DECLARATION`` and ``DEMAND``.

    Parameters
    ----------
    text : Series of str
        The statements (a quote, or a summary of what was said); missing counts as empty.

    Returns
    -------
    Series of str
        One category per statement, same index.  A ladder's ``[text]`` table maps the
        categories to its rungs (:attr:`EscalationScale.text`).

    Examples
    --------
    >>> import pandas as pd
    >>> classify_statements(pd.Series(["Now it is open war between us",
    ...                                "If talks fail, only war will happen"])).tolist()
    ['open_war', 'coercion']
    """
    t = text.fillna("").astype("str")
    conditional = t.str.contains(CONDITIONAL, flags=_FLAGS, regex=True)
    negated = t.str.contains(NEGATED_WAR, flags=_FLAGS, regex=True)
    declared = (t.str.contains(OPEN_WAR, flags=_FLAGS, regex=True)
                & ~t.str.contains(REPORTED_DECLARATION, flags=_FLAGS, regex=True))
    war_word = t.str.contains(r"\bwar\b", flags=_FLAGS, regex=True)
    threat = t.str.contains(THREAT, flags=_FLAGS, regex=True)
    talks = t.str.contains(TALKS, flags=_FLAGS, regex=True)
    demand = t.str.contains(DEMAND, flags=_FLAGS, regex=True)
    out = np.select(
        [declared & ~conditional & ~negated,
         threat | (war_word & conditional & ~negated),
         talks & ~demand],
        ["open_war", "coercion", "talks"],
        default="rhetoric",
    )
    return pd.Series(out, index=text.index, dtype="str")


# -- strikes: placement by depth ------------------------------------------------------
#: How a strike's depth was decided (``depth_source``), in a fixed category order.
DEPTH_SOURCES = ("override", "table", "coordinates", "gazetteer", "unplaced")
#: ``geo_precision`` values whose point may decide depth.  An empty precision beside a
#: point is taken as the site itself (a town): give ``district`` or ``province`` for a
#: centroid, which never decides.
PRECISE = frozenset({"exact", "town", ""})


@lru_cache(maxsize=1)
def _tables() -> pd.DataFrame:
    base = resources.files("escalation").joinpath("tables")
    return pd.DataFrame(list(csv.DictReader(base.joinpath("border_areas.csv")
                                            .read_text("utf-8").splitlines())))


def place_strikes(events: pd.DataFrame, *, boundaries=None,
                  border_km: float = DEFAULT_BORDER_KM) -> pd.DataFrame:
    """Place strikes as ``capital``, ``interior`` or ``border`` of the target, or flag them.

    :func:`code_events` calls this for every row whose kind maps to ``@depth``; call it
    yourself to see where strikes would go before coding.

    Evidence is read in this order, and the first that places a strike decides it:

    1. ``table``: a capital of the territory (``country_where``, else ``target_state``)
       named in ``location`` or ``admin1`` (every UN member's and observer's capital, with
       alternate and former spellings: ``escalation/geo/capitals.csv``), or a place listed
       for the pair in ``escalation/tables/border_areas.csv``; when several are named the
       deepest wins (capital, then interior, then border);
    2. ``coordinates``: a point of ``exact`` or ``town`` precision (or no stated precision)
       placed by :func:`escalation.geo.place_points`: outside the target state -> unplaced;
       within a capital's radius -> capital; within ``border_km`` of the acting state's
       territory -> border; else interior;
    3. ``gazetteer``: every place named in ``location`` found, unambiguously, among the
       target state's GeoNames places, then placed as a point (the deepest wins); a
       part equal to ``admin1`` names the province, not a town, and is not looked up;
    4. ``table`` again, for province-level evidence: a border province (``admin1``)
       listed for the pair, or the word "border" when the two states are neighbours;
    5. ``unplaced``: nothing above places it; ``depth_reason`` says why.

    Parameters
    ----------
    events : DataFrame
        Strikes in the event schema (``target_state``, ``actor_state`` or ``dyad``,
        ``location``, ``admin1``, ``country_where``, ``latitude``, ``longitude``,
        ``geo_precision``; missing columns count as empty).
    boundaries : path, Boundaries or None
        Admin-0 boundaries (GeoJSON); the shipped Natural Earth 4.1.0 units by default.
    border_km : float
        Distance from the acting state's territory within which a strike is on the border.

    Returns
    -------
    DataFrame
        ``placement`` (``capital``, ``interior``, ``border``, or ``unplaced``),
        ``depth_source`` and ``depth_reason`` (the unplaced row's reason, or the
        gazetteer entry used), one row per event, same index.

    Examples
    --------
    >>> import pandas as pd
    >>> p = place_strikes(pd.DataFrame({"target_state": ["ARM", "ARM"], "actor_state": ["AZE"] * 2,
    ...                                 "location": ["Erevan", "a field"], "admin1": ["", ""],
    ...                                 "latitude": [None, 39.95], "longitude": [None, 44.70]}))
    >>> p[["placement", "depth_source"]].values.tolist()
    [['capital', 'table'], ['border', 'coordinates']]
    """
    placed, which = _place(events, boundaries, border_km)
    return pd.DataFrame({c: broadcast(placed[c], which, events.index) for c in placed.columns},
                        index=events.index)


def _place(events: pd.DataFrame, boundaries, border_km: float) -> tuple[pd.DataFrame, np.ndarray]:
    """:func:`place_strikes` on distinct rows: their placements, and each row's position."""
    if not np.isfinite(border_km) or border_km < 0:
        raise ValueError(f"border_km must be a non-negative number of km, got {border_km!r}")
    # a user's file is read (and checked) now; the shipped units only when a point needs them
    b = None if boundaries is None else load_boundaries(boundaries)
    frame = events.reindex(columns=_PLACE_COLUMNS)
    lat = pd.to_numeric(frame["latitude"], errors="coerce").to_numpy(dtype=float)
    lon = pd.to_numeric(frame["longitude"], errors="coerce").to_numpy(dtype=float)
    has_point = np.isfinite(lat) & np.isfinite(lon)
    # names and states repeat far more than points: rules on names run per distinct
    # (names, states) row, points per distinct (row, point)
    codes, distinct = factorize_rows(frame[_NAME_COLUMNS].assign(has_point=has_point))
    placed, wants_point, target, actor = _place_distinct(distinct, b, float(border_km))
    which = codes
    if wants_point.any():
        rows = np.flatnonzero(wants_point[codes])
        # a point's placement depends only on the point and the two states: each distinct
        # (target, actor, point) is placed once and remembered (escalation.geo._memo)
        t_code, t_values = pd.factorize(pd.Series(target, dtype=object).fillna(""))
        a_code, a_values = pd.factorize(pd.Series(actor, dtype=object).fillna(""))
        g = codes[rows]
        placement, reason, reasons = _point_codes(load_boundaries(b), lon[rows], lat[rows],
                                                  t_code[g], t_values, a_code[g], a_values,
                                                  border_km)
        # rows of `placed` for each distinct (placement, reason) of the points
        outcome_of, outcomes = pd.factorize(placement.astype(np.int64) << 32 | reason)
        why = [reasons[r] for r in outcomes & 0xFFFFFFFF]
        name = np.asarray(PLACEMENT_CODES, dtype=object)[outcomes >> 32]
        on_point = pd.DataFrame({
            "placement": np.where(name == "", "unplaced", name),
            "depth_source": np.where(name == "", "unplaced", "coordinates"),
            "depth_reason": why}, dtype=object)
        which = codes.astype(np.int64)
        which[rows] = len(placed) + outcome_of
        placed = pd.concat([placed, on_point], ignore_index=True)
    return placed, which


_NAME_COLUMNS = ["country_where", "target_state", "actor_state", "dyad", "location", "admin1",
                 "geo_precision"]
_PLACE_COLUMNS = [*_NAME_COLUMNS, "latitude", "longitude"]


def _text(s: pd.Series) -> pd.Series:
    return s.astype(object).where(s.notna(), "").astype("str").str.strip()


def _place_distinct(d: pd.DataFrame, b, border_km: float):
    """Placement by names for distinct rows; and which rows a precise point decides instead."""
    n = len(d)
    target = _text(d["target_state"])
    territory = _text(d["country_where"]).where(lambda t: t != "", target)
    dyad = _text(d["dyad"])
    sides = {0: dyad.str.slice(0, 3), 1: dyad.str.slice(4)}  # validated "AAA-BBB"
    neighbour = sides[0].where(sides[0] != territory, sides[1]).where(dyad != "", "")
    actor = _text(d["actor_state"])
    actor = actor.where((actor != "") & (actor != target),
                        sides[0].where(sides[0] != target, sides[1]).where(dyad != "", ""))
    location, admin1 = _text(d["location"]), _text(d["admin1"])

    placement = np.full(n, "", dtype=object)
    source = np.full(n, "", dtype=object)
    reason = np.full(n, "", dtype=object)

    # 1. curated names: capitals and the listed places of the pair
    by_name, border_province, border_word = _named_places(territory, neighbour, location, admin1)
    placement[:], source[by_name != ""] = by_name, "table"

    # 2. precise points: placed per distinct point by the caller
    precision = _text(d["geo_precision"])
    has_point = d["has_point"].to_numpy(dtype=bool)
    precise = has_point & precision.isin(PRECISE).to_numpy()
    wants_point = (placement == "") & precise
    placement[wants_point] = "point"

    # 3. the gazetteer, within the target state
    rows = np.flatnonzero(placement == "")
    notes = {}
    if len(rows):
        points, notes = _gazetteer_points(target.to_numpy()[rows], location.to_numpy()[rows],
                                          admin1.to_numpy()[rows])
        flat = [(i, x, y, note) for i, pts in zip(rows, points) for (x, y, note) in pts]
        notes = {int(rows[j]): why for j, why in notes.items()}
        if flat:
            idx = np.array([f[0] for f in flat])
            p = place_points([f[1] for f in flat], [f[2] for f in flat], target.to_numpy()[idx],
                             actor.to_numpy()[idx], boundaries=b, border_km=border_km)
            _deepest_per_row(idx, p, [f[3] for f in flat], placement, source, reason)

    # 4. province-level table rules, 5. unplaced
    rest = placement == ""
    placement[rest & border_province] = "border"
    word = rest & ~border_province & border_word
    if word.any():
        word[word] = _neighbours(territory[word], neighbour[word], b, border_km)
        placement[word] = "border"
    source[rest & (placement == "border")] = "table"
    left = placement == ""
    placement[left], source[left] = "unplaced", "unplaced"
    for i in np.flatnonzero(left):
        why = notes.get(i) or "no place named"
        if has_point[i] and not precise[i]:
            why = f"a point of {precision.iloc[i]!r} precision does not decide depth; {why}"
        elif not has_point[i]:
            why = f"no coordinates; {why}"
        reason[i] = why
    placed = pd.DataFrame({"placement": placement, "depth_source": source, "depth_reason": reason},
                          dtype=object)
    return placed, wants_point, target.to_numpy(dtype=object), actor.to_numpy(dtype=object)


def _named_places(territory, neighbour, location, admin1):
    """Placement by curated names; and the province-level evidence kept for later."""
    n = len(territory)
    # place names repeat across territories: match each (location, admin1) once
    place_of, places = factorize_rows(pd.DataFrame({"location": location, "admin1": admin1}))
    loc_key = keys(places["location"])
    where_key = (loc_key + " | " + keys(places["admin1"])).tolist()
    loc_key = loc_key.tolist()

    def matches(pattern, texts: list[str]) -> np.ndarray:
        if pattern is None:
            return np.zeros(n, dtype=bool)
        found = np.fromiter((pattern.search(t) is not None for t in texts), dtype=bool,
                            count=len(texts))
        return found[place_of]

    is_capital = np.zeros(n, dtype=bool)
    is_interior = np.zeros(n, dtype=bool)
    is_border = np.zeros(n, dtype=bool)
    border_province = np.zeros(n, dtype=bool)
    border_word = matches(_BORDER_WORD, loc_key)
    admin1_text = places["admin1"].fillna("").astype("str").to_numpy()[place_of]
    territory_of, territories = pd.factorize(territory.to_numpy(dtype=object))
    for i, state in enumerate(territories):
        rows = territory_of == i
        is_capital |= rows & (matches(capital_pattern(state), where_key)
                              | np.isin(admin1_text, list(capital_admin1(state))))
    pair_of, pairs = factorize_rows(pd.DataFrame({"state": territory, "other": neighbour}))
    listed = _listed_places()
    for i, pair in enumerate(pairs.itertuples(index=False, name=None)):
        if pair not in listed:
            continue
        rows = pair_of == i
        interior, border, provinces = listed[pair]
        is_interior |= rows & matches(interior, loc_key)
        is_border |= rows & matches(border, loc_key)
        border_province |= rows & np.isin(admin1_text, provinces)
    placed = np.select([is_capital, is_interior, is_border], ["capital", "interior", "border"], default="")
    return placed.astype(object), border_province, border_word


_BORDER_WORD = any_of(["border"])


@lru_cache(maxsize=1)
def _listed_places() -> dict:
    """For each (state, neighbour) of ``border_areas.csv``: its interior and border place
    patterns and its border provinces."""
    out = {}
    for (state, other), group in _tables().groupby(["state", "neighbour"]):
        out[(state, other)] = (
            any_of(p for s in group.interior_places for p in s.split(";")),
            any_of(p for s in group.border_places for p in s.split(";")),
            list(group.admin1))
    return out


def _gazetteer_points(target, location, admin1):
    """For each row, the points of every place its location names, or [] and a note."""
    which, triples = factorize_rows(pd.DataFrame({"t": target, "l": location, "a": admin1}))
    points, notes = _gazetteer_distinct(triples["t"], triples["l"], triples["a"])
    return ([points[w] for w in which],
            {j: notes[w] for j, w in enumerate(which) if w in notes})


def _gazetteer_distinct(target, location, admin1):
    points, notes = [], {}
    for j, (state, loc, province) in enumerate(zip(target, location, admin1)):
        parts = [p for p in split_places(loc) if names_key(p) != names_key(province)]
        found, why = [], ""
        for part in parts:
            m = gazetteer_lookup(part, state)
            if not m.found:
                found, why = [], m.note
                break
            found.append((m.longitude, m.latitude, m.note))
        if not parts:
            why = "only the province is named" if loc else "no place named"
        points.append(found)
        if not found:
            notes[j] = why
    return points, notes


def _deepest_per_row(idx, placed: pd.DataFrame, notes, placement, source, reason) -> None:
    """Each row gets the deepest placement of its parts; any part outside -> unplaced."""
    rank = {"capital": 3, "interior": 2, "border": 1}
    best: dict[int, tuple[int, str, str]] = {}
    for i, where, why, note in zip(idx, placed["placement"], placed["reason"], notes):
        if best.get(i, (1,))[0] < 0:
            continue
        if where == "":
            best[i] = (-1, "unplaced", f"gazetteer point ({note}) {why}")
        elif rank[where] > best.get(i, (0, "", ""))[0]:
            best[i] = (rank[where], where, note)
    for i, (r, where, note) in best.items():
        placement[i] = where
        source[i] = "unplaced" if r < 0 else "gazetteer"
        reason[i] = note


def _neighbours(territory, neighbour, b, border_km) -> np.ndarray:
    b = load_boundaries(b)
    pairs = {(t, o): bool(o) and are_neighbours(o, t, b, border_km)
             for t, o in set(zip(territory, neighbour)) if t in b and o in b}
    return np.array([pairs.get((t, o), False) for t, o in zip(territory, neighbour)], dtype=bool)


# -- coding -----------------------------------------------------------------------------
def code_events(events: pd.DataFrame, scale: EscalationScale | None = None, *,
                boundaries=None, border_km: float = DEFAULT_BORDER_KM) -> pd.DataFrame:
    """Code events onto an escalation ladder.

    Parameters
    ----------
    events : DataFrame
        Events in the package schema (see :func:`escalation.load_events`).
    scale : EscalationScale, optional
        The ladder; the package's default when omitted.
    boundaries : str, Path or escalation.geo.Boundaries, optional
        Admin-0 boundaries placing strikes that carry coordinates: a GeoJSON file (see
        :func:`escalation.geo.load_boundaries`); Natural Earth 4.1.0 1:50m by default.
    border_km : float
        A strike within this many km of the acting state's territory is on the border
        (default 50).

    Returns
    -------
    DataFrame
        A copy of ``events`` with ``rung`` (categorical: the ladder's keys, then
        ``aggregate``, ``out_of_scope``, ``uncoded``), ``level`` (nullable ``Int16``),
        ``is_kinetic``, ``is_dyadic`` and ``rung_source`` (categorical: ``override``,
        ``kind``, ``depth``, ``text``, ``umbrella``, ``unknown_kind``, ``out_of_scope``).
        Strikes placed by depth (kinds mapped to ``@depth``) also get ``depth_source``
        (categorical: ``override``, ``table``, ``coordinates``, ``gazetteer``, ``unplaced``;
        missing for other rows) and ``depth_reason`` (categorical: why a strike is
        unplaced, or the gazetteer entry used).  An unplaced strike is coded on the
        ladder's lowest strike rung.  Same rows, same order.  ``coded.attrs["scale"]`` names the ladder and
        ``coded.attrs["ladder"]`` holds it as plain data (:meth:`EscalationScale.to_dict`,
        so the frame can be saved to Parquet), and series and plots find it there;
        :func:`coding_summary` counts the result.

    Raises
    ------
    DataValidationError
        A ``rung_override`` that is not on ``scale`` (nor a kind or statement category
        it maps), naming the file (``events.attrs["source"]``, set by the loaders and
        readers), the row (the reader's ``source_row``, or the loaded row) and the event.

    Examples
    --------
    >>> import escalation as esc
    >>> coded = esc.code_events(esc.load_events())
    >>> row = coded.set_index("event_id").loc["AFPK-054"]
    >>> row["rung"], int(row["level"])
    ('open_war', 9)
    """
    scale = EscalationScale.default() if scale is None else scale
    ev = events
    for col, default in (("is_umbrella", False), ("rung_override", ""), ("quote", ""),
                         ("summary", ""), ("location", ""), ("admin1", "")):
        if col not in ev.columns:
            ev = ev.assign(**{col: constant(default, ev.index)})
    if "country_where" not in ev.columns:
        ev = ev.assign(country_where=ev["target_state"])
    if "dyad" not in ev.columns:
        ev = ev.assign(dyad=by_distinct(ev[["actor_state", "target_state"]], _sorted_pair))

    # rung codes: positions in scale.rung_dtype, then two codes for "derive from ..."
    rung_names = list(scale.rung_dtype.categories)
    depth_code, text_code = len(rung_names), len(rung_names) + 1
    code_of = {name: i for i, name in enumerate(rung_names)} | {DERIVE_DEPTH: depth_code,
                                                                 DERIVE_TEXT: text_code}
    table = dict(scale.kind_map)
    mapped = by_distinct(ev[["kind"]], lambda d: d["kind"].map(table).fillna(UNCODED))
    codes = _codes(mapped, code_of)
    source = np.where(codes == code_of[UNCODED], np.int8(_SOURCE["unknown_kind"]),
                      np.int8(_SOURCE["kind"]))
    # an importer's scope decision stands: those rows are never derived again
    scoped = _set_aside(ev)
    codes[scoped] = code_of[OUT_OF_SCOPE]
    source[scoped] = _SOURCE["out_of_scope"]

    depth_rows = codes == depth_code
    depth_source = np.full(len(ev), -1, dtype=np.int8)
    # reasons repeat: a categorical of the distinct reasons, -1 where there is none
    depth_reason, reasons = np.full(len(ev), -1, dtype=np.int8), []
    if depth_rows.any():
        placed, which = _place(_rows(ev, _PLACE_COLUMNS, depth_rows), boundaries, border_km)
        codes[depth_rows] = _codes(placed["placement"].map(_depth_rungs(scale)), code_of)[which]
        source[depth_rows] = _SOURCE["depth"]
        depth_source[depth_rows] = _codes_of(placed["depth_source"], DEPTH_SOURCES)[which]
        why = placed["depth_reason"].to_numpy(dtype=object)
        reason_of, reasons = pd.factorize(np.where(why == "", None, why), use_na_sentinel=True)
        depth_reason = depth_reason.astype(small_int(len(reasons)), copy=False)
        depth_reason[depth_rows] = reason_of[which]
    text_rows = codes == text_code
    if text_rows.any():
        said = by_distinct(_rows(ev, ["quote", "summary"], text_rows), _statement_text)
        placed = by_distinct(said.to_frame("said"), lambda d: classify_statements(d["said"]))
        codes[text_rows] = _codes(placed.map(dict(scale.text)), code_of)
        source[text_rows] = _SOURCE["text"]

    override = by_distinct(ev[["rung_override"]],
                           lambda d: d["rung_override"].fillna("").astype("str").str.strip())
    has_override = (override != "").to_numpy() & ~scoped
    if has_override.any():
        translated = _translate_overrides(override, has_override, scale, ev)
        codes[has_override] = _codes(translated, code_of)
        source[has_override] = _SOURCE["override"]
        curated_strike = has_override & depth_rows
        depth_source[curated_strike] = DEPTH_SOURCES.index("override")
        depth_reason[curated_strike] = -1

    umbrella = ev["is_umbrella"]
    umbrella = (umbrella.to_numpy() if umbrella.dtype == bool
                else umbrella.astype("boolean").fillna(False).to_numpy(dtype=bool))
    codes[umbrella] = code_of[AGGREGATE]
    source[umbrella] = _SOURCE["umbrella"]

    reserved = len(RESERVED)
    levels = np.array([r.level for r in scale.rungs] + [0] * reserved, dtype=np.int16)
    unlevelled = np.array([False] * len(scale.rungs) + [True] * reserved)
    kinetic = np.array([r.is_kinetic for r in scale.rungs] + [False] * reserved)
    dyadic = np.array([r.is_dyadic for r in scale.rungs] + [False] * reserved)
    out = ev.copy(deep=False)  # copy-on-write: the caller's frame is never modified
    out["rung"] = pd.Categorical.from_codes(codes, dtype=scale.rung_dtype)
    out["level"] = pd.arrays.IntegerArray(levels[codes], unlevelled[codes])
    out["is_kinetic"] = kinetic[codes]
    out["is_dyadic"] = dyadic[codes]
    out["rung_source"] = pd.Categorical.from_codes(source, categories=list(_SOURCE))
    out["depth_source"] = pd.Categorical.from_codes(depth_source, categories=list(DEPTH_SOURCES))
    out["depth_reason"] = pd.Categorical.from_codes(
        depth_reason, dtype=pd.CategoricalDtype(pd.Index(reasons, dtype="str")))
    out.attrs["scale"] = scale.name
    out.attrs["ladder"] = scale.to_dict()
    return out


#: How a row got its rung (``rung_source``), in a fixed category order.
_SOURCE = {name: i for i, name in enumerate(
    ("override", "kind", "depth", "text", "umbrella", "unknown_kind", "out_of_scope"))}


def _set_aside(ev: pd.DataFrame) -> np.ndarray:
    """Rows an importer put out of scope: a non-empty ``scope_reason``."""
    if "scope_reason" not in ev.columns:
        return np.zeros(len(ev), dtype=bool)
    reason = by_distinct(ev[["scope_reason"]],
                         lambda d: d["scope_reason"].fillna("").astype("str").str.strip() != "")
    return np.asarray(reason, dtype=bool)


def _where_rows(ev: pd.DataFrame, mask: np.ndarray) -> tuple[str, list[int], list[str]]:
    """The file, the rows in it and the event ids of some rows, for an error message.

    Rows are the reader's ``source_row``; else, for a frame a loader made
    (``attrs["source"]``), the loaded row (its index label + 1); else the position + 1.
    """
    source = str(ev.attrs.get("source", "<events>"))
    if "source_row" in ev.columns:
        rows = ev["source_row"].to_numpy()[mask]
    elif "source" in ev.attrs and pd.api.types.is_integer_dtype(ev.index.dtype):
        rows = ev.index.to_numpy()[mask] + 1
    else:
        rows = np.flatnonzero(mask) + 1
    ids = ev["event_id"].astype("str").to_numpy()[mask] if "event_id" in ev.columns else []
    return source, [int(r) for r in rows], list(ids)


def _depth_rungs(scale: EscalationScale) -> dict[str, str]:
    """The ladder's depth table, with ``unplaced`` on its lowest strike rung."""
    depth = dict(scale.depth)
    levels = {r.key: r.level for r in scale.rungs}
    depth["unplaced"] = min(depth.values(), key=lambda k: (levels.get(k, 0), k))
    return depth


def _codes_of(values: pd.Series, categories: tuple[str, ...]) -> np.ndarray:
    """Positions of a (categorical) Series' values in ``categories``."""
    cat = values.astype("category").cat
    lookup = np.array([categories.index(c) if c in categories else -1 for c in cat.categories] + [-1],
                      dtype=np.int8)
    return lookup[cat.codes.to_numpy()]


def _codes(values: pd.Series, code_of: dict[str, int]) -> np.ndarray:
    """Integer rung codes for a (categorical) Series of rung names, looked up per category."""
    cat = values.astype("category").cat
    lookup = np.array([code_of[name] for name in cat.categories] + [code_of[UNCODED]],
                      dtype=small_int(max(code_of.values())))
    return lookup[cat.codes.to_numpy()]


def _rows(frame: pd.DataFrame, columns: list[str], mask: np.ndarray) -> pd.DataFrame:
    """Some rows of some columns, column by column (no consolidation of the whole frame)."""
    at = np.flatnonzero(mask)
    return pd.DataFrame({c: frame[c].take(at) for c in columns if c in frame})


def _sorted_pair(d: pd.DataFrame) -> pd.Series:
    a = d["actor_state"].fillna(d["target_state"]).astype("str")
    b = d["target_state"].astype("str")
    return a.where(a <= b, b) + "-" + b.where(a <= b, a)


def _statement_text(d: pd.DataFrame) -> pd.Series:
    """The quote, or the summary when there is no quote."""
    quote = d["quote"].fillna("").astype("str")
    return quote.where(quote.str.strip() != "", d["summary"].fillna("").astype("str"))


def _translate_overrides(override: pd.Series, rows: np.ndarray, scale: EscalationScale,
                         ev: pd.DataFrame) -> pd.Series:
    """An override is a rung key; on other ladders it reads as a statement category or kind."""
    table = {**dict(scale.kind_map), **dict(scale.text)}
    table = {k: v for k, v in table.items() if v in scale} | {k: k for k in scale.keys}
    out = override[rows].map(table)
    bad = np.zeros(len(override), dtype=bool)
    bad[rows] = out.isna().to_numpy()
    if bad.any():
        source, where, ids = _where_rows(ev, bad)
        events = f" (event{'s' if len(ids) > 1 else ''} {', '.join(ids[:10])})" if ids else ""
        raise DataValidationError(
            source, "rung_override", where,
            f"neither a rung of ladder '{scale.name}' nor a kind or statement category it "
            f"maps{events}", dict(zip(where, override[bad].astype("str"))),
        )
    return out


# -- the summary -----------------------------------------------------------------------
@dataclass(frozen=True)
class CodingSummary:
    """What happened to every input row: ``rows_in == coded + aggregate + out_of_scope + uncoded``.

    Made by :func:`coding_summary`.  ``print(summary)`` gives the counts and, when there
    are any, the uncoded kinds, how strike depths were decided and why strikes were
    unplaced; in Jupyter it displays as HTML tables.

    Attributes
    ----------
    scale : str
        The ladder's name.
    rows_in : int
        Rows of the coded table.
    coded, aggregate, out_of_scope, uncoded : int
        Rows on a rung of the ladder; umbrella rows (period totals claims attach to);
        rows set aside (an importer's ``scope_reason``, or a kind mapped to
        ``out_of_scope``); rows whose kind the ladder does not know.
    by_rung : dict of str to int
        Coded rows per rung.
    by_source : dict of str to int
        Rows per ``rung_source`` (``override``, ``kind``, ``depth``, ``text``, ...).
    uncoded_by_kind : dict of str to int
        Uncoded rows per kind: what to add to the ladder's ``[kinds]``.
    by_depth_source : dict of str to int
        Strikes by how their depth was decided (``depth_source``).
    unplaced_reasons : dict of str to int
        Unplaced strikes (coded on the lowest strike rung) by reason.

    Examples
    --------
    >>> import escalation as esc
    >>> s = esc.coding_summary(esc.code_events(esc.load_events()))
    >>> s.adds_up, s.rows_in == s.coded + s.aggregate + s.out_of_scope + s.uncoded
    (True, True)
    >>> print(str(s).splitlines()[0])
    Coding on ladder 'default': 106 rows in = 102 coded + 4 aggregate + 0 out of scope + 0 uncoded
    """

    scale: str
    rows_in: int
    coded: int
    aggregate: int
    out_of_scope: int
    uncoded: int
    by_rung: dict[str, int] = field(default_factory=dict)
    by_source: dict[str, int] = field(default_factory=dict)
    uncoded_by_kind: dict[str, int] = field(default_factory=dict)
    by_depth_source: dict[str, int] = field(default_factory=dict)
    unplaced_reasons: dict[str, int] = field(default_factory=dict)

    @property
    def adds_up(self) -> bool:
        """True when every row is accounted for (it always should be: a check, not a hope)."""
        return self.rows_in == self.coded + self.aggregate + self.out_of_scope + self.uncoded

    def to_frame(self) -> pd.DataFrame:
        """One row per status with its count.

        Returns
        -------
        DataFrame
            ``status`` (``coded``, ``aggregate``, ``out_of_scope``, ``uncoded``,
            ``rows_in``) and ``n``.

        Examples
        --------
        >>> import escalation as esc
        >>> esc.coding_summary(esc.code_events(esc.load_events())).to_frame().values.tolist()
        [['coded', 102], ['aggregate', 4], ['out_of_scope', 0], ['uncoded', 0], ['rows_in', 106]]
        """
        return pd.DataFrame({
            "status": ["coded", "aggregate", "out_of_scope", "uncoded", "rows_in"],
            "n": [self.coded, self.aggregate, self.out_of_scope, self.uncoded, self.rows_in],
        })

    def __str__(self) -> str:
        lines = [f"Coding on ladder '{self.scale}': {self.rows_in} rows in = {self.coded} coded "
                 f"+ {self.aggregate} aggregate + {self.out_of_scope} out of scope "
                 f"+ {self.uncoded} uncoded"]
        if self.uncoded_by_kind:
            lines.append("uncoded by kind: " + ", ".join(
                f"{k or '(empty)'}: {n}" for k, n in self.uncoded_by_kind.items()))
        if self.by_depth_source:
            lines.append("strike depth from: " + ", ".join(
                f"{k}: {n}" for k, n in self.by_depth_source.items()))
        if self.unplaced_reasons:
            top = sorted(self.unplaced_reasons.items(), key=lambda kv: (-kv[1], kv[0]))
            more = f"; and {len(top) - 5} other reasons" if len(top) > 5 else ""
            lines.append(f"unplaced strikes (on the lowest strike rung): {sum(self.unplaced_reasons.values())}: "
                         + "; ".join(f"{k}: {n}" for k, n in top[:5]) + more)
        return "\n".join(lines)

    __repr__ = __str__

    def _repr_html_(self) -> str:
        rows = "".join(f"<tr><td>{html.escape(str(k))}</td><td>{v}</td></tr>"
                       for k, v in self.by_rung.items())
        unc = "".join(f"<tr><td>{html.escape(str(k) or '(empty)')}</td><td>{v}</td></tr>"
                      for k, v in self.uncoded_by_kind.items())
        unplaced = "".join(f"<tr><td>{html.escape(str(k))}</td><td>{v}</td></tr>"
                           for k, v in sorted(self.unplaced_reasons.items(),
                                              key=lambda kv: (-kv[1], kv[0]))[:20])
        depth = ", ".join(f"{html.escape(k)}: {v}" for k, v in self.by_depth_source.items())
        return (f"<p><b>Coding on ladder {html.escape(self.scale)}</b>: {self.rows_in} rows in = "
                f"{self.coded} coded + {self.aggregate} aggregate + {self.out_of_scope} out of "
                f"scope + {self.uncoded} uncoded</p><table><tr><th>rung</th><th>n</th></tr>"
                f"{rows}</table>"
                + (f"<table><tr><th>uncoded kind</th><th>n</th></tr>{unc}</table>" if unc else "")
                + (f"<p>Strike depth from: {depth}</p>" if depth else "")
                + (f"<table><tr><th>unplaced strike: reason</th><th>n</th></tr>{unplaced}</table>"
                   if unplaced else ""))


def coding_summary(coded: pd.DataFrame) -> CodingSummary:
    """Count a coded table by status, rung, derivation and uncoded kind.

    Parameters
    ----------
    coded : DataFrame
        The output of :func:`code_events` (any table with its ``rung`` and
        ``rung_source`` columns).

    Returns
    -------
    CodingSummary
        The counts; ``summary.adds_up`` checks that every row is accounted for.

    Examples
    --------
    >>> import escalation as esc
    >>> s = esc.coding_summary(esc.code_events(esc.load_events()))
    >>> s.adds_up, s.uncoded
    (True, 0)
    """
    rung = coded["rung"].astype("str")
    status = np.select([rung == AGGREGATE, rung == OUT_OF_SCOPE, rung == UNCODED],
                       [AGGREGATE, OUT_OF_SCOPE, UNCODED], default="coded")
    counts = pd.Series(status).value_counts()
    uncoded_kinds = coded.loc[rung == UNCODED, "kind"].fillna("").astype("str").value_counts()
    by_rung = rung[~pd.Series(status, index=coded.index).isin([AGGREGATE, OUT_OF_SCOPE, UNCODED])]
    return CodingSummary(
        scale=str(coded.attrs.get("scale", "")),
        rows_in=len(coded),
        coded=int(counts.get("coded", 0)),
        aggregate=int(counts.get(AGGREGATE, 0)),
        out_of_scope=int(counts.get(OUT_OF_SCOPE, 0)),
        uncoded=int(counts.get(UNCODED, 0)),
        by_rung={k: int(v) for k, v in by_rung.value_counts().sort_index().items()},
        by_source={str(k): int(v) for k, v in coded["rung_source"].astype("str").value_counts()
                   .sort_index().items()},
        uncoded_by_kind={k: int(v) for k, v in uncoded_kinds.sort_index().items()},
        **_depth_counts(coded),
    )


def _depth_counts(coded: pd.DataFrame) -> dict:
    if "depth_source" not in coded:
        return {}
    depth = coded["depth_source"].astype("str")[coded["depth_source"].notna()]
    unplaced = depth[depth == "unplaced"].index
    reasons = coded.loc[unplaced, "depth_reason"].astype("str").fillna("").value_counts() \
        if "depth_reason" in coded else pd.Series(dtype="int64")
    return {"by_depth_source": {k: int(v) for k, v in depth.value_counts().sort_index().items()},
            "unplaced_reasons": {k: int(v) for k, v in reasons.sort_index().items()}}


#: Curated strike kinds and the generic kind the rules start from.
_STRIKE_KINDS = {"airstrike_border": "airstrike", "airstrike_interior": "airstrike",
                 "airstrike_capital": "airstrike"}


def rule_agreement(events: pd.DataFrame, scale: EscalationScale | None = None) -> pd.DataFrame:
    """How far the derivation rules reproduce the curated coding.

    Codes ``events`` as curated, and a copy with every ``rung_override`` removed and
    every curated strike kind reset to the generic ``airstrike``, so that the depth and
    statement rules do the work.  Returns one row per event whose rung the rules
    derive (statements and strikes), with ``curated``, ``derived``, ``depth_source`` (for
    strikes: how the rules placed it; ``unplaced`` ones sit on the lowest strike rung) and
    ``agree``.

    Parameters
    ----------
    events : DataFrame
        Validated events with curated codes (``rung_override``, curated strike kinds),
        such as the bundled ones.
    scale : EscalationScale, optional
        The ladder; the default one when omitted.

    Returns
    -------
    DataFrame
        ``event_id``, ``kind``, ``text`` (the quote, or the location for strikes),
        ``curated`` and ``derived`` rung keys, ``depth_source`` and ``agree`` (bool).

    Examples
    --------
    >>> import escalation as esc
    >>> table = esc.rule_agreement(esc.load_events())
    >>> bool(table["agree"].mean() > 0.7)
    True
    """
    curated = code_events(events, scale)
    stripped = events.assign(
        rung_override="",
        kind=events["kind"].replace(_STRIKE_KINDS),
    )
    derived = code_events(stripped, scale)
    rows = derived["rung_source"].isin(["depth", "text"])
    out = pd.DataFrame({
        "event_id": events.loc[rows, "event_id"],
        "kind": events.loc[rows, "kind"],
        "text": events.loc[rows, "quote"].where(
            events.loc[rows, "quote"].fillna("") != "", events.loc[rows, "location"]),
        "curated": curated.loc[rows, "rung"].astype("str"),
        "derived": derived.loc[rows, "rung"].astype("str"),
        "depth_source": derived.loc[rows, "depth_source"],
    })
    out["agree"] = out["curated"] == out["derived"]
    return out.reset_index(drop=True)
