"""Importers: hand-made fixtures (always) and the real samples in ../shared/realdata (when present)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

import escalation as esc
from escalation.errors import FileFormatError
from escalation.importers import cameo_table, mid_crosswalk, normalise_cameo

from conftest import REALDATA

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def realdata(name: str) -> Path:
    path = REALDATA / name
    if not path.exists():
        pytest.skip(f"real sample {name} not present (../shared/realdata)")
    return path


def statuses(events) -> dict[str, str]:
    return dict(zip(events["event_id"], events["rung"].astype(str)))


def counts(report) -> tuple[int, int, int, int, int]:
    assert report.adds_up
    return report.rows_read, report.coded, report.out_of_scope, report.uncoded, report.rejected


# -- fixtures -----------------------------------------------------------------------------
def test_acled_fixture():
    events, report = esc.read_acled(FIXTURES / "acled_fixture.csv")
    assert counts(report) == (10, 5, 3, 1, 1)
    assert statuses(events) == {
        "ACLED-FX1": "airstrike_capital",   # Pakistani strike in Kabul
        "ACLED-FX2": "airstrike_border",    # Spera, Khost
        "ACLED-FX3": "airstrike_interior",  # Laghman
        "ACLED-FX4": "border_clash",        # Afghan vs Pakistani forces, text inter codes
        "ACLED-FX5": "cross_border_attack",
        "ACLED-FX6": "out_of_scope",        # a protest
        "ACLED-FX7": "out_of_scope",        # Pakistani forces against TTP at home
        "ACLED-FX8": "uncoded",             # a sub-event type with no crosswalk
        "ACLED-FX10": "out_of_scope",       # a non-state actor
    }
    assert report.rejections.iloc[0].tolist() == [9, "event_date", "not a date: '27/02/2026'"]
    ev = events.set_index("event_id")
    # time_precision 2: the recorded mid-point +-3 days; 3: the recorded date's month
    assert (ev.loc["ACLED-FX3", "date_start"], ev.loc["ACLED-FX3", "date_end"]) == (
        pd.Timestamp("2026-02-25"), pd.Timestamp("2026-03-03"))
    assert (ev.loc["ACLED-FX5", "date_start"], ev.loc["ACLED-FX5", "date_end"]) == (
        pd.Timestamp("2026-03-01"), pd.Timestamp("2026-03-31"))
    assert ev.loc["ACLED-FX4", ["actor_state", "target_state", "dyad"]].tolist() == ["AFG", "PAK", "AFG-PAK"]


def test_ucdp_fixture():
    events, report = esc.read_ucdp_ged(FIXTURES / "ucdp_ged_fixture.csv")
    assert counts(report) == (8, 4, 3, 0, 1)
    ev = events.set_index("event_id")
    assert ev.loc["GED-1", ["dyad", "rung", "mutual"]].tolist() == ["IND-PAK", "border_clash", True]
    assert ev.loc["GED-2", ["fatalities_low", "fatalities", "fatalities_high"]].tolist() == [11, 11, 40]
    assert ev.loc["GED-3", "date_precision"] == "month" and ev.loc["GED-4", "date_precision"] == "period"
    assert set(ev.loc[["GED-5", "GED-6", "GED-7"], "rung"].astype(str)) == {"out_of_scope"}


@pytest.mark.parametrize("name,fmt,expected", [
    ("gdelt1_fixture.tsv", "GDELT 1.0", (9, 5, 1, 1, 2)),
    ("gdelt2_synthetic.export.CSV", "GDELT 2.0", (8, 5, 1, 1, 1)),
])
def test_gdelt_fixtures(name, fmt, expected):
    events, report = esc.read_gdelt(FIXTURES / name)
    assert report.format == fmt
    assert counts(report) == expected
    ev = events.set_index("event_id")
    assert ev.loc["GDELT-9001", "rung"] == "airstrike_capital"  # 195 on Kabul
    assert ev.loc["GDELT-9002", ["cameo_code", "rung"]].tolist() == ["043", "talks"]  # "43" restored
    assert ev.loc["GDELT-9003", ["cameo_code", "rung"]].tolist() == ["0871", "ceasefire"]
    assert ev.loc["GDELT-9004", ["rung", "is_state_action", "dyad"]].tolist() == ["border_clash", False, ""]
    assert ev.loc["GDELT-9006", "rung"] == "coercion"
    assert ev.loc["GDELT-9007", "rung"] == "uncoded"
    assert ev.loc["GDELT-9001", "goldstein"] == -10.0


def test_synthetic_gdelt2_fixture_has_the_published_layout():
    labels = pd.read_csv(realdata("GDELT_2.0_Events_Column_Labels_Header_Row_Sep2016.csv"))
    from escalation.importers.gdelt import COLUMNS_V2

    assert labels["tableId"].tolist() == COLUMNS_V2
    fields = (FIXTURES / "gdelt2_synthetic.export.CSV").read_text().splitlines()[0].split("\t")
    assert len(fields) == 61 and len(fields[COLUMNS_V2.index("DATEADDED")]) == 14


def test_gdelt1_columns_match_the_published_labels():
    from escalation.importers.gdelt import COLUMNS_V1

    labels = [l.strip() for l in realdata("GDELT_1.0_event_Column_Labels_Header_Row_Sep2016.tsv")
              .read_text().splitlines()[1:] if l.strip()]
    assert labels == COLUMNS_V1


@pytest.mark.parametrize("reader,name", [(esc.read_acled, "ucdp_ged_fixture.csv"),
                                         (esc.read_ucdp_ged, "acled_fixture.csv"),
                                         (esc.read_gdelt, "acled_fixture.csv")])
def test_wrong_format_is_one_clear_error(reader, name):
    with pytest.raises(FileFormatError) as info:
        reader(FIXTURES / name)
    message = str(info.value)
    assert name in message and "expected" in message


def test_normalise_cameo():
    codes = pd.Series(["43", "043", "871", "0871", "190", "1", "10"])
    assert normalise_cameo(codes).tolist() == ["043", "043", "0871", "0871", "190", "01", "010"]


def test_mid_crosswalk():
    table = mid_crosswalk()
    assert list(table.index) == list(range(22))
    assert table.loc[18, "kind"] == "open_war" and table.loc[20, "kind"] == "interstate_war"
    assert table.loc[[1, 7, 13, 20], "hostility_level"].tolist() == [2, 3, 4, 5]
    mid = esc.EscalationScale.mid_hostility()
    # each action's MID rung has the action's hostility level
    assert all(mid[r].level == h for r, h in zip(table["mid_rung"], table["hostility_level"]))
    default = esc.EscalationScale.default()
    assert all(k == "out_of_scope" or default.kind_map.get(k) for k in table["kind"])


# -- real samples ----------------------------------------------------------------------
def test_real_acled_sample():
    events, report = esc.read_acled(realdata("acled_2022_pak_afg_sample_acledR.csv"))
    assert counts(report) == (329, 9, 319, 1, 0)
    rung = statuses(events)
    # each action of Pakistan's forces in Afghanistan, typed from the rows' notes
    assert {k: rung[k] for k in ["ACLED-AFG63312", "ACLED-AFG63337", "ACLED-AFG63758", "ACLED-AFG63997",
                                 "ACLED-AFG64174", "ACLED-AFG64309", "ACLED-AFG64412"]} == {
        "ACLED-AFG63312": "cross_border_attack",  # artillery into Kamdesh, Nuristan
        "ACLED-AFG63337": "cross_border_attack",  # shells on Jaji Maidan, Khost
        "ACLED-AFG63758": "cross_border_attack",  # fired on vehicles near the border, Nimruz
        "ACLED-AFG63997": "coercion",             # a raid searching homes in Gurbuz
        "ACLED-AFG64174": "cross_border_attack",  # rockets on Nari, Kunar
        "ACLED-AFG64309": "cross_border_attack",  # shot a civilian at Barmal
        "ACLED-AFG64412": "border_clash",         # skirmish at Dand Patan
    }
    protests = events[events["acled_event_type"] == "Protests"]
    assert len(protests) == 187 and set(protests["rung"].astype(str)) == {"out_of_scope"}


def test_real_ucdp_sample():
    events, report = esc.read_ucdp_ged(realdata("ucdp_ged231_sample_uncertainUCDP.csv"))
    assert counts(report) == (1000, 18, 982, 0, 0)
    gov_rebel = events[events["actor"].str.startswith("Government of") & ~events["target"].str.startswith("Government of")]
    assert len(gov_rebel) > 0 and set(gov_rebel["rung"].astype(str)) == {"out_of_scope"}
    coded = events[events["rung"].astype(str) == "border_clash"]
    assert coded["dyad"].value_counts().to_dict() == {"RUS-UKR": 13, "IND-PAK": 4, "IRN-ISR": 1}
    assert (coded["fatalities_low"] <= coded["fatalities"]).all() and (coded["fatalities"] <= coded["fatalities_high"]).all()


def test_real_gdelt_sample():
    events, report = esc.read_gdelt(realdata("gdelt_v1_events_sample.csv"))
    assert counts(report) == (710, 135, 575, 0, 0)
    ev = events.set_index("event_id")
    taliban = ev.loc["GDELT-564160056"]  # TALIBAN -> AFGHANISTAN, 190
    assert (taliban["actor"], taliban["cameo_code"], taliban["rung"]) == ("TALIBAN", "190", "border_clash")
    assert not taliban["is_state_action"]
    kabul = ev.loc["GDELT-564138158"]  # ISLAMIC -> KABUL, 194
    assert (kabul["target"], kabul["cameo_code"], kabul["rung"]) == ("KABUL", "194", "cross_border_attack")
    assert kabul["target_state"] == "AFG"


def test_goldstein_weights_equal_the_rows_own_apart_from_106():
    events, _ = esc.read_gdelt(realdata("gdelt_v1_events_sample.csv"))
    differ = events[events["goldstein"] != events["goldstein_reported"]]
    assert set(differ["cameo_code"]) <= {"106"}
    table = cameo_table()
    published = pd.read_csv(realdata("CAMEO.goldsteinscale.txt"), sep="\t", dtype={"CAMEOEVENTCODE": str})
    assert dict(zip(published["CAMEOEVENTCODE"], published["GOLDSTEINSCALE"])) == table["goldstein"].to_dict()
    assert table.loc["106", "goldstein"] == -5.0


def test_icews_differences_are_the_documented_five():
    icews = pd.read_csv(realdata("icews_cameo-codes.csv"), encoding="mac_roman", dtype={"code": str})
    ours = cameo_table()["goldstein"]
    theirs = dict(zip(icews["code"], icews["goldstein"].astype(float)))
    differ = {c for c, g in theirs.items() if c not in ours.index or ours[c] != g}
    assert differ == {"016", "022", "164", "165", "1213"}
    doc = (Path(esc.__file__).parent / "importers" / "tables" / "README.md").read_text()
    assert all(code in doc for code in differ)


def test_quad_classes_follow_gdelt_rows():
    events, _ = esc.read_gdelt(realdata("gdelt_v1_events_sample.csv"))
    table = cameo_table()
    assert (events["cameo_code"].map(table["quad_class"]) == events["quad_class"]).all()


def independent_weekly(events: pd.DataFrame) -> pd.Series:
    """Count state actions on the ladder per (ISO-week Monday, actor, target), by hand."""
    ladder = set(esc.EscalationScale.default().keys)
    counts: dict[tuple, int] = {}
    for r in events.itertuples():
        if (str(r.rung) not in ladder or not r.is_state_action or not r.is_dyadic or not r.dyad
                or (r.mutual and r.level < 0)):
            continue
        iso = r.date_start.isocalendar()
        monday = pd.Timestamp(dt.date.fromisocalendar(iso.year, iso.week, 1))
        pairs = [(r.actor_state, r.target_state)] + ([(r.target_state, r.actor_state)] if r.mutual else [])
        for a, b in pairs:
            counts[(monday, a, b)] = counts.get((monday, a, b), 0) + 1
    return pd.Series(counts, dtype="int64").sort_index()


@pytest.mark.parametrize("reader,name", [
    (esc.read_acled, "acled_2022_pak_afg_sample_acledR.csv"),
    (esc.read_ucdp_ged, "ucdp_ged231_sample_uncertainUCDP.csv"),
    (esc.read_gdelt, "gdelt_v1_events_sample.csv"),
])
def test_weekly_series_of_each_sample(reader, name):
    events, _ = reader(realdata(name))
    series = esc.build_series(events, freq="W")
    got = series.set_index(["period", "actor_state", "target_state"])["n_events"]
    want = independent_weekly(events)
    assert got[got > 0].sort_index().to_dict() == want.to_dict()
    assert got.sum() == want.sum()
    # every week of the range is present for every direction
    weeks = series["period"].nunique()
    assert weeks == (series["period"].max() - series["period"].min()).days // 7 + 1


def test_mid_action_codes_map_to_default_kinds():
    from escalation.importers import mid_kinds

    kinds = mid_kinds([0, 1, 12, 17, 18, 21, -9, "x"])
    assert kinds.tolist()[:6] == ["out_of_scope", "coercion", "border_standoff", "border_clash",
                                  "open_war", "interstate_war"]
    assert kinds.iloc[6:].isna().all()  # -9 (missing) and non-codes
