"""Where words go: labels placed after the layout, so that they overlap nothing.

Matplotlib knows where a label will be drawn only once the figure's layout is done, and
a layout changes whenever a title, a footer or a legend is added (the report adds its
own).  :class:`LabelledLayout` is a layout engine that runs the figure's own layout
(constrained by default) and then every label placer registered on it, at every draw, so
labels are placed against the final positions in every output format.

:func:`place_labels` annotates points: each label goes to the first of a list of
candidate spots (beside the point, then above or below it, then further along the row
with a thin leader line) that stays inside the axes and its *band* (the rung's row on a
ladder chart), overlaps no other label and no marker but its own.  A label that fits
nowhere is hidden and listed in ``ax.hidden_labels`` (the figure tests require none).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from matplotlib.layout_engine import ConstrainedLayoutEngine, LayoutEngine
from matplotlib.text import Text
from matplotlib.transforms import Bbox

#: Grey of leader lines between a label and its point.
LEADER_COLOR = "#777777"


class LabelledLayout(LayoutEngine):
    """A figure's layout (``inner``: constrained by default), then its label placers.

    ``set`` and ``get`` pass through to the inner engine, so code that adjusts a
    constrained layout (``engine.set(rect=...)``) works unchanged.
    """

    def __init__(self, inner: LayoutEngine | None = None):
        super().__init__()
        self.inner = ConstrainedLayoutEngine() if inner is None else inner
        self.placers: list = []

    @property
    def colorbar_gridspec(self):
        return self.inner.colorbar_gridspec

    @property
    def adjust_compatible(self):
        return self.inner.adjust_compatible

    def set(self, **kwargs):
        self.inner.set(**kwargs)

    def get(self):
        return self.inner.get()

    def execute(self, fig):
        self.inner.execute(fig)
        for placer in self.placers:
            placer()


def labelled_layout(fig) -> LabelledLayout | None:
    """The figure's :class:`LabelledLayout`, installed around its own engine if it has one."""
    engine = fig.get_layout_engine()
    if isinstance(engine, LabelledLayout):
        return engine
    if engine is None:
        return None
    wrapped = LabelledLayout(engine)
    fig.set_layout_engine(wrapped)
    return wrapped


@dataclass
class Label:
    """A label for the point ``(x, y)`` (data coordinates).

    ``band``: the lowest and highest data ``y`` the label may cover (``None``: the whole
    axes).  ``first``: ``"beside"`` tries right, left, above, below; ``"center"`` tries
    the point itself first (names of areas).
    """

    x: float
    y: float
    text: str
    band: tuple[float, float] | None = None
    first: str = "beside"
    color: str = "#222222"
    fontsize: float = 5.5
    weight: str = "normal"
    gid: str = "label"


def place_labels(ax, labels: list[Label], *, marker_pt: float = 3.0):
    """Annotate ``labels`` on ``ax`` where they overlap nothing; returns the annotations.

    Placed at every draw of a figure with a :class:`LabelledLayout` (the package's
    figures), or once now for any other figure.  ``marker_pt`` is the radius, in points,
    of the markers to keep clear of.
    """
    anns = []
    for lab in labels:  # dates and categories to plain numbers, as the axes see them
        lab.x, lab.y = float(ax.convert_xunits(lab.x)), float(ax.convert_yunits(lab.y))
        ann = ax.annotate(
            lab.text, (lab.x, lab.y), xytext=(0, 0), textcoords="offset points",
            fontsize=lab.fontsize, color=lab.color, weight=lab.weight, ha="left", va="bottom",
            annotation_clip=False, gid=lab.gid,
            arrowprops=dict(arrowstyle="-", color=LEADER_COLOR, lw=0.4, shrinkA=0, shrinkB=2))
        ann.set_in_layout(False)  # placing labels never moves the layout
        anns.append(ann)
    ax.hidden_labels = []

    def placer():
        _place(ax, labels, anns, marker_pt)

    engine = labelled_layout(ax.figure)
    if engine is not None:
        engine.placers.append(placer)
    else:
        placer()
    return anns


