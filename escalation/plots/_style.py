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
#: Journal column widths, inches.
SINGLE_COLUMN, DOUBLE_COLUMN = 3.5, 7.0

RC = {
    "font.family": "DejaVu Sans", "font.size": 8, "axes.titlesize": 9, "axes.labelsize": 8,
    "xtick.labelsize": 7, "ytick.labelsize": 7, "legend.fontsize": 7, "legend.frameon": False,
    "axes.spines.top": False, "axes.spines.right": False, "figure.dpi": 100, "savefig.dpi": 200,
    # determinism: no random SVG ids, text as paths, embedded TrueType in PDF
    "svg.hashsalt": "escalation", "svg.fonttype": "path", "pdf.fonttype": 42,
    "figure.constrained_layout.use": True,
}


def side_colors(sides) -> dict[str, str]:
    """A colour for every claimant side: the fixed ones, black for THIRD, then the palette."""
    spare = [c for c in OKABE_ITO.values() if c not in SIDE_COLORS.values()]
    out, k = {}, 0
    for side in sides:
        if side in SIDE_COLORS:
            out[side] = SIDE_COLORS[side]
        else:
            out[side] = spare[k % len(spare)]
            k += 1
    return out


def direction_colors(labels) -> dict[str, str]:
    """A colour for every direction label, the fixed ones first, then the rest of the palette."""
    spare = [c for c in OKABE_ITO.values() if c not in DIRECTION_COLORS.values()]
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
    """Apply the house style within a block."""
    with mpl.rc_context(RC):
        yield


def integer_axis(ax, axis: str = "y") -> None:
    """Counts: whole-number ticks, starting at zero."""
    from matplotlib.ticker import MaxNLocator

    target = ax.yaxis if axis == "y" else ax.xaxis
    target.set_major_locator(MaxNLocator(integer=True))
    if axis == "y":
        ax.set_ylim(bottom=0)
    else:
        ax.set_xlim(left=0)


def new_axes(ax=None, *, width: float = DOUBLE_COLUMN, height: float = 3.0):
    import matplotlib.pyplot as plt

    if ax is not None:
        return ax.figure, ax
    fig, ax = plt.subplots(figsize=(width, height))
    return fig, ax
