"""Rules every figure of the package keeps, checked on the drawn artists (not on pixels).

``problems(fig)`` draws the figure once (recording every text matplotlib actually renders,
with its box) and returns what breaks a rule, as sentences:

- **size**: a journal column wide (3.5 or 7 inches), at most 9 inches tall;
- **texts**: no two drawn texts overlap, and none runs off the figure;
- **legends**: no legend covers a data point, line vertex or bar of any axes;
- **explained**: every colour, marker, fill (filled or open) and line style drawn for data
  appears in a legend (a figure drawing one single style needs none: its axis label says
  what it is); artists whose gid starts with ``basemap`` or ``scalebar`` draw geography and
  must be grey;
- **counts**: an axis tagged ``count`` (``escalation.plots._style.integer_axis``), and any
  linear axis whose label names a count, starts at zero with whole-number ticks;
- **periods**: an artist tagged ``period:START/END`` (``#n`` may follow) is drawn over exactly that span on a
  time axis, or, on any other axis, never beside another period it overlaps;
- **colours**: data colours come from the Okabe-Ito palette, greys, or viridis, and
  categorical colours stay apart (CIELAB distance >= 15; ordered viridis steps >= 6) for
  protan, deutan and tritan vision (Machado, Oliveira & Fernandes 2009, severity 1), greys
  (guides) aside;
- **title**: with ``title=True``, the figure's title says what and when (a year).

References
----------
Okabe, M. & Ito, K. (2008), Color Universal Design; Machado, G. M., Oliveira, M. M. &
Fernandes, L. A. F. (2009), IEEE TVCG 15:1291-1298.
"""

from __future__ import annotations

import itertools
import re
from contextlib import contextmanager

import matplotlib
import numpy as np
from matplotlib.collections import Collection, PathCollection
from matplotlib.colors import to_rgba
from matplotlib.legend import Legend
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle
from matplotlib.text import Text

COLUMN_WIDTHS = (3.5, 7.0)
MAX_HEIGHT = 9.0
OKABE_ITO = ["#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#000000"]
COUNT_LABEL = re.compile(r"^(events per|militant attacks|civilians (killed|injured)|killed|injured|number of)",
                         re.IGNORECASE)
YEAR = re.compile(r"\b(19|20)\d\d\b")
EXEMPT_GIDS = ("basemap", "scalebar")


# -- drawing once, recording the texts that are rendered --------------------------------------
@contextmanager
def recording_texts():
    drawn: list[tuple[Text, object]] = []
    original = Text.draw

    def draw(self, renderer):
        original(self, renderer)
        if self.get_visible() and self.get_text().strip() and renderer is not None:
            # the text's own box (an annotation's extent would include its leader line)
            drawn.append((self, Text.get_window_extent(self, renderer)))

    Text.draw = draw
    try:
        yield drawn
    finally:
        Text.draw = original


def draw(fig):
    with recording_texts() as drawn:
        fig.canvas.draw()
    return drawn


# -- the artists that show data ------------------------------------------------------------------
def all_axes(fig):
    out = []
    for ax in fig.axes:
        out.append(ax)
        out += [c for c in getattr(ax, "child_axes", []) if c not in out]
    return out


def exempt(artist) -> bool:
    return str(artist.get_gid() or "").startswith(EXEMPT_GIDS)


def data_artists(fig):
    for ax in all_axes(fig):
        for artist in [*ax.lines, *ax.collections, *ax.patches]:
            if artist.get_visible() and not exempt(artist):
                yield ax, artist


def hexa(color) -> str | None:
    rgba = to_rgba(color)
    if rgba[3] == 0:
        return None
    return matplotlib.colors.to_hex(rgba[:3])


def is_white(c) -> bool:
    return c is None or c.lower() == "#ffffff"


def is_grey(c: str) -> bool:
    r, g, b = (int(c[i:i + 2], 16) for i in (1, 3, 5))
    return max(r, g, b) - min(r, g, b) <= 6


def marker_name(m) -> str | None:
    return None if m in (None, "None", "none", "", " ") else str(m)


def line_style(ls) -> str | None:
    return None if ls in (None, "None", "none", "", " ") else {"-": "solid", "--": "dashed", ":": "dotted",
                                                             "-.": "dashdot"}.get(ls, str(ls))