def _obstacles(ax, radius_px: float) -> np.ndarray:
    """Boxes (x0, y0, x1, y1 in pixels) around every marker drawn on ``ax`` and along
    every drawn line, which labels keep clear of where they can."""
    boxes = []
    for coll in ax.collections:
        if str(coll.get_gid() or "").startswith("basemap"):
            continue
        offsets = np.asarray(coll.get_offsets(), dtype=float)
        if offsets.size == 0:
            continue
        sizes = np.asarray(coll.get_sizes(), dtype=float)
        pts = coll.get_offset_transform().transform(offsets)
        r = (np.sqrt(np.resize(sizes, len(pts))) / 2 * ax.figure.dpi / 72) if sizes.size else \
            np.full(len(pts), radius_px)
        boxes.append(np.column_stack([pts[:, 0] - r, pts[:, 1] - r, pts[:, 0] + r, pts[:, 1] + r]))
    for line in ax.lines:
        if not line.get_visible():
            continue
        xy = line.get_transform().transform(np.asarray(line.get_xydata(), dtype=float))
        xy = xy[np.isfinite(xy).all(axis=1)]
        if line.get_marker() not in (None, "None", "none", "", " "):
            r = line.get_markersize() / 2 * ax.figure.dpi / 72
            boxes.append(np.column_stack([xy[:, 0] - r, xy[:, 1] - r, xy[:, 0] + r, xy[:, 1] + r]))
        if line.get_linestyle() not in ("None", "none", "", " ") and len(xy) > 1:
            half = max(line.get_linewidth() * ax.figure.dpi / 72, 1.0) / 2
            for (x0, y0), (x1, y1) in zip(xy[:-1], xy[1:]):
                n = int(min(max(abs(x1 - x0), abs(y1 - y0)) / 3, 2000)) + 2
                t = np.linspace(0, 1, n)
                xs, ys = x0 + (x1 - x0) * t, y0 + (y1 - y0) * t
                boxes.append(np.column_stack([xs - half, ys - half, xs + half, ys + half]))
    return np.concatenate(boxes) if boxes else np.zeros((0, 4))


