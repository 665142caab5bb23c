"""House style: a colour-blind-safe palette, journal sizes, deterministic output."""

from __future__ import annotations

import contextlib

import matplotlib as mpl

#: Okabe & Ito (2008) colour-blind-safe palette.
OKABE_ITO = {"orange": "#E69F00", "sky": "#56B4E9", "green": "#009E73", "yellow": "#F0E442",
             "blue": "#0072B2", "vermillion": "#D55E00", "purple": "#CC79A7", "black": "#000000",
             "grey": "#999999"}
#: One colour per direction, fixed so that a direction keeps its colour across figures.
DIRECTION_COLORS = {"PAK→AFG": OKABE_ITO["blue"], "AFG→PAK": OKABE_ITO["vermillion"],
                    "IND→PAK": OKABE_ITO["green"], "PAK→IND": OKABE_ITO["purple"]}
SIDE_COLORS = {"PAK": OKABE_ITO["blue"], "AFG": OKABE_ITO["vermillion"], "IND": OKABE_ITO["green"],
               "THIRD": OKABE_ITO["black"]}
#: Journal column widths, inches, and the tallest figure a page takes.
SINGLE_COLUMN, DOUBLE_COLUMN = 3.5, 7.0
MAX_HEIGHT = 9.0
#: Neutral greys: land, guides, baselines (they encode nothing).
LAND, LAND_EDGE, GUIDE = "#EDEDED", "#FFFFFF", "#555555"
#: Ordered rungs are coloured from this perceptually uniform, colour-blind-safe map
#: (its brightest yellow left out: it vanishes on white and light grey).
RUNG_CMAP, RUNG_CMAP_RANGE = "viridis", (0.0, 0.85)

RC = {
    "font.family": "DejaVu Sans", "font.size": 8, "axes.titlesize": 9, "axes.labelsize": 8,
    "xtick.labelsize": 7, "ytick.labelsize": 7, "legend.fontsize": 7, "legend.frameon": False,
    "axes.spines.top": False, "axes.spines.right": False, "figure.dpi": 100, "savefig.dpi": 200,
    # determinism: no random SVG ids, text as paths, embedded TrueType in PDF
    "svg.hashsalt": "escalation", "svg.fonttype": "path", "pdf.fonttype": 42,
    "figure.constrained_layout.use": True,
}


#: Colours handed out after the fixed ones, in this order (Okabe-Ito's yellow is left out:
#: it all but vanishes on white).
SPARE = [OKABE_ITO[k] for k in ("orange", "sky", "green", "purple", "black", "blue", "vermillion")]


def side_colors(sides) -> dict[str, str]:
    """A colour for every claimant side: the fixed ones, black for THIRD, then the palette."""
    spare = [c for c in SPARE if c not in SIDE_COLORS.values()]
    out, k = {}, 0
    for side in sides:
        if side in SIDE_COLORS:
            out[side] = SIDE_COLORS[side]
        else:
            out[side] = spare[k % len(spare)]
            k += 1
    return out


def direction_colors(labels) -> dict[str, str]:
    """A colour for every direction label, the fixed ones first, then the rest of the palette.

    A direction of :data:`DIRECTION_COLORS` keeps its colour in every figure; any other
    direction gets the next of the Okabe-Ito colours those do not use (orange, sky blue,
    black, then round again), in the order given.

    Parameters
    ----------
    labels : iterable of str
        Direction labels, ``"A→B"`` (give them sorted for colours that do not depend on
        the data's order).

    Returns
    -------
    dict of str to str
        ``label -> "#RRGGBB"``.

    References
    ----------
    1. Okabe, M. & Ito, K. (2008), *Color Universal Design (CUD): how to make figures
       and presentations that are friendly to colorblind people*, J*Fly (web page).

    Examples
    --------
    >>> direction_colors(["ARM→AZE", "PAK→AFG"])
    {'ARM→AZE': '#E69F00', 'PAK→AFG': '#0072B2'}
    """
    spare = [c for c in SPARE if c not in DIRECTION_COLORS.values()]
    out, k = {}, 0
    for label in labels:
        if label in DIRECTION_COLORS:
            out[label] = DIRECTION_COLORS[label]
        else:
            out[label] = spare[k % len(spare)]
            k += 1
    return out


@contextlib.contextmanager
def style():
    """Apply the house style within a block.

    Inside the ``with`` block matplotlib uses the package's settings (``RC``): DejaVu
    Sans at 7-9 pt, no top and right spines, constrained layout, 200 dpi when saved, and
    the settings that make SVG and PDF output byte-identical from run to run; on leaving
    them, the previous settings come back.  Every plot of the package draws inside it.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> with style():
    ...     fig, ax = plt.subplots()
    ...     inside = plt.rcParams["font.size"], plt.rcParams["svg.hashsalt"]
    >>> inside
    (8.0, 'escalation')
    >>> plt.close(fig)
    """
    # Jupyter's inline backend switches interactive mode on when the first figure is made;
    # rc_context would switch it off again on leaving, and later figures would not show
    with mpl.rc_context(RC):
        try:
            yield
        finally:
            interactive = mpl.is_interactive()
    mpl.interactive(interactive)


