"""Property tests: mutated cells of real samples into each reader, random bytes into every loader.

Every call either succeeds with every row accounted for once (coded, out of scope, uncoded
or rejected: rows read = coded + out of scope + uncoded + rejected, and each data row of
the file is an event or a rejection, never both, never neither), or raises one package
error naming the file.  Bounded and derandomized, so the suite stays fast and repeatable;
``ESCALATION_EXAMPLES=300 python -m pytest tests/test_properties.py`` sweeps deeper.
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
from pathlib import Path

import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

import escalation as esc  # noqa: E402
from escalation.errors import EscalationError  # noqa: E402

from conftest import REALDATA  # noqa: E402

FIXTURES = Path(__file__).resolve().parent / "fixtures"
BOUNDED = settings(max_examples=int(os.environ.get("ESCALATION_EXAMPLES", 60)), derandomize=True, deadline=None, database=None,
                   suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
#: Rows of each real sample the mutations work on (the whole sample costs time, not cover).
SAMPLE_ROWS = 40

#: Cells a hostile or broken export holds.
CELLS = st.one_of(
    st.text(max_size=20),
    st.sampled_from(["", " ", "²", "٤", "-5", "1e400", "inf", "nan", "NaN", "-0", "9" * 30,
                     "9999-12-31", "0001-01-01", "1677-09-21", "2026-02-30", "27/02/2026",
                     "=HYPERLINK(\"x\")", "a,b", "a\"b", "line\nbreak", "\r", "\x00",
                     "Government of Narnia", "Military Forces of Pakistan (2022-)",
                     "Military Forces of Afghanistan (2021-)", "State forces", "1", "2", "3",
                     "Air/drone strike", "Protests", "Armed clash", "4", "586"]),
    st.integers(min_value=-10**20, max_value=10**20).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
)


def sample(name: str) -> Path:
    path = REALDATA / name
    if not path.exists():
        pytest.skip(f"real sample {name} not present (../shared/realdata)")
    return path


def head_rows(path: Path, n: int = SAMPLE_ROWS) -> tuple[list[str], list[list[str]]]:
    with path.open(encoding="utf-8", newline="") as f:
        records = list(csv.reader(f))
    return records[0], records[1:n + 1]


def csv_text(header: list[str], rows: list[list[str]]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([header, *rows])
    return out.getvalue()


def accounts_for_every_row(events, report, path: Path) -> None:
    assert report.adds_up, str(report)
    assert report.source == str(path)
    event_rows = list(events["source_row"]) if len(events) else []
    rejected_rows = list(report.rejections["row"])
    assert len(event_rows) == len(set(event_rows)) and len(rejected_rows) == len(set(rejected_rows))
    assert set(event_rows).isdisjoint(rejected_rows)
    assert set(event_rows) | set(rejected_rows) == set(range(1, report.rows_read + 1))
    assert len(events) == report.coded + report.out_of_scope + report.uncoded
    # coding the reader's output again keeps every decision
    again = esc.code_events(events, esc.EscalationScale.default())
    assert (again["rung"].astype(str) == events["rung"].astype(str)).all()


def fails_cleanly(exc: BaseException, path: Path) -> None:
    assert isinstance(exc, EscalationError), f"{type(exc).__name__}: {exc}"
    assert str(path) in str(exc)


def read_or_fail(reader, path: Path) -> None:
    try:
        events, report = reader(path)
    except Exception as exc:  # noqa: BLE001 - the property is about which exceptions escape
        fails_cleanly(exc, path)
    else:
        accounts_for_every_row(events, report, path)


def mutate(rows: list[list[str]], width: int, edits) -> list[list[str]]:
    rows = [list(r) for r in rows]
    for row, col, value in edits:
        rows[row % len(rows)][col % width] = value
    return rows


EDITS = st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 10**6), CELLS), min_size=1, max_size=8)


@pytest.mark.parametrize("reader,name", [
    (esc.read_acled, "acled_2022_pak_afg_sample_acledR.csv"),
    (esc.read_ucdp_ged, "ucdp_ged231_sample_uncertainUCDP.csv"),
])
def test_mutated_cells_of_real_exports(reader, name):
    header, rows = head_rows(sample(name))
    workdir = Path(tempfile.mkdtemp(prefix="escalation-prop-"))

    @BOUNDED
    @given(edits=EDITS, duplicate=st.booleans(), extra=st.booleans())
    def check(edits, duplicate, extra):
        mutated = mutate(rows, len(header), edits)
        if duplicate:
            mutated.append(list(mutated[0]))
        if extra:
            mutated[len(mutated) // 2] = mutated[len(mutated) // 2] + ["surplus"]
        path = workdir / "export.csv"
        path.write_text(csv_text(header, mutated), encoding="utf-8")
        read_or_fail(reader, path)

    check()


@pytest.mark.parametrize("reader,name", [
    (esc.read_acled, "acled_2022_pak_afg_sample_acledR.csv"),
    (esc.read_ucdp_ged, "ucdp_ged231_sample_uncertainUCDP.csv"),
])
def test_mutated_bytes_of_real_exports(reader, name):
    header, rows = head_rows(sample(name))
    good = csv_text(header, rows).encode("utf-8")
    workdir = Path(tempfile.mkdtemp(prefix="escalation-prop-"))

    @BOUNDED
    @given(at=st.integers(0, len(good)), junk=st.binary(min_size=1, max_size=6), cut=st.booleans())
    def check(at, junk, cut):
        content = good[:at] + junk + (b"" if cut else good[at:])
        path = workdir / "export.csv"
        path.write_bytes(content)
        read_or_fail(reader, path)

    check()


def test_mutated_fields_of_real_gdelt_events():
    lines = sample("gdelt_v1_events_sample.csv").read_text(encoding="utf-8").splitlines()[:SAMPLE_ROWS]
    records = [line.split("\t") for line in lines]
    workdir = Path(tempfile.mkdtemp(prefix="escalation-prop-"))
    fields = st.one_of(CELLS.map(lambda v: v.replace("\t", " ").replace("\n", " ").replace("\r", " ")),
                       st.sampled_from(["190", "195", "43", "0871", "999", "AFG", "PAK", "INS"]))

    @BOUNDED
    @given(edits=st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 10**6), fields), min_size=1,
                          max_size=8),
           junk=st.binary(max_size=4), duplicate=st.booleans())
    def check(edits, junk, duplicate):
        mutated = mutate(records, 58, edits)
        if duplicate:
            mutated.append(list(mutated[0]))
        content = "\n".join("\t".join(r) for r in mutated).encode("utf-8") + b"\n"
        path = workdir / "events.csv"
        path.write_bytes(content[: len(content) // 2] + junk + content[len(content) // 2:])
        read_or_fail(esc.read_gdelt, path)

    check()


def test_mutated_cells_of_the_bundled_events():
    """The package's own schema: a bad cell raises naming the file; otherwise every row loads."""
    with esc.data_dir().joinpath("events.csv").open(encoding="utf-8", newline="") as f:
        records = list(csv.reader(f))
    header, rows = records[0], records[1:SAMPLE_ROWS + 1]
    workdir = Path(tempfile.mkdtemp(prefix="escalation-prop-"))

    @BOUNDED
    @given(edits=EDITS)
    def check(edits):
        path = workdir / "events.csv"
        path.write_text(csv_text(header, mutate(rows, len(header), edits)), encoding="utf-8")
        try:
            events = esc.load_events(path)
            assert len(events) == len(rows)
            coded = esc.code_events(events)  # a rung_override off the ladder fails here
            assert esc.coding_summary(coded).adds_up
        except Exception as exc:  # noqa: BLE001
            fails_cleanly(exc, path)
            if hasattr(exc, "rows"):
                assert all(1 <= r <= len(rows) for r in exc.rows)

    check()


