"""The report's figures and tables: a registry of what to draw, and how.

Each figure is a :class:`FigureSpec` (name, method, sources, when it applies, and a
``build`` function from a :class:`Context` to a :class:`Drawn`: the figure, the data it
charts, and its title, caption and alt text, all made from that data); :data:`FIGURES`
lists them in gallery order, and :func:`tables` builds the summary tables.  A
:class:`Context` loads and codes the data once (the bundled data, or a user's events,
claims and ladder) and shares it between figures.  The published series (PICSS, UNAMA,
the running claims of Operation Ghazab lil-Haq) and the reference cases belong to the
bundled data and are drawn only for it.  Nothing here writes files: see
:mod:`escalation.report.writer`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from ..datasets import DATASET_VERSION

BUNDLED_CREDIT = (f"Chart: escalation (MIT). Data: escalation's curated AFG-PAK dataset v{DATASET_VERSION}, "
                  "from cited pages.")
#: Kept for code that imported the bundled report's credit line by this name.
CREDIT = BUNDLED_CREDIT
CLAIMS_NOTE = "Claims, not verified counts."
#: The dyads of the bundled data.
BUNDLED_DYADS = ("AFG-PAK", "IND-PAK")
#: Where the bundled AFG-PAK report's windows start (they end with the data; other dyads'
#: windows start with their first event).
BUNDLED_STARTS = {"timeline": "2025-09-01", "series": "2025-01-01"}
FREQ_WORDS = {"D": "daily", "W": "weekly", "M": "monthly"}
GEO_SOURCES = ["boundaries: Natural Earth 4.1.0 admin-0, 1:50m (public domain)",
               "capitals: GeoNames (CC BY 4.0) and world-countries (ODbL)"]
#: A direction needs this many day-precision attacks (and answers) for retaliation.
MIN_TRIGGERS = 5
#: The most pairings of user claims drawn (the widest apart first); all are in the tables.
MAX_CLAIM_PAIRS = 14


@dataclass
class Context:
    """What one report is made from, loaded once.

    Without ``events_path`` it is the bundled data (``dyad`` defaults to AFG-PAK);
    with one, the user's events (any format :mod:`escalation.report.inputs` reads), their
    claims and ladder, and every dyad of the file unless ``dyad`` names one.

    Everything else is computed on first use and kept (cached properties): ``scale``
    (the ladder), ``events``, ``claims`` (``None`` for a user's file without claims),
    ``coded``, ``actions`` (state actions on the ladder's dyadic rungs), ``dyads``,
    ``series`` (per ``freq``, over the series window), ``discrepancies`` and
    ``history`` (with superseded pairs), ``retaliation`` and ``trend``.
    :func:`~escalation.report.build.context_for` makes one from a report's arguments.

    Attributes
    ----------
    since, until : str, optional
        The window asked for (``YYYY-MM-DD``); by default from the data.
    dyad : str, optional
        One dyad, e.g. ``"ARM-AZE"``; ``None``: every dyad of the user's file.
    events_path, claims_path, ladder_path : Path, optional
        A user's events, claims and ladder (TOML); ``None`` for the bundled data and
        the default ladder.
    freq : {"D", "W", "M"}
        Period of the series.
    events_format : str
        How to read ``events_path`` (``auto``, ``events``, ``acled``, ``ucdp``,
        ``gdelt``).

    Examples
    --------
    >>> ctx = Context(dyad="IND-PAK")
    >>> ctx.bundled, ctx.dyads, ctx.window("timeline")
    (True, ['IND-PAK'], ('2025-04-23', '2025-05-31'))
    >>> len(ctx.coded) == len(ctx.events)
    True
    """

    since: str | None = None
    until: str | None = None
    dyad: str | None = "AFG-PAK"
    events_path: Path | None = None
    claims_path: Path | None = None
    ladder_path: Path | None = None
    freq: str = "W"
    events_format: str = "auto"

    @property
    def bundled(self) -> bool:
        """Whether this is the bundled data (no ``events_path``)."""
        return self.events_path is None

    @cached_property
    def scale(self):
        import escalation as esc

        return esc.EscalationScale.from_toml(self.ladder_path) if self.ladder_path else esc.EscalationScale.default()

    @cached_property
    def user_events(self):
        from .inputs import read_user_events

        return read_user_events(Path(self.events_path), self.events_format, scale=self.scale)

    @cached_property
    def events(self):
        import escalation as esc

        return esc.load_events() if self.bundled else self.user_events.events

    @cached_property
    def claims(self):
        import escalation as esc

        if self.bundled:
            return esc.load_claims()
        return esc.load_claims(self.claims_path, events=self.events) if self.claims_path else None

    @cached_property
    def coded(self):
        import escalation as esc

        return esc.code_events(self.events, scale=self.scale)

    @cached_property
    def actions(self):
        """State actions on the ladder's dyadic rungs (what the charts count)."""
        from ..plots._select import state_actions

        return state_actions(self.coded, self.scale)

    @cached_property
    def dyads(self) -> list[str]:
        """The dyad asked for, or every dyad with a state action in the window."""
        if self.dyad:
            return [self.dyad]
        import pandas as pd

        a = self.actions
        if self.since:
            a = a[a["date_end"] >= pd.Timestamp(self.since)]
        if self.until:
            a = a[a["date_start"] <= pd.Timestamp(self.until)]
        return sorted(a["dyad"].dropna().astype(str).unique())

    def window(self, kind: str) -> tuple[str, str]:
        """(since, until) of a figure: as asked, else from the data (the bundled report
        keeps its documented starts); the window ends with the last event.

        Parameters
        ----------
        kind : str
            ``"timeline"`` or ``"series"`` (the bundled AFG-PAK report starts them on
            different days: ``BUNDLED_STARTS``); any other kind starts with the data.

        Returns
        -------
        tuple of str
            ``(since, until)`` as ``YYYY-MM-DD``: ``since`` and ``until`` when given,
            else the first and last state action of the dyads drawn.

        Examples
        --------
        >>> Context().window("series")[0], Context().window("timeline")[0]
        ('2025-01-01', '2025-09-01')
        >>> Context(since="2026-02-01", until="2026-03-31").window("series")
        ('2026-02-01', '2026-03-31')
        """
        import pandas as pd

        a = self.actions[self.actions["dyad"].isin(self.dyads)]
        first = a["date_start"].min() if len(a) else pd.Timestamp("2000-01-01")
        last = a["date_start"].max() if len(a) else pd.Timestamp("2000-01-01")
        documented = BUNDLED_STARTS.get(kind) if self.bundled and self.dyad == "AFG-PAK" else None
        since = self.since or documented or f"{first:%Y-%m-%d}"
        until = self.until or f"{last:%Y-%m-%d}"
        return since, until

    @property
    def credit(self) -> str:
        """The credit line under every figure: the package, and whose data it is."""
        if self.bundled:
            return BUNDLED_CREDIT
        return f"Chart: escalation (MIT). Data: {Path(self.events_path).name}, supplied by the user."

    @property
    def events_source(self) -> str:
        """The events' source as the figures cite it: the file's name and format."""
        if self.bundled:
            return "data/events.csv (every row cites its page)"
        return f"{Path(self.events_path).name} ({self.user_events.format} format)"

    @cached_property
    def series(self):
        import escalation as esc

        since, until = self.window("series")
        s = esc.build_series(self.coded, freq=self.freq, since=since, until=until)
        out = s[s["dyad"].isin(self.dyads)].reset_index(drop=True)
        out.attrs = dict(s.attrs)
        return out

    @cached_property
    def discrepancies(self):
        import escalation as esc

        return esc.discrepancies(self.claims, events=self.events) if self.claims is not None else None

    @cached_property
    def history(self):
        import escalation as esc

        return esc.discrepancies(self.claims, history=True, events=self.events) if self.claims is not None else None

    @cached_property
    def retaliation(self):
        import escalation as esc

        if self.dyad:
            return esc.stats.retaliation(self.coded, dyad=self.dyad)
        out = esc.stats.retaliation(self.coded)
        return out[out["group"].isin(self.dyads)].reset_index(drop=True)

    @cached_property
    def trend(self):
        import escalation as esc

        return esc.stats.trend(self.series)


@dataclass
class Drawn:
    """A drawn figure with the data it charts and the words about it.

    What a :class:`FigureSpec`'s ``build`` returns; :func:`render` draws the title and
    footer on the figure and writes its bytes.

    Attributes
    ----------
    figure : matplotlib.figure.Figure
        The figure, without title or footer.
    data : DataFrame
        The data it charts (written as ``data/<name>.csv``).
    title, caption, alt : str
        Words made from that data: the title, the gallery's caption and the alt text
        (also stored in every image file).
    sources : list of str
        Sources beyond the figure's own (e.g. the map's boundaries and capitals).

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> drawn = Drawn(fig, None, "A title", "A caption.", "An empty chart.")
    >>> drawn.sources
    []
    >>> plt.close(fig)
    """

    figure: object
    data: object
    title: str
    caption: str
    alt: str
    sources: list[str] = field(default_factory=list)


def _always(ctx: Context) -> bool:
    """The default ``applies`` of a :class:`FigureSpec`: the figure is always drawn.

    Parameters
    ----------
    ctx : Context
        Not used.

    Returns
    -------
    bool
        ``True``.

    Examples
    --------
    >>> _always(Context())
    True
    """
    return True


@dataclass
class FigureSpec:
    """A figure of the report: ``build(ctx) -> Drawn``; drawn when ``applies(ctx)``.

    :data:`FIGURES` lists the report's figures in gallery order; :func:`figures_for`
    picks those a context draws.

    Attributes
    ----------
    name : str or callable
        The files' name (``<name>.png``, ``data/<name>.csv``), or a function of the
        context giving it (``weekly_series``, ``monthly_series``).
    method : str
        The functions and settings that made it, for the gallery and the manifest.
    sources : list of str
        ``"events"``, ``"claims"`` (named as the context has them, :func:`sources_for`)
        or a publisher's name.
    build : callable
        ``build(ctx) -> Drawn``.
    shows_claims : bool
        Claims are drawn: the footer says "Claims, not verified counts."
    applies : callable
        ``applies(ctx) -> bool``: whether the context has what the figure needs (e.g.
        enough events for retaliation); always true by default.
    bundled_only : bool
        Drawn only for the bundled data (the published series).

    Examples
    --------
    >>> spec = FIGURES[0]
    >>> spec.name_for(Context()), spec.sources, spec.applies(Context())
    ('ladder_timeline', ['events'], True)
    """

    name: str | Callable[[Context], str]
    method: str
    sources: list[str]
    build: Callable[[Context], Drawn]
    shows_claims: bool = False
    applies: Callable[[Context], bool] = _always
    bundled_only: bool = False

    def name_for(self, ctx: Context) -> str:
        """The figure's name in this context.

        Parameters
        ----------
        ctx : Context

        Returns
        -------
        str

        Examples
        --------
        >>> [spec.name_for(Context(freq="M")) for spec in FIGURES[:2]]
        ['ladder_timeline', 'monthly_series']
        """
        return self.name(ctx) if callable(self.name) else self.name


def _when(dates) -> str:
    from ..plots import _labels

    return _labels.date_span(dates)


def _who(dyads) -> str:
    from ..plots import _labels

    return _labels.dyad_names(dyads)


def _titled(what: str, dyads, dates) -> str:
    from ..plots import _labels

    return _labels.title(what, dyads, dates)


# -- the figures ---------------------------------------------------------------------------
def _timeline(ctx: Context) -> Drawn:
    import escalation as esc

    from .texts import timeline_alt

    since, until = ctx.window("timeline")
    data = esc.plots.timeline_data(ctx.coded, since=since, until=until, scale=ctx.scale)
    data = data[data["dyad"].isin(ctx.dyads)].reset_index(drop=True)
    data.attrs = {"scale": ctx.scale.name, "ladder": ctx.scale.to_dict()}
    ax = esc.plots.ladder_timeline(data, scale=ctx.scale, title=False).axes[0]
    caption = (f"Each reported event on its rung of the {ctx.scale.name} ladder, coloured by direction "
               "(mutual exchanges shown in both directions); strikes on a capital are labelled with the "
               "capital's name and declarations of war as such, once within 30 days.")
    if ctx.bundled:
        caption += " A curated record of reported events, not a sample."
    return Drawn(ax.figure, data.drop(columns=[], errors="ignore"),
                 _titled("events on the escalation ladder", ctx.dyads, data["date"]),
                 caption, timeline_alt(data, ctx.scale))


def _series_name(ctx: Context) -> str:
    return f"{FREQ_WORDS[ctx.freq]}_series"


def _supported_trends(ctx: Context) -> list[str]:
    """Directions whose negative-binomial trend the trend test supports (Holm p < 0.05)."""
    t = ctx.trend
    nb = t[t["method"] == "negative_binomial"]
    if "p_holm" not in nb:
        return []
    ok = nb["p_holm"].notna() & (nb["p_holm"] < 0.05)
    if "converged" in nb:
        ok &= nb["converged"].fillna(False).astype(bool)
    return sorted(nb.loc[ok, "group"].astype(str))


def _series(ctx: Context) -> Drawn:
    import escalation as esc

    from ..plots import _labels
    from ..plots.series import shown_directions
    from .texts import change_text, series_alt, trend_text

    s = ctx.series
    cps = esc.stats.change_points(s)
    supported = _supported_trends(ctx)
    fit = esc.stats.trend_fit(s)
    fit = fit[fit["group"].isin(supported)] if len(fit) else fit
    fig = esc.plots.series(s, change_points=cps, trend=fit if len(fit) else None, scale=ctx.scale, title=False)
    unit = _labels.period_unit(s)
    shown = shown_directions(s)
    data = esc.plots.series_data(s)
    left_out = sorted(set(data["direction"]) - set(shown))
    caption = (f"Each direction's events per {unit} ({'ISO week, by its Monday' if unit == 'week' else unit}; "
               f"zero-filled) in its own panel; dashed lines are change points in the level of the counts and "
               f"solid steps the mean count between them (escalation.stats.change_points)"
               f"{'; each break is marked with its Holm-adjusted p-value' if 'p_holm' in cps else ''}. "
               f"{change_text(cps, shown)} {trend_text(ctx.trend, supported)} Bottom: each direction's peak rung "
               f"per {unit} (circles), and its peak kinetic rung where that is lower (crosses), so that "
               "declarations never stand in for force.")
    if left_out:
        caption += f" Not drawn (fewer events): {', '.join(_labels.direction_name(d) for d in left_out)}."
    return Drawn(fig, data, _titled(f"events per {unit} and peak rung", ctx.dyads, list(ctx.window("series"))),
                 " ".join(caption.split()), series_alt(data, unit, shown))


def _claim_pairs(ctx: Context):
    d = ctx.history
    keep = d[~d["is_umbrella"] & (d["outcome"] == "killed")]
    if ctx.bundled:
        return keep[keep["event_id"].isin(["AFPK-021", "AFPK-026", "AFPK-050", "AFPK-057"])]
    if len(keep) > MAX_CLAIM_PAIRS:  # the widest apart, then by event
        keep = keep.assign(_gap=keep["log_ratio"].abs()).sort_values(
            ["_gap", "event_id"], ascending=[False, True], kind="stable").head(MAX_CLAIM_PAIRS).drop(columns="_gap")
    return keep


def _claims(ctx: Context) -> Drawn:
    import pandas as pd

    import escalation as esc

    from .texts import claims_alt

    keep = _claim_pairs(ctx)
    fig = esc.plots.claims(keep, title=False)
    data = esc.plots.claims_data(keep)
    dates = pd.concat([keep["claim_date_a"], keep["claim_date_b"]])
    states = sorted(set(keep["subject_state"]) | {s for c in ("claimant_side_a", "claimant_side_b")
                                                     for s in keep[c] if s != "THIRD"})
    dyads = [f"{a}-{b}" for a in states for b in states if a < b] or ctx.dyads
    n_all = int((~ctx.history["is_umbrella"] & (ctx.history["outcome"] == "killed")).sum())
    caption = ("Each claim about the dead beside the figure it is compared with (the other side's own "
               "admission, or an independent figure for civilians), one row per pairing, on a log axis; "
               "superseded claims included (history). Open markers with arrows are open-ended claims "
               "('at least 8'); diamonds are independent figures. At right: the first claimant's figure "
               "divided by the second's (\u2265 a lower bound, \u2264 an upper bound, \u2013 where both ends "
               "are open).")
    if len(keep) < n_all:
        caption += f" {len(keep)} of {n_all} pairings shown; all are in tables/discrepancy_pairs."
    return Drawn(fig, data, _titled("each side's claims about the same losses", dyads, dates),
                 caption + " " + CLAIMS_NOTE, claims_alt(data))


def _testable(ctx: Context) -> bool:
    t = ctx.retaliation
    if t is None or t.empty or "p_value" not in t:
        return False
    effect = t["n_events_effect"] if "n_events_effect" in t else t["n_events"]
    return bool((t["p_value"].notna() & (t["n_events"] >= MIN_TRIGGERS) & (effect >= MIN_TRIGGERS)).any())


def _reciprocity(ctx: Context) -> Drawn:
    import escalation as esc

    from ..plots.reciprocity import answer_window
    from .texts import retaliation_alt

    t = ctx.retaliation
    window = answer_window(t)
    dates = ctx.actions[ctx.actions["dyad"].isin(ctx.dyads)]["date_start"]
    ax = esc.plots.reciprocity(t, dates=dates, title=False).axes[0]
    cols = [c for c in ["group", "cause", "effect", "n_events", "n_events_effect", "n_answered", "n_preceded",
                        "n_higher", "n_equal", "n_lower", "estimate", "baseline_rate", "statistic", "p_value",
                        "p_holm", "note"] if c in t]
    caption = (f"Share of each side's day-precision attacks answered by the other within {window} (dots, with "
               "95% Wilson intervals), beside the answer rate when the responder's days are shifted in time "
               "(diamonds: what the responder's own bursts give by chance); counts, answers on a higher rung "
               "and Holm-adjusted p-values at right. Mutual exchanges left out. Few events: low power.")
    return Drawn(ax.figure, t[cols], _titled(f"attacks answered within {window}", ctx.dyads, dates),
                 caption, retaliation_alt(t, window))


def _has_points(ctx: Context) -> bool:
    import escalation as esc

    since, until = ctx.window("timeline")
    data = esc.plots.map_data(ctx.coded, since=since, until=until, scale=ctx.scale)
    return bool(data["dyad"].isin(ctx.dyads).any())


def _map(ctx: Context) -> Drawn:
    import escalation as esc

    from .texts import map_alt

    since, until = ctx.window("timeline")
    dyad = ctx.dyads[0] if len(ctx.dyads) == 1 else None
    fig = esc.plots.event_map(ctx.coded, since=since, until=until, dyad=dyad, scale=ctx.scale, title=False)
    data = esc.plots.map_data(ctx.coded, since=since, until=until, dyad=dyad, scale=ctx.scale)
    data = data[data["dyad"].isin(ctx.dyads)].reset_index(drop=True)
    states = sorted({s for d in ctx.dyads for s in d.split("-")})
    ax = fig.axes[0]
    caption = (f"Each use of force with coordinates at its place, coloured by rung of the {ctx.scale.name} ladder "
               "(filled: an exact place or a town; open: known only to a district or province); several "
               "events at one place make a larger marker. Squares are capitals. "
               f"{data.attrs.get('without_point', 0)} of {data.attrs.get('events', len(data))} uses of force "
               "in the window have no coordinates and are not shown. Equirectangular, true to scale at the "
               f"map's middle latitude (scale bar {ax.map_scale_km:,.0f} km); north is up; lines as drawn by "
               "Natural Earth (de facto, not an endorsement).")
    return Drawn(fig, data, _titled("uses of force on the map", ctx.dyads, data["date"]), caption,
                 map_alt(data, states), sources=GEO_SOURCES)


def _picss(ctx: Context) -> Drawn:
    import pandas as pd

    import escalation as esc

    data = esc.plots.load_published("picss_monthly_attacks")
    ax = esc.plots.picss_attacks(data, title=False).axes[0]
    return Drawn(ax.figure, data, f"Militant attacks in Pakistan per month (PICSS), {_when(data['month'])}",
                 "Monthly militant attacks as published by PICSS; January–June 2025 sums to 502, PICSS's "
                 "half-year figure. PICSS revises its counts after release.",
                 f"Bar chart of {len(data)} monthly counts between {data['attacks'].min()} and "
                 f"{data['attacks'].max()}, peaking in "
                 f"{pd.Timestamp(data.loc[data['attacks'].idxmax(), 'month']):%B %Y}.")


def _unama(ctx: Context) -> Drawn:
    import pandas as pd

    import escalation as esc

    data = esc.plots.load_published("unama_civilian_casualties")
    fig = esc.plots.unama_casualties(data, title=False)
    span = pd.concat([pd.to_datetime(data["period_start"]), pd.to_datetime(data["period_end"])])
    return Drawn(fig, data, f"Afghan civilian casualties from Pakistani cross-border action (UNAMA), {_when(span)}",
                 "Civilians killed (top) and injured (bottom) as reported by UNAMA, each figure a line over the "
                 "period it covers, ending in a dot (open: an 'at least' figure). The periods nest and overlap "
                 "(a day within a week within a quarter; running totals since 26 February 2026), so the "
                 "figures must not be added up.",
                 f"Two panels of {len(data)} horizontal lines on a time axis from {_when(span)}: the largest "
                 f"figures are {int(data['killed'].max())} killed and {int(data['injured'].max())} injured.")


def _running(ctx: Context) -> Drawn:
    import pandas as pd

    import escalation as esc

    data = esc.plots.load_published("ghazab_running_claims")
    fig = esc.plots.running_claims(data, title=False)
    span = pd.to_datetime(data["as_of"])
    return Drawn(fig, data, f"Operation Ghazab lil-Haq: running claims beside UNAMA, {_when(span)}",
                 "Left: Pakistan's running claims of Afghan dead and Kabul's own admitted dead (combatants). "
                 "Right: UNAMA's civilian dead beside Kabul's civilian tallies. Each claimant has its own line "
                 "style and marker; open markers are open-ended claims. " + CLAIMS_NOTE,
                 "Two step charts: Pakistan's claims rising from 133 to 641 between 27 February and 11 March "
                 "2026 against Kabul's 13 to 28; UNAMA's civilian dead rising from 34 to 75.")


FIGURES = [
    FigureSpec("ladder_timeline", "escalation.code_events; escalation.plots.ladder_timeline",
               ["events"], _timeline),
    FigureSpec(_series_name, "escalation.build_series; escalation.stats.change_points; escalation.stats.trend "
               "and trend_fit (NB2, drawn where supported); escalation.plots.series",
               ["events"], _series),
    FigureSpec("claims_gap", "escalation.discrepancies(history=True), default interval convention; "
               "escalation.plots.claims", ["claims"], _claims, shows_claims=True,
               applies=lambda ctx: ctx.claims is not None and not _claim_pairs(ctx).empty
               and (not ctx.bundled or ctx.dyad == "AFG-PAK")),
    FigureSpec("retaliation", "escalation.stats.retaliation (mutual rows left out); escalation.plots.reciprocity",
               ["events"], _reciprocity, applies=_testable),
    FigureSpec("event_map", "escalation.plots.event_map (shipped Natural Earth boundaries and capitals)",
               ["events"], _map, applies=_has_points),
    FigureSpec("picss_monthly_attacks", "as published; data/published/picss_monthly_attacks.csv",
               ["Pakistan Institute for Conflict and Security Studies (PICSS), monthly security assessments"],
               _picss, bundled_only=True, applies=lambda ctx: ctx.dyad == "AFG-PAK"),
    FigureSpec("unama_civilian_casualties", "as published; data/published/unama_civilian_casualties.csv",
               ["United Nations Assistance Mission in Afghanistan (UNAMA)"], _unama, bundled_only=True,
               applies=lambda ctx: ctx.dyad == "AFG-PAK"),
    FigureSpec("ghazab_running_claims", "as published; data/published/ghazab_running_claims.csv",
               ["Pakistan information ministry and ISPR; Afghan government spokesmen; UNAMA"], _running,
               shows_claims=True, bundled_only=True, applies=lambda ctx: ctx.dyad == "AFG-PAK"),
]


def figures_for(ctx: Context) -> list[FigureSpec]:
    """The registered figures drawn for this context, in gallery order.

    A figure of :data:`FIGURES` is drawn when its ``applies(ctx)`` holds, and, if it is
    ``bundled_only``, only for the bundled data.

    Parameters
    ----------
    ctx : Context

    Returns
    -------
    list of FigureSpec

    Examples
    --------
    >>> [spec.name_for(Context(dyad="IND-PAK")) for spec in figures_for(Context(dyad="IND-PAK"))]
    ['ladder_timeline', 'weekly_series']
    >>> len(figures_for(Context()))  # AFG-PAK: claims, retaliation, map and the published series too
    8
    """
    return [f for f in FIGURES if (ctx.bundled or not f.bundled_only) and f.applies(ctx)]


def sources_for(spec: FigureSpec, ctx: Context) -> list[str]:
    """A figure's sources, the data files named as this context has them.

    ``"events"`` and ``"claims"`` become the bundled files (which cite every row's
    page) or the user's files by name; other sources are kept as they are, and a
    source the context lacks (no claims file) is left out.

    Parameters
    ----------
    spec : FigureSpec
    ctx : Context

    Returns
    -------
    list of str

    Examples
    --------
    >>> sources_for(FIGURES[0], Context())
    ['data/events.csv (every row cites its page)']
    """
    names = {"events": ctx.events_source,
             "claims": "data/claims.csv (every row cites its page)" if ctx.bundled
             else f"{Path(ctx.claims_path).name}" if ctx.claims_path else ""}
    return [names.get(s, s) for s in spec.sources if names.get(s, s)]


# -- tables ---------------------------------------------------------------------------
def tables(ctx: Context) -> dict[str, object]:
    """Every summary table, by name, in the order the gallery lists them.

    ``discrepancy_pairs`` (when there are claims; umbrella rows left out), ``trend``
    (:func:`escalation.stats.trend` of the series), ``reciprocity``
    (:func:`~escalation.stats.reciprocity.reciprocity` of the daily series, mutual
    rows left out), ``retaliation``, ``coding_summary``, then ``import_report`` for a
    user's ACLED, UCDP or GDELT file, or ``claim_reference_cases`` for the bundled
    data.

    Parameters
    ----------
    ctx : Context

    Returns
    -------
    dict of str to DataFrame
        Written as ``tables/<name>.csv`` and ``.md``.

    Examples
    --------
    >>> list(tables(Context(dyad="IND-PAK")))
    ['discrepancy_pairs', 'trend', 'reciprocity', 'retaliation', 'coding_summary', 'claim_reference_cases']
    """
    import escalation as esc

    out = {}
    if ctx.discrepancies is not None:
        d = ctx.discrepancies
        out["discrepancy_pairs"] = d[~d["is_umbrella"]][[
            "event_id", "basis", "subject_state", "subject_group", "outcome", "claim_id_a",
            "claimant_org_a", "qualifier_a", "number_a", "low_a", "high_a", "claim_id_b",
            "claimant_org_b", "qualifier_b", "number_b", "low_b", "high_b", "ratio", "ratio_low",
            "ratio_high", "ratio_kind", "comparable", "denial", "convention"]]
    out["trend"] = ctx.trend.drop(columns=["warnings"], errors="ignore")
    since, until = ctx.window("series")
    daily = esc.build_series(ctx.coded[~ctx.coded["mutual"]], freq="D", since=since, until=until)
    out["reciprocity"] = esc.stats.reciprocity(daily[daily["dyad"].isin(ctx.dyads)])
    out["retaliation"] = ctx.retaliation
    out["coding_summary"] = esc.coding_summary(ctx.coded).to_frame()
    if not ctx.bundled and ctx.user_events.report is not None:
        from .inputs import import_table

        out["import_report"] = import_table(ctx.user_events.report)
    if ctx.bundled:
        from ..claims import reference_cases

        out["claim_reference_cases"] = reference_cases()[[
            "case", "claimant", "claim_qualifier", "claim_number", "claim_number_to", "reference_by",
            "reference_qualifier", "reference_number", "ratio", "ratio_low", "ratio_high", "ratio_kind",
            "published_ratio_text", "source_url"]]
    return out


# -- drawing the words on the figure -------------------------------------------------------
def label(fig, drawn: Drawn, sources: list[str], shows_claims: bool, credit: str) -> None:
    """Title, source and credit line (and the claims warning) drawn on the figure itself.

    The title (bold, top left) and the footer (sources, the claims warning, the credit
    line) are fitted to the figure's width, so that a figure read on its own says what
    it shows and where the numbers come from.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure to label (in place).
    drawn : Drawn
        Its title.
    sources : list of str
        The sources named in the footer.
    shows_claims : bool
        Add "Claims, not verified counts." to the footer.
    credit : str
        The credit line (:attr:`Context.credit`).

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> label(fig, Drawn(fig, None, "A title", "", ""), ["events.csv"], True, "Chart: me.")
    >>> fig.get_suptitle(), fig.get_supxlabel()
    ('A title', 'Source: events.csv. Claims, not verified counts. Chart: me.')
    >>> plt.close(fig)
    """
    from ..plots._labels import fit

    footer = f"Source: {'; '.join(sources)}. " + (CLAIMS_NOTE + " " if shows_claims else "") + credit
    width, height = fig.get_figwidth(), fig.get_figheight()
    title = fit(drawn.title, width - 0.3, 9.5)  # bold runs wider than regular
    footer = fit(footer, width - 0.3, 5.8)
    fig.suptitle(title, x=0.01, ha="left", fontsize=9, fontweight="bold")
    # the footer as the figure's x label: constrained layout makes room for it (a layout
    # rect would not keep the title's room: matplotlib 3.11 applies the rect after it)
    fig.supxlabel(footer, x=0.01, ha="left", fontsize=5.5, color="#444444")


#: Metadata fixed in every image (no dates, no software strings) so the bytes repeat;
#: the alt text travels inside each file.
def _metadata(drawn: Drawn) -> dict[str, dict]:
    return {"png": {"Software": None, "Title": drawn.title, "Description": drawn.alt},
            "svg": {"Date": None, "Creator": None, "Title": drawn.title, "Description": drawn.alt},
            "pdf": {"CreationDate": None, "ModDate": None, "Creator": None, "Producer": None,
                    "Title": drawn.title, "Subject": drawn.alt}}


def render(drawn: Drawn, formats, *, sources: list[str], shows_claims: bool, credit: str,
           close: bool = True) -> dict[str, bytes]:
    r"""The labelled figure's bytes in each format (``{"png": b"..."}``); closes the figure.

    The figure is labelled (:func:`label`) and saved in the house style with fixed
    metadata (the title and alt text, no dates or software versions), so that the same
    figure gives the same bytes on the same plotting stack.

    Parameters
    ----------
    drawn : Drawn
        The figure and its words.
    formats : iterable of str
        Among ``png``, ``svg`` and ``pdf``.
    sources : list of str
        For the footer.
    shows_claims : bool
        Add the claims warning to the footer.
    credit : str
        The credit line.
    close : bool
        Close the figure afterwards (default).

    Returns
    -------
    dict of str to bytes
        The file's bytes per format.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots(figsize=(3, 2))
    >>> images = render(Drawn(fig, None, "A title", "", "An empty chart."), ["png", "svg"],
    ...                 sources=["events.csv"], shows_claims=False, credit="Chart: me.")
    >>> sorted(images), images["png"][:4]
    (['png', 'svg'], b'\x89PNG')
    """
    import io

    import matplotlib.pyplot as plt

    from ..plots import style

    fig = drawn.figure
    metadata = _metadata(drawn)
    out = {}
    try:
        with style():
            label(fig, drawn, sources, shows_claims, credit)
            for fmt in formats:
                buffer = io.BytesIO()
                fig.savefig(buffer, format=fmt, metadata=metadata[fmt])
                out[fmt] = buffer.getvalue()
    finally:
        if close:
            plt.close(fig)
    return out