def rung_colors(levels) -> dict[float, tuple]:
    """A colour per rung level, darkest for the lowest: ``RUNG_CMAP`` over the levels given."""
    import matplotlib

    levels = sorted(set(float(v) for v in levels))
    cmap = matplotlib.colormaps[RUNG_CMAP]
    lo, hi = RUNG_CMAP_RANGE
    if len(levels) == 1:
        return {levels[0]: cmap(lo + (hi - lo) / 2)}
    return {v: cmap(lo + (hi - lo) * k / (len(levels) - 1)) for k, v in enumerate(levels)}


def integer_axis(ax, axis: str = "y") -> None:
    """Counts: whole-number ticks, starting at zero (the axis is tagged ``count``)."""
    from matplotlib.ticker import MaxNLocator

    target = ax.yaxis if axis == "y" else ax.xaxis
    target.set_major_locator(MaxNLocator(integer=True, min_n_ticks=2))
    target.set_gid("count")
    if axis == "y":
        ax.set_ylim(bottom=0, top=max(ax.get_ylim()[1], 1))
    else:
        ax.set_xlim(left=0, right=max(ax.get_xlim()[1], 1))


def date_axis(ax, axis: str = "x") -> None:
    """Dates that never collide: as many ticks as the axes' final width takes (counted
    again after the layout), concise labels ("Mar", "8 Mar", the year once)."""
    import matplotlib.dates as mdates

    from ._layout import labelled_layout

    locator = mdates.AutoDateLocator(minticks=3, maxticks=7)
    target = ax.xaxis if axis == "x" else ax.yaxis
    target.set_major_locator(locator)
    formats = ["%Y", "%b", "%-d %b", "%H:%M", "%H:%M", "%S.%f"]
    zero_formats = ["", "%Y", "%-d %b", "%-d %b", "%H:%M", "%H:%M"]
    offsets = ["", "%Y", "%Y", "%Y", "%-d %b %Y", "%-d %b %Y"]
    target.set_major_formatter(mdates.ConciseDateFormatter(
        locator, formats=formats, zero_formats=zero_formats, offset_formats=offsets, show_offset=True))

    def fit_ticks():
        box = ax.get_position()
        inches = ax.figure.get_figwidth() * box.width if axis == "x" else ax.figure.get_figheight() * box.height
        n = max(3, int(inches * (1.8 if axis == "x" else 2.5)))
        locator.maxticks = dict.fromkeys(locator.maxticks, n)

    fit_ticks()
    engine = labelled_layout(ax.figure)
    if engine is not None:
        engine.placers.insert(0, fit_ticks)


def put_title(target, text: str, fontsize: float = 9.0) -> None:
    """A title that fits: a figure's (at its left edge) or an axes' (at its left), wrapped."""
    from matplotlib.figure import Figure

    from ._labels import fit

    if isinstance(target, Figure):
        target.suptitle(fit(text, target.get_figwidth() - 0.3, fontsize), x=0.01, ha="left",
                        fontsize=fontsize)
    else:  # an axes' title starts at the axes: leave room for its tick labels on the left
        width = max(1.6, target.figure.get_figwidth() * (target.get_position().x1) - 1.3)
        target.set_title(fit(text, width, fontsize), loc="left", fontsize=fontsize)


def new_figure(width: float = DOUBLE_COLUMN, height: float = 3.0, **subplots):
    """A figure of a journal column's width whose labels are placed after its layout."""
    import matplotlib.pyplot as plt

    from ._layout import LabelledLayout

    fig, axes = plt.subplots(figsize=(width, height), layout=LabelledLayout(), **subplots)
    return fig, axes


def legend_in(where, handles, *, ncols: int = 2, fontsize: float = 6.5, **kwargs):
    """A legend in ``where``, an axes of its own (turned off) in the figure's last row, or,
    given axes the caller drew in, outside their right edge.  Either way it is part of
    the layout: the layout makes room for it, and nothing is drawn under it."""
    if getattr(where, "legend_only", False):
        where.set_axis_off()
        return where.legend(handles=handles, loc="center", ncols=ncols, fontsize=fontsize,
                            borderaxespad=0, **kwargs)
    return where.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.02, 1.0), ncols=1,
                        fontsize=fontsize, **kwargs)


def legend_axes(ax):
    """Mark ``ax`` as the figure's legend row (see :func:`legend_in`)."""
    ax.legend_only = True
    ax.set_axis_off()
    return ax


def new_mosaic(mosaic, width: float = DOUBLE_COLUMN, height: float = 3.0, **kwargs):
    """A figure laid out by :meth:`~matplotlib.figure.Figure.subplot_mosaic`, labels placed last."""
    import matplotlib.pyplot as plt

    from ._layout import LabelledLayout

    fig = plt.figure(figsize=(width, height), layout=LabelledLayout())
    return fig, fig.subplot_mosaic(mosaic, **kwargs)


def new_axes(ax=None, *, width: float = DOUBLE_COLUMN, height: float = 3.0):
    if ax is not None:
        return ax.figure, ax
    return new_figure(width, height)
