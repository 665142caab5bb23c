"""Figures (seaborn/matplotlib), one module per family, long-form data in, Axes or Figure out.

``timeline`` (events on their rungs), ``series`` (counts per direction, change points,
peak rungs), ``claims`` (each side's claims about the same losses), ``reciprocity``
(retaliation), ``map`` (events on admin-0 boundaries), ``published`` (the bundled
published series).  Every figure is a journal column wide, its colours colour-blind-safe,
its labels placed after the layout so that no two texts overlap (``_layout``), and its
words made from the data (``_labels``).  Loaded on first use of ``escalation.plots`` so
that ``import escalation`` stays light.
"""

from ._style import DIRECTION_COLORS, OKABE_ITO, SIDE_COLORS, direction_colors, style
from .claims import claims, claims_data
from .map import event_map, map_data
from .published import load_published, picss_attacks, running_claims, unama_casualties
from .reciprocity import reciprocity
from .series import series, series_data
from .timeline import ladder_timeline, timeline_data

__all__ = ["DIRECTION_COLORS", "OKABE_ITO", "SIDE_COLORS", "claims", "claims_data", "direction_colors",
           "event_map", "ladder_timeline", "load_published", "map_data", "picss_attacks", "reciprocity",
           "running_claims", "series", "series_data", "style", "timeline_data", "unama_casualties"]
