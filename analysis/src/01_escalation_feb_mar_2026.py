"""Tutorial 1: the February–March 2026 escalation, in events, series and tests.

Percent-format source of analysis/01_escalation_feb_mar_2026.ipynb
(``python tools/make_notebooks.py`` writes and runs the notebook).
"""

# %% [markdown]
# # The February–March 2026 escalation
#
# In late February 2026 the conflict between Afghanistan and Pakistan climbed from border
# strikes to strikes on Kabul and a declaration of "open war" by Pakistan's defence
# minister. This tutorial follows that escalation with the package: the events on the
# escalation ladder, weekly series per direction, the change points and trends in them,
# and whether either side's moves were answered by the other.
#
# **What the data is.** The bundled events are a curated record of *reported* events,
# each with its source and a re-check, not a sample of all events: an exchange nobody
# reported is absent. Counts describe this record, and the tests below describe patterns
# in it, not in the war itself.

# %%
import escalation as esc
import matplotlib.pyplot as plt
import pandas as pd

pd.set_option("display.max_colwidth", 60)

events = esc.load_events()
coded = esc.code_events(events)
esc.coding_summary(coded)

# %% [markdown]
# Every row is accounted for: coded onto a rung, or kept as an *aggregate* (umbrella rows
# holding period totals that casualty claims refer to, never counted as events).
#
# ## The ladder
#
# Events are coded onto the package's default ladder, from ceasefire (-2) to interstate
# war (10). Strikes are placed by how deep they reach into the target state (border,
# interior, capital), whatever the platform; statements are placed by their words, so
# that "Now it is open war between us" is a declaration (level 9) while "if talks fail,
# only war will happen" is a threat (level 2).

# %%
esc.EscalationScale.default()

# %% [markdown]
# ## The events, February–March 2026
#
# The timeline puts each event on its rung, one colour per direction. Declarations are
# drawn apart from force: `open_war` is declaratory, not kinetic.

# %%
esc.plots.ladder_timeline(coded, since="2026-02-15", until="2026-03-25", dyad="AFG-PAK")
plt.show()

# %%
window = coded[(coded["dyad"] == "AFG-PAK") & coded["date_start"].between("2026-02-15", "2026-03-25")
               & (coded["rung"] != "aggregate")]
window[["event_id", "date_start", "actor_state", "target_state", "rung", "level", "location"]]

# %% [markdown]
# ## Weekly series per direction
#
# `build_series` counts events per ISO week (labelled by its Monday) and direction, with
# every week present and zero-filled. `max_level` includes declarations;
# `max_kinetic_level` counts force only.

# %%
weekly = esc.build_series(coded, freq="W", since="2025-09-01", until="2026-04-12")
afpak = weekly[weekly["dyad"] == "AFG-PAK"]
busy = afpak[afpak["n_events"] > 0]
busy[["period", "actor_state", "target_state", "n_events", "max_level", "max_kinetic_level"]]

# %% [markdown]
# Two bursts stand out: the border war of October 2025 and the last week of February
# 2026. The cell below prints the numbers this tutorial relies on (the tests re-run it
# and compare).

# %% tags=["key-values"]
per_week = esc.wide(afpak)
october = int(per_week.loc["2025-10-06":"2025-10-13"].to_numpy().sum())
late_feb = int(per_week.loc["2026-02-23"].sum())
peak = afpak.loc[afpak["period"] == "2026-02-23", ["actor_state", "max_level", "max_kinetic_level"]]
print(f"events in the weeks of 6 and 13 Oct 2025: {october}")
print(f"events in the week of 23 Feb 2026: {late_feb}")
for row in peak.itertuples():
    print(f"  {row.actor_state}: peak rung {int(row.max_level)}, peak kinetic rung {int(row.max_kinetic_level)}")

# %% [markdown]
# ## Change points and trend
#
# PELT on the square root of the weekly counts places the breaks between calm and burst.
# The negative-binomial trend and the Mann–Kendall test need at least 10 non-zero weeks
# per direction; a direction with fewer gets no estimate and a note saying why, which is
# the honest answer for a short record.

# %%
breaks = esc.stats.change_points(afpak)
breaks

# %%
trend = esc.stats.trend(afpak)
trend

# %%
esc.plots.series(afpak, change_points=breaks)
plt.show()

# %% [markdown]
# ## Did one side answer the other?
#
# For each day-precision attack, did the other side act within 1–7 days? The baseline
# shifts the responder's days circularly within ±30 days of each attack, keeping its
# bursts. With a dozen or so attacks per side the test has little power: a large p-value
# is not evidence that neither side retaliated.

# %%
answered = esc.stats.retaliation(coded, dyad="AFG-PAK", n_shifts=999)
answered

# %%
esc.plots.reciprocity(answered)
plt.show()

# %% [markdown]
# ## What the data can and cannot show
#
# - It can show the *order* and *rungs* of reported moves: strikes on the border in late
#   February, the Afghan cross-border attack of 26 February, strikes on Kabul, Kandahar
#   and Paktia on the 27th, and a declaration of "open war" the same day.
# - It cannot show how many incidents went unreported, so rates and trends are rates of
#   *reporting* as much as of fighting; the record after 8 April 2026 is sparse because
#   few sources were found, not because fighting stopped.
# - Tests of reaction on a few dozen events have little power. The
#   [calibration](../calibration.md) page gives the size and power of each test.