def _candidates(w: float, h: float, r: float, pad: float, first: str, steps: int):
    """Lower-left offsets (pixels) of the label box from its point, best first."""
    near = [(r + pad, -h / 2), (-r - pad - w, -h / 2), (-w / 2, r + pad), (-w / 2, -r - pad - h),
            (r, r), (r, -r - h), (-r - w, r), (-r - w, -r - h),
            (r * 0.3, r * 0.6), (r * 0.3, -r * 0.6 - h), (-r * 0.3 - w, r * 0.6), (-r * 0.3 - w, -r * 0.6 - h)]
    if first == "center":
        near = [(-w / 2, -h / 2), *near]
    out = list(near)
    for k in range(1, steps + 1):  # further along the row, then off it, with a leader line
        d = k * max(h, 6 * pad)
        out += [(r + pad + d, -h / 2), (-r - pad - w - d, -h / 2)]
        for dy in (r * 0.6, -r * 0.6 - h):
            out += [(r + d, dy), (-r - w - d, dy)]
    for k in range(1, steps // 2 + 1):  # up or down (only where no band holds the label)
        dy = r + pad + k * h
        for dx in (r, -r - w, -w / 2):
            out += [(dx, dy), (dx, -dy - h)]
    return out


def _place(ax, labels, anns, marker_pt):
    """Place every label; a label that fits nowhere joins its nearest neighbour on the
    same row ("Kabul; Pul-e-Charkhi"), and only a label with no neighbour to join is
    hidden (and listed in ``ax.hidden_labels``)."""
    into: list[int | None] = [None] * len(labels)
    failed: list[int] = []
    for _ in range(len(labels) + 1):
        failed = _place_once(ax, labels, anns, marker_pt, _joined_texts(labels, into), into)
        joined = False
        for i in failed:
            j = _neighbour(ax, labels, into, i)
            if j is not None:
                into[i], joined = j, True
        if not failed or not joined:
            break
    ax.hidden_labels = [labels[i].text for i in failed]


def _root(into, i):
    while into[i] is not None:
        i = into[i]
    return i


def _joined_texts(labels, into) -> list[str]:
    """Each label's text with those joined to it, left to right."""
    members: dict[int, list[int]] = {}
    for i in range(len(labels)):
        members.setdefault(_root(into, i), []).append(i)
    out = [lab.text for lab in labels]
    for root, group in members.items():
        out[root] = "; ".join(labels[k].text for k in sorted(group, key=lambda k: (labels[k].x, k)))
    return out


#: How far (points) a label may be from the one it joins: further, it is not a neighbour.
JOIN_WITHIN_PT = 60.0


def _neighbour(ax, labels, into, i):
    """The nearest label on the same row (same band), shown on its own, within
    :data:`JOIN_WITHIN_PT` points."""
    x = ax.transData.transform((labels[i].x, labels[i].y))[0]
    reach = JOIN_WITHIN_PT * ax.figure.dpi / 72
    options = []
    for j in range(len(labels)):
        if j == i or into[j] is not None or _root(into, j) == i or labels[j].band != labels[i].band \
                or labels[j].band is None:
            continue
        d = abs(ax.transData.transform((labels[j].x, labels[j].y))[0] - x)
        if d <= reach:
            options.append((d, j))
    return min(options)[1] if options else None


def _place_once(ax, labels, anns, marker_pt, texts, into) -> list[int]:
    fig = ax.figure
    renderer = fig._get_renderer()
    px_per_pt = fig.dpi / 72
    frame = ax.get_window_extent(renderer)
    obstacles = _obstacles(ax, marker_pt * px_per_pt)
    fixed = [Text.get_window_extent(t, renderer) for t in ax.texts
             if t not in anns and t.get_visible() and t.get_text()]
    placed: list[Bbox] = []
    leaders: list[tuple] = []
    failed = []
    pad = 1.5 * px_per_pt
    r = marker_pt * px_per_pt
    for k, (lab, ann) in enumerate(zip(labels, anns)):
        if into[k] is not None:  # shown within another label
            ann.set_visible(False)
            continue
        ann.set_visible(True)
        ann.set_text(texts[k])
        ann.xyann = (0, 0)
        size = Text.get_window_extent(ann, renderer)  # the words only, not the leader line
        w, h = size.width, size.height
        ax_px, ay_px = ax.transData.transform((lab.x, lab.y))
        lo, hi = frame.y0, frame.y1
        if lab.band is not None:
            lo = max(lo, ax.transData.transform((lab.x, lab.band[0]))[1])
            hi = min(hi, ax.transData.transform((lab.x, lab.band[1]))[1])
        # the label's own marker and lines ending at its point are not obstacles
        mine = ((obstacles[:, 0] <= ax_px + 0.5) & (obstacles[:, 2] >= ax_px - 0.5)
                & (obstacles[:, 1] <= ay_px + 0.5) & (obstacles[:, 3] >= ay_px - 0.5))
        others = obstacles[~mine]
        best = None
        for dx, dy in _candidates(w, h, r, pad, lab.first, steps=24):
            box = Bbox.from_extents(ax_px + dx, ay_px + dy, ax_px + dx + w, ay_px + dy + h)
            if box.x0 < frame.x0 + 1 or box.x1 > frame.x1 - 1 or box.y0 < lo or box.y1 > hi:
                continue
            grown = box.expanded(1.0, 1.0).padded(1.0)
            if any(grown.overlaps(b) for b in placed) or any(grown.overlaps(b) for b in fixed):
                continue
            leader = _leader(ax_px, ay_px, box, r + 3 * pad)
            if leader is not None and any(_crosses(leader, b) for b in placed + fixed):
                continue
            if any(_crosses(seg, grown) for seg in leaders):
                continue
            hits = int(np.sum((others[:, 0] < box.x1) & (others[:, 2] > box.x0)
                              & (others[:, 1] < box.y1) & (others[:, 3] > box.y0)))
            if hits == 0:
                best = (dx, dy, box)
                break
            if best is None or hits < best[3]:
                best = (dx, dy, box, hits)
        if best is None:
            ann.set_visible(False)
            failed.append(k)
            continue
        dx, dy, box = best[:3]
        placed.append(box)
        ann.xyann = (dx / px_per_pt, dy / px_per_pt)
        leader = _leader(ax_px, ay_px, box, r + 3 * pad)
        ann.arrow_patch.set_visible(leader is not None)
        if leader is not None:
            leaders.append(leader)
    return failed


def _leader(x: float, y: float, box: Bbox, reach: float):
    """The leader line from a point to the nearest point of its label's box, if the label
    stands further than ``reach`` from it (else None)."""
    nx, ny = min(max(x, box.x0), box.x1), min(max(y, box.y0), box.y1)
    if np.hypot(nx - x, ny - y) <= reach:
        return None
    return (x, y, nx, ny)


def _crosses(segment, box: Bbox) -> bool:
    """Whether a segment passes through a box (sampled finely enough for labels)."""
    x0, y0, x1, y1 = segment
    t = np.linspace(0.0, 1.0, 33)[1:-1]
    xs, ys = x0 + (x1 - x0) * t, y0 + (y1 - y0) * t
    return bool(np.any((xs > box.x0) & (xs < box.x1) & (ys > box.y0) & (ys < box.y1)))
