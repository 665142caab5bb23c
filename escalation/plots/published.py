"""Charts of published numbers: PICSS monthly attacks, UNAMA casualties, running claims."""

from __future__ import annotations

import pandas as pd

from ..datasets import bundled_path
from . import _labels
from ._layout import Label, place_labels
from ._style import (
    OKABE_ITO,
    SIDE_COLORS,
    date_axis,
    integer_axis,
    legend_axes,
    legend_in,
    new_axes,
    new_mosaic,
    put_title,
    style,
)


def load_published(name: str) -> pd.DataFrame:
    """A table from ``data/published/`` (``picss_monthly_attacks``, ``unama_civilian_casualties``,
    ``ghazab_running_claims``).

    Numbers as their publishers gave them, each row with its source; the columns are
    described in ``data/published/README.md``.

    Parameters
    ----------
    name : str
        The table's file name without ``.csv``: also ``claim_reference_cases`` (read by
        :func:`escalation.claims.reference_cases`).

    Returns
    -------
    DataFrame
        The table as published (``month`` kept as text, ``YYYY-MM``).

    Raises
    ------
    FileNotFoundError
        No bundled table has that name.

    Examples
    --------
    >>> picss = load_published("picss_monthly_attacks")
    >>> list(picss.columns[:2]), picss["month"].iloc[0]
    (['month', 'attacks'], '2025-01')
    """
    path = bundled_path(f"published/{name}.csv")
    if not path.exists():
        raise FileNotFoundError(f"{path}: no published table named {name!r}")
    return pd.read_csv(path, dtype={"month": str})


def picss_attacks(data: pd.DataFrame | None = None, *, title: str | bool = True, ax=None):
    """PICSS's monthly count of militant attacks in Pakistan, as published.

    Parameters
    ----------
    data : DataFrame, optional
        ``month`` (``YYYY-MM``) and ``attacks``; by default the bundled
        ``picss_monthly_attacks`` table (:func:`load_published`).
    title : str or bool
        ``True`` makes a title naming PICSS and the months; a string is used as it is;
        ``False`` draws none.
    ax : matplotlib Axes, optional
        Draw here; by default a new figure.

    Returns
    -------
    matplotlib.figure.Figure
        The figure of ``ax`` (or of a new single-column-high, double-column-wide axes).

    Examples
    --------
    >>> import escalation as esc
    >>> fig = esc.plots.picss_attacks()
    >>> float(fig.axes[0].get_ylim()[0])
    0.0
    """
    data = load_published("picss_monthly_attacks") if data is None else data
    with style():
        fig, ax = new_axes(ax, width=7.0, height=2.6)
        ax.bar(range(len(data)), data["attacks"], width=0.8, color=OKABE_ITO["blue"], lw=0)
        ax.set_xlim(-0.6, len(data) - 0.4)
        ax.set_xlabel("")
        ax.set_ylabel("militant attacks per month")
        integer_axis(ax)
        months = pd.to_datetime(data["month"])
        ax.set_xticks(range(len(data)), [m.strftime("%b\n%Y") if k == 0 or m.month == 1 else m.strftime("%b")
                                         for k, m in enumerate(months)])
        if title:
            put_title(ax, title if isinstance(title, str) else
                      f"Militant attacks in Pakistan per month (PICSS), {_labels.date_span(months)}")
    return ax.figure


#: Qualifiers of figures that are lower bounds ("at least 17").
OPEN_ABOVE = ("at_least", "more_than", "dozens")


