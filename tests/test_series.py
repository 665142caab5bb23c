"""build_series against an independent pandas computation."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

import escalation as esc


def independent_weekly(coded: pd.DataFrame, since: str, until: str) -> pd.DataFrame:
    """Count by hand: explode mutual rows, label each event with its ISO week's Monday."""
    ok = (coded["rung"].astype(str).isin(esc.EscalationScale.default().keys)
          & coded["is_state_action"] & coded["is_dyadic"]
          & ~(coded["mutual"] & (coded["level"] < 0)))
    ev = coded[ok]
    rows = []
    for r in ev.itertuples():
        iso = r.date_start.isocalendar()
        monday = pd.Timestamp(dt.date.fromisocalendar(iso.year, iso.week, 1))
        pairs = [(r.actor_state, r.target_state)]
        if r.mutual:
            pairs.append((r.target_state, r.actor_state))
        for a, b in pairs:
            rows.append({"period": monday, "actor_state": a, "target_state": b,
                         "level": float(r.level), "kinetic": r.is_kinetic})
    df = pd.DataFrame(rows)
    mondays = pd.date_range(pd.Timestamp(since) - pd.Timedelta(days=pd.Timestamp(since).weekday()),
                            until, freq="7D")
    df = df[df["period"].isin(mondays)]
    dirs = [("AFG", "PAK"), ("PAK", "AFG"), ("IND", "PAK"), ("PAK", "IND")]
    out = []
    for m in mondays:
        for a, b in dirs:
            sel = df[(df["period"] == m) & (df["actor_state"] == a) & (df["target_state"] == b)]
            hostile = sel.loc[sel["level"] > 0, "level"]
            out.append({"period": m, "actor_state": a, "target_state": b, "n_events": len(sel),
                        "max_level": sel["level"].max() if len(sel) else np.nan,
                        "max_kinetic_level": sel.loc[sel["kinetic"], "level"].max()
                        if sel["kinetic"].any() else np.nan,
                        "mean_level": hostile.mean() if len(hostile) else np.nan,
                        "n_at_or_above_airstrike_border": int((sel["level"] >= 6).sum())})
    return pd.DataFrame(out)


@pytest.mark.parametrize("since,until", [("2025-09-01", "2026-04-12"), ("2021-12-01", "2026-04-30")])
def test_weekly_series_equals_an_independent_count(coded, since, until):
    got = esc.build_series(coded, freq="W", since=since, until=until)
    want = independent_weekly(coded, since, until)
    cols = ["period", "actor_state", "target_state", "n_events", "max_level",
            "max_kinetic_level", "mean_level", "n_at_or_above_airstrike_border"]
    g = got[cols].sort_values(cols[:3]).reset_index(drop=True)
    w = want[cols].sort_values(cols[:3]).reset_index(drop=True)
    pd.testing.assert_frame_equal(g, w, check_dtype=False)
    assert (got["period"].dt.day_of_week == 0).all()
    assert (got["n_events"] == 0).sum() > 0  # empty weeks are present


def test_daily_series_equals_an_independent_count(coded):
    got = esc.build_series(coded, freq="D", since="2026-02-20", until="2026-03-05")
    pak = got[(got["actor_state"] == "PAK") & (got["target_state"] == "AFG")].set_index("period")
    # typed from the data's events: 22 Feb one strike; 27 Feb: Kabul, Kandahar, Paktia,
    # open war, Khost/Paktika, Laghman; 28 Feb: eastern strike + the mutual Kurram shelling
    expected = {"2026-02-22": 1, "2026-02-27": 6, "2026-02-28": 2, "2026-03-01": 1,
                "2026-03-02": 1, "2026-03-05": 1}
    for day in pd.date_range("2026-02-20", "2026-03-05"):
        assert pak.loc[day, "n_events"] == expected.get(day.strftime("%Y-%m-%d"), 0), day
    assert len(pak) == 14  # 20 Feb to 5 Mar inclusive
    assert pak.loc["2026-02-27", "max_level"] == 9 and pak.loc["2026-02-27", "max_kinetic_level"] == 8
    assert pak.loc["2026-02-28", "n_mutual"] == 1


def test_iso_weeks_through_the_53_week_year():
    ev = pd.DataFrame({
        "event_id": ["a", "b", "c"], "date_start": pd.to_datetime(["2025-12-29", "2026-12-31", "2027-01-03"]),
        "actor_state": ["PAK", "PAK", "AFG"], "target_state": ["AFG", "AFG", "PAK"],
        "kind": ["shelling"] * 3, "source_url": ["x"] * 3,
    })
    coded = esc.code_events(esc.validate_events(ev))
    s = esc.build_series(coded, freq="W", since="2025-12-22", until="2027-01-10")
    pak = s[s["actor_state"] == "PAK"].set_index("period")
    assert len(pak) == 55
    assert (pak.loc["2025-12-29", "iso_year"], pak.loc["2025-12-29", "iso_week"]) == (2026, 1)
    assert (pak.loc["2026-12-28", "iso_year"], pak.loc["2026-12-28", "iso_week"]) == (2026, 53)
    assert pak.loc["2026-12-28", "n_events"] == 1
    afg = s[s["actor_state"] == "AFG"].set_index("period")
    assert afg.loc["2026-12-28", "n_events"] == 1  # 3 Jan 2027 is in 2026-W53
    assert set(s.loc[s["iso_year"] == 2026, "iso_week"]) == set(range(1, 54))