def styles_of(artist) -> dict[str, set]:
    """Colours, markers, fills, line styles and hatches an artist draws."""
    out = {"color": set(), "marker": set(), "fill": set(), "linestyle": set(), "hatch": set()}
    if isinstance(artist, Line2D):
        marker = marker_name(artist.get_marker())
        ls = line_style(artist.get_linestyle())
        color = hexa(artist.get_color())
        if marker:
            out["marker"].add(marker)
            face = artist.get_markerfacecolor()
            out["fill"].add("open" if face in ("none", "None") or is_white(hexa(face)) else "filled")
        if ls:
            out["linestyle"].add(ls)
        if color and (marker or ls):
            out["color"].add(color)
    elif isinstance(artist, Collection):
        faces = [hexa(c) for c in np.atleast_2d(artist.get_facecolors())] if len(artist.get_facecolors()) else []
        edges = [hexa(c) for c in np.atleast_2d(artist.get_edgecolors())] if len(artist.get_edgecolors()) else []
        open_ = all(is_white(f) for f in faces) if faces else True
        colors = edges if open_ else faces
        out["color"] |= {c for c in colors if c and not is_white(c)}
        if isinstance(artist, PathCollection):
            out["fill"].add("open" if open_ else "filled")
    elif isinstance(artist, Patch):
        face = hexa(artist.get_facecolor()) if artist.get_fill() else None
        out["color"] |= {c for c in [face or hexa(artist.get_edgecolor())] if c and not is_white(c)}
        if artist.get_hatch():
            out["hatch"].add(artist.get_hatch())
    return out


def legend_styles(fig) -> dict[str, set]:
    out = {"color": set(), "marker": set(), "fill": set(), "linestyle": set(), "hatch": set()}
    for legend in legends(fig):
        for handle in legend.legend_handles:
            for h in (handle if isinstance(handle, tuple) else (handle,)):
                for key, values in styles_of(h).items():
                    out[key] |= values
    return out


def legends(fig) -> list[Legend]:
    found = list(fig.legends)
    for ax in all_axes(fig):
        if ax.get_legend() is not None:
            found.append(ax.get_legend())
    return [leg for leg in found if leg.get_visible()]


# -- colour vision --------------------------------------------------------------------------------
_CVD = {
    "protan": np.array([[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216],
                        [-0.003882, -0.048116, 1.051998]]),
    "deutan": np.array([[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413],
                        [-0.011820, 0.042940, 0.968881]]),
    "tritan": np.array([[1.255528, -0.076749, -0.178779], [-0.078411, 0.930809, 0.147602],
                        [0.004733, 0.691367, 0.303900]]),
}


def _linear(c):
    c = np.asarray(c, dtype=float)
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def _lab_from_linear(lin):
    xyz = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]]) @ lin
    t = xyz / np.array([0.95047, 1.0, 1.08883])
    f = np.where(t > 216 / 24389, np.cbrt(np.clip(t, 0, None)), (24389 / 27 * t + 16) / 116)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def lab(color, vision: str | None = None):
    lin = _linear(matplotlib.colors.to_rgb(color))
    if vision:
        lin = np.clip(_CVD[vision] @ lin, 0, 1)
    return _lab_from_linear(lin)


def palette_of(color: str) -> str | None:
    if is_grey(color):
        return "grey"
    if any(np.linalg.norm(lab(color) - lab(c)) < 2 for c in OKABE_ITO):
        return "okabe_ito"
    viridis = matplotlib.colormaps["viridis"](np.linspace(0, 1, 256))[:, :3]
    if min(np.linalg.norm(lab(color) - lab(v)) for v in viridis) < 2:
        return "viridis"
    return None


# -- the rules ------------------------------------------------------------------------------------
def problems(fig, *, title: bool = True) -> list[str]:
    out = []
    w, h = fig.get_figwidth(), fig.get_figheight()
    if not any(abs(w - c) < 0.01 for c in COLUMN_WIDTHS) or h > MAX_HEIGHT + 1e-9:
        out.append(f"size {w:g} x {h:g} in: not a journal column (3.5 or 7 in wide, at most {MAX_HEIGHT} tall)")
    drawn = draw(fig)
    out += _texts(fig, drawn)
    out += _legends_cover_data(fig)
    out += _explained(fig)
    out += _counts(fig)
    out += _periods(fig)
    out += _colours(fig)
    if title:
        titles = [t.get_text() for t, _ in drawn if t is getattr(fig, "_suptitle", None)
                  or any(t is ax.title or t is ax._left_title for ax in fig.axes)]
        if not any(YEAR.search(t) for t in titles):
            out.append(f"no title says when (a year): {titles}")
    return out