def unama_casualties(data: pd.DataFrame | None = None, *, title: str | bool = True, axes=None):
    """UNAMA's counts of Afghan civilians killed and injured, each over the period it covers.

    UNAMA's periods nest and overlap (a day inside a week inside a quarter; running totals
    since 26 February 2026), so they are never drawn as bars side by side, which would
    invite summing them: each figure is a line over its own period on a time axis, at
    its height (a period of one day is a short tick).  A "dot" ends the line on the day the
    figure runs to; open dots are "at least" figures.  Killed and injured are separate
    panels.

    Parameters
    ----------
    data : DataFrame, optional
        ``period``, ``period_start``, ``period_end``, ``killed``, ``killed_qualifier``,
        ``injured``, ``injured_qualifier``; by default the bundled
        ``unama_civilian_casualties`` table (:func:`load_published`).
    title : str or bool
        ``True`` makes a title naming UNAMA and the dates; a string is used as it is;
        ``False`` draws none.
    axes : list of matplotlib Axes, optional
        Two Axes, killed then injured (the legend goes into the last); by default a new
        figure.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import escalation as esc
    >>> fig = esc.plots.unama_casualties()
    >>> [ax.get_ylabel() for ax in fig.axes][:2]
    ['civilians killed', 'civilians injured']
    """
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D

    data = load_published("unama_civilian_casualties") if data is None else data
    data = data.assign(period_start=pd.to_datetime(data["period_start"]),
                       period_end=pd.to_datetime(data["period_end"]))
    panels = (("killed", OKABE_ITO["vermillion"]), ("injured", OKABE_ITO["blue"]))
    with style():
        if axes is None:
            fig, axd = new_mosaic([["killed"], ["injured"], ["legend"]], 7.0, 4.6, height_ratios=[1, 1, 0.18])
            axd["killed"].sharex(axd["injured"])
            axes, legend_where = [axd["killed"], axd["injured"]], legend_axes(axd["legend"])
        else:
            legend_where = axes[-1]
        fig = axes[0].figure
        for ax, (col, color) in zip(axes, panels):
            rows = data.dropna(subset=[col])
            for r in rows.itertuples():
                start = r.period_start
                end = r.period_end + pd.Timedelta(days=1)  # a period runs to the end of its last day
                value = getattr(r, col)
                open_end = getattr(r, f"{col}_qualifier") in OPEN_ABOVE
                ax.plot([start, end], [value, value], color=color, lw=2.0, solid_capstyle="butt",
                        gid=f"period:{r.period_start:%Y-%m-%d}/{r.period_end:%Y-%m-%d}#{r.Index}")
                ax.plot([end], [value], marker="o", ms=3.6, color=color, ls="none",
                        markerfacecolor="white" if open_end else color, mew=1.0,
                        gid=f"end:{r.period_end:%Y-%m-%d}")
            ax.set_ylabel(f"civilians {col}")
            integer_axis(ax)
            ax.set_ylim(0, max(1.0, float(rows[col].max()) * 1.12) if len(rows) else 1)
            place_labels(ax, [Label(r.period_end + pd.Timedelta(days=1), getattr(r, col), _short_period(r.period))
                              for r in rows.itertuples()], marker_pt=2.5)
            ax.grid(axis="y", color="#E6E6E6", lw=0.5)
            ax.set_axisbelow(True)
        first, last = data["period_start"].min(), data["period_end"].max() + pd.Timedelta(days=1)
        pad = (last - first) * 0.02
        axes[-1].set_xlim(first - pad, last + pad)
        date_axis(axes[-1])
        handles = []
        for col, color in panels:
            handles += [Line2D([], [], color=color, lw=2.0, marker="o", ms=3.6,
                               label=f"{col}: the period a figure covers, ending in a dot"),
                        Line2D([], [], color=color, lw=2.0, marker="o", ms=3.6, markerfacecolor="white",
                               label=f"{col}: \u2018at least\u2019 figure")]
        legend_in(legend_where, handles, ncols=2)
        plt.setp(axes[0].get_xticklabels(), visible=False)
        if title:
            put_title(fig, title if isinstance(title, str) else
                      "Afghan civilian casualties from Pakistani cross-border action (UNAMA), "
                      + _labels.date_span(pd.concat([data["period_start"], data["period_end"]])))
    return fig


def _short_period(text: str) -> str:
    """UNAMA's period names without the publication notes in brackets."""
    return str(text).split(" (")[0].replace(" - ", "\u2013")