#: Every loader, with the suffix its file takes.
LOADERS = [
    (esc.load_events, "events.csv"), (esc.load_events, "events.parquet"),
    (esc.load_events, "events.tsv"), (esc.load_claims, "claims.csv"),
    (esc.read_acled, "acled.csv"), (esc.read_ucdp_ged, "ged.csv"), (esc.read_gdelt, "gdelt.csv"),
    (esc.EscalationScale.from_toml, "ladder.toml"), (lambda p: esc.build_series(str(p)), "events.parquet"),
]
PREFIXES = {
    "events": b"event_id,date_start,actor_state,target_state,kind,source_url\n",
    "acled": b"event_id_cnty,event_date,time_precision,event_type,sub_event_type,actor1,actor2,inter1,"
             b"inter2,iso,country,admin1,location,notes,fatalities,source\n",
    "ged": b"id,year,type_of_violence,side_a,side_b,country,date_prec,date_start,date_end,best,low,high,"
           b"adm_1,where_description\n",
    "ladder": b"[[rungs]]\nkey = 'a'\nlevel = 1\n",
    "parquet": b"PAR1",
}


@pytest.mark.parametrize("loader,name", LOADERS, ids=[n for _, n in LOADERS])
def test_random_bytes_into_loaders(loader, name):
    if name.endswith(".parquet"):
        pytest.importorskip("pyarrow")
    workdir = Path(tempfile.mkdtemp(prefix="escalation-prop-"))
    prefix = PREFIXES.get(name.split(".")[0], PREFIXES.get(name.split(".")[1], b""))

    @BOUNDED
    @given(content=st.binary(max_size=400), with_prefix=st.booleans())
    def check(content, with_prefix):
        path = workdir / name
        path.write_bytes((prefix if with_prefix else b"") + content)
        try:
            result = loader(path)
        except Exception as exc:  # noqa: BLE001
            fails_cleanly(exc, path)
        else:
            if isinstance(result, esc.importers.Imported):
                accounts_for_every_row(*result, path)

    check()


def test_random_bytes_into_a_parquet_folder():
    pytest.importorskip("pyarrow")
    workdir = Path(tempfile.mkdtemp(prefix="escalation-prop-"))
    good = workdir / "good.parquet"
    esc.load_events().iloc[:20].to_parquet(good)
    valid = good.read_bytes()

    @BOUNDED
    @given(at=st.integers(0, len(valid)), junk=st.binary(min_size=1, max_size=16), cut=st.booleans())
    def check(at, junk, cut):
        folder = workdir / "dataset"
        folder.mkdir(exist_ok=True)
        (folder / "a.parquet").write_bytes(valid)
        (folder / "b.parquet").write_bytes(valid[:at] + junk + (b"" if cut else valid[at:]))
        try:
            esc.build_series(str(folder))
        except Exception as exc:  # noqa: BLE001
            assert isinstance(exc, EscalationError), f"{type(exc).__name__}: {exc}"
            assert str(folder) in str(exc)

    check()