def _texts(fig, drawn) -> list[str]:
    out = []
    frame = fig.bbox
    boxes = [(t, b) for t, b in drawn if b.width > 0 and b.height > 0]
    for t, b in boxes:
        if b.x0 < frame.x0 - 1 or b.x1 > frame.x1 + 1 or b.y0 < frame.y0 - 1 or b.y1 > frame.y1 + 1:
            out.append(f"text {t.get_text()!r} runs off the figure")
    for (t1, b1), (t2, b2) in itertools.combinations(boxes, 2):
        dx = min(b1.x1, b2.x1) - max(b1.x0, b2.x0)
        dy = min(b1.y1, b2.y1) - max(b1.y0, b2.y0)
        if dx > 0.5 and dy > 0.5:
            out.append(f"texts overlap: {t1.get_text()!r} and {t2.get_text()!r}")
    for ax in all_axes(fig):
        hidden = getattr(ax, "hidden_labels", [])
        if hidden:
            out.append(f"labels that fitted nowhere were hidden: {hidden}")
    return out


def _points(ax, artist) -> np.ndarray:
    """Display coordinates of what an artist draws (vertices, offsets, bar corners)."""
    if isinstance(artist, Line2D):
        xy = np.asarray(artist.get_xydata(), dtype=float)
        xy = xy[np.isfinite(xy).all(axis=1)]
        pts = artist.get_transform().transform(xy) if len(xy) else np.zeros((0, 2))
        if len(pts) > 1 and line_style(artist.get_linestyle()):  # along the segments too
            t = np.linspace(0, 1, 9)[:, None, None]
            pts = (pts[:-1][None] * (1 - t) + pts[1:][None] * t).reshape(-1, 2)
        return pts
    if isinstance(artist, Collection):
        offsets = np.asarray(artist.get_offsets(), dtype=float)
        if isinstance(artist, PathCollection) and offsets.size and len(offsets) > 0 and artist.get_offset_transform():
            return artist.get_offset_transform().transform(offsets)
        return np.zeros((0, 2))
    if isinstance(artist, Rectangle):
        b = artist.get_window_extent()
        if b.width == 0 and b.height == 0:
            return np.zeros((0, 2))
        return np.array([[b.x0, b.y0], [b.x1, b.y1], [b.x0, b.y1], [b.x1, b.y0],
                         [(b.x0 + b.x1) / 2, (b.y0 + b.y1) / 2]])
    return np.zeros((0, 2))


def _legends_cover_data(fig) -> list[str]:
    out = []
    for legend in legends(fig):
        box = legend.get_window_extent()
        for ax, artist in data_artists(fig):
            pts = _points(ax, artist)
            frame = ax.get_window_extent()
            inside_axes = ((pts[:, 0] >= frame.x0) & (pts[:, 0] <= frame.x1)
                           & (pts[:, 1] >= frame.y0) & (pts[:, 1] <= frame.y1)) if len(pts) else []
            pts = pts[inside_axes] if len(pts) else pts
            hit = ((pts[:, 0] > box.x0) & (pts[:, 0] < box.x1) & (pts[:, 1] > box.y0) & (pts[:, 1] < box.y1)) \
                if len(pts) else []
            if np.any(hit):
                out.append(f"legend {[t.get_text() for t in legend.get_texts()][:3]} covers data "
                           f"({type(artist).__name__} {artist.get_gid() or artist.get_label()!r})")
                break
    return out