def running_claims(claims: pd.DataFrame | None = None, unama: pd.DataFrame | None = None, *,
                   title: str | bool = True, axes=None):
    """Operation Ghazab lil-Haq: each government's running claims beside UNAMA's figures.

    Left: combatants (Pakistan's claimed Afghan dead; Kabul's admitted dead).  Right:
    civilians (UNAMA; Kabul's tallies).  Each claimant has its own colour (its side),
    line style and marker; open markers are open-ended claims.  Counts from zero.
    Claims, not verified counts.

    Parameters
    ----------
    claims : DataFrame, optional
        Running claims: ``as_of``, ``as_of_order``, ``claimant``, ``claimant_side``,
        ``subject_state``, ``subject_category``, ``killed``, ``killed_qualifier``; by
        default the bundled ``ghazab_running_claims`` table (:func:`load_published`).
    unama : DataFrame, optional
        UNAMA's figures, as for :func:`unama_casualties` (those from 26 February 2026 on
        are drawn); by default the bundled table.
    title : str or bool
        ``True`` makes a title naming the operation and the dates; a string is used as
        it is; ``False`` draws none.
    axes : list of matplotlib Axes, optional
        Two Axes, combatants then civilians (the legend goes into the last); by default
        a new figure.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> fig = running_claims()
    >>> [ax.get_title(loc="left") for ax in fig.axes[:2]]
    ['combatants: killed, as claimed', 'civilians: killed, as claimed']
    """
    from matplotlib.lines import Line2D

    claims = load_published("ghazab_running_claims") if claims is None else claims
    unama = load_published("unama_civilian_casualties") if unama is None else unama
    claims = claims.assign(as_of=pd.to_datetime(claims["as_of"]))
    unama = unama[pd.to_datetime(unama["period_start"]) >= "2026-02-26"].assign(
        as_of=lambda u: pd.to_datetime(u["period_end"]))
    styles = ["-", "--", ":", "-."]
    markers = ["o", "s", "^", "v"]
    with style():
        if axes is None:
            fig, axd = new_mosaic([["combatants", "civilians"], ["legend", "legend"]], 7.0, 3.8,
                                  height_ratios=[1, 0.3])
            axes, legend_where = [axd["combatants"], axd["civilians"]], legend_axes(axd["legend"])
        else:
            legend_where = axes[-1]
        fig = axes[0].figure
        panels = (("combatants", claims[claims["subject_category"] != "civilian"]),
                  ("civilians", claims[claims["subject_category"] == "civilian"]))
        handles = {}
        for ax, (panel, data) in zip(axes, panels):
            for (side, _), side_rows in data.groupby(["claimant_side", "subject_state"], sort=True):
                for k, (claimant, g) in enumerate(side_rows.groupby("claimant", sort=True)):
                    g = g.sort_values(["as_of", "as_of_order"])
                    color = SIDE_COLORS.get(side, OKABE_ITO["grey"])
                    label = f"{_labels.state_name(side)}: {claimant}"
                    ls, mk = styles[k % 4], markers[k % 4]
                    ax.plot(g["as_of"], g["killed"], drawstyle="steps-post", color=color, lw=1.0,
                            ls=ls, label=label, gid=f"claims:{label}")
                    for r in g.itertuples():
                        open_end = r.killed_qualifier in ("at_least", "more_than")
                        ax.plot([r.as_of], [r.killed], marker=mk, ms=4, color=color, mew=1.0,
                                markerfacecolor="white" if open_end else color, linestyle="none",
                                gid=f"claim:{label}")
                    handles[label] = Line2D([], [], color=color, ls=ls, marker=mk, ms=4, lw=1.0, label=label)
            if panel == "civilians":
                ax.plot(unama["as_of"], unama["killed"], marker="D", ms=4, color=SIDE_COLORS["THIRD"],
                        lw=1.0, label="UNAMA / UN", gid="claims:UNAMA")
                handles["UNAMA / UN"] = Line2D([], [], color=SIDE_COLORS["THIRD"], marker="D", ms=4, lw=1.0,
                                               label="UNAMA / UN (civilians killed since 26 Feb)")
            ax.set_title(f"{panel}: killed, as claimed", loc="left", fontsize=8)
            ax.set_ylabel("killed (running total claimed)")
            integer_axis(ax)
            date_axis(ax)
        handles["open"] = Line2D([], [], color="#555555", marker="o", markerfacecolor="white", ls="none", ms=4,
                                 label="open marker: \u2018at least\u2019 or \u2018more than\u2019")
        legend_in(legend_where, list(handles.values()), ncols=2)
        if title:
            dates = pd.concat([claims["as_of"], unama["as_of"]])
            put_title(fig, title if isinstance(title, str) else
                      f"Operation Ghazab lil-Haq: running claims beside UNAMA, {_labels.date_span(dates)}")
    return fig