def test_monthly_series_and_the_wide_helper(coded):
    s = esc.build_series(coded, freq="M", since="2025-10-01", until="2026-03-31")
    assert set(s["period"].dt.day) == {1}
    w = esc.wide(s)
    oct_pak = coded[(coded["actor_state"] == "PAK") & (coded["target_state"] == "AFG")
                    & coded["date_start"].between("2025-10-01", "2025-10-31")
                    & coded["is_state_action"] & (coded["level"] > 0)]
    mutual_oct = coded[coded["mutual"] & (coded["level"] > 0)
                       & coded["date_start"].between("2025-10-01", "2025-10-31")
                       & (coded["dyad"] == "AFG-PAK")]
    assert w.loc["2025-10-01", "PAK→AFG"] == len(oct_pak) + len(mutual_oct)
    assert list(w.columns) == ["AFG→PAK", "IND→PAK", "PAK→AFG", "PAK→IND"]


def test_dyad_series_counts_talks_and_ceasefires(coded):
    s = esc.build_series(coded, freq="M", by="dyad", since="2025-10-01", until="2025-11-30")
    octo = s[(s["period"] == "2025-10-01") & (s["dyad"] == "AFG-PAK")].iloc[0]
    talks = coded[(coded["dyad"] == "AFG-PAK") & (coded["level"] < 0)
                  & coded["date_start"].between("2025-10-01", "2025-10-31")]
    assert octo["n_events"] >= len(talks) and octo["n_events"] > 0
    assert "actor_state" not in s


def test_nonstate_events_only_when_asked(coded):
    off = esc.build_series(coded, freq="M", since="2025-11-01", until="2025-11-30")
    on = esc.build_series(coded, freq="M", since="2025-11-01", until="2025-11-30", include_nonstate=True)
    assert "NONSTATE" not in set(off["actor_state"])
    nonstate = on[(on["actor_state"] == "NONSTATE") & (on["target_state"] == "PAK") & (on["dyad"] == "AFG-PAK")]
    assert nonstate["n_events"].sum() == 1  # the Islamabad court bombing, 11 Nov 2025


def test_imprecise_events_flag_every_period_they_touch(coded):
    s = esc.build_series(coded, freq="D", since="2026-02-26", until="2026-03-06")
    afg = s[(s["actor_state"] == "AFG") & (s["target_state"] == "PAK")].set_index("period")
    # AFPK-063 spans 1-3 Mar, AFPK-065 27 Feb - 5 Mar
    assert afg.loc["2026-03-02", "n_imprecise"] == 2
    assert afg.loc["2026-03-05", "n_imprecise"] == 1
    assert afg.loc["2026-03-06", "n_imprecise"] == 0


def test_claims_join_the_series(coded, claims):
    s = esc.build_series(coded, freq="W", since="2026-02-16", until="2026-03-08", claims=claims,
                         as_of="2026-03-31")
    row = s[s["period"] == "2026-02-23"].iloc[0]
    assert (row["claimed_killed_PAK_about_AFG_low"], row["claimed_killed_PAK_about_AFG_high"]) == (274, float("inf"))  # ISPR: "at least 274" (AP)
    assert row["claimed_killed_AFG_about_PAK_low"] == 55 + 30  # AFPK-050 and AFPK-065 (Shorabak)


def test_bad_arguments_are_clear(coded):
    with pytest.raises(ValueError, match="freq"):
        esc.build_series(coded, freq="Q")
    with pytest.raises(ValueError, match="by must be"):
        esc.build_series(coded, by=("actor",))


def test_a_user_ladder_travels_with_the_coded_events(tmp_path, events):
    from test_coding import USER_LADDER

    path = tmp_path / "three_step.toml"
    path.write_text(USER_LADDER)
    scale = esc.EscalationScale.from_toml(path)
    coded = esc.code_events(events, scale)
    assert coded.attrs["ladder"] == scale.to_dict()  # plain data: the frame can be saved
    assert esc.aggregates.scale_for(coded, None) == scale
    stripped = coded.copy()
    stripped.attrs = {"scale": "three_step"}  # a frame that lost its ladder asks for it by name
    with pytest.raises(ValueError, match="three_step"):
        esc.build_series(stripped, freq="M")
    s = esc.build_series(coded, freq="M", since="2026-02-01", until="2026-02-28")
    assert s.equals(esc.build_series(stripped, freq="M", scale=scale, since="2026-02-01", until="2026-02-28"))
    pak = s[(s["actor_state"] == "PAK") & (s["target_state"] == "AFG")].iloc[0]
    want = coded[(coded["date_start"].between("2026-02-01", "2026-02-28")) & coded["is_state_action"]
                 & coded["is_dyadic"] & (coded["dyad"] == "AFG-PAK")
                 & (((coded["actor_state"] == "PAK") & (coded["target_state"] == "AFG")) | coded["mutual"])]
    assert pak["n_events"] == len(want) and "n_at_or_above_fighting" in s


def test_coded_events_and_series_save_to_parquet_with_their_user_ladder(tmp_path, events):
    # attrs hold plain data, so pandas can write them; reading the file back gives a frame
    # whose ladder is the user's own, and the series built from it is the same
    pytest.importorskip("pyarrow")
    from test_coding import USER_LADDER

    path = tmp_path / "three_step.toml"
    path.write_text(USER_LADDER)
    scale = esc.EscalationScale.from_toml(path)
    coded = esc.code_events(events, scale)
    series = esc.build_series(coded, freq="M")
    coded.to_parquet(tmp_path / "coded.parquet")
    series.to_parquet(tmp_path / "series.parquet")
    back = pd.read_parquet(tmp_path / "coded.parquet")
    assert esc.aggregates.scale_for(back, None) == scale
    again = esc.build_series(back, freq="M")
    pd.testing.assert_frame_equal(again, series, check_dtype=False, check_categorical=False)
    assert esc.aggregates.scale_for(pd.read_parquet(tmp_path / "series.parquet"), None) == scale
