"""Points placed once, remembered: streamed batches and repeated coding meet the same sites.

Event data name a few thousand sites per state (ACLED's points are gazetteer places), so
a table of millions of strikes holds far fewer distinct (target, actor, point) triples.
:class:`PlacedPoints` keeps, for one set of boundaries and one ``border_km``, the
placement of every triple placed so far, as integer codes: a lookup is two hash passes
over the batch's distinct points and triples, and only triples never seen are placed.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from .._distinct import first_rows

#: Placement codes: position in this tuple ("" is unplaced).
PLACEMENT_CODES = ("", "capital", "border", "interior")
#: Triples remembered at most; beyond it new ones are placed afresh at every lookup.
REMEMBERED = 1 << 20


class PlacedPoints:
    """Placements of (target, actor, point) triples seen so far, for one ``border_km``.

    Kept by :func:`escalation.geo.placement._placed_points` with the boundaries; holds
    no reference to them (the boundaries stay picklable).
    """

    def __init__(self):
        self.points = pd.Index(np.array([], dtype=complex))  # every distinct point seen
        self.pairs: dict[tuple[str, str], int] = {}  # (target, actor) -> pair id
        # per remembered triple (pair id << 32 | point id): its placement (position in
        # PLACEMENT_CODES) and reason (position in reasons); replaced whole, never edited
        self.known = (pd.Index(np.array([], dtype=np.int64)), np.array([], dtype=np.int8),
                      np.array([], dtype=np.int32))
        self.reasons: list[str] = [""]
        self._reason_of = {"": 0}

    def lookup(self, lon: np.ndarray, lat: np.ndarray, target_of: np.ndarray, targets,
               actor_of: np.ndarray, actors, place: Callable) -> tuple[np.ndarray, np.ndarray]:
        """Placement and reason codes (into ``PLACEMENT_CODES`` and ``reasons``) per point.

        ``place(lon, lat, target_of, targets, actor_of, actors)`` places points never
        seen, returning two object arrays (placement, reason).
        """
        if not len(lon):
            return np.array([], dtype=np.int8), np.array([], dtype=np.int32)
        point_id = self._point_ids(lon + 1j * lat)
        pair_id = self._pair_ids(target_of, targets, actor_of, actors)
        key_of, keys = pd.factorize(pair_id << 32 | point_id)  # the distinct triples
        known, known_placement, known_reason = self.known
        at = known.get_indexer(keys)
        missing = np.flatnonzero(at < 0)
        if not len(missing):
            return known_placement[at][key_of], known_reason[at][key_of]
        rows = first_rows(key_of, len(keys))[missing]
        placed, why = place(lon[rows], lat[rows], target_of[rows], targets, actor_of[rows], actors)
        new_placement = _codes_in(placed, PLACEMENT_CODES).astype(np.int8)
        new_reason = self._reason_codes(why)
        placement = np.empty(len(keys), dtype=np.int8)
        reason = np.empty(len(keys), dtype=np.int32)
        hit = at >= 0
        placement[hit], reason[hit] = known_placement[at[hit]], known_reason[at[hit]]
        placement[missing], reason[missing] = new_placement, new_reason
        # only triples whose point has a lasting id; never more than REMEMBERED of them
        keep = (keys[missing] & 0xFFFFFFFF) < len(self.points)
        if keep.any() and len(known) + int(keep.sum()) <= REMEMBERED:
            self.known = (known.append(pd.Index(keys[missing][keep])),
                          np.concatenate([known_placement, new_placement[keep]]),
                          np.concatenate([known_reason, new_reason[keep]]))
        return placement[key_of], reason[key_of]

    def _point_ids(self, where: np.ndarray) -> np.ndarray:
        """Lasting ids for points seen before or stored now; ids past the store otherwise."""
        where_of, distinct = pd.factorize(where, use_na_sentinel=False)
        ids = self.points.get_indexer(distinct)
        new = ids < 0
        if new.any():
            ids[new] = len(self.points) + np.arange(int(new.sum()))
            if len(self.points) + int(new.sum()) <= REMEMBERED:
                self.points = self.points.append(pd.Index(distinct[new]))
        return ids.astype(np.int64)[where_of]

    def _pair_ids(self, target_of, targets, actor_of, actors) -> np.ndarray:
        width = max(len(actors), 1)
        combo_of, combos = pd.factorize(target_of.astype(np.int64) * width + actor_of)
        ids = np.array([self.pairs.setdefault((str(targets[c // width]), str(actors[c % width])),
                                              len(self.pairs)) for c in combos], dtype=np.int64)
        return ids[combo_of]

    def _reason_codes(self, why: np.ndarray) -> np.ndarray:
        why_of, distinct = pd.factorize(np.asarray(why, dtype=object), use_na_sentinel=False)
        codes = np.empty(len(distinct), dtype=np.int32)
        for i, text in enumerate(distinct):
            text = str(text)
            if text not in self._reason_of:
                self._reason_of[text] = len(self.reasons)
                self.reasons.append(text)
            codes[i] = self._reason_of[text]
        return codes[why_of]


def _codes_in(values, names: tuple[str, ...]) -> np.ndarray:
    """Positions of ``values`` in ``names`` (each value must be one of them)."""
    of, distinct = pd.factorize(np.asarray(values, dtype=object), use_na_sentinel=False)
    return np.array([names.index(v) for v in distinct], dtype=np.int64)[of]
