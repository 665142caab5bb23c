"""Build escalation/importers/tables/cameo.csv from GDELT's published CAMEO lookups.

Inputs: GDELT's lookup files CAMEO.eventcodes.txt and CAMEO.goldsteinscale.txt
(https://www.gdeltproject.org/data/lookups/), read from shared/realdata. Output: one row
per CAMEO code with GDELT's description and Goldstein weight, the quad class GDELT's rows
use, and the crosswalk onto the default ladder (DESIGN section 4).
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def kind_for(code: str) -> tuple[str, str]:
    root = code[:2]
    if code == "0871":
        return "ceasefire", "0871 declare truce, ceasefire (0872 eases a blockade: not a ceasefire)"
    if code[:3] in {"036", "037", "038", "039"} or root == "04":
        return "talks", "intent to negotiate, settle or mediate; consult"
    if root in {"11", "12"}:
        return "rhetoric", "disapprove, reject"
    if root in {"13", "15", "16", "17"}:
        return "coercion", "threaten, military posture, reduce relations, coerce"
    if root in {"18", "20"}:
        return "cross_border_attack", "assault or mass violence against the target"
    if root == "19":
        return {"190": ("border_clash", "conventional military force"),
                "191": ("coercion", "impose blockade"),
                "192": ("coercion", "occupy territory"),
                "193": ("exchange_of_fire", "small arms and light weapons"),
                "194": ("cross_border_attack", "artillery and tanks"),
                "195": ("airstrike", "aerial weapons: placed by target depth"),
                "196": ("exchange_of_fire", "violate ceasefire")}.get(code[:3], ("border_clash", "fight"))
    return "out_of_scope", "not a move on the escalation ladder"


def quad_class(code: str) -> int:
    root = int(code[:2])
    return 1 if root <= 5 else 2 if root <= 9 else 3 if root <= 14 else 4


def main(realdata: Path) -> None:
    names = {}
    with (realdata / "CAMEO.eventcodes.txt").open(encoding="utf-8", errors="replace") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            names[row["CAMEOEVENTCODE"]] = row["EVENTDESCRIPTION"].strip()
    names["044"] = "Meet at a 'third' location"  # mojibake in GDELT's 2013 file
    with (realdata / "CAMEO.goldsteinscale.txt").open(encoding="utf-8") as f:
        weights = {r["CAMEOEVENTCODE"]: r["GOLDSTEINSCALE"] for r in csv.DictReader(f, delimiter="\t")}
    out = ROOT / "escalation" / "importers" / "tables" / "cameo.csv"
    with out.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["code", "description", "goldstein", "quad_class", "kind", "crosswalk_note"])
        for code in sorted(weights):
            kind, note = kind_for(code)
            w.writerow([code, names.get(code, ""), weights[code], quad_class(code), kind, note])
    print(f"{len(weights)} codes -> {out}")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else ROOT.parent / "shared" / "realdata"))
