"""Coding events onto an escalation ladder.

:func:`code_events` adds ``rung``, ``level``, ``is_kinetic`` and ``rung_source`` to an
event table.  Precedence, highest first:

1. umbrella rows (``is_umbrella``) -> ``aggregate`` (never counted);
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

from ._distinct import by_distinct, constant, factorize_rows, small_int
from .errors import DataValidationError
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
@lru_cache(maxsize=1)
def _tables() -> tuple[pd.DataFrame, pd.DataFrame]:
    base = resources.files("escalation").joinpath("tables")
    read = lambda name: pd.DataFrame(list(csv.DictReader(  # noqa: E731
        base.joinpath(name).read_text("utf-8").splitlines())))
    return read("capitals.csv"), read("border_areas.csv")


def _any_word(names: list[str]) -> str | None:
    names = sorted({n.strip() for n in names if n and n.strip()}, key=len, reverse=True)
    if not names:
        return None
    return r"\b(?:" + "|".join(re.escape(n) for n in names) + r")\b"


def place_strikes(events: pd.DataFrame) -> pd.Series:
    """``capital``, ``interior`` or ``border`` for each strike, by target depth.

    The territory is ``country_where`` (else ``target_state``); the neighbour is the
    other side of the dyad.  The deepest placement any evidence supports wins: a
    capital named in ``location`` or ``admin1`` gives ``capital``; a place listed as
    interior for that territory gives ``interior``; a listed border place, a border
    province (``admin1``) or the word "border" gives ``border``; otherwise ``interior``.
    Tables: ``escalation/tables/capitals.csv`` and ``border_areas.csv``.
    """
    return by_distinct(events.reindex(columns=_PLACE_COLUMNS), _place_distinct)


_PLACE_COLUMNS = ["country_where", "target_state", "dyad", "location", "admin1"]


def _place_distinct(events: pd.DataFrame) -> pd.Series:
    capitals, borders = _tables()
    territory = events["country_where"].fillna(events["target_state"]).astype("str")
    pair_of, pairs = factorize_rows(pd.DataFrame({"territory": territory, "dyad": events["dyad"]}))
    states = pairs["dyad"].fillna("").astype("str").str.split("-", n=1, expand=True)
    if states.shape[1] < 2:
        states[1] = None
    neighbour = pd.Series(states[0].where(states[0] != pairs["territory"], states[1])
                          .to_numpy(dtype=object)[pair_of], index=events.index)
    # place names repeat across territories: match each (location, admin1) once
    place_of, places = factorize_rows(events[["location", "admin1"]])
    location = places["location"].fillna("").astype("str")
    admin1 = places["admin1"].fillna("").astype("str")
    where = location + " | " + admin1

    def matches(pattern: str | None, text: pd.Series) -> np.ndarray:
        if not pattern:
            return np.zeros(len(events), dtype=bool)
        return text.str.contains(pattern, flags=_FLAGS, regex=True).to_numpy(dtype=bool)[place_of]

    is_capital = np.zeros(len(events), dtype=bool)
    is_interior = np.zeros(len(events), dtype=bool)
    is_border = matches(r"\bborder\b", location)
    for row in capitals.itertuples():  # one pass per capital, not per event
        rows = (territory == row.iso3).to_numpy()
        if rows.any():
            pattern = _any_word(row.aliases.split(";") + [row.capital])
            is_capital |= rows & (matches(pattern, where)
                                  | (admin1 == row.admin1).to_numpy()[place_of])
    for (state, other), group in borders.groupby(["state", "neighbour"]):
        rows = ((territory == state) & (neighbour == other)).to_numpy()
        if not rows.any():
            continue
        interior = _any_word([p for s in group.interior_places for p in s.split(";")])
        border = _any_word([p for s in group.border_places for p in s.split(";")])
        is_interior |= rows & matches(interior, location)
        is_border |= rows & matches(border, location)
        is_border |= rows & admin1.isin(set(group.admin1)).to_numpy()[place_of]
    out = np.select([is_capital, is_interior, is_border], ["capital", "interior", "border"],
                    default="interior")
    return pd.Series(out, index=events.index, dtype="str")


# -- coding -----------------------------------------------------------------------------
def code_events(events: pd.DataFrame, scale: EscalationScale | None = None) -> pd.DataFrame:
    """Code events onto an escalation ladder.

    Parameters
    ----------
    events : DataFrame
        Events in the package schema (see :func:`escalation.load_events`).
    scale : EscalationScale, optional
        The ladder; the package's default when omitted.

    Returns
    -------
    DataFrame
        A copy of ``events`` with ``rung`` (categorical: the ladder's keys, then
        ``aggregate``, ``out_of_scope``, ``uncoded``), ``level`` (nullable ``Int16``),
        ``is_kinetic``, ``is_dyadic`` and ``rung_source`` (categorical: ``override``,
        ``kind``, ``depth``, ``text``, ``umbrella``, ``unknown_kind``).  Same rows, same order.
        ``coded.attrs["scale"]`` names the ladder and ``coded.attrs["ladder"]`` holds it, so
        series and plots find it; :func:`coding_summary` counts the result.

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

    depth_rows = codes == depth_code
    if depth_rows.any():
        placed = place_strikes(_rows(ev, _PLACE_COLUMNS, depth_rows))
        codes[depth_rows] = _codes(placed.map(dict(scale.depth)), code_of)
        source[depth_rows] = _SOURCE["depth"]
    text_rows = codes == text_code
    if text_rows.any():
        said = by_distinct(_rows(ev, ["quote", "summary"], text_rows), _statement_text)
        placed = by_distinct(said.to_frame("said"), lambda d: classify_statements(d["said"]))
        codes[text_rows] = _codes(placed.map(dict(scale.text)), code_of)
        source[text_rows] = _SOURCE["text"]

    override = by_distinct(ev[["rung_override"]],
                           lambda d: d["rung_override"].fillna("").astype("str").str.strip())
    has_override = (override != "").to_numpy()
    if has_override.any():
        translated = _translate_overrides(override, has_override, scale)
        codes[has_override] = _codes(translated, code_of)
        source[has_override] = _SOURCE["override"]

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
    out.attrs["scale"] = scale.name
    out.attrs["ladder"] = scale
    return out


