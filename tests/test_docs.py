"""The documentation site builds offline with warnings as errors, and says what the code does.

``mkdocs build --strict`` (the `docs` extra) fails on a broken reference: a Sphinx role
in a docstring that points at nothing the site documents, a nav entry or a link to a
missing page, a snippet that does not exist.  The ladder TOML reference is checked
against the keys the loader accepts, and every TOML example on the page loads.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"


def _mkdocs_missing() -> str | None:
    if not (ROOT / "mkdocs.yml").is_file():
        return "not a source checkout: mkdocs.yml and docs/ are not here"
    for module in ("mkdocs", "material", "mkdocstrings_handlers.python", "mkdocs_jupyter"):
        try:
            __import__(module)
        except ImportError:
            return f"the docs extra is not installed ({module} missing): pip install '.[docs]'"
    return None


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    reason = _mkdocs_missing()
    if reason:
        pytest.skip(reason)
    out = tmp_path_factory.mktemp("site")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONPATH=str(ROOT))
    # no network: a build that reached for one would hang or fail, so make it fail fast
    env.update(HTTP_PROXY="http://127.0.0.1:9", HTTPS_PROXY="http://127.0.0.1:9",
               http_proxy="http://127.0.0.1:9", https_proxy="http://127.0.0.1:9")
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
                          cwd=ROOT, capture_output=True, text=True, env=env, timeout=600)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-8000:]
    return out


def test_site_builds_strictly(site):
    pages = {p.relative_to(site).as_posix() for p in site.rglob("index.html")}
    for page in ("index.html", "events/index.html", "ladders/index.html", "statistics/index.html",
                 "codebook/index.html", "calibration/index.html", "extraction/index.html",
                 "tutorials/03_your_own_conflict/index.html", "cite/index.html"):
        assert page in pages


def test_site_has_no_unrendered_roles_and_no_remote_assets(site):
    for page in site.rglob("*.html"):
        html = page.read_text("utf-8")
        assert not re.search(r":(?:func|class|meth|mod|data|attr|exc):`", html), page
        # nothing fetched from elsewhere when the page is read: no fonts, scripts, styles
        assert "fonts.googleapis" not in html and "cdnjs" not in html, page
        assert not re.search(r"<(?:script|link|img)[^>]+(?:src|href)=\"(?:https?:)?//", html), page


def test_api_reference_shows_documented_callables(site):
    events = (site / "events" / "index.html").read_text("utf-8")
    for name in ("escalation.events.load_events", "escalation.coding.code_events",
                 "escalation.coding.CodingSummary"):
        assert f'id="{name}"' in events
    # a Sphinx role became a working link to the object's page and anchor
    assert 'href="../series/#escalation.series.build_series"' in events


def test_codebook_is_the_data_readme(site):
    page = (site / "codebook" / "index.html").read_text("utf-8")
    first = (ROOT / "data" / "README.md").read_text("utf-8").splitlines()[0].lstrip("# ")
    assert first.split(":")[0] in page


def test_cli_help_is_current(site):
    page = (site / "report" / "index.html").read_text("utf-8")
    done = subprocess.run([sys.executable, "-m", "escalation.report", "--help"], cwd=ROOT,
                          capture_output=True, text=True, env=dict(os.environ, COLUMNS="88"))
    for option in re.findall(r"--[a-z][a-z-]+", done.stdout):
        assert option in page


# -- the ladder TOML reference ------------------------------------------------------------
def _reference_tables() -> dict[str, dict[str, str]]:
    """Each '### Keys of ...' / '### Top-level keys' table on the ladders page: key -> type."""
    text = (DOCS / "ladders.md").read_text("utf-8")
    tables = {}
    for title, body in re.findall(r"^### (.+?)\n\n((?:\|.*\n)+)", text, re.M):
        rows = [r.split("|")[1:-1] for r in body.strip().splitlines()[2:]]
        tables[title] = {cells[0].strip().strip("`"): cells[1].strip() for cells in rows}
    return tables


TYPE_WORDS = {str: "string", int: "integer", bool: "boolean", list: "array of tables", dict: "table"}


@pytest.fixture(autouse=True)
def _source_checkout():
    if not (DOCS / "ladders.md").is_file():
        pytest.skip("not a source checkout: docs/ is not here")


def test_ladder_reference_lists_every_key_with_its_type():
    from escalation.scale import DEPTH_KEYS, LADDER_KEYS, RUNG_KEYS, TEXT_KEYS

    tables = _reference_tables()
    top, rung = tables["Top-level keys"], tables["Keys of each `[[rungs]]` entry"]
    assert set(top) == set(LADDER_KEYS)
    assert set(rung) == set(RUNG_KEYS)
    assert set(tables["Keys of `[depth]`"]) == set(DEPTH_KEYS)
    assert set(tables["Keys of `[text]`"]) == set(TEXT_KEYS)
    for documented, accepted in ((top, LADDER_KEYS), (rung, RUNG_KEYS)):
        for key, kind in accepted.items():
            assert documented[key].startswith(TYPE_WORDS[kind]), (key, documented[key])


def test_ladder_reference_defaults_are_the_loaders():
    from escalation import EscalationScale

    scale = EscalationScale.from_dict({"rungs": [{"key": "clash", "level": 3}]}, source="mine.toml")
    rung = scale["clash"]
    tables = _reference_tables()
    body = (DOCS / "ladders.md").read_text("utf-8")
    rows = {r.split("|")[1].strip().strip("`"): r.split("|")[4].strip()
            for r in body.splitlines() if r.startswith("| `")}
    assert rows["name"] in ("the key", "the file's stem")
    assert (rung.name, scale.name) == ("clash", "mine")
    assert rows["is_kinetic"] == "`false`" and rung.is_kinetic is False
    assert rows["is_dyadic"] == "`true`" and rung.is_dyadic is True
    assert rows["description"] == '`""`' and rung.description == ""
    assert tables["Keys of each `[[rungs]]` entry"]["key"].startswith("string")


def test_ladder_examples_on_the_page_load(tmp_path):
    from escalation import EscalationScale

    text = (DOCS / "ladders.md").read_text("utf-8")
    blocks = [b for b in re.findall(r"```toml\n(.*?)```", text, re.S) if not b.startswith("--8<--")]
    assert blocks
    for i, block in enumerate(blocks):
        path = tmp_path / f"example{i}.toml"
        path.write_text(block, "utf-8")
        scale = EscalationScale.from_toml(path)
        assert scale.keys == [r["key"] for r in sorted(tomllib.loads(block)["rungs"],
                                                         key=lambda r: r["level"])]


def test_unknown_ladder_keys_are_refused_as_documented():
    from escalation import EscalationScale, ScaleError

    with pytest.raises(ScaleError, match="did you mean 'is_kinetic'"):
        EscalationScale.from_dict({"rungs": [{"key": "a", "level": 1, "is_kinetc": True}]})
    with pytest.raises(ScaleError, match="unknown key 'colour'"):
        EscalationScale.from_dict({"colour": "red", "rungs": [{"key": "a", "level": 1}]})
