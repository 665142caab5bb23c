"""Write the notebooks in analysis/ from the cells below (outputs stripped).

Keeping the source here, as plain Python, makes the notebooks easy to review and diff;
``python tools/make_notebooks.py`` regenerates them.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

ROOT = Path(__file__).resolve().parents[1]

ESCALATION_WALKTHROUGH = [
    ("md", """# The Oct 2025 and Feb–Mar 2026 bursts, in series and tests

This walk-through uses only the public API of `escalation` on the bundled data.

**What the data is.** A curated record of *reported* events, built from cited news, government
and UN pages and re-checked against stored copies. It is not a sample of all events: an
exchange nobody reported, or that our sources did not carry, is absent. Counts describe this
record, and the p-values below describe patterns in it, not in the war itself."""),
    ("code", """import escalation as esc
import pandas as pd

events = esc.load_events()
coded = esc.code_events(events)
print(esc.coding_summary(coded))"""),
    ("md", """## Weekly series per direction

ISO weeks labelled by their Monday; every week present, zero-filled. `max_level` includes
declarations (the "open war" post is level 9); `max_kinetic_level` counts force only."""),
    ("code", """weekly = esc.build_series(coded, freq="W", since="2025-09-01", until="2026-04-12")
afpak = weekly[weekly["dyad"] == "AFG-PAK"]
cols = ["period", "actor_state", "target_state", "n_events", "max_level", "max_kinetic_level"]
afpak.loc[afpak["n_events"] > 0, cols]"""),
    ("code", """# The two bursts: the week of the Oct 2025 border war and the week of 'open war'
peaks = afpak.set_index(["period", "actor_state"])["n_events"]
oct_weeks = int(sum(peaks.loc[(w, side)] for w in ("2025-10-06", "2025-10-13") for side in ("PAK", "AFG")))
feb_week = int(peaks.loc[("2026-02-23", "PAK")] + peaks.loc[("2026-02-23", "AFG")])
top = int(afpak.loc[afpak["period"] == "2026-02-23", "max_level"].max())
assert (oct_weeks, feb_week, top) == (13, 16, 9)
print(f"weeks of 6 and 13 Oct 2025: {oct_weeks} events; week of 23 Feb 2026: {feb_week} events, peak rung {top}")"""),
    ("md", """## Change points and trend

PELT (`jump=1`) on the square root of weekly counts places the bursts; the negative-binomial
trend and Mann–Kendall tests need at least 10 non-zero weeks per direction, which only the
Pakistan→Afghanistan direction has since 2025."""),
    ("code", """breaks = esc.stats.change_points(afpak)
print(breaks[["group", "break_period", "mean_before", "mean_after"]])
trend = esc.stats.trend(afpak)
trend[["group", "method", "estimate", "estimate_name", "p_value", "p_holm", "n_events", "share_zero", "note"]]"""),
    ("code", """pak_breaks = set(breaks.loc[breaks["group"] == "PAK→AFG", "break_period"].dt.strftime("%Y-%m-%d"))
assert {"2025-10-06", "2026-02-23"} <= pak_breaks"""),
    ("md", """## Did one side answer the other?

Retaliation: for each day-precision attack, did the other side act within 1–7 days, and on a
higher rung? The baseline shifts the responder's days circularly within ±30 days of each
attack, keeping its bursts. With a dozen or so attacks per side the test has little power;
the reaction-function regression needs at least 10 active days per side and reports NaN
here, which is the honest answer for so short a record."""),
    ("code", """ret = esc.stats.retaliation(coded, dyad="AFG-PAK", n_shifts=999)
ret[["cause", "effect", "n_events", "n_answered", "n_higher", "baseline_rate", "estimate", "p_value", "p_holm"]]"""),
    ("code", """daily = esc.build_series(coded[~coded["mutual"]], freq="D", since="2025-09-01", until="2026-04-08")
rec = esc.stats.reciprocity(daily[daily["dyad"] == "AFG-PAK"])
rec[["cause", "effect", "method", "test", "p_value", "n_events", "share_zero", "note"]]"""),
    ("md", """## What the data can and cannot show