#: How a row got its rung (``rung_source``), in a fixed category order.
_SOURCE = {name: i for i, name in enumerate(
    ("override", "kind", "depth", "text", "umbrella", "unknown_kind"))}


def _codes(values: pd.Series, code_of: dict[str, int]) -> np.ndarray:
    """Integer rung codes for a (categorical) Series of rung names, looked up per category."""
    cat = values.astype("category").cat
    lookup = np.array([code_of[name] for name in cat.categories] + [code_of[UNCODED]],
                      dtype=small_int(max(code_of.values())))
    return lookup[cat.codes.to_numpy()]


def _rows(frame: pd.DataFrame, columns: list[str], mask: np.ndarray) -> pd.DataFrame:
    """Some rows of some columns, column by column (no consolidation of the whole frame)."""
    return pd.DataFrame({c: frame[c][mask] for c in columns if c in frame})


def _sorted_pair(d: pd.DataFrame) -> pd.Series:
    a = d["actor_state"].fillna(d["target_state"]).astype("str")
    b = d["target_state"].astype("str")
    return a.where(a <= b, b) + "-" + b.where(a <= b, a)


def _statement_text(d: pd.DataFrame) -> pd.Series:
    """The quote, or the summary when there is no quote."""
    quote = d["quote"].fillna("").astype("str")
    return quote.where(quote.str.strip() != "", d["summary"].fillna("").astype("str"))


def _translate_overrides(override: pd.Series, rows: np.ndarray, scale: EscalationScale) -> pd.Series:
    """An override is a rung key; on other ladders it reads as a statement category or kind."""
    table = {**dict(scale.kind_map), **dict(scale.text)}
    table = {k: v for k, v in table.items() if v in scale} | {k: k for k in scale.keys}
    out = override[rows].map(table)
    bad = np.zeros(len(override), dtype=bool)
    bad[rows] = out.isna().to_numpy()
    if bad.any():
        raise DataValidationError(
            "<events>", "rung_override", [int(i) + 1 for i in np.flatnonzero(bad)],
            f"{override[bad].iloc[0]!r} is neither a rung of ladder '{scale.name}' nor a kind "
            "or statement category it maps",
        )
    return out


# -- the summary -----------------------------------------------------------------------
@dataclass(frozen=True)
class CodingSummary:
    """What happened to every input row; ``rows_in == coded + aggregate + out_of_scope + uncoded``."""

    scale: str
    rows_in: int
    coded: int
    aggregate: int
    out_of_scope: int
    uncoded: int
    by_rung: dict[str, int] = field(default_factory=dict)
    by_source: dict[str, int] = field(default_factory=dict)
    uncoded_by_kind: dict[str, int] = field(default_factory=dict)

    @property
    def adds_up(self) -> bool:
        return self.rows_in == self.coded + self.aggregate + self.out_of_scope + self.uncoded

    def to_frame(self) -> pd.DataFrame:
        """One row per status with its count."""
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
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        rows = "".join(f"<tr><td>{html.escape(str(k))}</td><td>{v}</td></tr>"
                       for k, v in self.by_rung.items())
        unc = "".join(f"<tr><td>{html.escape(str(k))}</td><td>{v}</td></tr>"
                      for k, v in self.uncoded_by_kind.items())
        return (f"<p><b>Coding on ladder {html.escape(self.scale)}</b>: {self.rows_in} rows in = "
                f"{self.coded} coded + {self.aggregate} aggregate + {self.out_of_scope} out of "
                f"scope + {self.uncoded} uncoded</p><table><tr><th>rung</th><th>n</th></tr>"
                f"{rows}</table>"
                + (f"<table><tr><th>uncoded kind</th><th>n</th></tr>{unc}</table>" if unc else ""))


def coding_summary(coded: pd.DataFrame) -> CodingSummary:
    """Count a coded table by status, rung, derivation and uncoded kind.

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
    )


#: Curated strike kinds and the generic kind the rules start from.
_STRIKE_KINDS = {"airstrike_border": "airstrike", "airstrike_interior": "airstrike",
                 "airstrike_capital": "airstrike"}


def rule_agreement(events: pd.DataFrame, scale: EscalationScale | None = None) -> pd.DataFrame:
    """How far the derivation rules reproduce the curated coding.

    Codes ``events`` as curated, and a copy with every ``rung_override`` removed and
    every curated strike kind reset to the generic ``airstrike``, so that the depth and
    statement rules do the work.  Returns one row per event whose rung the rules
    derive (statements and strikes), with ``curated``, ``derived`` and ``agree``.

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
    })
    out["agree"] = out["curated"] == out["derived"]
    return out.reset_index(drop=True)
