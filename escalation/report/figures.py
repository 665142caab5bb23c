"""The report's figures and tables: a registry of what to draw, and how.

Each figure is a :class:`FigureSpec` (name, title, caption with source and credit, alt
text, method, sources, and a ``build`` function from a :class:`Context` to the figure
and the data it charts); :data:`FIGURES` lists them in gallery order, and
:func:`tables` builds the summary tables.  A :class:`Context` loads and codes the data
once and shares it between figures.  Nothing here writes files: see
:mod:`escalation.report.writer`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from ..datasets import DATASET_VERSION

CREDIT = (f"Chart: escalation (MIT). Data: escalation's curated AFG-PAK dataset v{DATASET_VERSION}, "
          "from cited pages.")
CLAIMS_NOTE = "Claims, not verified counts."


# -- the figures ------------------------------------------------------------------------
@dataclass
class Context:
    since: str | None
    until: str | None
    dyad: str

    @cached_property
    def events(self):
        import escalation as esc

        return esc.load_events()

    @cached_property
    def claims(self):
        import escalation as esc

        return esc.load_claims()

    @cached_property
    def coded(self):
        import escalation as esc

        return esc.code_events(self.events)

    def window(self, default_since: str, default_until: str) -> tuple[str, str]:
        return self.since or default_since, self.until or default_until

    @cached_property
    def weekly(self):
        import escalation as esc

        since, until = self.window("2025-01-01", "2026-04-12")
        s = esc.build_series(self.coded, freq="W", since=since, until=until)
        return s[s["dyad"] == self.dyad].reset_index(drop=True)

    @cached_property
    def discrepancies(self):
        import escalation as esc

        return esc.discrepancies(self.claims, events=self.events)

    @cached_property
    def history(self):
        import escalation as esc

        return esc.discrepancies(self.claims, history=True, events=self.events)

    @cached_property
    def retaliation(self):
        import escalation as esc

        return esc.stats.retaliation(self.coded, dyad=self.dyad)


@dataclass
class FigureSpec:
    name: str
    title: str
    caption: str
    alt: str
    method: str
    sources: list[str]
    build: Callable[[Context], tuple[object, object]]
    shows_claims: bool = False
    dyads: tuple[str, ...] = ()


def _timeline(ctx: Context):
    import escalation as esc

    since, until = ctx.window("2025-09-01", "2026-04-12")
    ax = esc.plots.ladder_timeline(ctx.coded, since=since, until=until, dyad=ctx.dyad, title=False)
    return ax.figure, esc.plots.timeline_data(ctx.coded, since=since, until=until, dyad=ctx.dyad)


def _series(ctx: Context):
    import escalation as esc

    # change points are part of the figure: never drawn without them (ruptures is a core
    # dependency, so the figure does not depend on which extras are installed)
    cps = esc.stats.change_points(ctx.weekly)
    fig = esc.plots.series(ctx.weekly, change_points=cps, trend=esc.stats.trend_fit(ctx.weekly),
                           title=False)
    return fig, esc.plots.series_data(ctx.weekly)


def _claims(ctx: Context):
    import escalation as esc

    d = ctx.history
    keep = d[~d["is_umbrella"] & (d["outcome"] == "killed")
             & d["event_id"].isin(["AFPK-021", "AFPK-026", "AFPK-050", "AFPK-057"])]
    fig = esc.plots.claims(keep)
    return fig, esc.plots.claims_data(keep)


def _reciprocity(ctx: Context):
    import escalation as esc

    ax = esc.plots.reciprocity(ctx.retaliation)
    cols = ["group", "cause", "effect", "n_events", "n_answered", "n_preceded", "n_higher",
            "n_equal", "n_lower", "estimate", "baseline_rate", "statistic", "p_value", "p_holm"]
    return ax.figure, ctx.retaliation[cols]


def _picss(ctx: Context):
    import escalation as esc

    data = esc.plots.load_published("picss_monthly_attacks")
    return esc.plots.picss_attacks(data).figure, data


def _unama(ctx: Context):
    import escalation as esc

    data = esc.plots.load_published("unama_civilian_casualties")
    return esc.plots.unama_casualties(data).figure, data


def _running(ctx: Context):
    import escalation as esc

    data = esc.plots.load_published("ghazab_running_claims")
    return esc.plots.running_claims(data), data


FIGURES = [
    FigureSpec(
        "ladder_timeline", "Afghanistan–Pakistan: events on the escalation ladder",
        "Each reported event on its rung, coloured by direction (mutual exchanges shown in both); "
        "strikes on capitals and declarations labelled. A curated record of reported events, not a sample.",
        "Scatter of events by date and rung from September 2025 to April 2026, with the densest cluster "
        "from 22 February to 3 March 2026 reaching strikes on Kabul and a declaration of open war on 27 February.",
        "escalation.code_events on the default ladder; escalation.plots.ladder_timeline",
        ["data/events.csv (every row cites its page)"], _timeline, dyads=("AFG-PAK", "IND-PAK")),
    FigureSpec(
        "weekly_series", "Weekly events and peak rung per direction",
        "Top: events per ISO week (Monday) per direction, zero-filled; dotted lines are the fitted "
        "negative-binomial trend (directions with at least 10 active weeks); dashed lines are PELT change "
        "points, shaded where activity was above the direction's mean. Bottom: peak rung (o) and peak "
        "kinetic rung (x), so that declarations never stand in for force.",
        "Two panels of weekly counts and peak rungs; bursts in mid-October 2025 and late February 2026.",
        "escalation.build_series(freq='W'); escalation.stats.trend_fit (NB2); "
        "escalation.stats.change_points (PELT, l2 on sqrt counts, jump=1)",
        ["data/events.csv"], _series, dyads=("AFG-PAK", "IND-PAK")),
    FigureSpec(
        "claims_gap", "Both sides' claims about the same losses",
        "Each government's claim about the other's dead against the other's own admission, and "
        "against UN figures for civilians, on a log axis; open markers with arrows are open-ended "
        "claims ('at least 8'), superseded claims included (history). Ratio intervals at right. "
        + CLAIMS_NOTE,
        "Log-scale dot chart: Kabul's 55 Pakistani soldiers against ISPR's 12 (26–27 Feb 2026); ISPR's "
        "about 274 against Kabul's 13 and its earlier 'at least eight'.",
        "escalation.discrepancies(history=True), default interval convention; escalation.plots.claims",
        ["data/claims.csv (every row cites its page)"], _claims, shows_claims=True, dyads=("AFG-PAK",)),
    FigureSpec(
        "retaliation", "Were attacks answered within a week?",
        "Share of each side's day-precision attacks answered by the other within 1–7 days, beside a "
        "baseline from circular shifts of the responder's days within ±30 days; counts, answers on a "
        "higher rung, and Holm-adjusted p-values on the bars. Few events: low power.",
        "Grouped bars for the two directions with observed and baseline answer rates.",
        "escalation.stats.retaliation (window 1–7 days, 999 seeded shifts, mutual rows left out)",
        ["data/events.csv"], _reciprocity, dyads=("AFG-PAK", "IND-PAK")),
    FigureSpec(
        "picss_monthly_attacks", "Militant attacks in Pakistan per month (PICSS)",
        "Monthly militant attacks as published by PICSS, January 2025 – January 2026; January–June "
        "sums to 502, PICSS's half-year figure. PICSS revises its counts after release.",
        "Bar chart of 13 monthly counts between 68 and 143, peaking in August 2025.",
        "as published; data/published/picss_monthly_attacks.csv",
        ["Pakistan Institute for Conflict and Security Studies (PICSS), monthly security assessments"],
        _picss),
    FigureSpec(
        "unama_civilian_casualties", "Afghan civilian casualties from Pakistani cross-border action (UNAMA)",
        "Civilians killed and injured as reported by UNAMA for overlapping periods (preliminary and "
        "final figures shown as published); hatched bars are 'at least' figures.",
        "Horizontal bars of killed and injured by reporting period, October 2025 to March 2026.",
        "as published; data/published/unama_civilian_casualties.csv",
        ["United Nations Assistance Mission in Afghanistan (UNAMA)"], _unama),
    FigureSpec(
        "ghazab_running_claims", "Operation Ghazab lil-Haq: running claims beside UNAMA",
        "Left: Pakistan's running claims of Afghan dead and Kabul's own admitted dead (combatants). "
        "Right: UNAMA's civilian dead beside Kabul's civilian tallies. Open markers are open-ended "
        "claims. " + CLAIMS_NOTE,
        "Two step charts: Pakistan's claims rising from 133 to 641 between 27 February and 11 March "
        "2026 against Kabul's 13 to 28; UNAMA's civilian dead rising from 34 to 56.",
        "as published; data/published/ghazab_running_claims.csv",
        ["Pakistan information ministry and ISPR; Afghan government spokesmen; UNAMA"], _running,
        shows_claims=True),
]

#: The dyads of the bundled data: the figures a dyad gets are those listing it (or none).
BUNDLED_DYADS = ("AFG-PAK", "IND-PAK")


def figures_for(dyad: str) -> list[FigureSpec]:
    """The registered figures drawn for ``dyad``, in gallery order."""
    return [f for f in FIGURES if not f.dyads or dyad in f.dyads]


# -- tables ---------------------------------------------------------------------------
def tables(ctx: Context) -> dict[str, object]:
    """Every summary table, by name, in the order the gallery lists them."""
    import escalation as esc

    d = ctx.discrepancies
    pairs = d[~d["is_umbrella"]][[
        "event_id", "basis", "subject_state", "subject_group", "outcome", "claim_id_a",
        "claimant_org_a", "qualifier_a", "number_a", "low_a", "high_a", "claim_id_b",
        "claimant_org_b", "qualifier_b", "number_b", "low_b", "high_b", "ratio", "ratio_low",
        "ratio_high", "ratio_kind", "comparable", "denial", "convention"]]
    trend = esc.stats.trend(ctx.weekly).drop(columns=["warnings"], errors="ignore")
    daily = esc.build_series(ctx.coded[~ctx.coded["mutual"]], freq="D",
                             since=ctx.since or "2025-01-01", until=ctx.until or "2026-04-12")
    reciprocity = esc.stats.reciprocity(daily[daily["dyad"] == ctx.dyad])
    summary = esc.coding_summary(ctx.coded).to_frame()
    from ..claims import reference_cases

    cases = reference_cases()[["case", "claimant", "claim_qualifier", "claim_number", "claim_number_to",
                               "reference_by", "reference_qualifier", "reference_number", "ratio",
                               "ratio_low", "ratio_high", "ratio_kind", "published_ratio_text",
                               "source_url"]]
    return {"discrepancy_pairs": pairs, "trend": trend, "reciprocity": reciprocity,
            "retaliation": ctx.retaliation, "coding_summary": summary,
            "claim_reference_cases": cases}



def label(fig, spec: FigureSpec) -> None:
    """Title, source and credit line (and the claims warning) drawn on the figure itself."""
    footer = f"Source: {'; '.join(spec.sources)}. " + (CLAIMS_NOTE + " " if spec.shows_claims else "") + CREDIT
    fig.suptitle(spec.title, x=0.01, ha="left", fontsize=9, fontweight="bold")
    fig.text(0.01, 0.005, footer, ha="left", va="bottom", fontsize=5.5, color="#444444", wrap=True)
    engine = fig.get_layout_engine()
    if engine is not None and hasattr(engine, "set"):
        # room for two lines of footer and the title, whatever the figure's height
        height = fig.get_figheight()
        engine.set(rect=(0, min(0.15, 0.26 / height), 1, 1 - min(0.1, 0.18 / height)))


#: Metadata fixed in every image (no dates, no software strings) so the bytes repeat;
#: the alt text travels inside each file.
def _metadata(spec: FigureSpec) -> dict[str, dict]:
    return {"png": {"Software": None, "Title": spec.title, "Description": spec.alt},
            "svg": {"Date": None, "Creator": None, "Title": spec.title, "Description": spec.alt},
            "pdf": {"CreationDate": None, "ModDate": None, "Creator": None, "Producer": None,
                    "Title": spec.title, "Subject": spec.alt}}


def render(fig, spec: FigureSpec, formats) -> dict[str, bytes]:
    """The labelled figure's bytes in each format (``{"png": b"..."}``); closes the figure."""
    import io

    import matplotlib.pyplot as plt

    from ..plots import style

    metadata = _metadata(spec)
    out = {}
    try:
        with style():
            label(fig, spec)
            for fmt in formats:
                buffer = io.BytesIO()
                fig.savefig(buffer, format=fmt, metadata=metadata[fmt])
                out[fmt] = buffer.getvalue()
    finally:
        plt.close(fig)
    return out
