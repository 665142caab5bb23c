"""Tutorial 3: your own conflict, from a file in ACLED's export format.

Percent-format source of analysis/03_your_own_conflict.ipynb
(``python tools/make_notebooks.py`` writes and runs the notebook).
"""

# %% [markdown]
# # Your own conflict from an ACLED export
#
# Nothing in the package is specific to Afghanistan and Pakistan. This tutorial takes a
# file in ACLED's export format for another conflict, the 2025 fighting on the border
# between Thailand and Cambodia, and goes through the whole analysis: reading and
# accounting for every row, a ladder written for this conflict, coding, weekly and daily
# series, statistics and figures.
#
# **The file is synthetic.** `data/thailand_cambodia_2025_acled_synthetic.csv` was made
# by hand (by `data/make_thailand_cambodia.py`) in ACLED's 31-column export format. It
# follows the broad shape of the fighting as reported (a burst in late July 2025, a
# ceasefire on 28 July, incidents through the autumn, renewed fighting in December), but
# its dates, places, actors, counts and notes are illustrative, not a record of events
# and not ACLED data. With a real export, only the file name changes.

# %%
import escalation as esc
import matplotlib.pyplot as plt
import pandas as pd

pd.set_option("display.max_colwidth", 70)
FILE = "data/thailand_cambodia_2025_acled_synthetic.csv"

# %% [markdown]
# ## Reading the export: every row accounted for
#
# `read_acled` maps state forces ("Military Forces of Thailand (2019-)") to ISO3 codes,
# keeps a row in scope when one state's forces act against another state's forces or
# territory, crosswalks ACLED's `sub_event_type` onto the ladder, and turns
# `time_precision` into date spans. Its report adds up: rows read = coded + out of scope
# + uncoded + rejected, each with its reason.

# %%
events, report = esc.read_acled(FILE)
report

# %% [markdown]
# The row with an impossible date (`2025-12-32`) is rejected with its row number and the
# rest is imported; protests and a police action at home are out of scope (the reason
# stays on the row, in `scope_reason`); fatalities left empty are unknown, not zero.
# Four landmine blasts are *uncoded*: ACLED's `Remote explosive/landmine/IED` has no
# place on the default ladder. A ladder written for this conflict can give them one.

# %%
events[["event_id", "date_start", "actor_state", "target_state", "kind", "rung", "location",
        "fatalities", "scope_reason"]].head(12)

# %% [markdown]
# ## A ladder for this conflict
#
# A ladder is a TOML file: rungs with levels, and a table mapping event kinds to rungs
# (every key is checked; the format is on the documentation site's *Ladders* page). This
# one, `data/thailand_cambodia_ladder.toml`, puts landmine blasts on patrols between
# coercion and clashes, and keeps the placement of air strikes by depth (`@depth`).

# %%
LADDER = "data/thailand_cambodia_ladder.toml"
print(open(LADDER, encoding="utf-8").read())

# %%
ladder = esc.EscalationScale.from_toml(LADDER)
ladder

# %% [markdown]
# ## Coding
#
# `code_events` on the reader's output keeps the reader's scope decisions (rows set aside
# stay set aside) and codes the rest on the new ladder. The landmine blasts now have a
# rung; nothing is uncoded.

# %%
coded = esc.code_events(events, scale=ladder)
summary = esc.coding_summary(coded)
summary

# %% [markdown]
# ### Where the strikes landed
#
# Air strikes are placed by how deep they reach into Cambodia. A point of `town`
# precision (ACLED's `geo_precision` 1) decides by distance to Thailand's territory
# (`border_km`, 50 km by default); a place named without a point is looked up in the
# shipped gazetteer, only within Cambodia; a provincial point never decides. A strike
# that nothing places is *unplaced*: coded on the lowest strike rung and flagged with the
# reason, never silently put somewhere.

# %%
strikes = coded[coded["rung_source"] == "depth"]
strikes[["event_id", "location", "latitude", "longitude", "rung", "depth_source", "depth_reason"]]

# %% [markdown]
# All placed strikes are within 50 km of Thailand. The threshold is a parameter, not a
# fact; with 20 km, the strikes deeper in are in the interior:

# %%
narrow = esc.code_events(events, scale=ladder, border_km=20)
pd.crosstab(strikes["rung"].astype(str).rename("border_km=50"),
            narrow.loc[strikes.index, "rung"].astype(str).rename("border_km=20"))

# %% [markdown]
# ## Series
#
# Weekly counts per direction (ISO weeks, by their Monday), zero-filled, with the highest
# rung reached and the reported fatalities: summed over the events that report them,
# with the others counted in `n_fatalities_unknown`, never guessed.

# %%
weekly = esc.build_series(coded, freq="W")
weekly.loc[weekly["n_events"] > 0, ["period", "actor_state", "target_state", "n_events", "max_level",
                                    "max_kinetic_level", "fatalities", "n_fatalities_unknown"]]

# %% tags=["key-values"]
print(f"rows read {report.rows_read} = coded {report.coded} + out of scope {report.out_of_scope} "
      f"+ uncoded {report.uncoded} + rejected {report.rejected}")
print(f"on the tutorial ladder: {summary.coded} coded, {summary.uncoded} uncoded; "
      f"strike depth from {summary.by_depth_source}")
busiest = weekly.loc[weekly.groupby(["actor_state", "target_state"])["n_events"].idxmax()]
for row in busiest.itertuples():
    print(f"busiest week {row.actor_state}->{row.target_state}: {row.period:%Y-%m-%d}, "
          f"{row.n_events} events, peak rung {row.max_level:.0f}")
print("weekly events per direction:", esc.wide(weekly).sum().astype(int).to_dict())

# %% [markdown]
# ## Statistics
#
# **Change points.** On the daily series, PELT finds where each direction's rate of
# events changes: the two bursts stand out.

# %%
daily = esc.build_series(coded, freq="D", since="2025-07-01", until="2025-12-31")
breaks = esc.stats.change_points(daily)
breaks

# %% [markdown]
# **Trend.** The negative-binomial trend (an incidence-rate ratio per 30 days) and the
# Mann–Kendall test need at least 10 non-zero weeks per direction (`n_nonzero`); below
# that the table gives no estimate and says why. Read any estimate with the figure
# beside it: an exponential trend through two separate bursts describes little.

# %%
esc.stats.trend(weekly)

# %% [markdown]
# **Did one side answer the other?** For each day-precision attack, did the other side
# act within 1–7 days? The baseline shifts the responder's days circularly within ±30
# days. Answering is what bursts look like, so the baseline matters more than the raw
# share.

# %%
answered = esc.stats.retaliation(coded, n_shifts=999)
answered

# %% [markdown]
# ## Figures
#
# Titles, axis labels and rung names come from the data: the states' names, the
# tutorial ladder's rungs, the series' frequency.

# %%
esc.plots.ladder_timeline(coded)
plt.show()

# %%
esc.plots.series(weekly)
plt.show()

# %%
esc.plots.reciprocity(answered)
plt.show()

# %% [markdown]
# ## With your own file
#
# - An ACLED export: `esc.read_acled(path)`; UCDP GED: `esc.read_ucdp_ged(path)`; GDELT:
#   `esc.read_gdelt(path)`. Each returns the events and a report whose counts add up.
# - Your own table in the package's schema (six required columns):
#   `esc.load_events(path)`, then `esc.code_events`.
# - A ladder of your own: a TOML file and `esc.EscalationScale.from_toml`, then
#   `code_events(..., scale=ladder)`; series, statistics and figures follow it.
# - Boundaries of your own (GeoJSON) for placing strikes: `code_events(..., boundaries=path)`.
