"""Tutorial 4: reproducing a published chart, and checking the data behind it.

Percent-format source of analysis/04_reproduce_published_chart.ipynb
(``python tools/make_notebooks.py`` writes and runs the notebook).
"""

# %% [markdown]
# # Reproducing a published chart
#
# The Pakistan Institute for Conflict and Security Studies (PICSS) publishes a monthly
# count of militant attacks in Pakistan, reported in the press month by month. The
# package ships those counts as published, each month with the page it was read from,
# and draws them. This tutorial reproduces the chart for a paper (size, fonts, a source
# line, vector formats), checks that the drawn bars are the published numbers, and sets
# the series beside the package's own record.

# %%
import tempfile
from pathlib import Path

import escalation as esc
import matplotlib.pyplot as plt
import pandas as pd

pd.set_option("display.max_colwidth", 60)

# %% [markdown]
# ## The published numbers
#
# `load_published` reads a table from `data/published/`. Every row names its publisher
# and the URL it was read from; none is estimated here.

# %%
picss = esc.plots.load_published("picss_monthly_attacks")
picss[["month", "attacks", "publisher", "source_url"]]

# %% [markdown]
# PICSS revises its counts after release, so monthly figures need not add up to its
# later totals. The codebook of the published series records the checks: the first
# half of 2025 matches PICSS's half-year figure, the whole year falls short of its
# annual report (1,063) by a few attacks.

# %% tags=["key-values"]
by_month = picss.set_index("month")["attacks"]
print(f"months: {by_month.index[0]} to {by_month.index[-1]} ({len(by_month)})")
print(f"Jan-Jun 2025: {by_month['2025-01':'2025-06'].sum()} attacks")
print(f"2025: {by_month['2025-01':'2025-12'].sum()} attacks")
print(f"highest month: {by_month.idxmax()} ({by_month.max()})")

# %% [markdown]
# ## The package's chart
#
# `esc.plots.picss_attacks()` draws the series in the package's house style (the one the
# report writes to `figures/`).

# %%
esc.plots.picss_attacks()
plt.show()

# %% [markdown]
# ## The same chart for a paper
#
# A journal's single column is about 3.5 inches wide. The chart below is drawn with
# matplotlib from the same table, in grey, with the peak labelled and a source line, and
# saved as SVG and PDF (vector formats scale without blurring). `svg.hashsalt` and the
# PDF's `CreationDate` are fixed so that the same data gives the same files, run after
# run.

# %%
months = pd.to_datetime(picss["month"])
with plt.rc_context({"font.size": 7, "axes.spines.top": False, "axes.spines.right": False,
                     "svg.hashsalt": "picss"}):
    fig, ax = plt.subplots(figsize=(3.5, 2.2), layout="constrained")
    bars = ax.bar(months.dt.strftime("%b\n%Y").where(months.dt.month.isin([1, 7]),
                                                     months.dt.strftime("%b")),
                  picss["attacks"], color="0.55", width=0.75)
    peak = picss["attacks"].idxmax()
    ax.annotate(f"{picss.loc[peak, 'attacks']}", (peak, picss.loc[peak, "attacks"]),
                xytext=(0, 2), textcoords="offset points", ha="center", fontsize=6)
    ax.set_ylabel("militant attacks per month")
    ax.tick_params(axis="x", labelsize=5.5)
    fig.text(0.01, -0.04, "Data: PICSS Militancy Database, monthly reports as published "
             "(Dawn, Express Tribune, others).", fontsize=5, ha="left", va="top")
    out = Path(tempfile.mkdtemp())
    fig.savefig(out / "picss_attacks.svg", bbox_inches="tight")
    fig.savefig(out / "picss_attacks.pdf", bbox_inches="tight", metadata={"CreationDate": None})
plt.show()
sorted(p.name for p in out.iterdir())

# %% [markdown]
# ## Check the data behind the chart, not its pixels
#
# A figure can look right and be wrong (a misaligned category, a dropped month). The
# bars' heights can be read back from the drawing and compared with the published
# numbers, month by month.

# %% tags=["key-values"]
drawn = [bar.get_height() for bar in bars]
print("bars drawn:", len(drawn), "| equal to the published counts:", drawn == picss["attacks"].tolist())

# %% [markdown]
# ## Beside the package's own record
#
# The bundled events are a curated record of *interstate* moves between Afghanistan and
# Pakistan; militant attacks in it are context (the `militant_attack` rung, left out of
# series unless asked for) and few. Counting them per month next to PICSS's series shows
# what a curated record is not: a count of all militancy.

# %%
coded = esc.code_events(esc.load_events())
monthly = esc.build_series(coded, freq="M", since="2025-01-01", until="2026-01-31",
                           include_nonstate=True)
ours = (monthly[monthly["actor_state"] == "NONSTATE"].groupby("period")["n_events"].sum()
        .rename("militant attacks in the bundled record"))
ours.index = ours.index.strftime("%Y-%m")
side_by_side = pd.concat([by_month.rename("PICSS (published)"), ours], axis=1).fillna(0).astype(int)
side_by_side

# %% [markdown]
# ## Citing
#
# Cite the publisher of every number you chart: here PICSS, through the pages in
# `source_url`. `esc.cite()` gives BibTeX entries for the package's dataset and every page
# its events and claims cite.

# %%
print(esc.cite().split("\n\n")[0])