- It can show the *order* and *rungs* of reported moves: strikes on the border in late February,
  the Afghan cross-border attack of 26 February, strikes on Kabul, Kandahar and Paktia on the
  27th, and a declaration of "open war" the same day.
- It cannot show how many incidents went unreported, so rates and trends are rates of
  *reporting* as much as of fighting, and the record after 8 April 2026 is empty because no
  source was found, not because fighting stopped.
- Tests of reaction on a few dozen events have little power; a non-significant result is not
  evidence that neither side retaliated."""),
]

CLAIMS_GAP = [
    ("md", """# The claims gap: how far apart the two governments' casualty figures are

Claims are claims, not verified counts. Each claim is an interval ("at least 8" is [8, ∞)),
and a ratio of two intervals is an interval."""),
    ("code", """import escalation as esc

claims = esc.load_claims()
d = esc.discrepancies(claims)
cols = ["event_id", "basis", "claimant_side_a", "number_a", "qualifier_a", "number_b", "qualifier_b",
        "ratio", "ratio_low", "ratio_high", "ratio_kind", "comparable"]
d[d["basis"] == "adversary_vs_admission"][cols]"""),
    ("code", """pair = d[(d["claim_id_a"] == "CL-082") & (d["claim_id_b"] == "CL-075")].iloc[0]
assert round(pair["ratio"], 2) == 4.58   # Kabul's 55 Pakistani soldiers vs ISPR's 12
history = esc.discrepancies(claims, history=True)
early = history[(history["claim_id_a"] == "CL-080") & (history["claim_id_b"] == "CL-084")].iloc[0]
assert early["ratio_kind"] == "upper_bound" and round(early["ratio_high"], 2) == 16.62
print("Tarar's morning 133 against Kabul's first 'at least eight': ratio between",
      early["ratio_low"], "and", round(early["ratio_high"], 2))"""),
    ("code", """pooled = esc.pool_discrepancies(d)
assert int(pooled.loc[0, "n_events"]) == 3
pooled"""),
]

CODE_YOUR_OWN = [
    ("md", """# Coding your own file

Your events need six columns: `event_id`, `date_start`, `actor_state`, `target_state`,
`kind`, `source_url`. Everything else has a documented default."""),
    ("code", """import tempfile, pathlib
import pandas as pd
import escalation as esc

mine = pd.DataFrame({
    "event_id": ["m1", "m2", "m3", "m4"],
    "date_start": ["2026-05-02", "2026-05-03", "2026-05-03", "2026-05-04"],
    "actor_state": ["PAK", "AFG", "PAK", "AFG"],
    "target_state": ["AFG", "PAK", "AFG", "PAK"],
    "kind": ["airstrike", "statement", "drone_attack", "sabotage"],
    "location": ["Kabul", "", "Spin Boldak", ""],
    "admin1": ["Kabul", "", "Kandahar", ""],
    "quote": ["", "If they strike again, we will respond with full force", "", ""],
    "source_url": ["https://example.org/a"] * 4,
})
path = pathlib.Path(tempfile.mkdtemp()) / "mine.csv"
mine.to_csv(path, index=False)
coded = esc.code_events(esc.load_events(path))
coded[["event_id", "kind", "rung", "level", "rung_source"]]"""),
    ("code", """summary = esc.coding_summary(coded)
assert summary.adds_up and summary.uncoded == 1
assert coded["rung"].astype(str).tolist()[:3] == ["airstrike_capital", "coercion", "airstrike_border"]
summary"""),
    ("code", """bad = mine.assign(date_start=["2026-05-02", "2026-13-01", "2026-05-03", "2026-05-04"])
bad.to_csv(path, index=False)
try:
    esc.load_events(path)
except esc.DataValidationError as err:
    message = str(err)
print(message)
assert "row 2" in message and "date_start" in message"""),
]


def write(name: str, cells) -> None:
    nb = new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [new_markdown_cell(src) if kind == "md" else new_code_cell(src) for kind, src in cells]
    nbformat.write(nb, ROOT / "analysis" / name)


if __name__ == "__main__":
    write("01_escalation_feb_mar_2026.ipynb", ESCALATION_WALKTHROUGH)
    write("02_claims_gap.ipynb", CLAIMS_GAP)
    write("03_code_your_own_file.ipynb", CODE_YOUR_OWN)
