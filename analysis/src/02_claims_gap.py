"""Tutorial 2: the two sides' casualty claims, as intervals.

Percent-format source of analysis/02_claims_gap.ipynb
(``python tools/make_notebooks.py`` writes and runs the notebook).
"""

# %% [markdown]
# # The two sides' claims
#
# After the strikes of 27 February 2026 each government announced what the fighting had
# cost the other side, and what it had cost its own. Pakistan's figures for Afghan dead
# ran into the hundreds; Kabul's admissions were a few dozen. This tutorial keeps every
# claim as stated, reads it as an interval, and measures how far apart the two sides
# are about the same losses.
#
# **Claims are claims, not verified counts.** Neither side's figure is the truth; the
# ratio between them measures the gap between two stories, not either one's error.

# %%
import escalation as esc
import matplotlib.pyplot as plt
import pandas as pd

pd.set_option("display.max_colwidth", 50)

claims = esc.load_claims()
len(claims), claims["claimant_side"].value_counts().to_dict()

# %% [markdown]
# ## A claim is an interval
#
# "At least 274" is not 274: it is the interval [274, ∞). "About 274" is [246, 302]
# under the default convention (±10 %, documented in the codebook); "more than 400" is
# [401, ∞); "dozens" is [24, ∞). `parse_claim` reads a phrase into such an interval.

# %%
for phrase in ["274", "at least 274", "about 274", "more than 400", "up to 464", "dozens",
               "between 30 and 40"]:
    print(f"{phrase!r:22} -> {esc.parse_claim(phrase)}")

# %% [markdown]
# ## What each side said about 26–27 February
#
# The Afghan attack of 26 February and Pakistan's strikes of the 27th
# (event `AFPK-050` and the umbrella row `AFPK-U03` for the days after). Each row is
# one claim, with who made it, about whose people, and the interval.

# %%
cols = ["claim_id", "claimant", "claimant_side", "subject_state", "subject_category", "outcome",
        "qualifier", "number", "low", "high", "claim_date"]
killed = claims[claims["event_id"].isin(["AFPK-050", "AFPK-U03"]) & (claims["outcome"] == "killed")]
killed[cols].sort_values(["claim_date", "claim_id"])

# %% [markdown]
# ## Discrepancies
#
# `discrepancies` pairs each side's claim about the other side's losses with that side's
# own admission about the same losses (`adversary_vs_admission`), and claims with an
# independent count (UNAMA, the UN) where there is one (`claim_vs_independent`). The
# ratio of two intervals is an interval: a point when both are points, a lower bound when
# the numerator is open-ended ("at least 274" against 13 is at least 21 times), and
# undefined when both are open. Only comparable pairs (the same category of people, the
# same outcome) are pooled.

# %%
d = esc.discrepancies(claims, as_of="2026-03-10")
pairs = d[d["basis"] == "adversary_vs_admission"]
pairs[["event_id", "claimant_side_a", "qualifier_a", "number_a", "qualifier_b", "number_b",
       "ratio_low", "ratio_high", "ratio_kind", "comparable"]]

# %% tags=["key-values"]
kabul = d[(d["claim_id_a"] == "CL-082") & (d["claim_id_b"] == "CL-075")].iloc[0]
print(f"Kabul's {kabul['number_a']:.0f} Pakistani soldiers killed against Pakistan's own "
      f"{kabul['number_b']:.0f}: ratio {kabul['ratio']:.2f}")
history = esc.discrepancies(claims, history=True)
early = history[(history["claim_id_a"] == "CL-080") & (history["claim_id_b"] == "CL-084")].iloc[0]
print(f"Tarar's early 133 against Kabul's first 'at least 8': ratio between "
      f"{early['ratio_low']:.2f} and {early['ratio_high']:.2f} ({early['ratio_kind']})")
pooled = esc.pool_discrepancies(d)
for row in pooled.itertuples():
    print(f"pooled over {row.n_events} events, claims by {row.claimant_side_a}: geometric mean ratio "
          f"{row.gm_ratio:.2f} ({row.ci_method})")

# %% [markdown]
# ## Claims change
#
# Claims are revised: Pakistan's information minister gave 133 Afghan dead early on
# 27 February, then 297, more than 331, 352, at least 415 the next day, and 583 by
# 8 March. `discrepancies(..., as_of=date)` uses the latest claim each side had made by
# that date (`supersedes` links a claim to the one it replaces); `history=True` keeps
# every pairing, so the gap can be followed over time.

# %%
running = history[(history["event_id"] == "AFPK-050") & (history["basis"] == "adversary_vs_admission")]
running[["claim_id_a", "claim_date_a", "number_a", "claim_id_b", "claim_date_b", "number_b",
         "ratio_low", "ratio_high", "ratio_kind"]].sort_values(["claim_date_a", "claim_date_b"])

# %% [markdown]
# ## The figure
#
# Both sides' claims on a log axis, one panel per group of people: filled markers are
# stated numbers, open markers with an arrow are open ends, diamonds are independent
# (UN) counts. Combatants and civilians are never drawn on one axis.

# %%
esc.plots.claims(d, event_ids=["AFPK-050", "AFPK-U03"])
plt.show()

# %% [markdown]
# ## Is this gap unusual?
#
# Published comparisons of warring parties' claims, rebuilt from their sources as
# intervals with the same arithmetic (`esc.claims.reference_cases()`): Airwars against
# the US-led coalition's admissions, the Taliban's claims of foreign troops killed in
# 2008 against an AP tally, and others. Gaps of ten to fifty times are not rare.

# %%
cases = esc.claims.reference_cases()
cases[["case", "claimant", "reference_by", "ratio_low", "ratio_high", "ratio_kind",
       "published_ratio_text"]]

# %% [markdown]
# ## What this can and cannot show
#
# - It shows how far apart the stories are, with the uncertainty the words carry ("at
#   least" stays open-ended, "about" stays an interval), and how the gap moved as claims
#   were revised.
# - It cannot say which side is closer to the truth. Independent counts (UNAMA) cover
#   civilians, not soldiers, and are themselves minimums.
# - Pooling three events gives a description, not an estimate: the bootstrap is used
#   only with eight or more events.