def _explained(fig) -> list[str]:
    drawn = {"color": set(), "marker": set(), "fill": set(), "linestyle": set(), "hatch": set()}
    out = []
    for ax in all_axes(fig):
        for artist in [*ax.lines, *ax.collections, *ax.patches]:
            if exempt(artist) and artist.get_visible():
                colors = styles_of(artist)["color"]
                if any(not is_grey(c) for c in colors):
                    out.append(f"geography drawn in colour {colors} ({artist.get_gid()})")
    for _, artist in data_artists(fig):
        for key, values in styles_of(artist).items():
            drawn[key] |= values
    shown = legend_styles(fig)
    n_styles = sum(len(v) for v in drawn.values())
    if not legends(fig) and len(drawn["color"]) <= 1 and len(drawn["marker"]) <= 1 \
            and len(drawn["linestyle"]) <= 1 and len(drawn["fill"]) <= 1 and not drawn["hatch"]:
        return out  # one single style: the axis label says what it is
    for key, values in drawn.items():
        missing = {v for v in values if v not in shown[key]}
        if key == "color":
            missing = {c for c in missing if not any(np.linalg.norm(lab(c) - lab(s)) < 1 for s in shown[key])}
        if missing:
            out.append(f"{key} {sorted(missing)} drawn but in no legend (styles drawn: {n_styles})")
    return out


def _counts(fig) -> list[str]:
    out = []
    for ax in all_axes(fig):
        for name, axis, lim in (("y", ax.yaxis, ax.get_ylim()), ("x", ax.xaxis, ax.get_xlim())):
            label = axis.get_label().get_text()
            tagged = axis.get_gid() == "count"
            scale = ax.get_yscale() if name == "y" else ax.get_xscale()
            if scale == "linear" and COUNT_LABEL.match(label or "") and not tagged:
                out.append(f"count axis {label!r} is not a whole-number axis from zero")
            if not tagged:
                continue
            lo, hi = min(lim), max(lim)
            if scale != "linear" or abs(lo) > 1e-9:
                out.append(f"count axis {label!r} starts at {lo:g}, not 0 ({scale})")
            ticks = [t for t in axis.get_majorticklocs() if lo - 1e-9 <= t <= hi + 1e-9]
            if any(abs(t - round(t)) > 1e-9 for t in ticks):
                out.append(f"count axis {label!r} has ticks that are not whole numbers: {ticks}")
            if len(ticks) < 2:
                out.append(f"count axis {label!r} shows fewer than two ticks")
    return out


def _periods(fig) -> list[str]:
    import matplotlib.dates as mdates
    import pandas as pd

    out = []
    for ax in all_axes(fig):
        siblings = []
        for artist in [*ax.lines, *ax.patches, *ax.collections]:
            gid = str(artist.get_gid() or "")
            if not gid.startswith("period:"):
                continue
            start, end = (pd.Timestamp(v) for v in gid.split(":", 1)[1].split("#")[0].split("/"))
            want = (mdates.date2num(start), mdates.date2num(end + pd.Timedelta(days=1)))
            if isinstance(artist, Line2D) and isinstance(ax.xaxis.get_major_formatter(),
                                                         (mdates.DateFormatter, mdates.ConciseDateFormatter,
                                                          mdates.AutoDateFormatter)):
                x = np.asarray(artist.get_xydata(), dtype=float)[:, 0]
                if not np.allclose([x.min(), x.max()], want, atol=1e-6):
                    out.append(f"{gid} drawn over {x.min():g}..{x.max():g}, not its span")
            else:
                siblings.append((start, end, gid))
        for (s1, e1, g1), (s2, e2, g2) in itertools.combinations(siblings, 2):
            if s1 <= e2 and s2 <= e1:
                out.append(f"overlapping periods drawn side by side: {g1} and {g2}")
    return out


def _colours(fig) -> list[str]:
    out = []
    colors = set()
    for _, artist in data_artists(fig):
        colors |= styles_of(artist)["color"]
    kinds = {c: palette_of(c) for c in colors}
    strays = sorted(c for c, k in kinds.items() if k is None)
    if strays:
        out.append(f"colours outside the colour-blind-safe palettes: {strays}")
    coloured = sorted(c for c, k in kinds.items() if k != "grey")
    for a, b in itertools.combinations(coloured, 2):
        need = 6.0 if "viridis" in (kinds[a], kinds[b]) else 15.0  # ordered steps, or categories
        for vision in _CVD:
            d = float(np.linalg.norm(lab(a, vision) - lab(b, vision)))
            if d < need:
                out.append(f"colours {a} and {b} are {d:.1f} apart for {vision} vision (need {need:g})")
                break
    return out


def assert_follows_rules(fig, *, title: bool = True) -> None:
    found = problems(fig, title=title)
    assert not found, "\n".join(found)
